/*
 * Unit tests of report_text.c: at a given width, every line fits it (long
 * rule texts cut with an ellipsis in the summary, wrapped with -v; long
 * paths shortened); with no width rules are written whole; a report of
 * megabytes given a sink goes to it as it is made, the same bytes as
 * when held whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/audit.h"
#include "agentdup/report.h"

#include "fixture.h"

#define LONG_RULE                                                             \
	"Document every public function with its parameters, its return "   \
	"value, the errors it can raise and one example of its use, so that " \
	"a reader never has to open the implementation to call it"

#define AGENT(name)                                                           \
	"---\nname: " name "\ndescription: Writes API documentation.\n---\n"   \
	"\n## Rules\n- " LONG_RULE "\n- Keep examples short and runnable\n"    \
	"- Link every page to the changelog\n"

static const ad_text texts[] = {
	{"a.md", AGENT("doc-writer"), sizeof(AGENT("doc-writer")) - 1,
	 NULL, 0, 0},
	{"b.md", AGENT("doc-writer"), sizeof(AGENT("doc-writer")) - 1,
	 NULL, 0, 0},
};

static ad_audit *audit;

static int setup(void **state)
{
	(void)state;
	audit = fx_audit_texts(texts, 2);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ad_audit_free(audit);
	return 0;
}

/* Does [s, e) contain needle? */
static int contains(const char *s, const char *e, const char *needle)
{
	size_t n = strlen(needle);

	for (; s + n <= e; s++)
		if (memcmp(s, needle, n) == 0)
			return 1;
	return 0;
}

/* UTF-8 characters in [s, e). */
static size_t columns(const char *s, const char *e)
{
	size_t n = 0;

	for (; s < e; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void test_report_text__rules_fit_the_width(void **state)
{
	ad_report_opts o = AD_REPORT_OPTS_INIT;
	ad_buf b = AD_BUF_INIT;
	const char *line, *end;
	size_t cut = 0;

	(void)state;
	o.width = 60;
	o.top = 10; /* lists, rules quoted: the one-screen form counts them */
	ad_report_audit_text(&b, audit, &o);
	for (line = b.ptr; *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		/* every line that holds the long rule was cut to fit */
		if (contains(line, end, "Document every")) {
			assert_true(columns(line, end) <= 60);
			/* the cut is marked (a closing quote may follow) */
			assert_true(contains(line, end, "\xE2\x80\xA6"));
			cut++;
		}
	}
	assert_true(cut >= 1); /* in the inventory: the group */
	ad_buf_dispose(&b);
}

static void test_report_text__no_width_writes_whole_rules(void **state)
{
	ad_report_opts o = AD_REPORT_OPTS_INIT;
	ad_buf b = AD_BUF_INIT;

	(void)state;
	o.top = 10;
	ad_report_audit_text(&b, audit, &o);
	assert_non_null(strstr(b.ptr, LONG_RULE));
	assert_null(strstr(b.ptr, "\xE2\x80\xA6"));
	ad_buf_dispose(&b);
}

/* Folders long enough that no path fits a line of 40 columns whole. */
#define DEEP "a-team-folder-with-a-long-name/agents/review/of/docs/in/depth/"

static const ad_text deep_texts[] = {
	{DEEP "doc-writer.md", AGENT("doc-writer"),
	 sizeof(AGENT("doc-writer")) - 1, NULL, 0, 0},
	{"another-team-folder-with-a-long-name/doc-writer.md",
	 AGENT("doc-writer"), sizeof(AGENT("doc-writer")) - 1, NULL, 0, 0},
};

/* The widest line of b, in columns. */
static size_t widest(const ad_buf *b)
{
	const char *line, *end;
	size_t most = 0;

	for (line = b->ptr; *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (columns(line, end) > most)
			most = columns(line, end);
	}
	return most;
}

static void test_report_text__every_line_fits_the_width(void **state)
{
	ad_audit *deep = fx_audit_texts(deep_texts, 2);
	int verbose;

	(void)state;
	for (verbose = 0; verbose <= 1; verbose++) {
		ad_report_opts o = AD_REPORT_OPTS_INIT;
		ad_buf b = AD_BUF_INIT;

		o.width = 40;
		o.verbose = verbose;
		ad_report_audit_text(&b, deep, &o);
		assert_true(widest(&b) <= 40);
		/* the file name is kept, middle folders left out */
		assert_non_null(strstr(b.ptr, ".../doc-writer.md"));
		ad_buf_dispose(&b);
	}
	ad_audit_free(deep);
}

static void test_report_text__verbose_wraps_rules_whole(void **state)
{
	ad_report_opts o = AD_REPORT_OPTS_INIT;
	ad_buf b = AD_BUF_INIT;

	(void)state;
	o.width = 60;
	o.verbose = 1;
	ad_report_audit_text(&b, audit, &o);
	assert_true(widest(&b) <= 60);
	assert_null(strstr(b.ptr, "\xE2\x80\xA6"));
	assert_non_null(strstr(b.ptr, "never has to open the"));
	ad_buf_dispose(&b);
}

/* 480 agents, 60 families of 8 forks (the rules of the family, each
 * fork a name, a description and a duty of its own): texts for an audit
 * whose -v report with outlines is 1.7 MB. */
#define FAMILIES 60
#define FORKS 8
static const char *const words[] = {
	"review", "test", "deploy", "migrate", "audit", "profile", "document",
	"design", "triage", "refactor", "monitor", "secure", "benchmark",
	"translate", "schedule", "index", "observe", "package", "release",
	"validate", "archive"};
#define W(k) words[(k) % (sizeof(words) / sizeof(words[0]))]

static char *fork_text(int t, int i)
{
	ad_buf b = AD_BUF_INIT;
	int k;

	ad_buf_printf(&b, "---\nname: %s-%s-%d-%d\ndescription: Expert %s "
		      "specialist for %s work on %s.\n---\n\n## Standards\n\n",
		      W(t), W(i + 3), t, i, W(t), W(t * 3 + i), W(i * 5 + 2));
	for (k = 0; k < 12; k++)
		ad_buf_printf(&b, "- %s the %s with %s before %s number %d\n",
			      W(t + k), W(t * 7 + k), W(t * 11 + 2 * k), W(k), t);
	ad_buf_printf(&b, "\n## Duties\n\n- %s the %s of each change\n",
		      W(i), W(i + t));
	return b.ptr;
}

/* Bytes handed to a sink, and how many times. */
typedef struct sunk {
	ad_buf b;
	size_t calls;
} sunk;

static void take(void *ctx, const char *data, size_t len)
{
	sunk *s = ctx;

	ad_buf_put(&s->b, data, len);
	s->calls++;
}

static void test_report_text__streams_to_a_sink(void **state)
{
	ad_text t[FAMILIES * FORKS];
	char paths[FAMILIES * FORKS][32], *owned[FAMILIES * FORKS];
	ad_report_opts o = AD_REPORT_OPTS_INIT;
	ad_buf whole = AD_BUF_INIT, rest = AD_BUF_INIT;
	sunk s = {AD_BUF_INIT, 0};
	ad_audit *big;
	size_t i;

	(void)state;
	for (i = 0; i < FAMILIES * FORKS; i++) {
		snprintf(paths[i], sizeof(paths[i]), "f%zu/a%zu.md",
			 i / FORKS, i % FORKS);
		t[i].path = paths[i];
		t[i].text = owned[i] = fork_text((int)(i / FORKS),
						 (int)(i % FORKS));
		t[i].len = strlen(t[i].text);
		t[i].key = NULL;
		t[i].typed = 0;
	}
	big = fx_audit_texts(t, FAMILIES * FORKS);
	o.width = 72;
	o.verbose = 1;
	o.outline = 1;
	ad_report_audit_text(&whole, big, &o);
	/* over the 1 MiB a report holds before it goes to a sink */
	assert_true(whole.len > ((size_t)3 << 19));
	o.sink = take;
	o.sink_ctx = &s;
	ad_buf_puts(&rest, "before\n"); /* goes first, as it is */
	ad_report_audit_text(&rest, big, &o);
	assert_true(s.calls >= 2); /* what rest held, and the report's start */
	assert_true(rest.len < whole.len - ((size_t)1 << 19));
	ad_buf_put(&s.b, rest.ptr, rest.len);
	assert_int_equal(s.b.len, whole.len + 7);
	assert_memory_equal(s.b.ptr, "before\n", 7);
	assert_memory_equal(s.b.ptr + 7, whole.ptr, whole.len);
	assert_true(widest(&s.b) <= 72);
	for (i = 0; i < FAMILIES * FORKS; i++)
		free(owned[i]);
	ad_audit_free(big);
	ad_buf_dispose(&whole);
	ad_buf_dispose(&rest);
	ad_buf_dispose(&s.b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_text__rules_fit_the_width),
		cmocka_unit_test(test_report_text__no_width_writes_whole_rules),
		cmocka_unit_test(test_report_text__every_line_fits_the_width),
		cmocka_unit_test(test_report_text__verbose_wraps_rules_whole),
		cmocka_unit_test(test_report_text__streams_to_a_sink),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
