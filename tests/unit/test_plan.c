/*
 * Unit tests of plan.c through whole audits: the pick with and without
 * --prefer, the reason it gives, and merge lists that leave out what the
 * canonical says in other words.
 *
 * Rules are made of made-up words (consonant, vowel, consonant, vowel,
 * consonant) that no stemming rule touches, so which rules are alike is
 * up to the test: rule n is six words of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/audit.h"
#include "agentdup/buf.h"

#include "fixture.h"

#define FM_SHORT 0 /* name and description */
#define FM_FULL 1  /* and tools and a model */

static char root[256];

/* Word n, spelled in mixed radix: distinct for every n below 4225. */
static void word(ad_buf *b, unsigned n)
{
	static const char on[] = "bdfgjkmnprtvz", vo[] = "aeiou";

	ad_buf_printf(b, "%c%c%c%c%c", on[n % 13], vo[n / 13 % 5],
		      on[n / 65 % 13], vo[n / 845 % 5], "kmptx"[n / 4225 % 5]);
}

static void rule(ad_buf *b, unsigned n)
{
	unsigned k;

	ad_buf_puts(b, "- ");
	for (k = 0; k < 6; k++) {
		if (k)
			ad_buf_putc(b, ' ');
		word(b, 6 * n + k + 7);
	}
	ad_buf_putc(b, '\n');
}

/* An agent named name with rules [first, last], then extra rules. */
static void agent(const char *rel, const char *name, int fm, unsigned first,
		  unsigned last, const unsigned *extra, size_t nextra)
{
	ad_buf b = AD_BUF_INIT;
	unsigned r;
	size_t k;

	ad_buf_printf(&b, "---\nname: %s\ndescription: Handles %s work\n",
		      name, name);
	if (fm == FM_FULL)
		ad_buf_puts(&b, "tools: Read, Grep\nmodel: sonnet\n");
	ad_buf_puts(&b, "---\n\n## Rules\n\n");
	for (r = first; r <= last; r++)
		rule(&b, r);
	for (k = 0; k < nextra; k++)
		rule(&b, extra[k]);
	fx_write(root, rel, b.ptr, b.len);
	ad_buf_dispose(&b);
}

/* Three clusters: agent (up/ keeps fewer rules than fork/, up-old/ fewer
 * still), other (none under up/) and full (the copy with fewer rules has
 * the complete frontmatter). */
static int setup(void **state)
{
	static const unsigned fork_extra[] = {16, 17}, mirror_extra[] = {36},
			      short_extra[] = {56, 57};

	(void)state;
	fx_tmpdir(root, sizeof(root), "plan");
	agent("up/agent.md", "agent", FM_SHORT, 0, 15, NULL, 0);
	agent("up-old/agent.md", "agent", FM_SHORT, 0, 13, NULL, 0);
	agent("fork/agent.md", "agent", FM_SHORT, 0, 15, fork_extra, 2);
	agent("fork/other.md", "other", FM_SHORT, 20, 35, NULL, 0);
	agent("mirror/other.md", "other", FM_SHORT, 20, 35, mirror_extra, 1);
	agent("fm/full.md", "full", FM_FULL, 40, 55, NULL, 0);
	agent("short/full.md", "full", FM_SHORT, 40, 55, short_extra, 2);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fx_rmtree(root);
}

/* An audit of root with the --prefer globs given. */
static ad_audit *audit_with(const char *const *prefer, size_t n)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *au = NULL;

	o.load.jobs = 1;
	o.prefer = prefer;
	o.nprefer = n;
	assert_int_equal(fx_audit_path(&au, root, &o), 0);
	assert_int_equal(au->clustering.n, 3);
	return au;
}

static const ad_cluster_plan *plan_of(const ad_audit *au, const char *path)
{
	const ad_cluster *cl = fx_cluster_of(au, fx_doc(au, path));

	assert_non_null(cl);
	return &au->plan.clusters[cl - au->clustering.clusters];
}

static const char *kept(const ad_audit *au, const char *path)
{
	const ad_cluster *cl = fx_cluster_of(au, fx_doc(au, path));

	assert_non_null(cl);
	return au->collection->docs[cl->canonical]->path;
}

/* The merge list of member path in its cluster. */
static const ad_merge *merge_of(const ad_audit *au, const char *path)
{
	uint32_t d = fx_doc(au, path), k;
	const ad_cluster *cl = fx_cluster_of(au, d);

	for (k = 0; k < cl->n; k++)
		if (cl->members[k] == d)
			return &plan_of(au, path)->merge[k];
	fail_msg("%s is in no cluster", path);
	return NULL;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void test_plan__without_prefer_coverage_decides(void **state)
{
	ad_audit *au = audit_with(NULL, 0);

	(void)state;
	assert_int_equal(fx_cluster_of(au, fx_doc(au, "up/agent.md"))->n, 3);
	assert_string_equal(kept(au, "up/agent.md"), "fork/agent.md");
	assert_true(starts_with(plan_of(au, "up/agent.md")->why,
				"ties on frontmatter (2 of 4); covers the most "
				"of the cluster's rules"));
	assert_string_equal(kept(au, "fork/other.md"), "mirror/other.md");
	assert_int_equal(merge_of(au, "up/agent.md")->nrules, 0);
	ad_audit_free(au);
}

/* The one member a glob matches is kept, and the others' merge lists are
 * against it; a cluster with no match is as it was. */
static void test_plan__prefer_keeps_the_match(void **state)
{
	static const char *const prefer[] = {"up/**"};
	ad_audit *plain = audit_with(NULL, 0), *au = audit_with(prefer, 1);

	(void)state;
	assert_string_equal(kept(au, "up/agent.md"), "up/agent.md");
	assert_string_equal(plan_of(au, "up/agent.md")->why,
			    "preferred path (--prefer up/**); the only member "
			    "that matches");
	assert_int_equal(merge_of(au, "fork/agent.md")->nrules, 2);
	assert_int_equal(merge_of(au, "up-old/agent.md")->nrules, 0);
	assert_string_equal(kept(au, "fork/other.md"), "mirror/other.md");
	assert_string_equal(plan_of(au, "fork/other.md")->why,
			    plan_of(plain, "fork/other.md")->why);
	ad_audit_free(plain);
	ad_audit_free(au);
}

/* Among several matches the usual criteria decide, and the reason names
 * the glob the kept one matched; a glob every member matches narrows
 * nothing and is not named. */
static void test_plan__prefer_then_criteria(void **state)
{
	static const char *const some[] = {"nothing/*", "up*"};
	static const char *const all[] = {"*agent.md"};
	ad_audit *au = audit_with(some, 2);

	(void)state;
	assert_string_equal(kept(au, "up/agent.md"), "up/agent.md");
	assert_true(starts_with(plan_of(au, "up/agent.md")->why,
				"preferred path (--prefer up*); ties on "
				"frontmatter (2 of 4); covers the most"));
	ad_audit_free(au);
	au = audit_with(all, 1);
	assert_string_equal(kept(au, "up/agent.md"), "fork/agent.md");
	assert_false(starts_with(plan_of(au, "up/agent.md")->why, "preferred"));
	ad_audit_free(au);
}

/* Scanning the folders themselves, the glob finds the folder in the PATH
 * the files were found under: both copies are "agent.md" there, reported
 * with their PATH (root/up/agent.md, root/fork/agent.md), and neither
 * reported path is matched by the glob whole. */
static void test_plan__prefer_matches_the_root(void **state)
{
	static const char *const prefer[] = {"up/**"};
	char up[300], fork[300], agent[320];
	const char *paths[2] = {up, fork};
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *au = NULL;
	const ad_cluster *cl;

	(void)state;
	snprintf(up, sizeof(up), "%s/up", root);
	snprintf(fork, sizeof(fork), "%s/fork/", root);
	o.load.jobs = 1;
	o.prefer = prefer;
	o.nprefer = 1;
	snprintf(agent, sizeof(agent), "%s/agent.md", up);
	assert_int_equal(ad_audit_run(&au, paths, 2, &o, NULL), 0);
	cl = fx_cluster_of(au, fx_doc(au, agent));
	assert_non_null(cl);
	assert_int_equal(cl->n, 2);
	assert_int_equal(au->collection->docs[cl->canonical]->nrules, 16);
	assert_true(starts_with(au->plan.clusters[0].why, "preferred path"));
	ad_audit_free(au);
}

/* Frontmatter before coverage: the complete copy is kept, and the rules
 * only the other has are its merge list. */
static void test_plan__frontmatter_before_coverage(void **state)
{
	ad_audit *au = audit_with(NULL, 0);

	(void)state;
	assert_string_equal(kept(au, "short/full.md"), "fm/full.md");
	assert_string_equal(plan_of(au, "fm/full.md")->why,
			    "the most complete frontmatter, 4 of 4: name, "
			    "description, tools, model");
	assert_int_equal(merge_of(au, "short/full.md")->nrules, 2);
	ad_audit_free(au);
}

/* A rule of the words 1000 + c - '0' for each character c of which. */
static void chain_rule(ad_buf *b, const char *which)
{
	const char *p;

	ad_buf_puts(b, "- ");
	for (p = which; *p; p++) {
		if (p > which)
			ad_buf_putc(b, ' ');
		word(b, 1000u + (unsigned)(*p - '0'));
	}
	ad_buf_putc(b, '\n');
}

/* An agent of chain rules (digit strings) and generated rules
 * [first, last] (none when last < first). */
static char *chain_agent(const char *name, int fm, const char *const *chain,
			 size_t n, unsigned first, unsigned last)
{
	ad_buf b = AD_BUF_INIT;
	unsigned r;
	size_t k;

	ad_buf_printf(&b, "---\nname: %s\ndescription: Handles %s work\n",
		      name, name);
	if (fm == FM_FULL)
		ad_buf_puts(&b, "tools: Read, Grep\nmodel: sonnet\n");
	ad_buf_puts(&b, "---\n\n## Rules\n\n");
	for (k = 0; k < n; k++)
		chain_rule(&b, chain[k]);
	for (r = first; r <= last && last >= first; r++)
		rule(&b, r);
	return ad_buf_detach(&b);
}

/* The rule of doc d whose text is that of chain rule which. */
static uint32_t chain_rule_of(const ad_audit *au, uint32_t d,
			      const char *which)
{
	ad_buf want = AD_BUF_INIT;
	size_t r;

	chain_rule(&want, which);
	want.ptr[want.len - 1] = '\0'; /* no newline */
	for (r = au->collection->at.rule_base[d];
	     r < au->collection->at.rule_base[d + 1]; r++)
		if (strcmp(ad_audit_rule(au, (uint32_t)r)->text, want.ptr + 2) ==
		    0) {
			ad_buf_dispose(&want);
			return (uint32_t)r;
		}
	fail_msg("no rule %s in %s", which, au->collection->docs[d]->path);
	return 0;
}

/*
 * A rule and its paraphrase in two star groups. In the chain A - P - Q -
 * B, each is within the rule threshold of the next and of no other but
 * A's two more neighbours (A1, A2, carried by three agents each). A,
 * which eight agents carry, reaches the most agents and becomes a centre
 * that takes P; Q, left with B free, becomes the centre of another. The canonical k carries P, the
 * member m carries Q: Q is said by k in other words, and is not m's to
 * merge; m's own rule is.
 */
static void test_plan__paraphrase_in_another_group(void **state)
{
	static const char *const k_rules[] = {"12345"};
	static const char *const m_rules[] = {"2356"};
	static const char *const b_rules[] = {"3567"};
	static const char *const a1_rules[] = {"1234", "1234ab"};
	static const char *const a2_rules[] = {"1234", "1234cd"};
	static const char *const a_rules[] = {"1234"};
	char *text[12], name[12][16];
	ad_text texts[12];
	ad_audit *au;
	const ad_cluster *cl;
	const ad_merge *mg;
	uint32_t k, m, p, q, i;

	(void)state;
	text[0] = chain_agent("kept", FM_FULL, k_rules, 1, 100, 111);
	text[1] = chain_agent("kept", FM_SHORT, m_rules, 1, 100, 112);
	text[2] = chain_agent("bee", FM_SHORT, b_rules, 1, 300, 302);
	for (i = 0; i < 8; i++)
		text[3 + i] = chain_agent("carrier", FM_SHORT,
					  i < 3 ? a1_rules
					  : i < 6 ? a2_rules : a_rules,
					  i < 6 ? 2 : 1, 200 + 3 * i, 202 + 3 * i);
	for (i = 0; i < 11; i++) {
		snprintf(name[i], sizeof(name[i]), "%u.md", i);
		texts[i].path = name[i];
		texts[i].text = text[i];
		texts[i].len = strlen(text[i]);
		texts[i].key = NULL;
	}
	au = fx_audit_texts(texts, 11);
	k = fx_doc(au, "0.md");
	m = fx_doc(au, "1.md");
	p = chain_rule_of(au, k, "12345");
	q = chain_rule_of(au, m, "2356");
	/* the case is as built: apart in the inventory, alike by cosine */
	assert_int_not_equal(au->inventory.group_of[p],
			     au->inventory.group_of[q]);
	if (ad_audit_rule_score(au, p, q) < AD_DEFAULT_RULE_THRESHOLD)
		fail_msg("cosine of P and Q %.3f", ad_audit_rule_score(au, p, q));
	cl = fx_cluster_of(au, k);
	assert_non_null(cl);
	assert_int_equal(cl->n, 2);
	assert_int_equal(cl->canonical, k);
	mg = &au->plan.clusters[cl - au->clustering.clusters].merge[1];
	assert_int_equal(mg->nrules, 1); /* rule 112, not Q */
	assert_int_not_equal(mg->rules[0], q);
	ad_audit_free(au);
	for (i = 0; i < 11; i++)
		free(text[i]);
}

/* Two merge plans equal, cluster by cluster and member by member. */
static void assert_same_merges(const ad_plan *x, const ad_plan *y,
			       const ad_clustering *cx,
			       const ad_clustering *cy)
{
	size_t i;
	uint32_t k;

	assert_int_equal(x->n, y->n);
	for (i = 0; i < x->n; i++) {
		assert_int_equal(cx->clusters[i].n, cy->clusters[i].n);
		assert_int_equal(cx->clusters[i].canonical,
				 cy->clusters[i].canonical);
		for (k = 0; k < cx->clusters[i].n; k++) {
			const ad_merge *a = &x->clusters[i].merge[k];
			const ad_merge *b = &y->clusters[i].merge[k];

			assert_int_equal(a->nrules, b->nrules);
			assert_int_equal(a->nsections, b->nsections);
			if (a->nrules)
				assert_memory_equal(a->rules, b->rules,
						    a->nrules *
							    sizeof(*a->rules));
			if (a->nsections)
				assert_memory_equal(a->sections, b->sections,
						    a->nsections *
							    sizeof(*a->sections));
		}
	}
}

/*
 * The merge lists are made on worker threads, a cluster at a time: on
 * one thread or four they are the same. Twenty clusters of three copies,
 * each copy with rules of its own besides the shared ones.
 */
static void test_plan__merges_same_on_any_thread_count(void **state)
{
	char dir[300], rel[64], name[16];
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *one = NULL, *four = NULL;
	unsigned c, v, extra[2];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/jobs", root);
	for (c = 0; c < 20; c++)
		for (v = 0; v < 3; v++) {
			snprintf(rel, sizeof(rel), "jobs/v%u/a%u.md", v, c);
			snprintf(name, sizeof(name), "role%u", c);
			extra[0] = 400 + 6 * c + 2 * v;
			extra[1] = extra[0] + 1;
			agent(rel, name, v ? FM_SHORT : FM_FULL, 20 * c,
			      20 * c + 14, extra, v);
		}
	o.load.jobs = 1;
	assert_int_equal(fx_audit_path(&one, dir, &o), 0);
	o.load.jobs = 4;
	assert_int_equal(fx_audit_path(&four, dir, &o), 0);
	assert_true(one->clustering.n >= 20);
	assert_same_merges(&one->plan, &four->plan, &one->clustering,
			   &four->clustering);
	assert_same_merges(&one->role_plan, &four->role_plan, &one->roles,
			   &four->roles);
	ad_audit_free(one);
	ad_audit_free(four);
	assert_int_equal(fx_rmtree(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan__without_prefer_coverage_decides),
		cmocka_unit_test(test_plan__prefer_keeps_the_match),
		cmocka_unit_test(test_plan__prefer_then_criteria),
		cmocka_unit_test(test_plan__prefer_matches_the_root),
		cmocka_unit_test(test_plan__frontmatter_before_coverage),
		cmocka_unit_test(test_plan__paraphrase_in_another_group),
		cmocka_unit_test(test_plan__merges_same_on_any_thread_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
