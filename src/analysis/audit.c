/*
 * audit.c - the pipeline, composed.
 *
 * Files are read, parsed and tokenized by a pool of threads, each with its
 * own tokenizer (libstemmer and the word cache are not shared); each file
 * lands in its own slot, so the outcome does not depend on scheduling. The
 * per-thread vocabularies are then merged and renumbered in stem order.
 * Then, in order: agent and rule vectors (vectors.h); the rule inventory;
 * the agent join; the candidates of links; section vectors and their
 * alignment; the links that hold and their clusters; canonical picks and
 * merge plans; collisions. Vectors, joins and full alignments run on the
 * same number of threads, each piece of work written to a place of its
 * own. The output is the same bytes whatever the number of threads.
 */
#include "agentdup/audit.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agentdup/arena.h"
#include "agentdup/collide.h"
#include "agentdup/link.h"
#include "agentdup/parallel.h"
#include "agentdup/plan.h"
#include "agentdup/vectors.h"

typedef struct slot {
	ad_doc *doc;     /* NULL when the file was skipped */
	ad_error err;    /* why it was skipped */
	int worker;      /* which tokenizer gave the doc its term ids */
} slot;

typedef struct pool {
	const ad_corpus *corpus;
	slot *slots;
	size_t n;      /* files, then texts */
	size_t nfiles;
	atomic_size_t next;
	atomic_size_t done;
	ad_tokenizer **toks;
	uint32_t **remap; /* per tokenizer: its term ids to final ids */
	const ad_audit_opts *opts;
} pool;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void analyse_file(pool *p, size_t i, int id, uint32_t **ids,
			 size_t *cap)
{
	slot *s = &p->slots[i];
	const ad_source *src;
	char *text = NULL;
	size_t len = 0;

	if (i >= p->nfiles) { /* given as text */
		const ad_text *t = &p->opts->texts[i - p->nfiles];

		if (ad_doc_parse(&s->doc, t->path, t->text, t->len, &s->err) == 0) {
			ad_vocab_tokenize_doc(s->doc, p->toks[id], ids, cap);
			s->worker = id;
			s->doc->text = NULL;
		}
		return;
	}
	src = ad_corpus_source(p->corpus, i);
	if (ad_corpus_read(&text, &len, src, &s->err) == 0 &&
	    ad_doc_parse(&s->doc, src->rel, text, len, &s->err) == 0) {
		ad_vocab_tokenize_doc(s->doc, p->toks[id], ids, cap);
		s->worker = id;
		s->doc->text = NULL; /* borrowed from the buffer freed here */
	}
	free(text);
}

static void work(void *ctx, int id)
{
	pool *p = ctx;
	uint32_t *ids = NULL;
	size_t cap = 0, i, step = p->n / 100 + 1;

	while ((i = ad_parallel_next(&p->next, p->n, 1)) < p->n) {
		size_t done;

		analyse_file(p, i, id, &ids, &cap);
		done = atomic_fetch_add(&p->done, 1) + 1;
		if (id == 0 && p->opts->progress && done % step == 0)
			p->opts->progress(done, p->n, p->opts->progress_payload);
	}
	free(ids);
}

static void add_problem(ad_audit *a, size_t *cap, ad_severity sev,
			const char *path, int line, const char *msg)
{
	ad_problem *p;

	ad_grow(&a->problems, cap, a->nproblems + 1, sizeof(*a->problems));
	p = &a->problems[a->nproblems++];
	p->severity = sev;
	p->path = ad_arena_strdup(a->arena, path);
	p->line = line;
	p->msg = ad_arena_strdup(a->arena, msg);
}

/* Move docs out of the slots, in order, and record every problem. */
static void collect(ad_audit *a, pool *p, size_t *cap)
{
	size_t i, k;

	a->docs = ad_xcalloc(p->n + 1, sizeof(*a->docs));
	for (i = 0; i < p->n; i++) {
		slot *s = &p->slots[i];
		ad_doc *d = s->doc;

		if (!d) {
			add_problem(a, cap, AD_SEV_ERROR, s->err.path, s->err.line,
				    s->err.msg);
			a->nskipped++;
			continue;
		}
		for (k = 0; k < d->nwarnings; k++)
			add_problem(a, cap, AD_SEV_WARNING, d->path,
				    d->warning_lines[k], ad_doc_warning_msg(d, k));
		a->nwarnings += d->nwarnings;
		a->docs[a->ndocs++] = d;
	}
}

/* Every doc's term ids from its tokenizer's numbering to the final one. */
static void remap_work(void *ctx, int worker)
{
	pool *p = ctx;
	size_t i, end;

	(void)worker;
	while ((i = ad_parallel_next(&p->next, p->n, 64)) < p->n)
		for (end = i + 64 < p->n ? i + 64 : p->n; i < end; i++)
			if (p->slots[i].doc)
				ad_vocab_remap_doc(p->slots[i].doc,
						   p->remap[p->slots[i].worker]);
}

static void merge_vocab(ad_audit *a, pool *p, int njobs)
{
	uint32_t **remap = ad_xcalloc((size_t)njobs, sizeof(*remap));
	uint32_t *final_of;
	int k;

	for (k = 0; k < njobs; k++)
		remap[k] = ad_vocab_merge(a->vocab, p->toks[k]);
	final_of = ad_vocab_finish(a->vocab);
	for (k = 0; k < njobs; k++) {
		uint32_t t, n = ad_strtab_count(ad_tokenizer_terms(p->toks[k]));
		for (t = 0; t < n; t++)
			remap[k][t] = final_of[remap[k][t]];
	}
	p->remap = remap;
	atomic_store(&p->next, 0);
	ad_parallel_run(njobs, remap_work, p);
	for (k = 0; k < njobs; k++)
		free(remap[k]);
	free(remap);
	free(final_of);
}

/* Agents with this many shared rule groups in common are related: all
 * their sections are compared (align.h). */
#define AD_ALIGN_RELATED_GROUPS 5

static int make_tokenizers(pool *p, int njobs, const ad_audit_opts *opts,
			   ad_error *err)
{
	int k, rc;

	p->toks = ad_xcalloc((size_t)njobs, sizeof(*p->toks));
	for (k = 0; k < njobs; k++)
		if ((rc = ad_tokenizer_new(&p->toks[k], &opts->tokenizer, err)))
			return rc;
	return 0;
}

static void free_pool(pool *p, int njobs)
{
	int k;

	for (k = 0; p->toks && k < njobs; k++)
		ad_tokenizer_free(p->toks[k]);
	free(p->toks);
	free(p->slots);
}

static void walk_paths(ad_audit *a, ad_corpus *corpus,
		       const char *const *paths, size_t npaths,
		       const ad_audit_opts *opts, size_t *cap);

/* Parse every file into a->docs; returns non-zero only for bad options. */
static int load(ad_audit *a, const char *const *paths, size_t npaths,
		const ad_audit_opts *opts, size_t *cap, ad_error *err)
{
	ad_corpus *corpus = ad_corpus_new();
	double t0 = now();
	pool p;
	int njobs, rc;

	memset(&p, 0, sizeof(p));
	walk_paths(a, corpus, paths, npaths, opts, cap);
	a->timing.walk = now() - t0;
	p.corpus = corpus;
	p.nfiles = a->nfiles = ad_corpus_count(corpus);
	p.n = p.nfiles + opts->ntexts;
	p.slots = ad_xcalloc(p.n + 1, sizeof(*p.slots));
	p.opts = opts;
	/* threads do not pay off on a few files */
	njobs = ad_parallel_jobs(opts->jobs, p.n, 16);
	rc = make_tokenizers(&p, njobs, opts, err);
	if (rc == 0) {
		ad_parallel_run(njobs, work, &p);
		merge_vocab(a, &p, njobs);
		collect(a, &p, cap);
	}
	free_pool(&p, njobs);
	ad_corpus_free(corpus);
	return rc;
}

typedef struct walk_ctx {
	ad_audit *a;
	size_t *cap;
} walk_ctx;

static void on_walk_diag(const ad_diag *d, void *payload)
{
	walk_ctx *w = payload;
	add_problem(w->a, w->cap, d->severity, d->path, d->line, d->msg);
}

static void walk_paths(ad_audit *a, ad_corpus *corpus,
		       const char *const *paths, size_t npaths,
		       const ad_audit_opts *opts, size_t *cap)
{
	walk_ctx w = {a, cap};
	ad_error err = AD_ERROR_INIT;
	size_t i;

	for (i = 0; i < npaths; i++)
		if (ad_corpus_add(corpus, paths[i], &opts->corpus, on_walk_diag,
				  &w, &err) != 0) {
			add_problem(a, cap, AD_SEV_ERROR, paths[i], 0, err.msg);
			a->nskipped++;
		}
}

/* The rule inventory: wordings joined, grouped. */
static int rule_groups(ad_audit *a, int jobs, ad_error *err)
{
	ad_inventory_input in;
	double t0 = now();
	int rc;

	memset(&in, 0, sizeof(in));
	in.rule_vecs = a->rule_vecs;
	in.form_of = a->rule_form;
	in.doc_of = a->rule_doc;
	in.nrules = a->nrules;
	in.nforms = a->nforms;
	in.threshold = a->rule_threshold;
	in.house_limit = ad_house_limit(a->ndocs);
	in.jobs = jobs;
	rc = ad_inventory_build(&a->inventory, &in, err);
	a->timing.rules = now() - t0;
	return rc;
}

/* Per section, its shared rule groups (house style left out), without
 * repeats, in compressed rows. */
static void section_groups(const ad_audit *a, size_t **start, uint32_t **ids)
{
	size_t i, k, n = 0;
	uint32_t r;

	*start = ad_xmalloc((a->nsections + 2) * sizeof(**start));
	*ids = ad_xmalloc((a->nrules + 1) * sizeof(**ids));
	for (i = 0; i < a->nsections; i++) {
		uint32_t d = a->section_doc[i];
		const ad_section *s = &a->docs[d]->sections[i - a->section_base[d]];
		size_t first = n;

		(*start)[i] = n;
		for (r = 0; r < s->nrules; r++) {
			uint32_t g = a->inventory.group_of[a->rule_base[d] +
							  s->first_rule + r];
			const ad_rule_group *rg = &a->inventory.groups[g];

			if (rg->nagents < 2 || rg->boilerplate)
				continue;
			for (k = first; k < n && (*ids)[k] != g; k++)
				;
			if (k == n)
				(*ids)[n++] = g;
		}
	}
	(*start)[a->nsections] = n;
}

/* All n * (n - 1) / 2 pairs of agents, sorted. */
static ad_pair *every_pair(size_t n, size_t *npairs)
{
	ad_pair *p = ad_xmalloc((n * (n - 1) / 2 + 1) * sizeof(*p));
	size_t i, j, k = 0;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			p[k].a = (uint32_t)i;
			p[k].b = (uint32_t)j;
			p[k++].score = 0.0;
		}
	*npairs = k;
	return p;
}

/* Sections aligned across agents; in full within the candidate pairs of
 * links (cands: ncands, sorted). */
static int align_sections(ad_audit *a, const ad_link *cands, size_t ncands,
			  int jobs, ad_error *err)
{
	ad_align_input al;
	uint32_t limit = ad_house_limit(a->ndocs);
	uint8_t *house = ad_xcalloc(a->nsections + 1, 1);
	uint32_t *title = ad_xmalloc((a->nsections + 1) * sizeof(*title));
	ad_pair *full = ad_xmalloc((ncands + 1) * sizeof(*full));
	size_t *gstart;
	uint32_t *groups;
	double t0 = now();
	size_t i;
	int rc;

	for (i = 0; i < a->nsections; i++) {
		const ad_doc *d = a->docs[a->section_doc[i]];
		const ad_section *s = &d->sections[i - a->section_base[a->section_doc[i]]];

		house[i] = s->ntitle_terms > 0 && a->title_spread[i] > limit;
		title[i] = s->ntitle_terms ? a->title_form[i] : UINT32_MAX;
	}
	for (i = 0; i < ncands; i++) {
		full[i].a = cands[i].a;
		full[i].b = cands[i].b;
		full[i].score = cands[i].score;
	}
	if (a->align_all) {
		free(full);
		full = every_pair(a->ndocs, &ncands);
	}
	section_groups(a, &gstart, &groups);
	memset(&al, 0, sizeof(al));
	al.section_vecs = a->section_vecs;
	al.nsections = a->nsections;
	al.doc_of = a->section_doc;
	al.section_base = a->section_base;
	al.house = house;
	al.full = full;
	al.nfull = ncands;
	al.title_form = title;
	al.group_start = gstart;
	al.groups = groups;
	al.threshold = a->section_threshold;
	al.jobs = jobs;
	rc = ad_align_build(&a->alignments, &al, err);
	free(house);
	free(full);
	free(title);
	free(gstart);
	free(groups);
	a->timing.sections = now() - t0;
	return rc;
}

/* Every pair that may be linked (link.h), with its evidence counts. */
static void link_candidates(ad_audit *a)
{
	ad_link_input in;
	ad_pair *sharing;
	uint8_t *house = ad_xcalloc(a->inventory.ngroups + 1, 1);
	size_t i;

	for (i = 0; i < a->inventory.ngroups; i++)
		house[i] = (uint8_t)a->inventory.groups[i].boilerplate;
	memset(&in, 0, sizeof(in));
	sharing = ad_inventory_agent_pairs(&a->inventory, a->rule_doc,
					   AD_ALIGN_RELATED_GROUPS, &in.nsharing);
	in.docs = (const ad_doc *const *)a->docs;
	in.ndocs = a->ndocs;
	in.agent_vecs = a->agent_vecs;
	in.pairs = a->pairs;
	in.npairs = a->npairs;
	in.sharing = sharing;
	in.threshold = a->threshold;
	in.title_form = a->title_form;
	in.section_base = a->section_base;
	in.group_of = a->inventory.group_of;
	in.house_group = house;
	in.rule_base = a->rule_base;
	ad_link_candidates(&a->links, &a->nlinks, &in);
	free(house);
	free(sharing);
}

/* Keep the links the evidence bears out; pairs[i] and links[i] are then
 * the same pair. */
static void keep_links(ad_audit *a)
{
	size_t i;

	a->ncandidates = a->nlinks;
	ad_link_decide(a->links, &a->nlinks, a->threshold, &a->alignments,
		       a->link_kinds);
	a->npairs = a->nlinks;
	a->pairs = ad_xrealloc(a->pairs, (a->npairs + 1) * sizeof(*a->pairs));
	for (i = 0; i < a->npairs; i++) {
		a->pairs[i].a = a->links[i].a;
		a->pairs[i].b = a->links[i].b;
		a->pairs[i].score = a->links[i].score;
	}
}

/* The agent join, the candidates of links, section vectors and their
 * alignment, then the links that hold and their clusters. */
static int link_and_cluster(ad_audit *a, int jobs, ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	uint32_t *size;
	double t0 = now();
	size_t i;
	int rc;

	jo.threshold = a->threshold;
	jo.jobs = jobs;
	rc = ad_simjoin_run(&a->pairs, &a->npairs, a->agent_vecs, a->ndocs, &jo,
			    &a->join_stats, err);
	a->timing.join = now() - t0;
	if (rc)
		return rc;
	t0 = now();
	link_candidates(a);
	a->timing.cluster = now() - t0;
	t0 = now();
	ad_vectors_sections(a, jobs);
	a->timing.vectors += now() - t0;
	if ((rc = align_sections(a, a->links, a->nlinks, jobs, err)))
		return rc;
	t0 = now();
	keep_links(a);
	size = ad_xmalloc((a->ndocs + 1) * sizeof(*size));
	for (i = 0; i < a->ndocs; i++)
		size[i] = (uint32_t)a->docs[i]->nrules;
	ad_cluster_build(&a->clustering, a->pairs, a->npairs, a->agent_vecs,
			 a->ndocs, size);
	free(size);
	a->timing.cluster += now() - t0;
	return 0;
}

static int check_threshold(const char *what, double t, ad_error *err)
{
	if (t > 0.0 && t <= 1.0)
		return 0;
	return ad_error_set(err, AD_EINVAL, "%s must be in (0, 1], not %g",
			    what, t);
}

int ad_audit_run(ad_audit **out, const char *const *paths, size_t npaths,
		 const ad_audit_opts *opts, ad_error *err)
{
	ad_audit *a = ad_xcalloc(1, sizeof(*a));
	size_t cap = 0;
	double t0 = now();
	int rc;

	*out = NULL;
	a->arena = ad_arena_new();
	a->vocab = ad_vocab_new();
	a->threshold = opts->threshold;
	a->section_threshold = opts->section_threshold;
	a->rule_threshold = opts->rule_threshold;
	a->link_kinds = opts->links;
	a->align_all = opts->align_all;
	if ((rc = check_threshold("threshold", opts->threshold, err)) ||
	    (rc = check_threshold("section threshold",
				  opts->section_threshold, err)) ||
	    (rc = check_threshold("rule threshold", opts->rule_threshold,
				  err)))
		goto done;
	if ((rc = load(a, paths, npaths, opts, &cap, err)))
		goto done;
	a->timing.load_parse = now() - t0;
	if (opts->load_only)
		goto done;
	t0 = now();
	ad_vectors_build(a, opts->jobs);
	a->timing.vectors = now() - t0;
	if ((rc = rule_groups(a, opts->jobs, err)) ||
	    (rc = link_and_cluster(a, opts->jobs, err)))
		goto done;
	t0 = now();
	ad_plan_clusters(a);
	rc = ad_collide(a, opts->jobs, err);
	a->timing.plan = now() - t0;
done:
	if (rc) {
		ad_audit_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void ad_audit_free(ad_audit *audit)
{
	size_t i;

	if (!audit)
		return;
	for (i = 0; i < audit->ndocs; i++)
		ad_doc_free(audit->docs[i]);
	free(audit->docs);
	free(audit->pairs);
	free(audit->links);
	free(audit->collisions);
	free(audit->problems);
	free(audit->rule_form);
	free(audit->title_form);
	ad_alignments_dispose(&audit->alignments);
	ad_inventory_dispose(&audit->inventory);
	ad_clustering_dispose(&audit->clustering);
	ad_vocab_free(audit->vocab);
	ad_arena_free(audit->arena);
	free(audit);
}

const ad_link *ad_audit_link(const ad_audit *audit, uint32_t x, uint32_t y)
{
	uint32_t a = x < y ? x : y, b = x < y ? y : x;
	size_t lo = 0, hi = audit->npairs;

	while (lo < hi) { /* links are sorted by (a, b) */
		size_t mid = lo + (hi - lo) / 2;
		const ad_link *l = &audit->links[mid];

		if (l->a < a || (l->a == a && l->b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < audit->npairs && audit->links[lo].a == a &&
	    audit->links[lo].b == b)
		return &audit->links[lo];
	return NULL;
}
