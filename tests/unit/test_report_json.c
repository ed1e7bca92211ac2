/* Unit tests of report_json.c: the long lists, written a block at a time
 * on worker threads, against the same report written on one thread;
 * "overlap.sections" against a ranking of every aligned pair; and the
 * report of alignments held or condensed, of section terms kept or
 * dropped.
 *
 * The variants of a family differ by one rule, and are audited with a
 * body threshold they do not reach (BODY_THRESHOLD): linked by their
 * outline, every pair of a family is aligned up front, where variants
 * linked by their bodies would only be aligned with their canonical. */
#include "fixture.h"

#include "agentdup/report.h"

#define FAMILIES 300
#define VARIANTS 4 /* per family (more: house style) */
#define NAGENTS (FAMILIES * VARIANTS)
#define PAIRS (VARIANTS * (VARIANTS - 1) / 2) /* of a family */
#define BODY_THRESHOLD 0.999

/* Two syllables that spell x (below 4225). */
static void syllables(char *out, unsigned x)
{
	static const char c[] = "bdfgklmnprstv", v[] = "aeiou";

	out[0] = c[x % 13];
	out[1] = v[x / 13 % 5];
	out[2] = c[x / 65 % 13];
	out[3] = v[x / 845 % 5];
}

/* The k-th word of family f, a made-up one that the tokenizer keeps:
 * every family has a vocabulary of its own. */
static void word(char *out, unsigned f, unsigned k)
{
	syllables(out, f);
	syllables(out + 4, k + 1);
	memcpy(out + 8, "ter", 4);
}

/* Agent v of family f: the family's rules, and one rule of its own. */
static char *agent_text(unsigned f, unsigned v)
{
	ad_buf b = AD_BUF_INIT;
	char w1[16], w2[16], w3[16];
	unsigned k;

	word(w1, f, 0);
	ad_buf_printf(&b, "---\nname: fam%u-var%u\ndescription: Handles %s "
		      "requests for family %u.\n---\n# Role\n\nYou do %s "
		      "work.\n\n## Rules\n\n", f, v, w1, f, w1);
	for (k = 1; k <= 8; k++) {
		word(w1, f, k);
		word(w2, f, k + 20);
		word(w3, f, k + 40);
		ad_buf_printf(&b, "- Always %s the %s before %s.\n", w1, w2,
			      w3);
	}
	word(w1, f, 100);
	word(w2, f, 200 + v);
	ad_buf_printf(&b, "- Note %s when %s.\n\n## Steps\n\n", w1, w2);
	for (k = 1; k <= 4; k++) {
		word(w1, f, 60 + k);
		word(w2, f, 80 + k);
		ad_buf_printf(&b, "%u. Check %s and %s.\n", k, w1, w2);
	}
	return ad_buf_detach(&b);
}

typedef struct fixture {
	ad_text texts[NAGENTS];
	char paths[NAGENTS][32];
	char *bodies[NAGENTS];
	ad_audit *audit;
} fixture;

/* The fixture's texts audited on one thread at threshold t, linked by
 * the kinds in links, with hold and drop set. */
static ad_audit *audit_at(const ad_text *texts, double t, unsigned links,
			  int hold, int drop)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *au = NULL;

	o.load.texts = texts;
	o.load.ntexts = NAGENTS;
	o.load.jobs = 1;
	o.threshold = t;
	o.links = links;
	o.hold_alignments = hold;
	o.drop_section_terms = drop;
	assert_int_equal(ad_audit_run(&au, NULL, 0, &o, NULL), 0);
	return au;
}

static ad_audit *audit_texts(const ad_text *texts, int hold, int drop)
{
	return audit_at(texts, BODY_THRESHOLD, AD_LINK_ALL, hold, drop);
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	unsigned f, v, i = 0;

	for (f = 0; f < FAMILIES; f++)
		for (v = 0; v < VARIANTS; v++, i++) {
			snprintf(fx->paths[i], sizeof(fx->paths[i]),
				 "agents/f%03u/v%02u.md", f, v);
			fx->bodies[i] = agent_text(f, v);
			fx->texts[i].path = fx->paths[i];
			fx->texts[i].text = fx->bodies[i];
			fx->texts[i].len = strlen(fx->bodies[i]);
		}
	fx->audit = audit_texts(fx->texts, 0, 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	size_t i;

	ad_audit_free(fx->audit);
	for (i = 0; i < NAGENTS; i++)
		free(fx->bodies[i]);
	free(fx);
	return 0;
}

static void collect(void *ctx, const char *data, size_t len)
{
	ad_buf_put(ctx, data, len);
}

/* The JSON report at detail on jobs threads, streamed or not. */
static char *report(const ad_audit *a, ad_report_detail detail, int jobs,
		    int stream)
{
	ad_report_opts o = AD_REPORT_OPTS_INIT;
	ad_buf out = AD_BUF_INIT, sunk = AD_BUF_INIT;

	o.detail = detail;
	o.jobs = jobs;
	if (stream) {
		o.sink = collect;
		o.sink_ctx = &sunk;
	}
	ad_report_audit_json(&out, a, &o);
	ad_buf_put(&sunk, out.ptr, out.len);
	ad_buf_dispose(&out);
	return ad_buf_detach(&sunk);
}

/* Every list is long enough to be written in several blocks, and the
 * report is the same bytes on 1, 2, 3 or 8 threads, streamed or not. */
static void test_report_json__threads_write_the_same_bytes(void **state)
{
	static const int jobs[] = {2, 3, 8};
	static const ad_report_detail details[] = {AD_DETAIL_SUMMARY,
						   AD_DETAIL_FULL};
	fixture *fx = *state;
	const ad_audit *a = fx->audit;
	size_t d, k;

	/* more than a block of agents, pairs, clusters, alignments */
	assert_true(a->collection->ndocs > 2 * 256);
	assert_true(a->links.n > 1024);
	assert_true(a->clustering.n > 32);
	assert_true(a->alignments.npairs > AD_LIMIT_ALIGNED_PAIRS);
	for (d = 0; d < 2; d++) {
		char *one = report(a, details[d], 1, 0);

		for (k = 0; k < sizeof(jobs) / sizeof(*jobs); k++) {
			char *many = report(a, details[d], jobs[k], k % 2);

			assert_string_equal(many, one);
			free(many);
		}
		free(one);
	}
}

/* An aligned pair, with its agents' score, to rank. */
typedef struct scored {
	double score;
	size_t at;
} scored;

static int best_first(const void *x, const void *y)
{
	const scored *p = x, *q = y;

	if (p->score != q->score)
		return p->score < q->score ? 1 : -1;
	return (p->at > q->at) - (p->at < q->at);
}

static int by_at(const void *x, const void *y)
{
	const scored *p = x, *q = y;

	return (p->at > q->at) - (p->at < q->at);
}

/* "overlap.sections" holds the AD_LIMIT_ALIGNED_PAIRS pairs whose agents
 * score highest (the earlier pair on ties), in the list's order: every
 * pair scored one at a time and sorted, against the report's. */
static void test_report_json__best_aligned_pairs(void **state)
{
	fixture *fx = *state;
	const ad_audit *a = fx->audit;
	size_t n = a->alignments.npairs, i;
	scored *s = malloc(n * sizeof(*s));
	char *json = report(a, AD_DETAIL_SUMMARY, 2, 0);
	const char *p = strstr(json, "\n  \"overlap\": {\n    \"sections\": [");
	ad_buf want = AD_BUF_INIT;

	assert_non_null(p);
	for (i = 0; i < n; i++) {
		const ad_alignment *al = &a->alignments.pairs[i];

		s[i].score = ad_audit_agent_score(a, al->a, al->b);
		s[i].at = i;
	}
	qsort(s, n, sizeof(*s), best_first);
	qsort(s, AD_LIMIT_ALIGNED_PAIRS, sizeof(*s), by_at);
	for (i = 0; i < AD_LIMIT_ALIGNED_PAIRS; i++) {
		const ad_alignment *al = &a->alignments.pairs[s[i].at];

		ad_buf_printf(&want, "\n      {\"a\": \"%s\", \"b\": \"%s\", ",
			      ad_audit_doc(a, al->a)->path,
			      ad_audit_doc(a, al->b)->path);
	}
	/* each listed pair starts a line: its paths, in order */
	for (i = 0, p = strstr(p, "\n      {\"a\": "); p && i < want.len;
	     p = strstr(p + 1, "\n      {\"a\": ")) {
		const char *comma = strstr(p, ", \"score\"");
		size_t len = (size_t)(comma - p) + 2;

		assert_true(i + len <= want.len);
		assert_memory_equal(p, want.ptr + i, len);
		i += len;
	}
	assert_int_equal(i, want.len);
	ad_buf_clear(&want);
	ad_buf_printf(&want, "\n    ],\n    \"sections_omitted\": %zu,",
		      n - AD_LIMIT_ALIGNED_PAIRS);
	assert_non_null(strstr(json, want.ptr));
	ad_buf_dispose(&want);
	free(json);
	free(s);
}

/* How many of a's alignments hold their matches. */
static size_t held_pairs(const ad_audit *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->alignments.npairs; i++)
		n += ad_alignment_held(&a->alignments.pairs[i]);
	return n;
}

/* The link candidates' alignments are condensed by default and held
 * with hold_alignments, and the sections' terms dropped or kept: the
 * reports, summary and full, are the same bytes every way. */
static void test_report_json__held_condensed_dropped_alike(void **state)
{
	fixture *fx = *state;
	ad_audit *held = audit_texts(fx->texts, 1, 0),
		 *dropped = audit_texts(fx->texts, 0, 1);
	const ad_audit *a = fx->audit;
	int d;

	assert_int_equal(held->alignments.npairs, a->alignments.npairs);
	assert_int_equal(held_pairs(held), held->alignments.npairs);
	print_message("held %zu of %zu\n", held_pairs(a), a->alignments.npairs);
	assert_true(held_pairs(a) < a->alignments.npairs);
	assert_null(dropped->collection->docs[0]->sections[1].terms);
	assert_non_null(a->collection->docs[0]->sections[1].terms);
	for (d = 0; d < 2; d++) {
		ad_report_detail detail = d ? AD_DETAIL_FULL : AD_DETAIL_SUMMARY;
		char *want = report(a, detail, 2, 0);
		char *got = report(held, detail, 2, 0);

		assert_string_equal(got, want);
		free(got);
		got = report(dropped, detail, 2, 0);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
	ad_audit_free(held);
	ad_audit_free(dropped);
}

/* The full and summary reports of path audited with opts x and y: the
 * same bytes. */
static void reports_alike(const char *path, const ad_audit_opts *x,
			  const ad_audit_opts *y)
{
	ad_audit *ax, *ay;
	int d;

	assert_int_equal(fx_audit_path(&ax, path, x), 0);
	assert_int_equal(fx_audit_path(&ay, path, y), 0);
	for (d = 0; d < 2; d++) {
		ad_report_detail detail = d ? AD_DETAIL_FULL : AD_DETAIL_SUMMARY;
		char *want = report(ay, detail, 2, 0);
		char *got = report(ax, detail, 2, 0);

		assert_true(strlen(want) > 1000);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
	ad_audit_free(ax);
	ad_audit_free(ay);
}

/* With the agent vectors packed as counts and as floats. The demo corpus
 * and the roles set have agents of clusters and agents alone, role
 * groups and pairs of units of one agent. */
static void test_report_json__agents_packed_either_way(void **state)
{
	ad_audit_opts counts = AD_AUDIT_OPTS_INIT, floats = AD_AUDIT_OPTS_INIT;

	(void)state;
	counts.counts_from = 1;
	floats.counts_from = SIZE_MAX;
	reports_alike(AD_SOURCE_DIR "/corpus", &counts, &floats);
	reports_alike(AD_SOURCE_DIR "/tests/fixtures/roles", &counts, &floats);
}

/* With the agents joined first (their vectors packed before the rule
 * join) and beside the rule groups, on one thread and on two. */
static void test_report_json__agents_joined_first_or_beside(void **state)
{
	ad_audit_opts first = AD_AUDIT_OPTS_INIT, beside = AD_AUDIT_OPTS_INIT;
	int jobs;

	(void)state;
	first.join_first_from = 1;
	beside.join_first_from = SIZE_MAX;
	for (jobs = 1; jobs <= 2; jobs++) {
		first.load.jobs = beside.load.jobs = jobs;
		reports_alike(AD_SOURCE_DIR "/corpus", &first, &beside);
		reports_alike(AD_SOURCE_DIR "/tests/fixtures/roles", &first,
			      &beside);
	}
}

/* a's links: every pair of each family, each of exactly kinds; npairs
 * pairs aligned up front. */
static void links_are(const ad_audit *a, unsigned kinds, size_t npairs)
{
	size_t i;

	assert_int_equal(a->links.n, FAMILIES * PAIRS);
	assert_int_equal(a->clustering.n, FAMILIES);
	assert_int_equal(a->alignments.npairs, npairs);
	for (i = 0; i < a->links.n; i++) {
		const ad_link *l = &a->links.list[i];
		uint32_t aligned = ad_audit_link_aligned(a, l);

		assert_int_equal(l->kind, kinds);
		/* three sections of three align, counted on demand alike */
		assert_int_equal(aligned, 3);
		assert_int_equal(l->aligned_sections,
				 kinds & AD_LINK_OUTLINE ? aligned : 0);
	}
}

/* Variants whose bodies reach the threshold are linked by their body
 * (and, holding 12 rule groups in common, containment): their outline
 * is not checked, and only each member and its canonical are aligned (3
 * pairs a family, not 6). Leave the body out of the kinds, or raise the
 * threshold above their cosine, and the outline links every pair of a
 * family too, all of them aligned. */
static void test_report_json__body_links_not_aligned_for_outline(void **state)
{
	fixture *fx = *state;
	ad_audit *body = audit_at(fx->texts, AD_DEFAULT_THRESHOLD, AD_LINK_ALL,
				  0, 0);
	ad_audit *no_body = audit_at(fx->texts, AD_DEFAULT_THRESHOLD,
				     AD_LINK_ALL & ~AD_LINK_BODY, 0, 0);

	links_are(body, AD_LINK_BODY | AD_LINK_CONTAINED,
		  FAMILIES * (VARIANTS - 1));
	links_are(no_body, AD_LINK_CONTAINED | AD_LINK_OUTLINE,
		  FAMILIES * PAIRS);
	links_are(fx->audit, AD_LINK_CONTAINED | AD_LINK_OUTLINE,
		  FAMILIES * PAIRS);
	ad_audit_free(body);
	ad_audit_free(no_body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_json__threads_write_the_same_bytes),
		cmocka_unit_test(test_report_json__best_aligned_pairs),
		cmocka_unit_test(test_report_json__agents_packed_either_way),
		cmocka_unit_test(
			test_report_json__agents_joined_first_or_beside),
		cmocka_unit_test(
			test_report_json__held_condensed_dropped_alike),
		cmocka_unit_test(
			test_report_json__body_links_not_aligned_for_outline),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
