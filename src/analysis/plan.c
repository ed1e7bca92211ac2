/*
 * plan.c - reasons, canonical picks and merge lists, cluster by cluster.
 *
 * Rule groups are compared by id: a member's rule is covered when the
 * canonical carries a rule of the same group (the same rule, possibly in
 * other words), or, failing that, a rule at least rule_threshold close to
 * it whose words agree (groups are stars, and a paraphrase can land in a
 * neighbouring one).
 * Sections are covered when they align with a section of the canonical.
 * A --prefer glob narrows the candidates before the criteria run; the
 * reason names the glob and then the criterion that decided among the
 * members it matched.
 * Clusters are planned on worker threads, one at a time, each worker with
 * marks and an arena of its own: a cluster's plan reads that cluster
 * only, so it does not depend on the worker or on their number.
 */
#include "analysis/plan.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/buf.h"
#include "analysis/align.h"
#include "analysis/canon.h"
#include "analysis/cluster.h"
#include "analysis/fields.h"
#include "analysis/inventory.h"
#include "base/arena.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "index/rulewords.h"
#include "source/corpus.h"

/* Scratch shared by all clusters: per rule group and per section, the
 * stamp of the last agent or cluster that marked it. */
typedef struct marks {
	uint32_t *group;
	uint32_t *section;
	uint32_t *support; /* per group: members of this cluster with it */
	uint32_t stamp;
} marks;

/* The rules of one agent as an inverted index, to find a rule's other
 * wordings there without comparing it with every rule: postings sorted
 * by term, each a rule (its offset in the agent) and a weight. */
typedef struct posting {
	uint32_t term, rule;
	float w;
} posting;

typedef struct rule_index {
	uint32_t doc;      /* whose rules, or UINT32_MAX */
	posting *post;
	size_t npost, cap;
	uint32_t *first;   /* per term: 1 + its first posting, 0 for none */
	size_t nfirst;
	double *acc;       /* per rule of doc: the dot product so far */
	uint32_t *hit;     /* the rules acc holds a sum for */
	size_t cap_acc, cap_hit;
	uint64_t *keys;    /* scratch of sort_postings() */
	posting *sorted;
	size_t cap_keys, cap_sorted;
} rule_index;

/* What the plan reads, and where it writes its strings and lists. */
typedef struct planner {
	const ad_plan_input *in;
	ad_arena *arena;
	marks m;
	rule_index idx; /* of the canonical the merge lists compare with */
	ad_cvec_room rule, other; /* the rules said_otherwise() compares */
	double *sum;    /* per term: the cluster's summed agent vectors */
	uint32_t *support, *touched; /* per rule group: rank_merges() */
	/* per doc: 1 + the first --prefer glob its path matches, 0 for none */
	const uint32_t *prefer;
} planner;

static uint32_t next_stamp(planner *p)
{
	return ++p->m.stamp;
}

/* Which glob of --prefer each doc's path matches first: the docs are the
 * inputs that were parsed, in order, so each finds its root there. */
static uint32_t *match_prefer(const ad_plan_input *in)
{
	const ad_collection *c = in->c;
	uint32_t *prefer = ad_xcalloc(c->ndocs + 1, sizeof(*prefer));
	size_t i, d = 0, g;

	for (i = 0; in->nprefer && i < c->ninputs; i++) {
		const ad_input *x = &c->inputs[i];

		if (!x->doc)
			continue;
		assert(x->doc == c->docs[d]);
		for (g = 0; g < in->nprefer && !prefer[d]; g++)
			if (ad_corpus_glob(in->prefer[g], x->path) ||
			    ad_corpus_glob_source(in->prefer[g], x->root,
						  x->rel))
				prefer[d] = (uint32_t)g + 1;
		d++;
	}
	return prefer;
}

/* Add (+1) or take back (-1) agent d's distinct groups to the support. */
static void support(planner *p, uint32_t d, int sign)
{
	const ad_numbering *at = &p->in->c->at;
	uint32_t stamp = next_stamp(p);
	size_t r;

	for (r = at->rule_base[d]; r < at->rule_base[d + 1]; r++) {
		uint32_t g = p->in->inv->group_of[r];

		if (p->m.group[g] != stamp) {
			p->m.group[g] = stamp;
			p->m.support[g] += (uint32_t)sign;
		}
	}
}

/* Agent d's groups not yet marked with stamp, each weighted by its
 * support; marks them. */
static uint32_t weigh_new(planner *p, uint32_t d, uint32_t stamp)
{
	const ad_numbering *at = &p->in->c->at;
	uint32_t sum = 0;
	size_t r;

	for (r = at->rule_base[d]; r < at->rule_base[d + 1]; r++) {
		uint32_t g = p->in->inv->group_of[r];

		if (p->m.group[g] != stamp) {
			p->m.group[g] = stamp;
			sum += p->m.support[g];
		}
	}
	return sum;
}

/* Spread (sign 1) or clear (0) the sum of c's agent vectors in p->sum:
 * a member's summed cosine to the others is then one pass over its own
 * terms, so a cluster costs its members' terms, not their pairs. */
static void spread_sum(planner *p, const ad_cluster *c, int sign)
{
	ad_cvecs v = p->in->agents;
	uint32_t k;

	if (!p->sum)
		p->sum = ad_xcalloc((size_t)ad_collection_nterms(p->in->c) + 1,
				    sizeof(*p->sum));
	for (k = 0; k < c->n; k++)
		if (sign)
			ad_cvec_spread(p->sum, &v.v[c->members[k]], v.idf);
		else
			ad_cvec_unspread(p->sum, &v.v[c->members[k]]);
}

/* Score member d of the cluster whose sum spread_sum() spread. */
static void score_member(ad_canon_score *s, planner *p, uint32_t d)
{
	s->stub = p->in->c->docs[d]->nrules < AD_STUB_RULES;
	s->coverage = weigh_new(p, d, next_stamp(p));
	s->frontmatter = ad_fields_count(ad_fields_complete(p->in->c->docs[d]));
	s->centrality = ad_cvec_dot_others(p->sum, &p->in->agents.v[d],
					   p->in->agents.idf);
}

static int by_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* "name, description, tools, not model" */
static void say_fields(ad_buf *b, unsigned fields)
{
	static const char *const names[] = {"name", "description", "tools",
					    "model"};
	unsigned k, said = 0;

	for (k = 0; k < 4; k++)
		if (fields & (1u << k))
			ad_buf_printf(b, "%s%s", said++ ? ", " : "", names[k]);
	for (k = 0; k < 4; k++)
		if (!(fields & (1u << k)))
			ad_buf_printf(b, "%snot %s", said++ ? ", " : "", names[k]);
}

/* What the scores say about the best of n candidates; members is the
 * cluster's size (centrality is summed over all its other members). */
static void say_criterion(ad_buf *b, const ad_canon_score *s, size_t n,
			  size_t best, uint32_t total, unsigned fields,
			  uint32_t members, const char *group)
{
	const ad_canon_score *k = &s[best];

	switch (ad_canon_decider(s, n, best)) {
	case AD_CANON_ALONE:
		ad_buf_puts(b, "the only member that matches");
		break;
	case AD_CANON_STUB:
		ad_buf_printf(b, "the only member that is not a stub (%d rules "
			      "or more)", AD_STUB_RULES);
		break;
	case AD_CANON_FRONTMATTER:
		ad_buf_printf(b, "the most complete frontmatter, %u of 4: ",
			      k->frontmatter);
		say_fields(b, fields);
		break;
	case AD_CANON_COVERAGE:
		ad_buf_printf(b, "ties on frontmatter (%u of 4); covers the most "
			      "of the %s's rules: %u of %u (each rule "
			      "group counted once per member that has it)",
			      k->frontmatter, group, k->coverage, total);
		break;
	case AD_CANON_CENTRALITY:
		ad_buf_printf(b, "ties on frontmatter (%u of 4) and coverage (%u "
			      "of %u); the closest to the others (mean cosine "
			      "%.3f)", k->frontmatter, k->coverage, total,
			      k->centrality / (double)(members - 1));
		break;
	case AD_CANON_PATH:
		ad_buf_printf(b, "ties with another member on every criterion "
			      "(frontmatter %u of 4, coverage %u of %u); the "
			      "first path", k->frontmatter, k->coverage, total);
		break;
	}
}

/* The members no other plan removes, in front of ids and s, in order;
 * how many (n when none or all are removed). */
static size_t kept_first(planner *p, uint32_t *ids, ad_canon_score *s,
			 size_t n)
{
	const uint8_t *removed = p->in->removed;
	size_t k, m = 0;

	for (k = 0; k < n && removed; k++)
		m += !removed[ids[k]];
	if (m == 0 || m == n)
		return n;
	for (k = 0, m = 0; k < n; k++) {
		uint32_t id = ids[k];
		ad_canon_score sc = s[k];

		if (removed[id])
			continue;
		memmove(&ids[m + 1], &ids[m], (k - m) * sizeof(*ids));
		memmove(&s[m + 1], &s[m], (k - m) * sizeof(*s));
		ids[m] = id;
		s[m++] = sc;
	}
	return m;
}

/* The members a --prefer glob matches, in front of ids and s, in order;
 * how many (0 when none or all do: then every member is a candidate). */
static size_t preferred_first(planner *p, uint32_t *ids, ad_canon_score *s,
			      size_t n)
{
	size_t k, m = 0;

	for (k = 0; k < n; k++)
		m += p->prefer[ids[k]] != 0;
	if (m == 0 || m == n)
		return 0;
	for (k = 0, m = 0; k < n; k++) {
		uint32_t id = ids[k];
		ad_canon_score sc = s[k];

		if (!p->prefer[id])
			continue;
		memmove(&ids[m + 1], &ids[m], (k - m) * sizeof(*ids));
		memmove(&s[m + 1], &s[m], (k - m) * sizeof(*s));
		ids[m] = id;
		s[m++] = sc;
	}
	return m;
}

/* Score the members ids[0..c->n) into s; returns what an agent carrying
 * every group of the cluster would score on coverage. */
static uint32_t score_all(planner *p, const ad_cluster *c,
			  const uint32_t *ids, ad_canon_score *s)
{
	uint32_t k, total = 0, stamp;

	for (k = 0; k < c->n; k++)
		support(p, ids[k], 1);
	spread_sum(p, c, 1);
	for (k = 0; k < c->n; k++)
		score_member(&s[k], p, ids[k]);
	spread_sum(p, c, 0);
	stamp = next_stamp(p);
	for (k = 0; k < c->n; k++)
		total += weigh_new(p, ids[k], stamp);
	for (k = 0; k < c->n; k++)
		support(p, ids[k], -1);
	return total;
}

/* Choose the canonical of c by the criteria of canon.h, among the
 * members no other plan removes, and of those among the preferred ones
 * if some are; say why in pl. */
static void pick(planner *p, ad_cluster *c, ad_cluster_plan *pl)
{
	uint32_t *ids = ad_xmalloc(c->n * sizeof(*ids));
	ad_canon_score *s = ad_xcalloc(c->n, sizeof(*s));
	ad_buf why = AD_BUF_INIT;
	size_t best, npref, nkept, ncand;
	uint32_t total;

	memcpy(ids, c->members, c->n * sizeof(*ids));
	qsort(ids, c->n, sizeof(*ids), by_u32); /* path order breaks ties */
	total = score_all(p, c, ids, s);
	nkept = kept_first(p, ids, s, c->n);
	npref = preferred_first(p, ids, s, nkept);
	ncand = npref ? npref : nkept;
	best = ad_canon_best(s, ncand);
	if (npref) /* the glob the kept one matches */
		ad_buf_printf(&why, "preferred path (--prefer %s); ",
			      p->in->prefer[p->prefer[ids[best]] - 1]);
	say_criterion(&why, s, ncand, best, total,
		      ad_fields_complete(p->in->c->docs[ids[best]]), c->n,
		      p->in->rank ? "group" : "cluster");
	pl->why = ad_arena_strdup(p->arena, why.ptr);
	ad_cluster_set_canonical(c, ids[best], p->in->agents);
	ad_buf_dispose(&why);
	free(s);
	free(ids);
}

/* The postings in order of term, each term's in rule order, the order
 * they were made in: sorted as keys term << 32 | position, inline. */
static void sort_postings(rule_index *x)
{
	posting *t;
	size_t i, cap;

	ad_grow(&x->keys, &x->cap_keys, x->npost, sizeof(*x->keys));
	ad_grow(&x->sorted, &x->cap_sorted, x->npost, sizeof(*x->sorted));
	for (i = 0; i < x->npost; i++)
		x->keys[i] = (uint64_t)x->post[i].term << 32 | i;
	ad_sort_u64(x->keys, x->npost);
	for (i = 0; i < x->npost; i++)
		x->sorted[i] = x->post[(uint32_t)x->keys[i]];
	t = x->post;
	x->post = x->sorted;
	x->sorted = t;
	cap = x->cap;
	x->cap = x->cap_sorted;
	x->cap_sorted = cap;
}

/* x->first with room for term t (new room zeroed). */
static uint32_t *first_room(rule_index *x, uint32_t t)
{
	size_t n = x->nfirst;

	if (t < n)
		return x->first;
	x->nfirst = (size_t)t + 1 > 2 * n ? (size_t)t + 1 : 2 * n;
	x->first = ad_xrealloc(x->first, x->nfirst * sizeof(*x->first));
	memset(x->first + n, 0, (x->nfirst - n) * sizeof(*x->first));
	return x->first;
}

/* The packed vector of rule r: its wording's. */
static const ad_cvec *rule_cvec(const planner *p, size_t r)
{
	return &p->in->rule_vecs.v[p->in->rule_form[r]];
}

/* The vector of rule r, read open into room. */
static const ad_svec *rule_vec(const planner *p, size_t r,
			       ad_cvec_room *room)
{
	return ad_cvec_open(room, rule_cvec(p, r), p->in->rule_vecs.idf);
}

/* Index the rules of agent d (those long enough to be joined): postings
 * by term, each term's first found in one step. */
static void index_rules(planner *p, uint32_t d)
{
	const ad_numbering *at = &p->in->c->at;
	rule_index *x = &p->idx;
	size_t r, n = at->rule_base[d + 1] - at->rule_base[d];
	uint32_t t;

	if (x->doc == d)
		return;
	x->doc = d;
	for (r = 0; r < x->npost; r++) /* the last doc's terms */
		x->first[x->post[r].term] = 0;
	x->npost = 0;
	for (r = at->rule_base[d]; r < at->rule_base[d + 1]; r++) {
		const ad_svec *v;

		if (rule_cvec(p, r)->n < AD_RULE_MIN_TERMS)
			continue;
		v = rule_vec(p, r, &p->other);
		ad_grow(&x->post, &x->cap, x->npost + v->n, sizeof(*x->post));
		for (t = 0; t < v->n; t++) {
			posting *q = &x->post[x->npost++];

			q->term = v->ids[t];
			q->rule = (uint32_t)(r - at->rule_base[d]);
			q->w = v->w[t];
		}
	}
	if (x->npost > 1) /* post is NULL until a rule has terms */
		sort_postings(x);
	for (r = x->npost; r-- > 0;) /* the first of each term wins */
		first_room(x, x->post[r].term)[x->post[r].term] =
			(uint32_t)r + 1;
	if (n + 1 > x->cap_acc) { /* zero between calls */
		free(x->acc);
		x->acc = ad_xcalloc(n + 1, sizeof(*x->acc));
		x->cap_acc = n + 1;
	}
	ad_grow(&x->hit, &x->cap_hit, n + 1, sizeof(*x->hit));
}

/* The first posting of term t in the index, or npost. */
static size_t first_posting(const rule_index *x, uint32_t t)
{
	return t < x->nfirst && x->first[t] ? x->first[t] - 1 : x->npost;
}

/* Whether agent d has a rule within the rule threshold of rule r whose
 * words agree: the same rule in other words, in a group of its own. Rules
 * too short to be joined (AD_RULE_MIN_TERMS) are matched by their group
 * only. */
static int said_otherwise(planner *p, size_t r, uint32_t d)
{
	const ad_numbering *at = &p->in->c->at;
	rule_index *x = &p->idx;
	const ad_svec *v;
	size_t nhit = 0, k, q;
	uint32_t t;
	int found = 0;

	if (rule_cvec(p, r)->n < AD_RULE_MIN_TERMS)
		return 0;
	index_rules(p, d);
	v = rule_vec(p, r, &p->rule);
	for (t = 0; t < v->n; t++)
		for (q = first_posting(x, v->ids[t]);
		     q < x->npost && x->post[q].term == v->ids[t]; q++) {
			uint32_t i = x->post[q].rule;

			if (x->acc[i] == 0.0)
				x->hit[nhit++] = i;
			x->acc[i] += (double)v->w[t] * x->post[q].w;
		}
	/* in rule order, as a scan would meet them; the exact dot product
	 * decides: a sum in another order can differ in its last bits */
	ad_sort_u32(x->hit, nhit);
	for (k = 0; k < nhit; k++) {
		if (!found &&
		    x->acc[x->hit[k]] >= p->in->rule_threshold - 1e-6) {
			const ad_svec *w = rule_vec(
				p, at->rule_base[d] + x->hit[k], &p->other);

			found = ad_svec_dot(v, w) >= p->in->rule_threshold &&
				ad_rule_words_agree(v, w, p->in->word_kind);
		}
		x->acc[x->hit[k]] = 0.0;
	}
	return found;
}

/* What member d has that the canonical lacks; the canonical's groups
 * carry the mark held (merges_one()). */
static void merge_list(planner *p, const ad_cluster *c, uint32_t d,
		       uint32_t held, ad_merge *out)
{
	const ad_numbering *at = &p->in->c->at;
	const ad_doc *doc = p->in->c->docs[d];
	uint32_t stamp = next_stamp(p), n = 0;
	const ad_section_match *m;
	ad_section_match *own;
	size_t r, s, k, nm;

	out->rules = ad_arena_alloc(p->arena, (doc->nrules + 1) *
						      sizeof(uint32_t));
	for (r = at->rule_base[d]; r < at->rule_base[d + 1]; r++)
		if (p->m.group[p->in->inv->group_of[r]] != held &&
		    !said_otherwise(p, r, c->canonical))
			out->rules[n++] = (uint32_t)r;
	out->nrules = n;
	nm = ad_aligner_matches(p->in->al, d, c->canonical, &m, &own);
	for (k = 0; k < nm; k++)
		p->m.section[m[k].a] = p->m.section[m[k].b] = stamp;
	free(own);
	out->sections = ad_arena_alloc(p->arena, (doc->nsections + 1) *
							 sizeof(uint32_t));
	for (n = 0, s = at->section_base[d]; s < at->section_base[d + 1]; s++)
		if (p->m.section[s] != stamp)
			out->sections[n++] = (uint32_t)s;
	out->nsections = n;
}

/* ---- ranked merge lists (role groups) ---- */

typedef struct ranked_id {
	uint32_t id, key;
} ranked_id;

static int by_key_desc(const void *x, const void *y)
{
	const ranked_id *a = x, *b = y;

	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* Sort ids[0..n) with keys[0..n) by key descending, then id. */
static void rank_by(uint32_t *ids, uint32_t *keys, uint32_t n)
{
	ranked_id *r = ad_xmalloc((n + 1) * sizeof(*r));
	uint32_t i;

	for (i = 0; i < n; i++) {
		r[i].id = ids[i];
		r[i].key = keys[i];
	}
	qsort(r, n, sizeof(*r), by_key_desc);
	for (i = 0; i < n; i++) {
		ids[i] = r[i].id;
		keys[i] = r[i].key;
	}
	free(r);
}

/* The place in c of the first member of member k's unit (k itself when
 * it is the first, or out of clusters). */
static uint32_t first_of_unit(const planner *p, const ad_cluster *c,
			      uint32_t k)
{
	const uint32_t *unit = p->in->unit;
	uint32_t j, u = unit ? unit[c->members[k]] : 0;

	for (j = 0; j < k && u; j++)
		if (unit[c->members[j]] == u)
			return j;
	return k;
}

/* support[g]: the units of c (variant clusters, agents out of clusters)
 * that carry rule group g (each once); touched lists the groups set, for
 * the caller to clear. */
static size_t count_support(planner *p, const ad_cluster *c,
			    uint32_t *support, uint32_t *touched)
{
	const ad_numbering *at = &p->in->c->at;
	uint32_t *stamps = ad_xmalloc((c->n + 1) * sizeof(*stamps));
	size_t nt = 0, r;
	uint32_t k;

	for (k = 0; k < c->n; k++) {
		uint32_t first = first_of_unit(p, c, k), d = c->members[k];
		uint32_t stamp = first == k ? next_stamp(p) : stamps[first];

		stamps[k] = stamp;

		for (r = at->rule_base[d]; r < at->rule_base[d + 1]; r++) {
			uint32_t g = p->in->inv->group_of[r];

			if (p->m.group[g] == stamp)
				continue;
			p->m.group[g] = stamp;
			if (!support[g]++)
				touched[nt++] = g;
		}
	}
	free(stamps);
	return nt;
}

/* Rank m's rules (one per group) by their support and its sections by
 * the listed rules they hold. */
/* Keep one rule of each inventory group in m's list, the first in file
 * order: a member that words one rule twice adds it once. */
static void one_per_group(planner *p, ad_merge *m)
{
	uint32_t stamp = next_stamp(p), k, kept = 0;

	for (k = 0; k < m->nrules; k++) {
		uint32_t g = p->in->inv->group_of[m->rules[k]];

		if (p->m.group[g] == stamp)
			continue;
		p->m.group[g] = stamp;
		m->rules[kept++] = m->rules[k];
	}
	m->nrules = kept;
}

static void rank_merge(planner *p, ad_merge *m, const uint32_t *support)
{
	const ad_collection *c = p->in->c;
	uint32_t k, j;

	one_per_group(p, m);
	m->support = ad_arena_alloc(p->arena, (m->nrules + 1) *
						      sizeof(uint32_t));
	m->section_rules = ad_arena_calloc(p->arena, m->nsections + 1,
					   sizeof(uint32_t));
	for (k = 0; k < m->nrules; k++) {
		uint32_t r = m->rules[k], d = c->at.rule_doc[r];
		size_t own = ad_doc_rule_section(c->docs[d],
						 r - c->at.rule_base[d]);
		size_t s = c->at.section_base[d] + own;

		m->support[k] = support[p->in->inv->group_of[r]];
		for (j = 0; j < m->nsections; j++)
			if (m->sections[j] == s)
				m->section_rules[j]++;
	}
	rank_by(m->rules, m->support, m->nrules);
	rank_by(m->sections, m->section_rules, m->nsections);
}

/* Rank every member's merge list of c; the support row is made once
 * for the whole plan and left zero again (only the groups touched). */
static void rank_merges(planner *p, const ad_cluster *c, ad_merge *merge)
{
	size_t nt, i;
	uint32_t k;

	if (!p->support) {
		p->support = ad_xcalloc(p->in->inv->ngroups + 1,
					sizeof(*p->support));
		p->touched = ad_xmalloc((p->in->inv->ngroups + 1) *
					sizeof(*p->touched));
	}
	nt = count_support(p, c, p->support, p->touched);
	for (k = 1; k < c->n; k++) {
		uint32_t first = first_of_unit(p, c, k);

		rank_merge(p, &merge[k], p->support);
		merge[k].variant_of = first != k && first != 0 ? first + 1 : 0;
	}
	for (i = 0; i < nt; i++)
		p->support[p->touched[i]] = 0;
}

/* The links among the members of a cluster, of one kind. */
typedef struct tally {
	size_t n;
	double lo, hi;          /* body: cosine range */
	uint32_t shared, fewer; /* name, contained: the weakest evidence */
} tally;

static void count_link(tally *t, double score, uint32_t shared,
		       uint32_t fewer)
{
	if (!t->n || score < t->lo)
		t->lo = score;
	if (!t->n || score > t->hi)
		t->hi = score;
	if (!t->n || (uint64_t)shared * t->fewer < (uint64_t)t->shared * fewer) {
		t->shared = shared;
		t->fewer = fewer;
	}
	t->n++;
}

static int say(char *buf, size_t cap, int len, const tally *t,
	       const char *what)
{
	if (!t->n || len < 0 || (size_t)len >= cap)
		return len;
	return len + snprintf(buf + len, cap - (size_t)len, "%s%zu pair%s %s",
			      len ? "; " : "", t->n, t->n == 1 ? "" : "s", what);
}

/* The links of every cluster, a tally a kind of link and a cluster, in
 * one pass over the links: both ends of a link are in one cluster. */
static tally *tally_links(const ad_plan_input *in, const ad_clustering *cl)
{
	uint32_t *of = ad_clustering_index(cl, in->c->ndocs);
	tally *t = ad_xcalloc(AD_LINK_NKINDS * (cl->n + 1), sizeof(*t));
	size_t i;

	for (i = 0; i < in->links->n; i++) {
		const ad_link *l = &in->links->list[i];
		ad_link_fewer f;
		tally *c;

		if (!of[l->a])
			continue;
		f = ad_links_fewer(in->links, l);
		c = &t[AD_LINK_NKINDS * (of[l->a] - 1)];
		/* one reason per link, the strongest */
		if (l->kind & AD_LINK_BODY)
			count_link(&c[0], l->score, 0, 0);
		else if (l->kind & AD_LINK_CONTAINED)
			count_link(&c[2], l->score, l->shared_groups, f.groups);
		else if (l->kind & AD_LINK_NAME)
			count_link(&c[1], l->score, l->shared_headings,
				   f.headings);
		else if (l->kind & AD_LINK_OUTLINE)
			count_link(&c[3], l->score, l->aligned_sections,
				   f.sections);
		else
			count_link(&c[4], l->score, l->exclusive_groups,
				   f.groups);
	}
	free(of);
	return t;
}

/* Why the members belong together, from their tallies t[0..5). */
static const char *reason(planner *p, const tally *t)
{
	char body[96], name[96], cont[128], outline[128], version[128];
	char buf[720];
	int len = 0;

	if (t[0].n > 1 && t[0].hi - t[0].lo >= 0.005)
		snprintf(body, sizeof(body),
			 "with near-identical bodies (cosine %.2f-%.2f)", t[0].lo,
			 t[0].hi);
	else
		snprintf(body, sizeof(body),
			 "with near-identical bodies (cosine %.2f)", t[0].hi);
	snprintf(name, sizeof(name),
		 "with the same name and outline (at least %u of %u headings "
		 "in common)", t[1].shared, t[1].fewer);
	snprintf(cont, sizeof(cont),
		 "where one is contained in the other (at least %u of %u rule "
		 "groups)", t[2].shared, t[2].fewer);
	snprintf(outline, sizeof(outline),
		 "that kept the same outline (at least %u of %u sections "
		 "aligned)", t[3].shared, t[3].fewer);
	snprintf(version, sizeof(version),
		 "that are versions of one agent (one name and description, at "
		 "least %u of %u rule groups kept)", t[4].shared, t[4].fewer);
	buf[0] = '\0';
	len = say(buf, sizeof(buf), len, &t[0], body);
	len = say(buf, sizeof(buf), len, &t[1], name);
	len = say(buf, sizeof(buf), len, &t[2], cont);
	len = say(buf, sizeof(buf), len, &t[3], outline);
	say(buf, sizeof(buf), len, &t[4], version);
	return ad_arena_strdup(p->arena, buf);
}

static void planner_init(planner *p, ad_arena *arena,
			 const ad_plan_input *in)
{
	memset(p, 0, sizeof(*p));
	p->in = in;
	p->arena = arena;
	p->m.group = ad_xcalloc(in->inv->ngroups + 1, sizeof(*p->m.group));
	p->m.section = ad_xcalloc(in->c->at.nsections + 1,
				  sizeof(*p->m.section));
	p->m.support = ad_xcalloc(in->inv->ngroups + 1,
				  sizeof(*p->m.support));
	p->idx.doc = UINT32_MAX;
}

static void planner_dispose(planner *p)
{
	free(p->m.group);
	free(p->m.section);
	free(p->m.support);
	free(p->sum);
	free(p->support);
	free(p->touched);
	free(p->idx.post);
	free(p->idx.first);
	free(p->idx.acc);
	free(p->idx.hit);
	free(p->idx.keys);
	free(p->idx.sorted);
	ad_cvec_room_dispose(&p->rule);
	ad_cvec_room_dispose(&p->other);
}

/* ---- the clusters on worker threads ---- */

typedef struct plan_job plan_job;

/* Plan cluster i of j with p. */
typedef void (*plan_fn)(planner *p, const plan_job *j, size_t i);

/* The clusters shared out to the worker threads, one at a time (their
 * sizes vary most): each worker plans with marks of its own and writes
 * into an arena of its own, which the plan's adopts at the end. A
 * cluster's plan depends on that cluster alone, so it is the same
 * whichever worker makes it. */
struct plan_job {
	ad_plan *out;
	const ad_clustering *clusters;
	ad_clustering *picked;  /* ad_plan_pick(): the clusters it updates */
	const ad_plan_input *in;
	const uint32_t *prefer; /* per doc, for planner.prefer */
	const tally *tallies;   /* per cluster, AD_LINK_NKINDS of them */
	plan_fn fn;
	size_t hi;              /* next counts up to it from the first */
	ad_arena **arenas;      /* per worker */
	atomic_size_t next;
};

static void plan_work(void *ctx, int worker)
{
	plan_job *j = ctx;
	size_t i;
	planner p;

	planner_init(&p, j->arenas[worker], j->in);
	p.prefer = j->prefer;
	while ((i = ad_parallel_next(&j->next, j->hi, 1)) < j->hi)
		j->fn(&p, j, i);
	planner_dispose(&p);
}

/* Plan clusters [lo, hi) of j. */
static void plan_run(plan_job *j, size_t lo, size_t hi)
{
	int njobs = ad_parallel_jobs(j->in->jobs, hi - lo, 2), w;

	j->hi = hi;
	j->arenas = ad_xmalloc((size_t)njobs * sizeof(*j->arenas));
	for (w = 0; w < njobs; w++)
		j->arenas[w] = ad_arena_new();
	atomic_init(&j->next, lo);
	ad_parallel_run(njobs, plan_work, j);
	for (w = 0; w < njobs; w++)
		ad_arena_adopt(j->out->arena, j->arenas[w]);
	free(j->arenas);
}

static void pick_one(planner *p, const plan_job *j, size_t i)
{
	ad_cluster_plan *pl = &j->out->clusters[i];

	pick(p, &j->picked->clusters[i], pl);
	pl->reason = p->in->reasons
			     ? ad_arena_strdup(p->arena, p->in->reasons[i])
			     : reason(p, &j->tallies[AD_LINK_NKINDS * i]);
}

void ad_plan_pick(ad_plan *out, ad_clustering *clusters,
		  const ad_plan_input *in)
{
	uint32_t *prefer = match_prefer(in);
	tally *t = tally_links(in, clusters);
	plan_job j;

	memset(&j, 0, sizeof(j));
	out->arena = ad_arena_new();
	out->n = clusters->n;
	out->clusters = ad_xcalloc(out->n + 1, sizeof(*out->clusters));
	j.out = out;
	j.clusters = j.picked = clusters;
	j.in = in;
	j.prefer = prefer;
	j.tallies = t;
	j.fn = pick_one;
	plan_run(&j, 0, clusters->n);
	free(prefer);
	free(t);
}

/* The merge lists of cluster i into its plan: the canonical's groups are
 * marked once, for all the other members. */
static void merges_one(planner *p, const plan_job *j, size_t i)
{
	const ad_cluster *c = &j->clusters->clusters[i];
	ad_cluster_plan *pl = &j->out->clusters[i];
	uint32_t held = next_stamp(p), k;

	pl->merge = ad_arena_calloc(p->arena, c->n, sizeof(*pl->merge));
	weigh_new(p, c->canonical, held);
	for (k = 1; k < c->n; k++)
		merge_list(p, c, c->members[k], held, &pl->merge[k]);
	if (p->in->rank)
		rank_merges(p, c, pl->merge);
}

void ad_plan_merges_range(ad_plan *out, const ad_clustering *clusters,
			  const ad_plan_input *in, size_t lo, size_t hi)
{
	plan_job j;

	memset(&j, 0, sizeof(j));
	j.out = out;
	j.clusters = clusters;
	j.in = in;
	j.fn = merges_one;
	plan_run(&j, lo, hi);
}

void ad_plan_merges(ad_plan *out, const ad_clustering *clusters,
		    const ad_plan_input *in)
{
	ad_plan_merges_range(out, clusters, in, 0, clusters->n);
}

void ad_plan_build(ad_plan *out, ad_clustering *clusters,
		   const ad_plan_input *in)
{
	ad_plan_pick(out, clusters, in);
	ad_plan_merges(out, clusters, in);
}

void ad_plan_dispose(ad_plan *p)
{
	free(p->clusters);
	ad_arena_free(p->arena);
	memset(p, 0, sizeof(*p));
}
