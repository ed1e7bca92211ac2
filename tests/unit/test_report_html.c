/*
 * Unit tests of the HTML writer (report_html.c, escape_html.c), on the
 * hostile collection tests/fixtures/hostile: two near-duplicate reviewers
 * and a test writer whose names, descriptions, headings and rules carry
 * script tags, attribute breakouts, javascript: links, 5,000-byte lines
 * and a right-to-left override.
 *
 * The page is checked as bytes, the way an attacker would need it to be
 * wrong: a tag, an event handler or a javascript: URL that made it
 * through would show up as a substring.
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

/* One script, the one the policy allows by its nonce. */
static void test_report_html__one_nonced_script(void **state)
{
	const char *html = ((page *)*state)->html.ptr;
	const char *csp = "<meta http-equiv=\"Content-Security-Policy\" "
			  "content=\"default-src 'none'; style-src "
			  "'unsafe-inline'; script-src 'nonce-";
	const char *meta = strstr(html, csp), *script;
	char nonce[33], tag[80];

	assert_non_null(meta);
	memcpy(nonce, meta + strlen(csp), 32);
	nonce[32] = '\0';
	assert_int_equal(strspn(nonce, "0123456789abcdef"), 32);
	assert_int_equal(meta[strlen(csp) + 32], '\'');
	assert_int_equal(occurrences(html, "<script"), 1);
	snprintf(tag, sizeof(tag), "<script nonce=\"%s\">", nonce);
	script = strstr(html, tag);
	assert_non_null(script);
	assert_true(script > meta);
	assert_int_equal(occurrences(html, "</script>"), 1);
}

static void test_report_html__hostile_text_is_inert(void **state)
{
	const char *html = ((page *)*state)->html.ptr;

	assert_lacks(html, "<img");
	assert_lacks(html, "onerror=");
	assert_lacks(html, "href=\"javascript:");
	assert_lacks(html, "href='javascript:");
	assert_lacks(html, "src=x");
	assert_lacks(html, RLO);
	/* no handler attribute of any kind, hostile or ours */
	assert_lacks(html, " onclick");
	assert_lacks(html, " onload");
	assert_contains(html, "&lt;script&gt;document.title&#61;&#39;PWNED"
			      "&#39;&lt;/script&gt;");
	assert_contains(html, "&quot;&gt;&lt;img src&#61;x onerror&#61;");
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
	assert_true(n > 0);
	assert_lacks(html, "http://example");
	assert_lacks(html, "src=\"");
}

static void test_report_html__views_and_widgets(void **state)
{
	const char *html = ((page *)*state)->html.ptr;
	static const char *const ids[] = {
		"id=\"overview\"", "id=\"clusters\"", "id=\"inventory\"",
		"id=\"agents\"", "id=\"compare\"", "id=\"heatmap\"",
		"id=\"inventory-table\"", "id=\"inventory-filter\"",
		"<section class=\"cluster\" id=\"cluster-1\">",
		"<section class=\"agent\" id=\"agent-1\">",
		"<section class=\"agent\" id=\"agent-3\">",
		"<section class=\"compare\" id=\"compare-1-2\">",
		"<li class=\"match\">", "<li class=\"unique\">", "<svg",
		"<title>", "<!DOCTYPE html>"};
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_contains(html, ids[i]);
	for (i = 0; i < 6; i++) {
		char href[32];

		snprintf(href, sizeof(href), "href=\"#%.*s\"",
			 (int)(strlen(ids[i]) - 5), ids[i] + 4);
		assert_contains(html, href);
	}
}

/* The 5,000-byte rule and description are cut, not carried whole. */
static void test_report_html__long_lines_are_cut(void **state)
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
	assert_contains(html, "\xE2\x80\xA6");
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

/* An empty collection still gives a whole page. */
static void test_report_html__empty_audit(void **state)
{
	char root[FX_PATH_MAX];
	ad_audit *a = NULL;
	ad_buf b = AD_BUF_INIT;

	(void)state;
	fx_tmpdir(root, sizeof(root), "html-empty");
	assert_int_equal(fx_audit_path(&a, root, NULL), 0);
	ad_report_audit_html(&b, a, NULL);
	assert_contains(b.ptr, "id=\"heatmap\"");
	assert_contains(b.ptr, "No near-duplicate agents.");
	assert_int_equal(occurrences(b.ptr, "<script"), 1);
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
		cmocka_unit_test(test_report_html__hostile_text_is_inert),
		cmocka_unit_test(test_report_html__links_stay_in_the_page),
		cmocka_unit_test(test_report_html__views_and_widgets),
		cmocka_unit_test(test_report_html__long_lines_are_cut),
		cmocka_unit_test(test_report_html__deterministic),
	};
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_report_html__empty_audit),
		cmocka_unit_test(test_report_html__escape),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);

	return failed + cmocka_run_group_tests(plain, NULL, NULL);
}
