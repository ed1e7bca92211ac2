/*
 * html_data.c - the scan page's data, as doc/html-report.md lays it out.
 *
 * The page's script reads this once and renders each view from it, so
 * the data is shaped for size and for lookups by number: agents, links,
 * rule groups and collisions are columnar (an object of equal-length
 * arrays, each key written once rather than once per row), everything
 * names an agent by its number, and the texts that repeat (rules written
 * the same in many agents, headings, frontmatter values) are written once
 * in "texts" and named by their index there. The index is the id a
 * string table gives a text the first time it is met, so the list comes
 * out in the order the writer meets texts and the data is deterministic.
 * "texts" is written last, when every text has been met.
 *
 * Every text is made one line (control characters and direction overrides
 * as ad_escape_line() leaves them) and cut to a byte limit below, so one
 * hostile 5,000-byte line cannot swell the page. Paths are kept whole:
 * they are what names an agent.
 *
 * Each agent's whole text (frontmatter, sections, rules) is carried only
 * for the agents a compare can open: those with a link, in a cluster or
 * in a collision.
 */
#include "report/html_data.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/escape.h"
#include "base/json.h"
#include "base/strtab.h"
#include "report/page.h"

/* Byte limits on the texts, each followed by an ellipsis when cut. A
 * rule or heading past 400 bytes is a paragraph caught in a list (one
 * text in a hundred on ../shared/corpus); 600 bytes of a description or
 * frontmatter value hold its substance, and a plan's reason or a
 * collision's detail is a sentence or two. */
#define RULE_BYTES 400   /* a rule, a heading, a rule group's wording */
#define DESC_BYTES 600   /* a description */
#define VALUE_BYTES 600  /* a frontmatter value */
#define NAME_BYTES 200   /* a name, a frontmatter key */
#define REASON_BYTES 400 /* a reason, a why, a detail, a problem */

/* Lists cut to a count, what is left out said by a number beside them
 * ("cut", "wordings"). The rules a cluster member adds are in its own
 * doc, so they cost little; those of a role group's members mostly are
 * not (a quarter of the bytes of the texts of ../shared/corpus before the
 * cap), and come best backed first, so the first are the ones to take. */
#define CLUSTER_ADD 200 /* rules of a cluster member's "add" */
#define ROLE_ADD 20     /* rules of a role group member's "add" */
#define FORMS_MAX 5     /* wordings of one rule group */

#define NONE (-1)

#define DENSE AD_JSON_DENSE

typedef struct data {
	ad_json w;
	const ad_audit *a;
	ad_page_texts texts;
	ad_strtab *sources; /* the agents' sources (repositories, PATHs) */
	uint32_t *src;     /* per agent: its source */
	int32_t *cluster, *role, *family, *detail; /* per agent, or NONE */
	size_t ndocs;      /* agents whose text is carried */
} data;

/* ---- texts ---- */

/* s written as a string, one line, at most max bytes; NULL as null. */
static void str(data *d, const char *s, size_t max)
{
	if (!s)
		ad_json_null(&d->w);
	else
		ad_json_string(&d->w, ad_page_line(&d->texts, s, max));
}

/* s written as its index in "texts". */
static void text(data *d, const char *s, size_t max)
{
	ad_json_uint(&d->w, ad_page_text(&d->texts, s, max));
}

/* The same for a text of the audit, which stays where it is. */
static void kept(data *d, const char *s, size_t max)
{
	ad_json_uint(&d->w, ad_page_text_kept(&d->texts, s, max));
}

/* ---- small values ---- */

static void score(data *d, double x)
{
	ad_json_fixed(&d->w, x, 3);
}

static void int_key(data *d, const char *key, long long v)
{
	ad_json_key(&d->w, key);
	ad_json_int(&d->w, v);
}

static void cost(data *d, const char *key, const ad_cost *c)
{
	ad_json_key(&d->w, key);
	ad_json_array(&d->w, DENSE);
	ad_json_uint(&d->w, c->agents);
	ad_json_uint(&d->w, c->always);
	ad_json_uint(&d->w, c->body);
	ad_json_end(&d->w);
}

static void agent_list(data *d, const char *key, const uint32_t *ids,
		       size_t n)
{
	size_t i;

	ad_json_key(&d->w, key);
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++)
		ad_json_uint(&d->w, ids[i]);
	ad_json_end(&d->w);
}

static void score_list(data *d, const char *key, const double *s, size_t n)
{
	size_t i;

	ad_json_key(&d->w, key);
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++)
		score(d, s[i]);
	ad_json_end(&d->w);
}

/* The names of the values 0..n of an enumeration, as a list. */
static void names(data *d, const char *key, const char *(*name)(int),
		  int n)
{
	int i;

	ad_json_key(&d->w, key);
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++)
		ad_json_string(&d->w, name(i));
	ad_json_end(&d->w);
}

static const char *kind_name(int k)
{
	return ad_doc_kind_name((ad_doc_kind)k);
}

static const char *link_kind_name(int k)
{
	return ad_link_kind_name(1u << k);
}

static const char *collision_name(int k)
{
	return ad_collision_kind_name((ad_collision_kind)k);
}

/* ---- what the page knows per agent, worked out first ---- */

static int32_t *per_agent(size_t n)
{
	int32_t *v = ad_xmalloc((n + 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = NONE;
	return v;
}

/* Per agent, the index of the group of c holding it. */
static int32_t *groups_of(const ad_clustering *c, size_t nagents)
{
	int32_t *of = per_agent(nagents);
	size_t i;
	uint32_t k;

	for (i = 0; i < c->n; i++)
		for (k = 0; k < c->clusters[i].n; k++)
			of[c->clusters[i].members[k]] = (int32_t)i;
	return of;
}

static int32_t *families_of(const ad_templates *t, size_t nagents)
{
	int32_t *of = per_agent(nagents);
	size_t i;
	uint32_t k;

	for (i = 0; i < t->n; i++)
		for (k = 0; k < t->families[i].n; k++)
			of[t->members[t->families[i].first + k]] = (int32_t)i;
	return of;
}

/* The agents whose text is carried, numbered in agent order. */
static void details(data *d)
{
	const ad_audit *a = d->a;
	size_t i, n = a->collection->ndocs;
	uint8_t *shown = ad_xcalloc(n + 1, 1);

	for (i = 0; i < a->links.n; i++)
		shown[a->links.list[i].a] = shown[a->links.list[i].b] = 1;
	for (i = 0; i < a->collisions.n; i++)
		shown[a->collisions.list[i].a] =
			shown[a->collisions.list[i].b] = 1;
	d->detail = per_agent(n);
	d->ndocs = 0;
	for (i = 0; i < n; i++)
		if (shown[i] || d->cluster[i] != NONE)
			d->detail[i] = (int32_t)d->ndocs++;
	free(shown);
}

/* Whether the agents were found under more than one PATH. */
static int several_roots(const ad_collection *c)
{
	const char *first = NULL;
	size_t i;

	for (i = 0; i < c->ninputs; i++) {
		const char *root = c->inputs[i].root;

		if (!root || !c->inputs[i].doc)
			continue;
		if (first && strcmp(first, root) != 0)
			return 1;
		first = root;
	}
	return 0;
}

/* The source of an agent: with one PATH scanned, the first folder of its
 * path below it (its repository, in a folder of clones), "." for a file
 * directly in it or named as the PATH; with several, the PATH it was
 * found under, as given. */
static uint32_t source_of(data *d, const ad_input *in, int by_root)
{
	const char *rel = in->rel ? in->rel : in->path;
	const char *slash = strchr(rel, '/');

	if (by_root && in->root)
		return ad_strtab_intern(d->sources, in->root, strlen(in->root));
	if (!slash || slash == rel || in->typed ||
	    (in->root && strcmp(rel, in->root) == 0)) /* a file named */
		return ad_strtab_intern(d->sources, ".", 1);
	return ad_strtab_intern(d->sources, rel, (size_t)(slash - rel));
}

/* The docs are the inputs read, in their order. */
static void sources(data *d)
{
	const ad_collection *c = d->a->collection;
	int by_root = several_roots(c);
	size_t i, k = 0;

	d->sources = ad_strtab_new();
	d->src = ad_xmalloc((c->ndocs + 1) * sizeof(*d->src));
	for (i = 0; i < c->ninputs && k < c->ndocs; i++)
		if (c->inputs[i].doc == c->docs[k])
			d->src[k++] = source_of(d, &c->inputs[i], by_root);
	while (k < c->ndocs) /* not found among the inputs: none known */
		d->src[k++] = ad_strtab_intern(d->sources, ".", 1);
}

static void prepare(data *d, const ad_audit *a)
{
	size_t n = a->collection->ndocs;

	d->a = a;
	ad_page_texts_init(&d->texts);
	d->cluster = groups_of(&a->clustering, n);
	d->role = groups_of(&a->roles, n);
	d->family = families_of(&a->templates, n);
	details(d);
	sources(d);
}

static void dispose(data *d)
{
	ad_page_texts_dispose(&d->texts);
	ad_strtab_free(d->sources);
	free(d->src);
	free(d->cluster);
	free(d->role);
	free(d->family);
	free(d->detail);
}

/* ---- the head: settings, counts, costs, names of kinds, sources ---- */

static void settings(data *d)
{
	const ad_audit_settings *s = &d->a->settings;

	ad_json_key(&d->w, "settings");
	ad_json_object(&d->w, DENSE);
	ad_json_key(&d->w, "threshold");
	score(d, s->threshold);
	ad_json_key(&d->w, "section_threshold");
	score(d, s->section_threshold);
	ad_json_key(&d->w, "rule_threshold");
	score(d, s->rule_threshold);
	ad_json_end(&d->w);
}

/* The shared groups (and the rules in them), of house style or all. */
static void shared_counts(const ad_inventory *inv, int boilerplate,
			  size_t *groups, size_t *rules)
{
	size_t i;

	*groups = *rules = 0;
	for (i = 0; i < inv->nshared; i++) {
		if (boilerplate && !inv->groups[i].boilerplate)
			continue;
		(*groups)++;
		*rules += inv->groups[i].n;
	}
}

static void counts(data *d)
{
	const ad_collection *c = d->a->collection;
	const ad_inventory *inv = &d->a->inventory;
	size_t shared, shared_rules, house, house_rules;

	shared_counts(inv, 0, &shared, &shared_rules);
	shared_counts(inv, 1, &house, &house_rules);
	ad_json_key(&d->w, "counts");
	ad_json_object(&d->w, DENSE);
	int_key(d, "files", (long long)c->nfiles);
	int_key(d, "skipped", (long long)c->nskipped);
	int_key(d, "agents", (long long)c->ndocs);
	int_key(d, "sections", (long long)c->at.nsections);
	int_key(d, "rules", (long long)c->at.nrules);
	int_key(d, "groups", (long long)inv->ngroups);
	int_key(d, "shared", (long long)shared);
	int_key(d, "boilerplate", (long long)house);
	int_key(d, "shared_rules", (long long)shared_rules);
	int_key(d, "boilerplate_rules", (long long)house_rules);
	ad_json_end(&d->w);
}

static void costs(data *d)
{
	const ad_costs *c = &d->a->costs;

	ad_json_key(&d->w, "cost");
	ad_json_object(&d->w, DENSE);
	cost(d, "all", &c->all);
	cost(d, "saved", &c->saved);
	cost(d, "saved_with_roles", &c->saved_with_roles);
	ad_json_end(&d->w);
}

static void source_names(data *d)
{
	uint32_t i, n = ad_strtab_count(d->sources);

	ad_json_key(&d->w, "sources");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++)
		str(d, ad_strtab_str(d->sources, i, NULL), 0);
	ad_json_end(&d->w);
}

static void head(data *d)
{
	ad_json_key(&d->w, "v");
	ad_json_int(&d->w, 1);
	ad_json_key(&d->w, "tool");
	ad_json_string(&d->w, "agentdup " AD_VERSION);
	settings(d);
	counts(d);
	costs(d);
	names(d, "kinds", kind_name, AD_KIND_INSTRUCTIONS + 1);
	names(d, "link_kinds", link_kind_name, AD_LINK_NKINDS);
	names(d, "collision_kinds", collision_name,
	      AD_COLLIDE_DESCRIPTION + 1);
	source_names(d);
}

/* ---- agents ---- */

typedef long long (*agent_value)(const data *d, uint32_t i);

static long long kind_of(const data *d, uint32_t i)
{
	return ad_audit_doc(d->a, i)->kind;
}

static long long src_of(const data *d, uint32_t i)
{
	return d->src[i];
}

static long long always_of(const data *d, uint32_t i)
{
	return ad_audit_doc(d->a, i)->tokens_always;
}

static long long body_of(const data *d, uint32_t i)
{
	return ad_audit_doc(d->a, i)->tokens_body;
}

static long long nsec_of(const data *d, uint32_t i)
{
	return (long long)ad_audit_doc(d->a, i)->nsections;
}

static long long nrules_of(const data *d, uint32_t i)
{
	return (long long)ad_audit_doc(d->a, i)->nrules;
}

static long long cluster_of(const data *d, uint32_t i)
{
	return d->cluster[i];
}

static long long role_of(const data *d, uint32_t i)
{
	return d->role[i];
}

static long long family_of(const data *d, uint32_t i)
{
	return d->family[i];
}

static long long detail_of(const data *d, uint32_t i)
{
	return d->detail[i];
}

/* Field which of item i of a list, as one cell of its column. */
typedef void (*cell_fn)(data *d, size_t i, int which);

/* key: the array of field which of items 0..n-1. */
static void column(data *d, const char *key, size_t n, cell_fn cell,
		   int which)
{
	size_t i;

	ad_json_key(&d->w, key);
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++)
		cell(d, i, which);
	ad_json_end(&d->w);
}

/* key: a list of n items as an object of columns, keys[k] holding
 * field k of each. */
static void table(data *d, const char *key, const char *const *keys,
		  size_t nkeys, size_t n, cell_fn cell)
{
	size_t k;

	ad_json_key(&d->w, key);
	ad_json_object(&d->w, DENSE);
	for (k = 0; k < nkeys; k++)
		column(d, keys[k], n, cell, (int)k);
	ad_json_end(&d->w);
}

static void int_column(data *d, const char *key, agent_value value)
{
	uint32_t i, n = (uint32_t)d->a->collection->ndocs;

	ad_json_key(&d->w, key);
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++)
		ad_json_int(&d->w, value(d, i));
	ad_json_end(&d->w);
}

/* Which text of an agent a string column holds. */
enum { PATH, NAME, DESC };

static void agent_text(data *d, size_t i, int which)
{
	const ad_doc *doc = ad_audit_doc(d->a, (uint32_t)i);

	if (which == PATH)
		str(d, doc->path, 0);
	else if (which == NAME)
		str(d, doc->name, NAME_BYTES);
	else
		str(d, doc->fm.description, DESC_BYTES);
}

static void str_column(data *d, const char *key, int which)
{
	column(d, key, d->a->collection->ndocs, agent_text, which);
}

static void agents(data *d)
{
	ad_json_key(&d->w, "agents");
	ad_json_object(&d->w, DENSE);
	str_column(d, "path", PATH);
	str_column(d, "name", NAME);
	int_column(d, "kind", kind_of);
	int_column(d, "src", src_of);
	str_column(d, "desc", DESC);
	int_column(d, "always", always_of);
	int_column(d, "body", body_of);
	int_column(d, "nsec", nsec_of);
	int_column(d, "nrules", nrules_of);
	int_column(d, "cluster", cluster_of);
	int_column(d, "role", role_of);
	int_column(d, "family", family_of);
	int_column(d, "detail", detail_of);
	ad_json_end(&d->w);
}

/* ---- docs: the text of the agents a compare can open ---- */

/* A frontmatter value: list items joined by ", ". */
static void fm_value(data *d, const ad_fm_field *f, ad_buf *joined)
{
	size_t k;

	ad_buf_clear(joined);
	for (k = 0; k < f->nvalues; k++) {
		if (k)
			ad_buf_puts(joined, ", ");
		ad_buf_puts(joined, f->values[k] ? f->values[k] : "");
	}
	text(d, joined->ptr, VALUE_BYTES);
}

static void frontmatter(data *d, const ad_doc *doc)
{
	ad_buf joined = AD_BUF_INIT;
	size_t i;

	ad_json_key(&d->w, "fm");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < doc->fm.nfields; i++) {
		ad_json_array(&d->w, DENSE);
		str(d, doc->fm.fields[i].key, NAME_BYTES);
		fm_value(d, &doc->fm.fields[i], &joined);
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
	ad_buf_dispose(&joined);
}

/* The shared group of rule r (collection-wide), or NONE when no other
 * agent carries it: shared groups come first in the inventory. */
static long long shared_group(const data *d, size_t r)
{
	uint32_t g = d->a->inventory.group_of[r];

	return g < d->a->inventory.nshared ? (long long)g : NONE;
}

/* A section: heading, level, line, then its rules, three ints each. */
static void section(data *d, const ad_doc *doc, size_t first_rule,
		    const ad_section *s)
{
	uint32_t k;

	ad_json_array(&d->w, DENSE);
	kept(d, s->title, RULE_BYTES);
	ad_json_int(&d->w, s->level);
	ad_json_int(&d->w, s->line_start);
	ad_json_array(&d->w, DENSE);
	for (k = 0; k < s->nrules; k++) {
		const ad_rule *r = &doc->rules[s->first_rule + k];

		kept(d, r->text, RULE_BYTES);
		ad_json_int(&d->w, shared_group(d, first_rule + s->first_rule +
						       k));
		ad_json_int(&d->w, r->line);
	}
	ad_json_end(&d->w);
	ad_json_end(&d->w);
}

static void doc_of(data *d, uint32_t i)
{
	const ad_doc *doc = ad_audit_doc(d->a, i);
	size_t k, first_rule = d->a->collection->at.rule_base[i];

	ad_json_object(&d->w, DENSE);
	int_key(d, "agent", i);
	frontmatter(d, doc);
	ad_json_key(&d->w, "sec");
	ad_json_array(&d->w, DENSE);
	for (k = 0; k < doc->nsections; k++)
		section(d, doc, first_rule, &doc->sections[k]);
	ad_json_end(&d->w);
	ad_json_end(&d->w);
}

static void docs(data *d)
{
	uint32_t i, n = (uint32_t)d->a->collection->ndocs;

	ad_json_key(&d->w, "docs");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++)
		if (d->detail[i] != NONE)
			doc_of(d, i);
	ad_json_end(&d->w);
}

/* ---- links ---- */

/* Which field of a link a column holds, in the order of links()' keys. */
enum { LINK_A, LINK_B, LINK_SCORE, LINK_KIND, LINK_DESC };

static void link_cell(data *d, size_t i, int which)
{
	const ad_link *l = &d->a->links.list[i];

	if (which == LINK_A)
		ad_json_uint(&d->w, l->a);
	else if (which == LINK_B)
		ad_json_uint(&d->w, l->b);
	else if (which == LINK_SCORE)
		score(d, l->score);
	else if (which == LINK_KIND)
		ad_json_uint(&d->w, l->kind);
	else if (l->description < 0)
		ad_json_int(&d->w, NONE);
	else
		score(d, l->description);
}

static void links(data *d)
{
	static const char *const keys[] = {"a", "b", "score", "kind", "desc"};

	table(d, "links", keys, sizeof(keys) / sizeof(*keys), d->a->links.n, link_cell);
}

/* ---- clusters and role groups ---- */

/* The rules of member k's "add": at most cap, none for a role group
 * member whose variant's lists stand for it. */
static uint32_t added(const ad_cluster_plan *pl, uint32_t k, uint32_t cap)
{
	const ad_merge *m = &pl->merge[k];

	if (m->variant_of)
		return 0;
	return m->nrules < cap ? m->nrules : cap;
}

/* Per member, what it adds: its rules (text, line, and the support of
 * each in a role group). */
static void add_rules(data *d, const ad_cluster *c, const ad_cluster_plan *pl,
		      uint32_t cap)
{
	uint32_t k, i;

	ad_json_key(&d->w, "add");
	ad_json_array(&d->w, DENSE);
	for (k = 0; k < c->n; k++) {
		const ad_merge *m = &pl->merge[k];
		uint32_t n = added(pl, k, cap);

		ad_json_array(&d->w, DENSE);
		for (i = 0; i < n; i++) {
			const ad_rule *r = ad_audit_rule(d->a, m->rules[i]);

			kept(d, r->text, RULE_BYTES);
			ad_json_int(&d->w, r->line);
			if (m->support)
				ad_json_uint(&d->w, m->support[i]);
		}
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

/* Per member, its sections without a counterpart: heading, line. */
static void add_sections(data *d, const ad_cluster *c,
			 const ad_cluster_plan *pl)
{
	uint32_t k, i;

	ad_json_key(&d->w, "addsec");
	ad_json_array(&d->w, DENSE);
	for (k = 0; k < c->n; k++) {
		const ad_merge *m = &pl->merge[k];

		ad_json_array(&d->w, DENSE);
		for (i = 0; !m->variant_of && i < m->nsections; i++) {
			const ad_section *s =
				ad_audit_section(d->a, m->sections[i]);

			kept(d, s->title, RULE_BYTES);
			ad_json_int(&d->w, s->line_start);
		}
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

/* Per member, the rules it adds that "add" leaves out. */
static void cut(data *d, const ad_cluster *c, const ad_cluster_plan *pl,
		uint32_t cap)
{
	uint32_t k;

	ad_json_key(&d->w, "cut");
	ad_json_array(&d->w, DENSE);
	for (k = 0; k < c->n; k++)
		ad_json_uint(&d->w, pl->merge[k].variant_of
					    ? 0
					    : pl->merge[k].nrules -
						      added(pl, k, cap));
	ad_json_end(&d->w);
}

/* What a cluster and a role group have alike: members, scores, reason,
 * why. */
static void group_head(data *d, const ad_cluster *c, const ad_cluster_plan *pl)
{
	agent_list(d, "m", c->members, c->n);
	score_list(d, "s", c->scores, c->n);
	ad_json_key(&d->w, "reason");
	str(d, pl->reason, REASON_BYTES);
	ad_json_key(&d->w, "why");
	str(d, pl->why, REASON_BYTES);
}

static void clusters(data *d)
{
	const ad_audit *a = d->a;
	size_t i;

	ad_json_key(&d->w, "clusters");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < a->clustering.n; i++) {
		const ad_cluster *c = &a->clustering.clusters[i];
		const ad_cluster_plan *pl = &a->plan.clusters[i];

		ad_json_object(&d->w, DENSE);
		group_head(d, c, pl);
		cost(d, "cost", &a->costs.clusters[i]);
		add_rules(d, c, pl, CLUSTER_ADD);
		add_sections(d, c, pl);
		cut(d, c, pl, CLUSTER_ADD);
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

/* Per member of a role group, the place in "m" of the earlier member of
 * its variant cluster whose lists say what the two add, or NONE. */
static void variants(data *d, const ad_cluster *c, const ad_cluster_plan *pl)
{
	uint32_t k;

	ad_json_key(&d->w, "of");
	ad_json_array(&d->w, DENSE);
	for (k = 0; k < c->n; k++)
		ad_json_int(&d->w, (long long)pl->merge[k].variant_of - 1);
	ad_json_end(&d->w);
}

static void roles(data *d)
{
	const ad_audit *a = d->a;
	size_t i;

	ad_json_key(&d->w, "roles");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < a->roles.n; i++) {
		const ad_cluster *c = &a->roles.clusters[i];
		const ad_cluster_plan *pl = &a->role_plan.clusters[i];

		ad_json_object(&d->w, DENSE);
		group_head(d, c, pl);
		cost(d, "cost", &a->costs.roles[i].others);
		cost(d, "beyond", &a->costs.roles[i].beyond);
		variants(d, c, pl);
		add_rules(d, c, pl, ROLE_ADD);
		add_sections(d, c, pl);
		cut(d, c, pl, ROLE_ADD);
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

/* ---- template families ---- */

static void families(data *d)
{
	const ad_templates *t = &d->a->templates;
	size_t i;
	uint32_t k;

	ad_json_key(&d->w, "families");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < t->n; i++) {
		const ad_template_family *f = &t->families[i];

		ad_json_object(&d->w, DENSE);
		agent_list(d, "m", t->members + f->first, f->n);
		int_key(d, "quorum", f->quorum);
		ad_json_key(&d->w, "headings");
		ad_json_array(&d->w, DENSE);
		for (k = 0; k < f->nheadings; k++)
			kept(d, ad_audit_section(d->a, t->headings[
					 f->first_heading + k])->title,
			     RULE_BYTES);
		ad_json_end(&d->w);
		int_key(d, "groups", f->rule_groups);
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

/* ---- the shared rule groups ---- */

/* Which field of a group a column holds, in the order of groups()' keys. */
enum { GROUP_TEXT, GROUP_AGENTS, GROUP_WORDINGS, GROUP_FORMS, GROUP_HOUSE };

/* The agents of group g, each once: its rules are in rule order, so an
 * agent's rules are next to one another. */
static void group_agents(data *d, const ad_rule_group *g)
{
	const ad_audit *a = d->a;
	uint32_t k, prev = UINT32_MAX;

	ad_json_array(&d->w, DENSE);
	for (k = 0; k < g->n; k++) {
		uint32_t doc = a->collection->at
				       .rule_doc[a->inventory.members[g->first + k]];

		if (doc != prev)
			ad_json_uint(&d->w, doc);
		prev = doc;
	}
	ad_json_end(&d->w);
}

/* The wordings of group g, the centre's first, then the others in rule
 * order, each once, at most FORMS_MAX. */
static void group_forms(data *d, const ad_rule_group *g)
{
	const ad_audit *a = d->a;
	uint32_t form[FORMS_MAX], k, j, n = 0;

	ad_json_array(&d->w, DENSE);
	form[n++] = ad_audit_rule_form(a, g->center);
	kept(d, ad_audit_rule(a, g->center)->text, RULE_BYTES);
	for (k = 0; k < g->n && n < FORMS_MAX; k++) {
		uint32_t r = a->inventory.members[g->first + k];
		uint32_t f = ad_audit_rule_form(a, r);

		for (j = 0; j < n && form[j] != f; j++)
			;
		if (j < n)
			continue;
		form[n++] = f;
		kept(d, ad_audit_rule(a, r)->text, RULE_BYTES);
	}
	ad_json_end(&d->w);
}

static void group_cell(data *d, size_t i, int which)
{
	const ad_rule_group *g = &d->a->inventory.groups[i];

	if (which == GROUP_TEXT)
		kept(d, ad_audit_rule(d->a, g->center)->text, RULE_BYTES);
	else if (which == GROUP_AGENTS)
		group_agents(d, g);
	else if (which == GROUP_WORDINGS)
		ad_json_uint(&d->w, g->nwordings);
	else if (which == GROUP_FORMS)
		group_forms(d, g);
	else
		ad_json_int(&d->w, g->boilerplate != 0);
}

static void groups(data *d)
{
	static const char *const keys[] = {"text", "agents", "wordings",
					   "forms", "boilerplate"};

	table(d, "groups", keys, sizeof(keys) / sizeof(*keys), d->a->inventory.nshared, group_cell);
}

/* ---- collisions, routing, problems ---- */

/* Which field of a collision a column holds, in the order of
 * collisions()' keys. */
enum { COL_KIND, COL_A, COL_B, COL_SCORE, COL_DETAIL };

static void collision_cell(data *d, size_t i, int which)
{
	const ad_collision *c = &d->a->collisions.list[i];
	char detail[AD_COLLISION_DETAIL_MAX];

	if (which == COL_KIND)
		ad_json_int(&d->w, c->kind);
	else if (which == COL_A)
		ad_json_uint(&d->w, c->a);
	else if (which == COL_B)
		ad_json_uint(&d->w, c->b);
	else if (which == COL_SCORE)
		score(d, c->score);
	else
		str(d,
		    ad_audit_collision_detail(d->a, c, detail, sizeof(detail)),
		    REASON_BYTES);
}

static void collisions(data *d)
{
	static const char *const keys[] = {"kind", "a", "b", "score",
					   "detail"};

	table(d, "collisions", keys, sizeof(keys) / sizeof(*keys), d->a->collisions.n, collision_cell);
}

static void routing(data *d)
{
	const ad_routing *r = &d->a->routing;
	size_t i;
	uint32_t k;

	ad_json_key(&d->w, "routing");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < r->n; i++) {
		const ad_routing_group *g = &r->groups[i];

		ad_json_object(&d->w, DENSE);
		agent_list(d, "m", r->members + g->first, g->n);
		score_list(d, "s", r->scores + g->first, g->n);
		ad_json_key(&d->w, "terms");
		ad_json_array(&d->w, DENSE);
		for (k = 0; k < g->nterms; k++)
			str(d, ad_collection_word(d->a->collection,
						  r->terms[g->first_term + k]),
			    NAME_BYTES);
		ad_json_end(&d->w);
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

static void problems(data *d)
{
	const ad_collection *c = d->a->collection;
	size_t i;

	ad_json_key(&d->w, "problems");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < c->nproblems; i++) {
		ad_json_array(&d->w, DENSE);
		str(d, c->problems[i].path, 0);
		ad_json_int(&d->w, c->problems[i].line);
		str(d, c->problems[i].msg, REASON_BYTES);
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

void ad_html_data(ad_buf *out, const ad_audit *a)
{
	data d;

	prepare(&d, a);
	ad_json_init(&d.w, out);
	ad_json_object(&d.w, DENSE);
	head(&d);
	agents(&d);
	docs(&d);
	links(&d);
	clusters(&d);
	roles(&d);
	families(&d);
	groups(&d);
	collisions(&d);
	routing(&d);
	problems(&d);
	ad_page_write_texts(&d.w, &d.texts);
	ad_json_end(&d.w);
	dispose(&d);
}
