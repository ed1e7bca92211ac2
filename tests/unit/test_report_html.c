/*
 * Unit tests of the HTML writer (report_html.c, escape_html.c), on the
 * hostile collection tests/fixtures/hostile: two near-duplicate reviewers
 * and a test writer whose names, descriptions, headings and rules carry
 * script tags, attribute breakouts, javascript: links, 5,000-byte lines
 * and a right-to-left override.
 *
 * The page is checked as bytes, the way an attacker would need it to be
 * wrong: a tag, an event handler or a javascript: URL that made it
 * through would show up as a substring. What the data holds is checked
 * by tests/html/data_check.py, which decodes it.
 */
#include "fixture.h"

#include "agentdup/escape.h"
#include "agentdup/report.h"

#define HOSTILE AD_SOURCE_DIR "/tests/fixtures/hostile"
#define RLO "\xE2\x80\xAE" /* U+202E */

typedef struct page {
	ad_audit *audit;
	ad_buf html;
} page;

static int setup(void **state)
{
	page *p = calloc(1, sizeof(*p));
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;

	assert_non_null(p);
	o.load.jobs = 1;
	assert_int_equal(fx_audit_path(&p->audit, HOSTILE, &o), 0);
	ad_buf_init(&p->html);
	ad_report_audit_html(&p->html, p->audit, NULL);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	page *p = *state;

	ad_buf_dispose(&p->html);
	ad_audit_free(p->audit);
	free(p);
	return 0;
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	const char *s;

	for (s = strstr(hay, needle); s; s = strstr(s + len, needle))
		n++;
	return n;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("the page lacks %s", needle);
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("the page holds %s", needle);
}

static void test_report_html__fixture_is_hostile(void **state)
{
	page *p = *state;
	const ad_cluster *c;

	assert_int_equal(p->audit->collection->ndocs, 3);
	c = fx_cluster_of(p->audit,
			  fx_doc(p->audit, "hostile-reviewer.md"));
	assert_non_null(c);
	assert_ptr_equal(c, fx_cluster_of(p->audit,
					  fx_doc(p->audit,
						 "hostile-reviewer-copy.md")));
}

/* Two scripts: the data, which no browser runs, then the one the policy
 * allows by its nonce. */
static void test_report_html__one_nonced_script(void **state)
{
	const char *html = ((page *)*state)->html.ptr;
	const char *csp = "<meta http-equiv=\"Content-Security-Policy\" "
			  "content=\"default-src 'none'; style-src "
			  "'unsafe-inline'; script-src 'nonce-";
	const char *meta = strstr(html, csp), *script, *data;
	char nonce[33], tag[80];

	assert_non_null(meta);
	memcpy(nonce, meta + strlen(csp), 32);
	nonce[32] = '\0';
	assert_int_equal(strspn(nonce, "0123456789abcdef"), 32);
	assert_int_equal(meta[strlen(csp) + 32], '\'');
	assert_int_equal(occurrences(html, "<script"), 2);
	data = strstr(html, "<script type=\"application/octet-stream\" "
			    "id=\"ad-data\" data-encoding=\"deflate-base64\" "
			    "data-bytes=\"");
	assert_non_null(data);
	snprintf(tag, sizeof(tag), "<script nonce=\"%s\">\n(function () {\n"
				   "'use strict';\n", nonce);
	script = strstr(html, tag);
	assert_non_null(script);
	assert_true(script > data && data > meta);
	assert_int_equal(occurrences(html, "</script>"), 2);
	assert_contains(script, "\n})();\n</script>\n</body>\n</html>\n");
}

/* The data element holds base64 and nothing else, so no text of an
 * agent can end it or become markup. */
static void test_report_html__data_is_base64(void **state)
{
	const char *html = ((page *)*state)->html.ptr;
	const char *s = strstr(html, "id=\"ad-data\"");
	size_t n;

	assert_non_null(s);
	s = strstr(s, "data-bytes=\"");
	assert_non_null(s);
	s += strlen("data-bytes=\"");
	assert_true(strtoul(s, NULL, 10) > 1000);
	s = strchr(s, '>') + 1;
	n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789+/=\n");
	assert_true(n > 100);
	assert_memory_equal(s + n, "</script>", 9);
}

/* No text of the hostile agents is in the page as it is written: it is
 * all in the data, which the script turns into text nodes. */
static void test_report_html__hostile_text_is_inert(void **state)
{
	const char *html = ((page *)*state)->html.ptr;

	assert_lacks(html, "<img");
	assert_lacks(html, "onerror");
	assert_lacks(html, "javascript:");
	assert_lacks(html, "PWNED");
	assert_lacks(html, "hostile-");
	assert_lacks(html, RLO);
	/* no handler attribute of any kind, hostile or ours */
	assert_lacks(html, " onclick");
	assert_lacks(html, " onload");
}

/* Every href is an in-page anchor. */
static void test_report_html__links_stay_in_the_page(void **state)
{
	const char *html = ((page *)*state)->html.ptr, *s;
	size_t n = 0;

	for (s = strstr(html, "href="); s; s = strstr(s + 1, "href=")) {
		assert_true(strncmp(s, "href=\"#", 7) == 0);
		n++;
	}
	assert_int_equal(n, 10); /* the skip link and the nine tabs */
	assert_lacks(html, "src=\"");
}

/* The shell of doc/html-report.md: the skip link, the nine tabs, the
 * counts, the note for a browser without script, thirteen empty views. */
static void test_report_html__shell(void **state)
{
	const char *html = ((page *)*state)->html.ptr;
	static const char *const tabs[] = {
		"overview", "clusters", "roles", "templates", "inventory",
		"agents", "pairs", "collisions", "problems"};
	static const char *const details[] = {"agent", "cluster", "role",
					      "compare"};
	char want[160];
	size_t i;

	assert_contains(html, "<!DOCTYPE html>");
	assert_contains(html, "<a class=\"skip\" href=\"#main\">");
	assert_contains(html, "<main id=\"main\">\n<h1>agentdup scan: 3 "
			      "agents, 1 cluster, 1 role group</h1>\n"
			      "<noscript>");
	assert_contains(html, "<footer><p class=\"note\">Written by "
			      "agentdup " AD_VERSION ".</p></footer>");
	assert_int_equal(occurrences(html, "<section"), 13);
	for (i = 0; i < 9; i++) {
		snprintf(want, sizeof(want), "<a href=\"#%s\" data-view=\"%s\">",
			 tabs[i], tabs[i]);
		assert_contains(html, want);
		snprintf(want, sizeof(want), "<section id=\"%s\" class=\"view\" "
			 "aria-labelledby=\"%s-h\"></section>", tabs[i],
			 tabs[i]);
		assert_contains(html, want);
	}
	for (i = 0; i < 4; i++) {
		snprintf(want, sizeof(want), "<section id=\"%s\" class=\"view\" "
			 "aria-labelledby=\"%s-h\"></section>", details[i],
			 details[i]);
		assert_contains(html, want);
	}
}

/* The data is wrapped: no line of the page is longer than the longest
 * of its stylesheet or script. */
static void test_report_html__lines_are_short(void **state)
{
	const char *html = ((page *)*state)->html.ptr;
	const char *s = html;
	size_t longest = 0;

	while (*s) {
		size_t n = strcspn(s, "\n");

		longest = n > longest ? n : longest;
		s += n + (s[n] == '\n');
	}
	assert_true(longest < 4000);
}

static void test_report_html__deterministic(void **state)
{
	page *p = *state;
	ad_audit *again = NULL;
	ad_buf b1 = AD_BUF_INIT, b2 = AD_BUF_INIT;

	ad_report_audit_html(&b1, p->audit, NULL);
	assert_int_equal(fx_audit_path(&again, HOSTILE, NULL), 0);
	ad_report_audit_html(&b2, again, NULL);
	assert_int_equal(b1.len, p->html.len);
	assert_memory_equal(b1.ptr, p->html.ptr, b1.len);
	assert_int_equal(b2.len, p->html.len);
	assert_memory_equal(b2.ptr, p->html.ptr, b2.len);
	ad_buf_dispose(&b1);
	ad_buf_dispose(&b2);
	ad_audit_free(again);
}

/* An empty collection still gives a whole page, with its data. */
static void test_report_html__empty_audit(void **state)
{
	char root[FX_PATH_MAX];
	ad_audit *a = NULL;
	ad_buf b = AD_BUF_INIT;

	(void)state;
	fx_tmpdir(root, sizeof(root), "html-empty");
	assert_int_equal(fx_audit_path(&a, root, NULL), 0);
	ad_report_audit_html(&b, a, NULL);
	assert_contains(b.ptr, "<h1>agentdup scan: 0 agents, 0 clusters, "
			       "0 role groups</h1>");
	assert_contains(b.ptr, "id=\"ad-data\"");
	assert_int_equal(occurrences(b.ptr, "<section"), 13);
	assert_int_equal(occurrences(b.ptr, "<script"), 2);
	assert_contains(b.ptr, "</html>\n");
	ad_buf_dispose(&b);
	ad_audit_free(a);
	assert_int_equal(fx_rmtree(root), 0);
}

static void escaped(const char *in, size_t max, const char *want)
{
	ad_buf b = AD_BUF_INIT;

	ad_escape_html(&b, in, max);
	assert_string_equal(b.ptr, want);
	ad_buf_dispose(&b);
}

static void test_report_html__escape(void **state)
{
	(void)state;
	escaped("a<b>&\"c'`=", 0, "a&lt;b&gt;&amp;&quot;c&#39;&#96;&#61;");
	escaped("line\none\ttab", 0, "line one tab");
	escaped("x" RLO "y", 0, "x\xEF\xBF\xBDy");
	escaped("bad \xC3 byte", 0, "bad \xEF\xBF\xBD byte");
	escaped("caf\xC3\xA9 <", 4, "caf\xE2\x80\xA6");
	escaped("abc", 3, "abc");
	escaped(NULL, 0, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_html__fixture_is_hostile),
		cmocka_unit_test(test_report_html__one_nonced_script),
		cmocka_unit_test(test_report_html__data_is_base64),
		cmocka_unit_test(test_report_html__hostile_text_is_inert),
		cmocka_unit_test(test_report_html__links_stay_in_the_page),
		cmocka_unit_test(test_report_html__shell),
		cmocka_unit_test(test_report_html__lines_are_short),
		cmocka_unit_test(test_report_html__deterministic),
	};
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_report_html__empty_audit),
		cmocka_unit_test(test_report_html__escape),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);

	return failed + cmocka_run_group_tests(plain, NULL, NULL);
}
