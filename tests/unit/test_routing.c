/* Unit tests of routing.c: what a routing vector holds, and the groups
 * of agents that compete (stars, no chains, a cluster or role group
 * counted once, as its keep). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/routing.h"

#include "fixture.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static ad_audit *audit_of(const char *const *texts, size_t n)
{
	ad_text t[16];
	size_t i;

	assert_true(n <= N(t));
	for (i = 0; i < n; i++) {
		t[i].path = "t.md";
		t[i].text = texts[i];
		t[i].len = strlen(texts[i]);
		t[i].key = NULL;
	}
	return fx_audit_texts(t, n);
}

static void vectors(ad_routing_vectors *rv, const ad_audit *au,
		    uint32_t skip)
{
	ad_routing_vectors_build(rv, au->collection, skip);
}

static int has_word(const ad_audit *au, const ad_svec *v, const char *w)
{
	uint32_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(ad_collection_word(au->collection, v->ids[i]), w) == 0)
			return 1;
	return 0;
}

/* The description, its examples and the name are routed by; the body
 * is not; an agent without a description has no vector. */
static void test_routing__vector_holds_what_a_runtime_reads(void **state)
{
	static const char *const texts[] = {
		"---\nname: ledger-keeper\ndescription: Reconciles invoices. "
		"<example>user: zebra crossing</example>\n---\n\n"
		"- Mention walrus only here.\n",
		"---\nname: silent\n---\n\n- No description at all.\n",
		"---\nname: other\ndescription: Plants tulips.\n---\n\n- Dig.\n",
	};
	ad_audit *au = audit_of(texts, N(texts));
	ad_routing_vectors rv;

	(void)state;
	vectors(&rv, au, AD_ROUTING_NONE);
	assert_int_equal(rv.nrouted, 2);
	assert_true(has_word(au, &rv.vecs[0], "invoices"));
	assert_true(has_word(au, &rv.vecs[0], "zebra"));
	assert_true(has_word(au, &rv.vecs[0], "ledger"));
	assert_false(has_word(au, &rv.vecs[0], "walrus"));
	assert_int_equal(rv.vecs[1].n, 0);
	ad_routing_vectors_dispose(&rv);
	/* a skipped doc is left out of the weights too */
	vectors(&rv, au, 2);
	assert_int_equal(rv.nrouted, 1);
	assert_int_equal(rv.vecs[2].n, 0);
	ad_routing_vectors_dispose(&rv);
	ad_audit_free(au);
}

#define AGENT(name, desc) \
	"---\nname: " name "\ndescription: " desc "\n---\n\n- " name " rule.\n"

/* The stage on au's agents at threshold t, with its clusters when
 * clusters is set and its role groups when roles is (else none), so that
 * a test of the groups does not hang on what the role groups find. */
static void find(ad_routing *out, const ad_audit *au, int clusters,
		 int roles, double t)
{
	static const ad_clustering none = {NULL, 0};
	ad_routing_input in;
	ad_error err = AD_ERROR_INIT;

	memset(&in, 0, sizeof(in)); /* no vectors made beforehand */
	in.c = au->collection;
	in.clustering = clusters ? &au->clustering : &none;
	in.roles = roles ? &au->roles : &none;
	in.threshold = t;
	in.jobs = 1;
	assert_int_equal(ad_routing_find(out, &in, &err), 0);
}

/* B competes with A and with C, which share nothing: one star around
 * B, never a chain A~B~C read as one group of equals. */
static void test_routing__stars_not_chains(void **state)
{
	static const char *const texts[] = {
		AGENT("first", "alpha beta gamma"),
		AGENT("second", "alpha beta gamma delta epsilon zeta"),
		AGENT("third", "delta epsilon zeta"),
		AGENT("fourth", "cooking bread"),
		AGENT("fifth", "garden flowers"),
	};
	ad_audit *au = audit_of(texts, N(texts));
	ad_routing rt;
	const ad_routing *r = &rt;
	const ad_routing_group *g;

	(void)state;
	find(&rt, au, 0, 0, AD_ROUTING_THRESHOLD);
	assert_int_equal(r->nrouted, 5);
	assert_int_equal(r->npairs, 2);
	assert_int_equal(r->n, 1);
	g = &r->groups[0];
	assert_int_equal(g->n, 3);
	assert_int_equal(r->members[g->first], 1); /* the centre */
	assert_int_equal(r->members[g->first + 1], 0);
	assert_int_equal(r->members[g->first + 2], 2);
	assert_true(r->scores[g->first] == 1.0);
	assert_true(g->high >= g->low && g->low >= AD_ROUTING_THRESHOLD);
	assert_true(g->nterms > 0);
	ad_routing_dispose(&rt);
	ad_audit_free(au);
}

/* Two copies of one agent are a cluster and route as one. */
static void test_routing__cluster_counted_once(void **state)
{
	static const char *const texts[] = {
		"---\nname: copy\ndescription: Audits invoices and ledgers.\n---"
		"\n\n## Steps\n\n- Read every invoice.\n- Match it to the ledger."
		"\n- Flag the difference.\n",
		"---\nname: copy\ndescription: Audits invoices and ledgers.\n---"
		"\n\n## Steps\n\n- Read every invoice.\n- Match it to the ledger."
		"\n- Flag the difference.\n",
		AGENT("checker", "Checks invoices against ledgers"),
		AGENT("gardener", "Plants tulips"),
	};
	ad_audit *au = audit_of(texts, N(texts));
	ad_routing r;

	(void)state;
	assert_int_equal(au->clustering.n, 1);
	find(&r, au, 1, 0, AD_ROUTING_THRESHOLD);
	assert_int_equal(r.nrouted, 3);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.groups[0].n, 2);
	ad_routing_dispose(&r);
	ad_audit_free(au);
}

/* The keep of u's group (role group first, then cluster), or u itself. */
static uint32_t keep_of(const ad_audit *au, const uint32_t *role,
			const uint32_t *cl, uint32_t u)
{
	if (role[u])
		return au->roles.clusters[role[u] - 1].canonical;
	if (cl[u])
		return au->clustering.clusters[cl[u] - 1].canonical;
	return u;
}

/* On the role set (fifteen jobs written several times), at a threshold
 * low enough for many groups: every agent of a routing group is the
 * keep of its role group or cluster, said so, and one agent per role
 * group or cluster is compared. */
static void test_routing__role_group_as_its_keep(void **state)
{
	ad_audit *au = NULL;
	ad_routing rt;
	ad_routing_vectors rv;
	const ad_routing *r = &rt;
	uint32_t *role, *cl, *seen, u;
	size_t i, nd, units = 0, keeps = 0;

	(void)state;
	assert_int_equal(fx_audit_path(&au, AD_SOURCE_DIR "/tests/fixtures/roles",
				       NULL), 0);
	find(&rt, au, 1, 1, 0.1);
	vectors(&rv, au, AD_ROUTING_NONE);
	assert_true(rt.n >= 5);
	assert_int_equal(au->routing.nrouted, rt.nrouted);
	nd = au->collection->ndocs;
	assert_true(au->roles.n > 0);
	role = ad_clustering_index(&au->roles, nd);
	cl = ad_clustering_index(&au->clustering, nd);
	seen = calloc(nd, sizeof(*seen));
	for (u = 0; u < nd; u++) {
		uint32_t k = keep_of(au, role, cl, u);

		if (!rv.vecs[u].n || seen[k])
			continue;
		seen[k] = 1;
		units++;
	}
	assert_int_equal(r->nrouted, units);
	for (i = 0; i < r->n; i++) {
		const ad_routing_group *g = &r->groups[i];

		for (u = 0; u < g->n; u++) {
			uint32_t m = r->members[g->first + u];

			assert_int_equal(r->roles[g->first + u], role[m]);
			keeps += role[m] != 0;
			if (!rv.vecs[keep_of(au, role, cl, m)].n)
				continue;
			assert_int_equal(keep_of(au, role, cl, m), m);
		}
	}
	assert_true(keeps > 0); /* some stand for a role group */
	ad_routing_vectors_dispose(&rv);
	free(seen);
	free(cl);
	free(role);
	ad_routing_dispose(&rt);
	ad_audit_free(au);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routing__vector_holds_what_a_runtime_reads),
		cmocka_unit_test(test_routing__stars_not_chains),
		cmocka_unit_test(test_routing__cluster_counted_once),
		cmocka_unit_test(test_routing__role_group_as_its_keep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
