/*
 * job.c - the job evidence of a pair of agents, from an index built once:
 * every agent's name as an id (copies' names made one), and as written,
 * with the ids of its tails after a dash, so that two names compare
 * without their text; its description's script, its rule groups as a
 * sorted set, for every group the names that carry it (NAMES_KEPT at most
 * are kept: a group carried by more is shared beyond any pair), and for
 * every agent the agents of other names whose descriptions agree with its
 * own.
 */
#include "analysis/job.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cluster.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "base/strtab.h"
#include "base/utf8.h"
#include "parse/identity.h"

#define NONE UINT32_MAX
/* Names kept per group: a pair's two and AD_JOB_THIRD_NAMES more. */
#define NAMES_KEPT (2 + AD_JOB_THIRD_NAMES)

struct ad_jobs {
	size_t ndocs;
	uint32_t nterms;      /* term ids of the descriptions are below */
	const ad_doc *const *docs;
	const ad_svec *desc;  /* borrowed: the caller keeps the vectors */
	uint32_t *name;       /* per doc: an id of its name */
	uint32_t nnames;      /* the ids of names are below it */
	/* per doc: the id of its identity without a version marker (NONE
	 * for none), that length, and the ids of those of its tails after
	 * a dash that are identities of two words or more, compressed rows:
	 * names compared without their text */
	uint32_t *ident, *ident_len;
	size_t *tail_start;
	uint32_t *tail;
	uint8_t *script;      /* per doc: its description's script */
	size_t *start;        /* per doc, plus one: its groups in group[] */
	uint32_t *group;
	/* per group: the names carrying it, or NONE */
	uint32_t (*names)[NAMES_KEPT];
	uint8_t *many; /* per group: more than NAMES_KEPT names carry it */
	/* Per doc, the docs of other names whose descriptions agree with
	 * its own, sorted: compressed rows. */
	size_t *peer_start;
	uint32_t *peer;
	/* per name: the doc whose description says the job of the name's
	 * docs that have none, or NONE (see stand_ins()) */
	uint32_t *stand_in;
};

/* The tails of doc i's identity (len bytes) after a dash that are
 * identities of two words or more, appended to j->tail. */
static void name_tails(ad_jobs *j, const ad_strtab *names, size_t i,
		       size_t *cap)
{
	const char *id = j->docs[i]->identity, *dash;
	size_t len = j->ident_len[i], at = 0;

	while ((dash = memchr(id + at, '-', len - at)) != NULL) {
		const char *t = dash + 1;
		size_t tl = len - (size_t)(t - id);
		uint32_t k;

		at = (size_t)(t - id);
		if (!memchr(t, '-', tl))
			break; /* a tail of one word, and so are the next */
		k = ad_strtab_find(names, t, tl);
		if (k == AD_STRTAB_NONE)
			continue;
		ad_grow(&j->tail, cap, j->tail_start[i + 1] + 1,
			sizeof(*j->tail));
		j->tail[j->tail_start[i + 1]++] = k;
	}
}

/* An id per name; a doc without one gets an id of its own. The ids of
 * the names as written are kept too, with their lengths and tails. */
static uint32_t name_ids(ad_jobs *j)
{
	ad_strtab *names = ad_strtab_new();
	uint32_t count;
	size_t i, cap = 0;

	j->name = ad_xmalloc((j->ndocs + 1) * sizeof(*j->name));
	j->ident = ad_xmalloc((j->ndocs + 1) * sizeof(*j->ident));
	j->ident_len = ad_xcalloc(j->ndocs + 1, sizeof(*j->ident_len));
	j->tail_start = ad_xcalloc(j->ndocs + 1, sizeof(*j->tail_start));
	for (i = 0; i < j->ndocs; i++) {
		const char *id = j->docs[i]->identity;
		size_t len = id ? ad_identity_base(id, strlen(id)) : 0;

		j->name[i] = len ? ad_strtab_intern(names, id, len) : NONE;
		j->ident[i] = j->name[i];
		j->ident_len[i] = (uint32_t)len;
	}
	for (i = 0; i < j->ndocs; i++) {
		j->tail_start[i + 1] = j->tail_start[i];
		if (j->ident_len[i])
			name_tails(j, names, i, &cap);
	}
	count = ad_strtab_count(names);
	for (i = 0; i < j->ndocs; i++)
		if (j->name[i] == NONE)
			j->name[i] = count + (uint32_t)i;
	ad_strtab_free(names);
	return count + (uint32_t)j->ndocs;
}

/* Whether join pair p is two copies of one agent: near-identical bodies
 * that describe one job. */
static int copies(const ad_jobs *j, const ad_pair *p, double threshold)
{
	return p->score >= threshold &&
	       (j->name[p->a] == j->name[p->b] ||
		ad_svec_dot(&j->desc[p->a], &j->desc[p->b]) >=
			AD_JOB_DESC_AGREE);
}

/* The names of copies count as one (job.h): each name becomes the first
 * of those it is joined to. */
static void alias_names(ad_jobs *j, const ad_job_input *in, uint32_t nnames)
{
	ad_pair *joined = ad_xmalloc((in->npairs + 1) * sizeof(*joined));
	uint32_t *alias = ad_xmalloc((nnames + 1) * sizeof(*alias));
	uint32_t *start, *members, k, m;
	size_t i, n = 0, ncomp;

	for (i = 0; i < in->npairs; i++)
		if (copies(j, &in->pairs[i], in->threshold)) {
			joined[n].a = j->name[in->pairs[i].a];
			joined[n++].b = j->name[in->pairs[i].b];
		}
	for (k = 0; k < nnames; k++)
		alias[k] = k;
	ncomp = ad_components(&start, &members, joined, n, nnames);
	for (i = 0; i < ncomp; i++)
		for (m = start[i]; m < start[i + 1]; m++)
			alias[members[m]] = members[start[i]];
	for (i = 0; i < j->ndocs; i++)
		j->name[i] = alias[j->name[i]];
	free(joined);
	free(alias);
	free(start);
	free(members);
}

/* One doc's script and its groups, house style left out, sorted and
 * unique, written where its rules start in j->group; returns how many. */
static size_t doc_groups(ad_jobs *j, const ad_job_input *in, size_t i)
{
	size_t r, n = 0, first = in->rule_base[i];

	j->script[i] = (uint8_t)ad_utf8_script(j->docs[i]->fm.description);
	for (r = first; r < in->rule_base[i + 1]; r++)
		if (!in->house_group[in->group_of[r]])
			j->group[first + n++] = in->group_of[r];
	return ad_sort_unique_u32(j->group + first, n);
}

/* The docs shared out to the workers, each writing only its own. */
typedef struct per_doc {
	ad_jobs *j;
	const ad_job_input *in;
	size_t *count; /* per doc: its groups */
	atomic_size_t next;
} per_doc;

static void per_doc_work(void *ctx, int worker)
{
	per_doc *c = ctx;
	size_t i, end, n = c->j->ndocs;

	(void)worker;
	while ((i = ad_parallel_chunk(&c->next, n, 64, &end)) < n)
		for (; i < end; i++)
			c->count[i] = doc_groups(c->j, c->in, i);
}

/* Each doc's script and its groups (doc_groups()) on the workers, then
 * the groups packed in doc order. */
static void scripts_and_groups(ad_jobs *j, const ad_job_input *in)
{
	per_doc c;
	size_t i, n = 0;

	j->script = ad_xmalloc(j->ndocs + 1);
	j->start = ad_xcalloc(j->ndocs + 1, sizeof(*j->start));
	j->group = ad_xmalloc((in->rule_base[j->ndocs] + 1) *
			      sizeof(*j->group));
	c.j = j;
	c.in = in;
	c.count = ad_xmalloc((j->ndocs + 1) * sizeof(*c.count));
	atomic_init(&c.next, 0);
	ad_parallel_run(ad_parallel_jobs(in->njobs, j->ndocs, 512),
			per_doc_work, &c);
	for (i = 0; i < j->ndocs; i++) { /* n never passes rule_base[i] */
		j->start[i] = n;
		memmove(j->group + n, j->group + in->rule_base[i],
			c.count[i] * sizeof(*j->group));
		n += c.count[i];
	}
	j->start[j->ndocs] = n;
	free(c.count);
}

/* The names carrying each group: NAMES_KEPT kept, more only flagged. */
static void group_names(ad_jobs *j, size_t ngroups)
{
	size_t i, k, m;

	j->names = ad_xmalloc((ngroups + 1) * sizeof(*j->names));
	j->many = ad_xcalloc(ngroups + 1, 1);
	for (k = 0; k < ngroups; k++)
		for (m = 0; m < NAMES_KEPT; m++)
			j->names[k][m] = NONE;
	for (i = 0; i < j->ndocs; i++)
		for (k = j->start[i]; k < j->start[i + 1]; k++) {
			uint32_t g = j->group[k], id = j->name[i];

			for (m = 0; m < NAMES_KEPT; m++)
				if (j->names[g][m] == NONE ||
				    j->names[g][m] == id)
					break;
			if (m < NAMES_KEPT)
				j->names[g][m] = id;
			else
				j->many[g] = 1;
		}
}

/* Each doc's peers: the docs of other names whose descriptions agree
 * with its own (at AD_JOB_DESC_AGREE), from a join of the descriptions. */
static void peers(ad_jobs *j, int njobs)
{
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	size_t *fill = ad_xcalloc(j->ndocs + 1, sizeof(*fill));
	ad_pair *p = NULL;
	size_t np = 0, i;

	o.threshold = AD_JOB_DESC_AGREE;
	o.jobs = njobs; /* any order finds the same pairs; rows are sorted */
	if (ad_simjoin_run(&p, &np, j->desc, j->ndocs, &o, NULL, NULL))
		np = 0; /* cannot fail: the threshold is in range */
	j->peer_start = ad_xcalloc(j->ndocs + 2, sizeof(*j->peer_start));
	j->peer = ad_xmalloc((2 * np + 1) * sizeof(*j->peer));
	for (i = 0; i < np; i++)
		if (j->name[p[i].a] != j->name[p[i].b]) {
			j->peer_start[p[i].a + 1]++;
			j->peer_start[p[i].b + 1]++;
		}
	for (i = 0; i < j->ndocs; i++)
		j->peer_start[i + 1] += j->peer_start[i];
	for (i = 0; i < np; i++)
		if (j->name[p[i].a] != j->name[p[i].b]) {
			uint32_t a = p[i].a, b = p[i].b;

			j->peer[j->peer_start[a] + fill[a]++] = b;
			j->peer[j->peer_start[b] + fill[b]++] = a;
		}
	for (i = 0; i < j->ndocs; i++)
		ad_sort_u32(j->peer + j->peer_start[i],
			    j->peer_start[i + 1] - j->peer_start[i]);
	free(fill);
	free(p);
}

/* Whether doc i has a description to compare. */
static int described(const ad_jobs *j, size_t i)
{
	return j->script[i] != AD_SCRIPT_NONE && j->desc[i].n != 0;
}

/*
 * Per name, the doc that says its job for the docs of the name that do
 * not (a fork that lost its description line): the first of the name
 * with a description, when every other of the name with one agrees with
 * it (AD_JOB_DESC_AGREE, in one script); agents that only share a name
 * (descriptions that differ) lend none.
 */
static void stand_ins(ad_jobs *j)
{
	uint32_t *first = ad_xmalloc(((size_t)j->nnames + 1) * sizeof(*first));
	uint8_t *mixed = ad_xcalloc((size_t)j->nnames + 1, 1);
	size_t i;
	uint32_t k;

	for (k = 0; k < j->nnames; k++)
		first[k] = NONE;
	for (i = 0; i < j->ndocs; i++) {
		uint32_t id = j->name[i], f = first[id];

		if (!described(j, i) || mixed[id])
			continue;
		if (f == NONE)
			first[id] = (uint32_t)i;
		else if (j->script[i] != j->script[f] ||
			 ad_svec_dot(&j->desc[i], &j->desc[f]) <
				 AD_JOB_DESC_AGREE)
			mixed[id] = 1;
	}
	for (k = 0; k < j->nnames; k++)
		if (mixed[k])
			first[k] = NONE;
	free(mixed);
	j->stand_in = first;
}

ad_jobs *ad_jobs_new(const ad_job_input *in)
{
	ad_jobs *j = ad_xcalloc(1, sizeof(*j));

	j->ndocs = in->ndocs;
	j->nterms = in->nterms;
	j->docs = in->docs;
	j->desc = in->desc_vecs;
	j->nnames = name_ids(j);
	alias_names(j, in, j->nnames);
	scripts_and_groups(j, in);
	group_names(j, in->ngroups);
	peers(j, in->njobs);
	stand_ins(j);
	return j;
}

void ad_jobs_free(ad_jobs *j)
{
	if (!j)
		return;
	free(j->name);
	free(j->ident);
	free(j->ident_len);
	free(j->tail_start);
	free(j->tail);
	free(j->script);
	free(j->start);
	free(j->group);
	free(j->names);
	free(j->many);
	free(j->peer_start);
	free(j->peer);
	free(j->stand_in);
	free(j);
}

uint32_t ad_jobs_groups(const ad_jobs *j, uint32_t a)
{
	return (uint32_t)(j->start[a + 1] - j->start[a]);
}

/* Whether group g is carried by at most AD_JOB_THIRD_NAMES names but a's
 * and b's. */
static int exclusive(const ad_jobs *j, uint32_t g, uint32_t a, uint32_t b)
{
	uint32_t k, third = 0;

	if (j->many[g])
		return 0;
	for (k = 0; k < NAMES_KEPT; k++)
		third += j->names[g][k] != NONE && j->names[g][k] != j->name[a] &&
			 j->names[g][k] != j->name[b];
	return third <= AD_JOB_THIRD_NAMES;
}

static void groups_in_common(const ad_jobs *j, ad_link *l)
{
	size_t x = j->start[l->a], y = j->start[l->b];

	l->shared_groups = l->exclusive_groups = 0;
	while (x < j->start[l->a + 1] && y < j->start[l->b + 1]) {
		if (j->group[x] < j->group[y]) {
			x++;
		} else if (j->group[x] > j->group[y]) {
			y++;
		} else {
			l->shared_groups++;
			l->exclusive_groups += (uint32_t)exclusive(
				j, j->group[x], l->a, l->b);
			x++;
			y++;
		}
	}
}

/* One name, or one of them the other with a prefix ("marketing-" +
 * "paid-media-auditor"), the shorter of two words or more: the ids of
 * the names and of their tails decide, without their text. */
static int same_name(const ad_jobs *j, uint32_t x, uint32_t y)
{
	uint32_t nx = j->ident_len[x], ny = j->ident_len[y];
	size_t k;

	if (nx < ny)
		return same_name(j, y, x);
	if (!ny)
		return 0;
	if (nx == ny)
		return j->ident[x] == j->ident[y];
	for (k = j->tail_start[x]; k < j->tail_start[x + 1]; k++)
		if (j->tail[k] == j->ident[y])
			return 1;
	return 0;
}

/* Whether x has a peer not of y's name. */
static int third_peer(const ad_jobs *j, uint32_t x, uint32_t y)
{
	size_t k;

	for (k = j->peer_start[x]; k < j->peer_start[x + 1]; k++)
		if (j->name[j->peer[k]] != j->name[y])
			return 1;
	return 0;
}

/* Whether a and b each describe their job as agents of third names do,
 * and no agent so describes both: their descriptions follow two
 * frames ("the X director", "the X general manager"), two jobs. */
static int frames_apart(const ad_jobs *j, uint32_t a, uint32_t b)
{
	size_t x, y;

	if (!third_peer(j, a, b) || !third_peer(j, b, a))
		return 0;
	x = j->peer_start[a];
	y = j->peer_start[b];
	while (x < j->peer_start[a + 1] && y < j->peer_start[b + 1]) {
		if (j->peer[x] < j->peer[y])
			x++;
		else if (j->peer[x] > j->peer[y])
			y++;
		else
			return 0; /* a peer of both */
	}
	return 1;
}

static int has_term(const uint32_t *t, uint32_t n, uint32_t id)
{
	uint32_t k;

	for (k = 0; k < n; k++)
		if (t[k] == id)
			return 1;
	return 0;
}

/* Whether a's name holds a word b's does not that a's description uses
 * and b's does not ("drupal" against "wordpress"). */
static int own_subject(const ad_doc *a, const ad_doc *b)
{
	uint32_t k;

	for (k = 0; k < a->nname_terms; k++) {
		uint32_t t = a->name_terms[k];

		if (!has_term(b->name_terms, b->nname_terms, t) &&
		    has_term(a->desc_terms, a->ndesc_terms, t) &&
		    !has_term(b->desc_terms, b->ndesc_terms, t))
			return 1;
	}
	return 0;
}

int ad_job_subjects_apart(const ad_doc *a, const ad_doc *b)
{
	return own_subject(a, b) && own_subject(b, a);
}

/* Whether what a and b say their job is sets them apart: each names
 * its own subject, or their descriptions, short of agreeing, follow two
 * frames. */
static int jobs_apart(const ad_jobs *j, const ad_link *l)
{
	const ad_doc *a = j->docs[l->a], *b = j->docs[l->b];

	if (l->same_name || l->description < 0.0)
		return 0;
	if (ad_job_subjects_apart(a, b))
		return 1;
	return l->description < AD_JOB_DESC_AGREE &&
	       frames_apart(j, l->a, l->b);
}

/* The doc that says x's job: x, or for x without a description the
 * stand-in of its name; NONE for none. */
static uint32_t speaker(const ad_jobs *j, uint32_t x)
{
	return described(j, x) ? x : j->stand_in[j->name[x]];
}

/* Whether a and b, of two names, one of them at least without a
 * description, are set apart by what their names' other agents say:
 * the two speakers' descriptions disagree, or set their jobs apart. */
static int apart_by_names(const ad_jobs *j, uint32_t a, uint32_t b)
{
	uint32_t sa = speaker(j, a), sb = speaker(j, b);
	ad_link t;

	if (sa == NONE || sb == NONE || j->name[a] == j->name[b] ||
	    j->script[sa] != j->script[sb])
		return 0;
	memset(&t, 0, sizeof(t));
	t.a = sa;
	t.b = sb;
	t.description = ad_svec_dot(&j->desc[sa], &j->desc[sb]);
	return t.description < AD_JOB_DESC_DISAGREE || jobs_apart(j, &t);
}

void ad_jobs_evidence(const ad_jobs *j, ad_link *l)
{
	groups_in_common(j, l);
	l->same_name = same_name(j, l->a, l->b);
	l->description = -1.0;
	if (described(j, l->a) && described(j, l->b) &&
	    j->script[l->a] == j->script[l->b])
		l->description = ad_svec_dot(&j->desc[l->a], &j->desc[l->b]);
	l->jobs_apart = jobs_apart(j, l);
	if (!l->same_name && !l->jobs_apart &&
	    (!described(j, l->a) || !described(j, l->b)))
		l->jobs_apart = apart_by_names(j, l->a, l->b);
}

int ad_job_exclusive(const ad_link *l, uint32_t fewer_groups)
{
	return l->exclusive_groups >= AD_JOB_MIN_EXCLUSIVE &&
	       l->exclusive_groups >= AD_JOB_EXCLUSIVE_SHARE * fewer_groups;
}

int ad_job_same(const ad_link *l, uint32_t fewer_groups, unsigned kind)
{
	int comparable = l->description >= 0.0;
	int agree = comparable && l->description >= AD_JOB_DESC_AGREE;
	int disagree = comparable && l->description < AD_JOB_DESC_DISAGREE;
	int exclusive = ad_job_exclusive(l, fewer_groups);
	int body = (kind & AD_LINK_BODY) != 0;

	int contained = (kind & AD_LINK_CONTAINED) != 0;

	if (l->same_name)
		return !disagree || exclusive || body;
	return !disagree && !l->jobs_apart &&
	       (agree || exclusive || contained || (!comparable && body));
}

/* ---- descriptions without their template's words ---- */

/* Per agent, the agents of other names it shares a skeleton with,
 * compressed rows: those of x from start[x], the ones that are no copy
 * of x (see copy_of()) before end[x], in the order of the links. */
typedef struct siblings {
	size_t *start, *end;
	uint32_t *id;
} siblings;

static void sibling_rows(siblings *sb, size_t ndocs, const ad_link *links,
			 size_t n, const uint8_t *kinds)
{
	size_t i, *fill = ad_xcalloc(ndocs + 1, sizeof(*fill));

	sb->start = ad_xcalloc(ndocs + 2, sizeof(*sb->start));
	sb->id = ad_xmalloc((2 * n + 1) * sizeof(*sb->id));
	for (i = 0; i < n; i++)
		if (kinds[i] && !links[i].same_name) {
			sb->start[links[i].a + 1]++;
			sb->start[links[i].b + 1]++;
		}
	for (i = 0; i < ndocs; i++)
		sb->start[i + 1] += sb->start[i];
	for (i = 0; i < n; i++)
		if (kinds[i] && !links[i].same_name) {
			uint32_t a = links[i].a, b = links[i].b;

			sb->id[sb->start[a] + fill[a]++] = b;
			sb->id[sb->start[b] + fill[b]++] = a;
		}
	free(fill);
}

/* Whether sibling id is a copy of x: of its name, or describing its job
 * as x does. Its words are x's, not a template's. */
static int copy_of(const ad_jobs *j, uint32_t id, uint32_t x)
{
	return j->name[id] == j->name[x] ||
	       ad_svec_dot(&j->desc[id], &j->desc[x]) >= AD_JOB_DESC_AGREE;
}

typedef struct copies_job {
	const ad_jobs *j;
	siblings *sb;
	size_t ndocs;
	atomic_size_t next;
} copies_job;

static void copies_work(void *ctx, int worker)
{
	copies_job *c = ctx;
	siblings *sb = c->sb;
	size_t x, end, k, kept;

	(void)worker;
	while ((x = ad_parallel_chunk(&c->next, c->ndocs, 64, &end)) <
	       c->ndocs)
		for (; x < end; x++) {
			kept = sb->start[x];
			for (k = sb->start[x]; k < sb->start[x + 1]; k++)
				if (!copy_of(c->j, sb->id[k], (uint32_t)x))
					sb->id[kept++] = sb->id[k];
			sb->end[x] = kept;
		}
}

/* Keep in each agent's row, in order, the siblings that are no copy of
 * it, before sb->end. */
static void copies_out(siblings *sb, const ad_jobs *j, int jobs)
{
	copies_job c;

	sb->end = ad_xmalloc((j->ndocs + 1) * sizeof(*sb->end));
	c.j = j;
	c.sb = sb;
	c.ndocs = j->ndocs;
	atomic_init(&c.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, j->ndocs, 256), copies_work,
			&c);
}

/* Description words seen in the siblings of one pair: word t was seen
 * count[t] times if mark[t] is the pair's stamp. */
typedef struct seen {
	uint32_t *mark, *count;
	uint32_t *name_mark; /* per name: the stamp of the pair that has it */
	uint32_t stamp;
	uint32_t *reps; /* one sibling per name, see add_rep() */
	size_t cap;
} seen;

static int template_word(const seen *w, uint32_t t)
{
	return w->mark[t] == w->stamp && w->count[t] >= AD_JOB_TEMPLATE_NAMES;
}

static void add_rep(seen *w, size_t *n, const ad_jobs *j, uint32_t id)
{
	if (w->name_mark[j->name[id]] == w->stamp)
		return;
	w->name_mark[j->name[id]] = w->stamp;
	ad_grow(&w->reps, &w->cap, *n + 1, sizeof(*w->reps));
	w->reps[(*n)++] = id;
}

/* Count, once per name, the description words of the siblings of x and
 * of y that are no copy of either. Those of x that are no copy of x
 * were sorted out once (copies_out()): in a family of n forks, each
 * has n - 1 siblings, nearly all copies, and reading them again for
 * each of its n - 1 links made the work grow with the cube of n. */
static void count_siblings(seen *w, const ad_jobs *j, const siblings *sb,
			   uint32_t x, uint32_t y)
{
	const uint32_t ends[2] = {x, y};
	size_t n = 0, e, k, t;

	w->stamp++;
	for (e = 0; e < 2; e++)
		for (k = sb->start[ends[e]]; k < sb->end[ends[e]]; k++) {
			uint32_t id = sb->id[k];

			if (!copy_of(j, id, ends[1 - e]))
				add_rep(w, &n, j, id);
		}
	for (k = 0; k < n; k++) {
		const ad_svec *v = &j->desc[w->reps[k]];

		for (t = 0; t < v->n; t++) {
			uint32_t id = v->ids[t];

			if (w->mark[id] != w->stamp) {
				w->mark[id] = w->stamp;
				w->count[id] = 0;
			}
			w->count[id]++;
		}
	}
}

/* The squared norm of v over the words not of its template. */
static double left_norm2(const ad_svec *v, const seen *w)
{
	double s = 0.0;
	uint32_t t;

	for (t = 0; t < v->n; t++)
		if (!template_word(w, v->ids[t]))
			s += (double)v->w[t] * v->w[t];
	return s;
}

/* The cosine of a's and b's descriptions without their template's
 * words. */
static double left_cosine(const ad_svec *a, const ad_svec *b,
			  const seen *w, double whole)
{
	double na = left_norm2(a, w), nb = left_norm2(b, w);
	double dot = 0.0;
	uint32_t i = 0, k = 0;

	if (na == 0.0 && nb == 0.0)
		return whole; /* nothing but template words: as they stand */
	if (na == 0.0 || nb == 0.0)
		return 0.0;
	while (i < a->n && k < b->n) {
		if (a->ids[i] < b->ids[k]) {
			i++;
		} else if (a->ids[i] > b->ids[k]) {
			k++;
		} else {
			if (!template_word(w, a->ids[i]))
				dot += (double)a->w[i] * b->w[k];
			i++;
			k++;
		}
	}
	return dot / sqrt(na * nb);
}

/* The links shared out to the workers, each with marks of its own. */
typedef struct discount_job {
	const ad_jobs *j;
	ad_link *links;
	size_t n;
	const uint8_t *kinds;
	siblings sb;
	atomic_size_t next;
} discount_job;

static void discount_work(void *ctx, int worker)
{
	discount_job *d = ctx;
	seen w;
	size_t i, end;

	(void)worker;
	memset(&w, 0, sizeof(w));
	w.mark = ad_xcalloc((size_t)d->j->nterms + 1, sizeof(*w.mark));
	w.count = ad_xcalloc((size_t)d->j->nterms + 1, sizeof(*w.count));
	w.name_mark = ad_xcalloc((size_t)d->j->nnames + 1,
				 sizeof(*w.name_mark));
	while ((i = ad_parallel_chunk(&d->next, d->n, 256, &end)) < d->n)
		for (; i < end; i++) {
			ad_link *l = &d->links[i];

			if (!d->kinds[i] || l->same_name || l->description < 0.0)
				continue;
			count_siblings(&w, d->j, &d->sb, l->a, l->b);
			l->description = left_cosine(&d->j->desc[l->a],
						     &d->j->desc[l->b], &w,
						     l->description);
		}
	free(w.mark);
	free(w.count);
	free(w.name_mark);
	free(w.reps);
}

void ad_jobs_discount(const ad_jobs *j, ad_link *links, size_t n,
		      const uint8_t *kinds, int jobs)
{
	discount_job d;

	d.j = j;
	d.links = links;
	d.n = n;
	d.kinds = kinds;
	/* the siblings are the links' before any is discounted */
	sibling_rows(&d.sb, j->ndocs, links, n, kinds);
	copies_out(&d.sb, j, jobs);
	atomic_init(&d.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, n, 1024), discount_work, &d);
	free(d.sb.start);
	free(d.sb.end);
	free(d.sb.id);
}
