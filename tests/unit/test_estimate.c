/* Unit tests of estimate.c and cost.c: what the estimate counts in
 * English, Chinese, Korean and broken text, how it rounds, what a runtime
 * loads of each kind of file, and what keeping one agent of a group
 * saves: a cluster, a role group, the collection counting each agent
 * once. */
#include "fixture.h"

#include "analysis/cost.h"
#include "index/estimate.h"

static ad_estimate counts(const char *s)
{
	ad_estimate e = AD_ESTIMATE_INIT;

	ad_estimate_add(&e, s, strlen(s));
	return e;
}

static void test_estimate__english_words_symbols_and_lines(void **state)
{
	ad_estimate e = counts("## Run `make`, then fix it.\n\n- done");

	(void)state;
	assert_int_equal(e.bytes, 35);
	assert_int_equal(e.words, 6);   /* Run make then fix it done */
	assert_int_equal(e.symbols, 7); /* # # ` ` , . - */
	assert_int_equal(e.lines, 2);
	assert_int_equal(e.cjk, 0);
	/* (35 + 6*42 + 7*26 + 2*32) / 40 = 533 / 40 = 13.325 */
	assert_int_equal(ad_estimate_tokens(&e), 13);
}

/* The counts of ASCII text byte by byte, as the estimate defines them. */
static ad_estimate by_byte(const char *s, size_t len)
{
	ad_estimate e = AD_ESTIMATE_INIT;
	int prev = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int w = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9');

		e.bytes++;
		e.words += w && !prev;
		e.lines += c == '\n' ||
			   (c == '\r' && (i + 1 == len || s[i + 1] != '\n'));
		e.symbols += !w && !strchr(" \t\n\v\f\r", c);
		prev = w;
	}
	return e;
}

/* ASCII is classed eight bytes at a time: words that cross a block, every
 * byte value below 0x80, and text starting at every offset of a block
 * count as they do byte by byte. */
static void test_estimate__eight_bytes_at_a_time_as_byte_by_byte(
	void **state)
{
	char all[128];
	const char *texts[] = {
		"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789 x y z",
		"## Heading\n\n- [ ] item_one; item-two (three)\r\n\tend",
		"a\r\rb\r\n\r\n\n\r1234567\r\n123456\r\n\r\r\r\r\r\r\r\n\r",
		all,
	};
	size_t t, off, i;

	(void)state;
	for (i = 1; i < sizeof(all); i++)
		all[i - 1] = (char)i;
	all[sizeof(all) - 1] = '\0';
	for (t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		size_t len = strlen(texts[t]);

		for (off = 0; off < 8 && off < len; off++) {
			ad_estimate want = by_byte(texts[t] + off, len - off);
			ad_estimate got = counts(texts[t] + off);

			assert_int_equal(got.bytes, want.bytes);
			assert_int_equal(got.words, want.words);
			assert_int_equal(got.symbols, want.symbols);
			assert_int_equal(got.lines, want.lines);
		}
	}
}

/* A line ends at LF, CR or CR LF, as in CommonMark: a file with CR
 * line ends has as many lines as the same file with LF ones. */
static void test_estimate__lone_cr_ends_a_line(void **state)
{
	const char *lf = "# Agent\n\nDo this.\nThen that.\n";
	const char *cr = "# Agent\r\rDo this.\rThen that.\r";
	const char *crlf = "# Agent\r\n\r\nDo this.\r\nThen that.\r\n";

	(void)state;
	assert_int_equal(counts(lf).lines, 4);
	assert_int_equal(counts(cr).lines, 4);
	assert_int_equal(counts(crlf).lines, 4);
	/* a CR before a byte beyond ASCII ends its line too */
	assert_int_equal(counts("a\r\xc3\xa9\rb").lines, 2);
}

static void test_estimate__cjk_characters_cost_more_than_bytes(void **state)
{
	/* 代码审查 (4 Han), ： (a symbol), API (a word), の (kana) */
	ad_estimate e = counts("代码审查：API の");

	(void)state;
	assert_int_equal(e.cjk, 5);
	assert_int_equal(e.words, 1);
	assert_int_equal(e.symbols, 1);
	assert_int_equal(e.bytes, 3 + 3 + 1); /* ：, "API", the space */
	/* (7 + 42 + 26 + 5*48) / 40 = 315 / 40 = 7.875 */
	assert_int_equal(ad_estimate_tokens(&e), 8);
}

static void test_estimate__hangul_and_thai_count_as_cjk(void **state)
{
	ad_estimate ko = counts("코드 리뷰"), th = counts("\xe0\xb8\xaa\xe0\xb8\xb1");

	(void)state;
	assert_int_equal(ko.cjk, 4);
	assert_int_equal(ko.words, 0);
	assert_int_equal(ko.bytes, 1);
	/* ส and a vowel sign: one CJK-counted letter, the mark only bytes */
	assert_int_equal(th.cjk, 1);
	assert_int_equal(th.words, 0);
	assert_int_equal(th.bytes, 3);
}

static void test_estimate__accents_marks_and_selectors_stay_in_words(
	void **state)
{
	/* café, e + combining acute, a heart with a variation selector */
	ad_estimate e = counts("caf\xc3\xa9 e\xcc\x81t\xc3\xa9 \xe2\x9d\xa4\xef\xb8\x8f");

	(void)state;
	assert_int_equal(e.words, 2);
	assert_int_equal(e.symbols, 1);
	assert_int_equal(e.cjk, 0);
	assert_int_equal(e.bytes, 5 + 1 + 6 + 1 + 6);
}

static void test_estimate__spaces_are_not_symbols(void **state)
{
	/* a tab, a no-break space and the ideographic space */
	ad_estimate e = counts("a\t\xc2\xa0\xe3\x80\x80" "b");

	(void)state;
	assert_int_equal(e.words, 2);
	assert_int_equal(e.symbols, 0);
	assert_int_equal(e.bytes, 1 + 1 + 2 + 3 + 1);
}

static void test_estimate__invalid_bytes_are_symbols(void **state)
{
	ad_estimate e = counts("ab\xff" "cd\xe4\xb8");

	(void)state;
	assert_int_equal(e.words, 2);
	assert_int_equal(e.symbols, 3);
	assert_int_equal(e.bytes, 7);
}

/* A run of characters beyond ASCII with no ASCII between them: Han, a
 * full-width comma, an invalid byte and an accented letter, each counted
 * as when ASCII separates them. */
static void test_estimate__a_run_beyond_ascii(void **state)
{
	ad_estimate e = counts("\xe4\xb8\xad\xe6\x96\x87\xef\xbc\x8c"
			       "\xe5\xad\x97\xff\xc3\xa9");
	ad_estimate f = counts("\xe4\xb8\xad \xe6\x96\x87 \xef\xbc\x8c "
			       "\xe5\xad\x97 \xff \xc3\xa9");

	(void)state;
	assert_int_equal(e.cjk, 3);
	assert_int_equal(e.symbols, 2);
	assert_int_equal(e.words, 1);
	assert_int_equal(e.bytes, 6);
	assert_int_equal(f.cjk, e.cjk);
	assert_int_equal(f.symbols, e.symbols);
	assert_int_equal(f.words, e.words);
	assert_int_equal(f.bytes, e.bytes + 5);
}

static void test_estimate__rounds_to_the_nearest(void **state)
{
	ad_estimate e = AD_ESTIMATE_INIT;

	(void)state;
	assert_int_equal(ad_estimate_tokens(&e), 0);
	e.bytes = 19; /* 0.475 */
	assert_int_equal(ad_estimate_tokens(&e), 0);
	e.bytes = 20; /* 0.5 */
	assert_int_equal(ad_estimate_tokens(&e), 1);
	e.bytes = 59; /* 1.475 */
	assert_int_equal(ad_estimate_tokens(&e), 1);
	assert_int_equal(ad_estimate_text("", 0), 0);
	assert_int_equal(ad_estimate_text("a", 1), 1); /* 43 / 40 */
}

static void test_estimate__words_do_not_run_across_texts(void **state)
{
	ad_estimate e = AD_ESTIMATE_INIT;

	(void)state;
	ad_estimate_add(&e, "ab", 2);
	ad_estimate_add(&e, "cd", 2);
	assert_int_equal(e.words, 2);
}

/* ---- what a runtime loads of each file ---- */

static const ad_text files[] = {
	{"agents/a.md",
	 "---\nname: lint-fixer\ndescription: Fixes lint errors.\n---\n"
	 "Run the linter and fix each error.\n", 0, NULL, 0, 0},
	{"agents/b.md",
	 "---\nname: lint-fixer\ndescription: Fixes lint errors.\n---\n"
	 "Run the linter and fix each error.\n", 0, NULL, 0, 0},
	{"AGENTS.md", "Use tabs.\n", 0, NULL, 0, 0},
	{"rules/style.mdc",
	 "---\ndescription: Style\nalwaysApply: true\n---\nWrap at 80.\n", 0,
	 NULL, 0, 0},
	{"rules/db.mdc",
	 "---\ndescription: Style\nalwaysApply: false\n---\nQuote names.\n", 0,
	 NULL, 0, 0},
	{"agents/plain.md", "Be brief.\n", 0, NULL, 0, 0},
	{"agents/listed.md",
	 "---\nname: x\ndescription:\n  - one\n  - two\n---\nSay so.\n", 0,
	 NULL, 0, 0},
};

static ad_audit *audit_files(void)
{
	ad_text t[sizeof(files) / sizeof(files[0])];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		t[i] = files[i];
		t[i].len = strlen(t[i].text);
	}
	return fx_audit_texts(t, sizeof(t) / sizeof(t[0]));
}

static void test_estimate__what_each_kind_loads(void **state)
{
	ad_audit *a = audit_files();
	const ad_doc *d;

	(void)state;
	/* name 120 + description 170 fortieths; body 387 */
	d = ad_audit_doc(a, fx_doc(a, "agents/a.md"));
	assert_int_equal(d->tokens_always, 7);
	assert_int_equal(d->tokens_body, 10);
	/* instructions and rules applied always: the body, in every
	 * conversation; "Use tabs.\n" (10 + 2*42 + 26 + 32) / 40 = 3.8,
	 * "Wrap at 80.\n" (12 + 3*42 + 26 + 32) / 40 = 4.9 */
	d = ad_audit_doc(a, fx_doc(a, "AGENTS.md"));
	assert_int_equal(d->tokens_always, 4);
	assert_int_equal(d->tokens_body, 0);
	d = ad_audit_doc(a, fx_doc(a, "rules/style.mdc"));
	assert_int_equal(d->tokens_always, 5);
	assert_int_equal(d->tokens_body, 0);
	/* a rule applied on request: the name it goes by, "db" (2 bytes, a
	 * word), and "Style" (5 bytes, a word): (7 + 2*42) / 40 = 2.275 */
	d = ad_audit_doc(a, fx_doc(a, "rules/db.mdc"));
	assert_int_equal(d->tokens_always, 2);
	assert_int_equal(d->tokens_body, 4); /* 155 / 40 */
	/* no frontmatter: the file name it goes by, "plain" (47 / 40), and
	 * the whole body */
	d = ad_audit_doc(a, fx_doc(a, "agents/plain.md"));
	assert_int_equal(d->tokens_always, 1);
	assert_int_equal(d->tokens_body, 4);
	/* a description given as a list: its values one a line, "one\ntwo",
	 * and the name "x": 8 bytes, 3 words, 1 line, (8 + 126 + 32) / 40 =
	 * 4.15 */
	d = ad_audit_doc(a, fx_doc(a, "agents/listed.md"));
	assert_int_equal(d->tokens_always, 4);
	ad_audit_free(a);
}

static void test_cost__keeping_one_saves_the_others(void **state)
{
	ad_audit *a = audit_files();
	uint32_t x = fx_doc(a, "agents/a.md"), y = fx_doc(a, "agents/b.md");
	uint32_t z = fx_doc(a, "AGENTS.md");
	uint32_t members[3];
	ad_cost c;

	(void)state;
	members[0] = x, members[1] = y, members[2] = z;
	ad_audit_cost(&c, a, members, 3, x);
	assert_int_equal(c.agents, 2);
	assert_int_equal(c.always, 7 + 4);
	assert_int_equal(c.body, 10 + 0);
	/* the one kept need not be a member: every member counts */
	ad_audit_cost(&c, a, members, 2, z);
	assert_int_equal(c.agents, 2);
	assert_int_equal(c.always, 14);
	assert_int_equal(c.body, 20);
	ad_audit_cost(&c, a, members, 0, x);
	assert_int_equal(c.agents, 0);
	assert_int_equal(c.always, 0);
	ad_audit_free(a);
}

static void test_cost__the_collection_and_its_clusters(void **state)
{
	ad_audit *a = audit_files();
	const ad_cluster *k = fx_cluster_of(a, fx_doc(a, "agents/a.md"));
	uint64_t always = 0, body = 0;
	size_t i;

	(void)state;
	for (i = 0; i < a->collection->ndocs; i++) {
		always += ad_audit_doc(a, (uint32_t)i)->tokens_always;
		body += ad_audit_doc(a, (uint32_t)i)->tokens_body;
	}
	assert_int_equal(a->costs.all.agents, a->collection->ndocs);
	assert_int_equal(a->costs.all.always, always);
	assert_int_equal(a->costs.all.body, body);
	/* a.md and b.md are one cluster: one of them is saved */
	assert_non_null(k);
	assert_int_equal(a->costs.n, a->clustering.n);
	assert_int_equal(a->costs.clusters[k - a->clustering.clusters].agents,
			 1);
	assert_int_equal(a->costs.saved.agents, 1);
	assert_int_equal(a->costs.saved.always, 7);
	assert_int_equal(a->costs.saved.body, 10);
	ad_audit_free(a);
}

/* One group of agents, its canonical first. */
static ad_cluster group(uint32_t *members, double *scores, uint32_t n,
			uint32_t canonical)
{
	ad_cluster g;

	g.canonical = canonical;
	g.n = n;
	g.members = members;
	g.scores = scores;
	return g;
}

static void assert_cost(const ad_cost *c, uint32_t agents, uint64_t always,
			uint64_t body)
{
	assert_int_equal(c->agents, agents);
	assert_int_equal(c->always, always);
	assert_int_equal(c->body, body);
}

static void test_cost__role_groups_count_each_agent_once(void **state)
{
	ad_audit *a = audit_files();
	uint32_t x = fx_doc(a, "agents/a.md"), y = fx_doc(a, "agents/b.md");
	uint32_t p = fx_doc(a, "agents/plain.md");
	uint32_t d = fx_doc(a, "rules/db.mdc");
	uint32_t l = fx_doc(a, "agents/listed.md");
	uint32_t cm[2], r1[3], r2[2];
	double scores[3] = {1, 1, 1};
	ad_cluster cs[1], rs[2];
	ad_clustering cl, roles;
	ad_costs costs;

	(void)state;
	/* a.md (7, 10) and b.md (7, 10) one cluster, a.md kept; a role group
	 * of it and plain.md (1, 4) that keeps b.md instead; another of
	 * db.mdc (2, 4) and listed.md (4, 4: "Say so.\n", 150 / 40), in no
	 * cluster, db.mdc kept */
	cm[0] = x, cm[1] = y;
	r1[0] = y, r1[1] = x, r1[2] = p;
	r2[0] = d, r2[1] = l;
	cs[0] = group(cm, scores, 2, x);
	rs[0] = group(r1, scores, 3, y);
	rs[1] = group(r2, scores, 2, d);
	cl.clusters = cs, cl.n = 1;
	roles.clusters = rs, roles.n = 2;
	ad_costs_build(&costs, a->collection, &cl, &roles);
	assert_cost(&costs.clusters[0], 1, 7, 10);
	assert_cost(&costs.saved, 1, 7, 10);
	assert_int_equal(costs.nroles, 2);
	/* the first role group saves a.md and plain.md; no cluster removes
	 * either (a.md is its cluster's canonical) */
	assert_cost(&costs.roles[0].others, 2, 8, 14);
	assert_cost(&costs.roles[0].beyond, 2, 8, 14);
	assert_cost(&costs.roles[1].others, 1, 4, 4);
	assert_cost(&costs.roles[1].beyond, 1, 4, 4);
	/* in all, a.md, plain.md and listed.md, each once: b.md, which the
	 * cluster would remove, is the one its role group keeps (not the
	 * cluster's saving plus each role group's, 4 agents) */
	assert_cost(&costs.saved_with_roles, 3, 12, 18);
	ad_costs_dispose(&costs);

	/* the role group keeps the cluster's canonical: b.md, its variant,
	 * is saved by the cluster, and only plain.md beyond it */
	rs[0] = group(r1, scores, 3, x);
	ad_costs_build(&costs, a->collection, &cl, &roles);
	assert_cost(&costs.roles[0].others, 2, 8, 14);
	assert_cost(&costs.roles[0].beyond, 1, 1, 4);
	/* the cluster's saving and what each role group adds beyond it */
	assert_cost(&costs.saved_with_roles, 3, 12, 18);
	ad_costs_dispose(&costs);
	ad_audit_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_estimate__english_words_symbols_and_lines),
		cmocka_unit_test(
			test_estimate__eight_bytes_at_a_time_as_byte_by_byte),
		cmocka_unit_test(test_estimate__lone_cr_ends_a_line),
		cmocka_unit_test(test_estimate__cjk_characters_cost_more_than_bytes),
		cmocka_unit_test(test_estimate__hangul_and_thai_count_as_cjk),
		cmocka_unit_test(
			test_estimate__accents_marks_and_selectors_stay_in_words),
		cmocka_unit_test(test_estimate__spaces_are_not_symbols),
		cmocka_unit_test(test_estimate__invalid_bytes_are_symbols),
		cmocka_unit_test(test_estimate__a_run_beyond_ascii),
		cmocka_unit_test(test_estimate__rounds_to_the_nearest),
		cmocka_unit_test(test_estimate__words_do_not_run_across_texts),
		cmocka_unit_test(test_estimate__what_each_kind_loads),
		cmocka_unit_test(test_cost__keeping_one_saves_the_others),
		cmocka_unit_test(test_cost__the_collection_and_its_clusters),
		cmocka_unit_test(test_cost__role_groups_count_each_agent_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
