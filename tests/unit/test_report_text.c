/*
 * Unit tests of report_text.c: at a given width, every line fits it (long
 * rule texts cut with an ellipsis in the summary, wrapped with -v; long
 * paths shortened); with no width rules are written whole.
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
	 NULL, 0},
	{"b.md", AGENT("doc-writer"), sizeof(AGENT("doc-writer")) - 1,
	 NULL, 0},
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
	 sizeof(AGENT("doc-writer")) - 1, NULL, 0},
	{"another-team-folder-with-a-long-name/doc-writer.md",
	 AGENT("doc-writer"), sizeof(AGENT("doc-writer")) - 1, NULL, 0},
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_text__rules_fit_the_width),
		cmocka_unit_test(test_report_text__no_width_writes_whole_rules),
		cmocka_unit_test(test_report_text__every_line_fits_the_width),
		cmocka_unit_test(test_report_text__verbose_wraps_rules_whole),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
