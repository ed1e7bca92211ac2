/*
 * baseline_diff.c - what an audit adds to a baseline, what it no longer
 * has, and which records name content that is gone.
 *
 * Method: each doc of the audit is first given the baseline agent it is
 * (resolve()): the one named by its content key; else, for a content the
 * baseline does not know, the agent it recorded at the doc's path (a file
 * edited in place). Docs of one known content beyond the
 * number of paths the baseline recorded for it are copies (mark_copies():
 * docs at recorded paths stay, renamed ones fill the other places in doc
 * order, the rest are copies of the first doc that stays).
 *
 * Then every link and every shared-rule occurrence of the audit is looked
 * up among the baseline's records by its agents (a binary search each,
 * O((n + m) log m) in all); a record found is marked. What is not found is
 * new, except a copy's links to other copies of its content: only its
 * link to the doc it copies is a finding, and it links to the rest of the
 * collection as that doc does. A new rule occurrence becomes detail of a
 * new link of its doc to a doc carrying the same wording, the highest
 * scored, when there is one. Records left unmarked are fixed; those
 * found only through docs found by their path are stale.
 */
#include "track/baseline_internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/sort.h"

#define NONE UINT32_MAX

enum { VIA_NONE, VIA_CONTENT, VIA_PATH };

/* How a record of the baseline was found in the audit: through docs
 * found by content only, or through a doc found by its path. */
enum { HIT_CONTENT = 1, HIT_PATH = 2 };

/* The audit's docs as the baseline's agents. */
typedef struct resolution {
	uint32_t *agent;       /* per doc: its baseline agent, or NONE */
	unsigned char *via;    /* per doc: VIA_* */
	uint32_t *orig;        /* per doc: a copy's original, else NONE */
	unsigned char *edited; /* per agent: a doc found by its path */
} resolution;

/* A new link, and its docs: the finding's path first. */
typedef struct new_link {
	ad_finding f;
	uint32_t doc[2];
} new_link;

/* A new rule occurrence, and the new link it is the detail of (an index
 * in the sorted links), or SIZE_MAX. */
typedef struct new_rule {
	ad_finding f;
	uint32_t doc;
	size_t parent;
} new_rule;

/* The comparison under way. */
typedef struct differ {
	const ad_baseline *b;
	const ad_audit *a;
	resolution r;
	ad_bl_occ *occ;
	size_t nocc;
	unsigned char *link_hit, *rule_hit; /* per baseline record: HIT_* */
	new_link *links;
	size_t nlinks;
	new_rule *rules;
	size_t nrules;
} differ;

/* ---- the docs as agents ---- */

static const char *agent_name(const ad_baseline *b, uint32_t id)
{
	return ad_strtab_str(b->agents, id, NULL);
}

/* Whether the baseline records path for agent. */
static int has_file(const ad_baseline *b, uint32_t agent, const char *path)
{
	uint32_t p = ad_strtab_find(b->paths, path, strlen(path));
	size_t i;

	if (p == NONE)
		return 0;
	for (i = b->first_file[agent]; i < b->first_file[agent + 1]; i++)
		if (b->files[i].path == p)
			return 1;
	return 0;
}

/* By content key, or in formats 1 and 2 by path; then, in format 3, a
 * doc of a content the baseline does not know by the agent it recorded
 * at the doc's path. */
static void resolve(resolution *r, const ad_baseline *b, const ad_audit *a)
{
	size_t n = a->collection->ndocs, d;
	const char **keys = ad_baseline_doc_keys(a);
	int by_key = b->version > AD_BASELINE_BY_PATH;

	for (d = 0; d < n; d++) {
		const char *name = by_key ? keys[d] : ad_audit_doc(a, d)->path;
		uint32_t id = name ? ad_strtab_find(b->agents, name,
						    strlen(name))
				   : NONE;

		r->agent[d] = id;
		r->orig[d] = NONE;
		if (id != NONE)
			r->via[d] = VIA_CONTENT;
	}
	for (d = 0; by_key && d < n; d++) {
		const char *path = ad_audit_doc(a, d)->path;
		uint32_t p = ad_strtab_find(b->paths, path, strlen(path));
		uint32_t id = p == NONE ? NONE : b->path_agent[p];

		if (r->agent[d] != NONE || id == NONE)
			continue;
		r->agent[d] = id;
		r->via[d] = VIA_PATH;
		r->edited[id] = 1;
	}
	free(keys);
}

/* The docs d[0..n) of one agent: the copies among them. */
static void copies_of(resolution *r, const ad_baseline *b,
		      const ad_audit *a, const uint32_t *d, size_t n)
{
	uint32_t agent = r->agent[d[0]], first = NONE;
	size_t places = b->first_file[agent + 1] - b->first_file[agent];
	size_t recorded = 0, i;

	if (n <= places || places == 0)
		return; /* no more files than recorded: renames at most */
	for (i = 0; i < n; i++)
		recorded += has_file(b, agent, ad_audit_doc(a, d[i])->path);
	places -= recorded < places ? recorded : places;
	for (i = 0; i < n; i++) {
		if (!has_file(b, agent, ad_audit_doc(a, d[i])->path)) {
			if (places) {
				places--;
			} else {
				r->orig[d[i]] = 0; /* set below */
				continue;
			}
		}
		if (first == NONE)
			first = d[i];
	}
	for (i = 0; i < n; i++)
		if (r->orig[d[i]] != NONE)
			r->orig[d[i]] = first;
}

/* The docs found by content, by agent, then in doc order. */
static void mark_copies(resolution *r, const ad_baseline *b,
			const ad_audit *a)
{
	size_t n = a->collection->ndocs, m = 0, i, j;
	uint64_t *key = ad_xmalloc((n + 1) * sizeof(*key));
	uint32_t *d = ad_xmalloc((n + 1) * sizeof(*d));

	for (i = 0; i < n; i++)
		if (r->via[i] == VIA_CONTENT)
			key[m++] = (uint64_t)r->agent[i] << 32 | i;
	ad_sort_u64(key, m);
	for (i = 0; i < m; i++)
		d[i] = (uint32_t)key[i];
	for (i = 0; i < m; i = j) {
		for (j = i + 1; j < m && r->agent[d[j]] == r->agent[d[i]]; j++)
			;
		copies_of(r, b, a, d + i, j - i);
	}
	free(key);
	free(d);
}

static void resolution_init(resolution *r, const ad_baseline *b,
			    const ad_audit *a)
{
	size_t n = a->collection->ndocs + 1;
	size_t nagents = ad_strtab_count(b->agents) + 1;

	r->agent = ad_xmalloc(n * sizeof(*r->agent));
	r->via = ad_xcalloc(n, 1);
	r->orig = ad_xmalloc(n * sizeof(*r->orig));
	r->edited = ad_xcalloc(nagents, 1);
	resolve(r, b, a);
	if (b->version > AD_BASELINE_BY_PATH)
		mark_copies(r, b, a); /* a copy is of a content */
}

static void resolution_dispose(resolution *r)
{
	free(r->agent);
	free(r->via);
	free(r->orig);
	free(r->edited);
}

/* ---- the baseline's records ---- */

/* The first rule record not less than (wording, agent). */
static size_t lower_bound(const ad_baseline *b, const ad_wkey *wording,
			  uint32_t agent)
{
	size_t lo = 0, hi = b->nrules;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ad_bl_rule *r = &b->rules[mid];
		int c = ad_baseline_wkey_cmp(&r->wording, wording);

		if (c < 0 || (c == 0 && r->agent < agent))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Agents carrying wording in b. */
static uint32_t known_agents(const ad_baseline *b, const ad_wkey *wording)
{
	size_t lo = lower_bound(b, wording, 0), hi = lo;

	while (hi < b->nrules &&
	       ad_baseline_wkey_cmp(&b->rules[hi].wording, wording) == 0)
		hi++;
	return (uint32_t)(hi - lo);
}

/* The index of the rule record (wording, agent), or NONE. */
static uint32_t find_rule(const ad_baseline *b, const ad_wkey *wording,
			  uint32_t agent)
{
	size_t i = lower_bound(b, wording, agent);

	if (i < b->nrules &&
	    ad_baseline_wkey_cmp(&b->rules[i].wording, wording) == 0 &&
	    b->rules[i].agent == agent)
		return (uint32_t)i;
	return NONE;
}

/* The index of the link record between agents p and q, or NONE. */
static uint32_t find_link(const ad_baseline *b, uint32_t p, uint32_t q)
{
	size_t lo = 0, hi = b->nlinks;
	uint32_t x = p < q ? p : q, y = p < q ? q : p;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ad_bl_link *l = &b->links[mid];

		if (l->a < x || (l->a == x && l->b < y))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < b->nlinks && b->links[lo].a == x && b->links[lo].b == y)
		return (uint32_t)lo;
	return NONE;
}

/* How a record found through docs d and e was found (HIT_*). */
static unsigned char hit_by(const differ *df, uint32_t d, uint32_t e)
{
	if (df->r.via[d] == VIA_PATH || df->r.via[e] == VIA_PATH)
		return HIT_PATH;
	return HIT_CONTENT;
}

/* ---- new links ---- */

static void add_link(differ *df, const ad_link *l, uint32_t d, uint32_t o,
		     int copy)
{
	new_link *nl = &df->links[df->nlinks++];
	ad_finding *f = &nl->f;
	const char *p = ad_audit_doc(df->a, d)->path;
	const char *q = ad_audit_doc(df->a, o)->path;

	if (!copy && strcmp(p, q) > 0) {
		const char *t = p;
		uint32_t u = d;

		p = q;
		q = t;
		d = o;
		o = u;
	}
	memset(f, 0, sizeof(*f));
	f->kind = AD_FINDING_LINK;
	f->path = p;
	f->other = q;
	f->links = l->kind;
	f->score = l->score;
	f->copy = copy;
	nl->doc[0] = d;
	nl->doc[1] = o;
}

/* A link that has a copy in it: the copy's link to its original is new;
 * its links to other docs of its content are none; its links to the rest
 * are its original's (0: look the link up). */
static int copy_link(differ *df, const ad_link *l)
{
	const resolution *r = &df->r;

	if (r->orig[l->a] == NONE && r->orig[l->b] == NONE)
		return 0;
	if (r->agent[l->a] != r->agent[l->b] || r->via[l->a] != VIA_CONTENT ||
	    r->via[l->b] != VIA_CONTENT)
		return 0;
	if (r->orig[l->a] == l->b)
		add_link(df, l, l->a, l->b, 1);
	else if (r->orig[l->b] == l->a)
		add_link(df, l, l->b, l->a, 1);
	return 1;
}

static void new_links(differ *df)
{
	const ad_audit *a = df->a;
	size_t i;

	for (i = 0; i < a->links.n; i++) {
		const ad_link *l = &a->links.list[i];
		uint32_t p = df->r.agent[l->a], q = df->r.agent[l->b], k;

		if (copy_link(df, l))
			continue;
		if (p != NONE && q != NONE &&
		    (k = find_link(df->b, p, q)) != NONE) {
			df->link_hit[k] |= hit_by(df, l->a, l->b);
			continue;
		}
		add_link(df, l, l->a, l->b, 0);
	}
}

/* ---- new rule occurrences ---- */

static const ad_rule *rule_at(const ad_audit *a, const ad_bl_occ *o)
{
	return &ad_audit_doc(a, o->doc)
			->rules[o->rule - a->collection->at.rule_base[o->doc]];
}

static void add_rule(differ *df, const ad_bl_occ *o)
{
	new_rule *nr = &df->rules[df->nrules++];
	ad_finding *f = &nr->f;
	const ad_audit *a = df->a;
	const ad_rule *r = rule_at(a, o);
	const ad_rule_group *g =
		&a->inventory.groups[a->inventory.group_of[o->rule]];

	nr->doc = o->doc;
	nr->parent = SIZE_MAX;
	memset(f, 0, sizeof(*f));
	f->kind = AD_FINDING_RULE;
	f->path = ad_audit_doc(a, o->doc)->path;
	f->line = r->line;
	f->text = r->text;
	memcpy(f->wording, o->wording.b, sizeof(f->wording));
	f->known = known_agents(df->b, &o->wording);
	f->nagents = g->nagents;
	f->boilerplate = g->boilerplate;
}

static void new_rules(differ *df)
{
	size_t k;

	for (k = 0; k < df->nocc; k++) {
		const ad_bl_occ *o = &df->occ[k];
		uint32_t agent = df->r.agent[o->doc], hit;

		if (df->r.orig[o->doc] == NONE && agent != NONE &&
		    (hit = find_rule(df->b, &o->wording, agent)) != NONE)
			df->rule_hit[hit] |= hit_by(df, o->doc, o->doc);
		else
			add_rule(df, o);
	}
}

/* ---- detail ---- */

/* Whether doc carries the wording w in the audit. */
static int carries(const differ *df, const unsigned char *w, uint32_t doc)
{
	size_t lo = 0, hi = df->nocc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ad_bl_occ *o = &df->occ[mid];
		int c = memcmp(o->wording.b, w, sizeof(o->wording.b));

		if (c < 0 || (c == 0 && o->doc < doc))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < df->nocc &&
	       memcmp(df->occ[lo].wording.b, w, AD_HASH_BYTES) == 0 &&
	       df->occ[lo].doc == doc;
}

/* Each new rule's link: the best new link of its doc to a doc carrying
 * the wording, or NONE. head and next chain the links by doc. */
static void attach(differ *df)
{
	size_t n = df->a->collection->ndocs, i, *head, *next;

	head = ad_xmalloc((n + 1) * sizeof(*head));
	next = ad_xmalloc((2 * df->nlinks + 1) * sizeof(*next));
	for (i = 0; i < n; i++)
		head[i] = SIZE_MAX;
	for (i = 0; i < 2 * df->nlinks; i++) {
		uint32_t d = df->links[i / 2].doc[i % 2];

		next[i] = head[d];
		head[d] = i;
	}
	for (i = 0; i < df->nrules; i++) {
		const ad_finding *f = &df->rules[i].f;
		uint32_t d = df->rules[i].doc;
		size_t e, best = SIZE_MAX;

		for (e = head[d]; e != SIZE_MAX; e = next[e]) {
			size_t l = e / 2;
			uint32_t o = df->links[l].doc[1 - e % 2];

			if (!carries(df, f->wording, o))
				continue;
			/* the chain runs from the last link: on a tie of
			 * scores the earliest wins */
			if (best == SIZE_MAX ||
			    df->links[l].f.score >= df->links[best].f.score)
				best = l;
		}
		df->rules[i].parent = best;
	}
	free(head);
	free(next);
}

/* ---- the findings in order ---- */

static int finding_cmp(const ad_finding *p, const ad_finding *q)
{
	int c = strcmp(p->path, q->path);

	if (c)
		return c;
	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	if (p->kind == AD_FINDING_LINK)
		return strcmp(p->other, q->other);
	return memcmp(p->wording, q->wording, sizeof(p->wording));
}

static int link_cmp(const void *x, const void *y)
{
	const new_link *p = x, *q = y;

	return finding_cmp(&p->f, &q->f);
}

/* Detail by its link, standalone rules last. */
static int rule_cmp(const void *x, const void *y)
{
	const new_rule *p = x, *q = y;

	if (p->parent != q->parent)
		return p->parent < q->parent ? -1 : 1;
	return finding_cmp(&p->f, &q->f);
}

/* Links and standalone rules merged in order, each link followed by its
 * detail. */
static void assemble(ad_baseline_diff *out, differ *df)
{
	size_t i = 0, j = 0, k = 0, n = 0, standalone;
	ad_finding *f = ad_xmalloc((df->nlinks + df->nrules + 1) * sizeof(*f));

	for (standalone = 0; standalone < df->nrules &&
			     df->rules[standalone].parent != SIZE_MAX;
	     standalone++)
		;
	j = standalone;
	while (i < df->nlinks || j < df->nrules) {
		if (j == df->nrules ||
		    (i < df->nlinks &&
		     finding_cmp(&df->links[i].f, &df->rules[j].f) < 0)) {
			size_t at = n;

			f[n++] = df->links[i].f;
			for (; k < standalone && df->rules[k].parent == i; k++) {
				f[n] = df->rules[k].f;
				f[n++].detail = 1;
			}
			f[at].ndetail = n - at - 1;
			i++;
		} else {
			f[n++] = df->rules[j++].f;
		}
		out->nnew++;
	}
	if (n == 0) {
		free(f);
		f = NULL;
	}
	out->found = f;
	out->nfound = n;
}

/* ---- fixed and stale ---- */

/* A path the baseline recorded for agent, else its name. */
static const char *shown(const ad_baseline *b, uint32_t agent)
{
	if (b->first_file[agent] < b->first_file[agent + 1])
		return ad_strtab_str(b->paths,
				     b->files[b->first_file[agent]].path, NULL);
	return agent_name(b, agent);
}

static ad_baseline_entry *entry(ad_baseline_entry **list, size_t *n,
				size_t *cap)
{
	ad_grow(list, cap, *n + 1, sizeof(**list));
	memset(&(*list)[*n], 0, sizeof(**list));
	return &(*list)[(*n)++];
}

static void unmatched_links(ad_baseline_diff *out, const differ *df,
			    size_t *capf, size_t *caps)
{
	const ad_baseline *b = df->b;
	size_t i;

	for (i = 0; i < b->nlinks; i++) {
		uint32_t p = b->links[i].a, q = b->links[i].b;
		ad_baseline_entry *e;

		if (df->link_hit[i] & HIT_CONTENT)
			continue;
		if (!df->link_hit[i])
			e = entry(&out->fixed, &out->nfixed, capf);
		else
			e = entry(&out->stale, &out->nstale, caps);
		if (df->link_hit[i] && !df->r.edited[p]) {
			uint32_t t = p; /* the edited agent first */

			p = q;
			q = t;
		}
		e->kind = AD_FINDING_LINK;
		e->path = shown(b, p);
		e->other = shown(b, q);
		if (!df->link_hit[i] && strcmp(e->path, e->other) > 0) {
			const char *t = e->path;

			e->path = e->other;
			e->other = t;
		}
	}
}

static void unmatched_rules(ad_baseline_diff *out, const differ *df,
			    size_t *capf, size_t *caps)
{
	const ad_baseline *b = df->b;
	size_t i;

	for (i = 0; i < b->nrules; i++) {
		uint32_t p = b->rules[i].agent;
		ad_baseline_entry *e;

		if (df->rule_hit[i] & HIT_CONTENT)
			continue;
		if (!df->rule_hit[i])
			e = entry(&out->fixed, &out->nfixed, capf);
		else
			e = entry(&out->stale, &out->nstale, caps);
		e->kind = AD_FINDING_RULE;
		e->path = shown(b, p);
		memcpy(e->wording, b->rules[i].wording.b, sizeof(e->wording));
	}
}

static int entry_cmp(const void *x, const void *y)
{
	const ad_baseline_entry *p = x, *q = y;
	int c;

	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	if ((c = strcmp(p->path, q->path)) != 0)
		return c;
	if (p->kind == AD_FINDING_LINK)
		return strcmp(p->other, q->other);
	return memcmp(p->wording, q->wording, sizeof(p->wording));
}

static void unmatched(ad_baseline_diff *out, const differ *df)
{
	size_t capf = 0, caps = 0;

	unmatched_links(out, df, &capf, &caps);
	unmatched_rules(out, df, &capf, &caps);
	if (out->nfixed > 1)
		qsort(out->fixed, out->nfixed, sizeof(*out->fixed), entry_cmp);
	if (out->nstale > 1)
		qsort(out->stale, out->nstale, sizeof(*out->stale), entry_cmp);
}

/* ---- the comparison ---- */

int ad_baseline_diff_run(ad_baseline_diff *out, const ad_baseline *b,
			 const ad_audit *a)
{
	differ df;

	memset(out, 0, sizeof(*out));
	memset(&df, 0, sizeof(df));
	df.b = b;
	df.a = a;
	resolution_init(&df.r, b, a);
	df.occ = ad_baseline_occurrences(a, b->version, &df.nocc);
	df.link_hit = ad_xcalloc(b->nlinks + 1, 1);
	df.rule_hit = ad_xcalloc(b->nrules + 1, 1);
	df.links = ad_xmalloc((a->links.n + 1) * sizeof(*df.links));
	df.rules = ad_xmalloc((df.nocc + 1) * sizeof(*df.rules));
	new_links(&df);
	new_rules(&df);
	if (df.nlinks > 1)
		qsort(df.links, df.nlinks, sizeof(*df.links), link_cmp);
	attach(&df);
	if (df.nrules > 1)
		qsort(df.rules, df.nrules, sizeof(*df.rules), rule_cmp);
	assemble(out, &df);
	unmatched(out, &df);
	resolution_dispose(&df.r);
	free(df.occ);
	free(df.link_hit);
	free(df.rule_hit);
	free(df.links);
	free(df.rules);
	return 0;
}

void ad_baseline_diff_dispose(ad_baseline_diff *d)
{
	if (!d)
		return;
	free(d->found);
	free(d->fixed);
	free(d->stale);
	memset(d, 0, sizeof(*d));
}
