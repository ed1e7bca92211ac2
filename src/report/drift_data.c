/*
 * drift_data.c - the drift page's data, as doc/html-report.md lays it out
 * ("The drift page").
 *
 * Method. The page's script reads the main data once and renders each
 * list from it: the agents with a change are columnar (an object of
 * equal-length arrays, each key written once). The two versions of the
 * agents come apart, in chunks of a fixed number of agents, each chunk
 * decoded only when a compare of one of its agents is opened: at
 * thousands of agents they are most of the data, and a page that
 * inflated them all before drawing its first list would open slowly. In
 * a chunk the texts (rules, headings, frontmatter keys and values) are
 * written once in "texts" and named by their index there. A rule an
 * agent kept is one text for both versions, so carrying both costs little
 * more than carrying one. The index is the id a string table gives a text
 * when first met, so the data comes out the same for the same drift;
 * "texts" is written last.
 *
 * Every text is made one line (ad_escape_line()) and cut to a byte limit,
 * so a hostile 5,000-byte line cannot swell the page; a frontmatter value
 * keeps its line breaks, each line made safe the same way. Paths, names
 * and labels are kept whole: they name what they name.
 *
 * Rules are paired as the drift paired them (ad_drift_agent.old_mates):
 * each rule of the older version names the rule of the newer one it was
 * kept or reworded as, and the rewordings carry their score. A section
 * the same in both versions (same heading, same text, every rule kept in
 * it) carries only its count of rules: the page shows it folded, and an
 * edit of one rule in a long agent costs the page that section, not the
 * whole text twice over.
 */
#include "report/drift_data.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/escape.h"
#include "base/json.h"
#include "report/page.h"
#include "store/store_read.h"
#include "track/drift_clusters.h"

#define RULE_BYTES 500  /* a rule or a heading */
#define VALUE_BYTES 600 /* a frontmatter value */
#define KEY_BYTES 200   /* a frontmatter key */
#define NOTE_BYTES 400  /* why clusters were not compared */

#define DENSE AD_JSON_DENSE

typedef struct data {
	ad_json w;
	ad_page_texts texts;
	ad_buf tmp;   /* a frontmatter value joined */
	ad_buf lines; /* a text of several lines, each made safe */
	ad_buf seg;   /* one of its lines */
	ad_buf other; /* the other version's value of a key, joined */
} data;

/* ---- texts ---- */

static void str(data *d, const char *s)
{
	if (!s)
		ad_json_null(&d->w);
	else
		ad_json_string(&d->w, ad_page_line(&d->texts, s, 0));
}

/* s written as its index in "texts". */
static void text(data *d, const char *s, size_t max)
{
	ad_json_uint(&d->w, ad_page_text(&d->texts, s, max));
}

/* As text(), but its line breaks kept (a description of several
 * paragraphs reads as written), each line made safe as ad_page_line() makes
 * it. */
static void text_lines(data *d, const char *s, size_t max)
{
	const char *nl;

	ad_buf_clear(&d->lines);
	while ((nl = strchr(s, '\n')) != NULL) {
		ad_buf_clear(&d->seg);
		ad_buf_put(&d->seg, s, (size_t)(nl - s));
		ad_buf_putc(&d->seg, '\0'); /* a C string for the escaper */
		ad_escape_line(&d->lines, d->seg.ptr);
		ad_buf_putc(&d->lines, '\n');
		s = nl + 1;
	}
	ad_escape_line(&d->lines, s);
	ad_page_cut(&d->lines, max);
	ad_json_uint(&d->w, ad_page_text_made(&d->texts, d->lines.ptr,
					      d->lines.len));
}

static void int_key(data *d, const char *key, long long v)
{
	ad_json_key(&d->w, key);
	ad_json_int(&d->w, v);
}

static void names(data *d, const char *key, const char *const *list,
		  size_t n)
{
	size_t i;

	ad_json_key(&d->w, key);
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++)
		ad_json_string(&d->w, list[i]);
	ad_json_end(&d->w);
}

/* ---- the agents with a change: columnar ---- */

typedef enum column {
	C_KIND, C_PATH, C_OLD, C_NAME, C_EXACT, C_DRIFT, C_NF, C_NS, C_NR,
	C_FLAG, C_V, C_COUNT
} column;

static const char *const column_keys[C_COUNT] = {
	"kind", "path", "old", "name", "exact", "drift", "nf", "ns", "nr",
	"flag", "v"
};

static int has_texts(const ad_drift_agent *a)
{
	return a->old_text && a->new_text && a->old_mates;
}

static int edited(const ad_drift_agent *a)
{
	return a->kind == AD_DRIFT_CHANGED ||
	       (a->kind == AD_DRIFT_MOVED && !a->exact);
}

static void cell(data *d, const ad_drift_agent *a, column c, long *v)
{
	switch (c) {
	case C_KIND: ad_json_int(&d->w, (int)a->kind); break;
	case C_PATH: str(d, a->path); break;
	case C_OLD: str(d, a->old_path); break;
	case C_NAME: str(d, a->name); break;
	case C_EXACT: ad_json_int(&d->w, a->exact); break;
	case C_DRIFT:
		if (edited(a))
			ad_json_fixed(&d->w, a->drift, 3);
		else
			ad_json_int(&d->w, -1);
		break;
	case C_NF: ad_json_uint(&d->w, a->nfields); break;
	case C_NS: ad_json_uint(&d->w, a->nsections); break;
	case C_NR: ad_json_uint(&d->w, a->nrules); break;
	case C_FLAG: ad_json_int(&d->w, a->flagged); break;
	case C_V:
		ad_json_int(&d->w, has_texts(a) ? (*v)++ : -1);
		break;
	default: break;
	}
}

static void agents(data *d, const ad_drift *dr)
{
	size_t i;
	int c;
	long v;

	ad_json_key(&d->w, "agents");
	ad_json_object(&d->w, DENSE);
	for (c = 0; c < C_COUNT; c++) {
		ad_json_key(&d->w, column_keys[c]);
		ad_json_array(&d->w, DENSE);
		for (i = 0, v = 0; i < dr->nagents; i++)
			cell(d, &dr->agents[i], (column)c, &v);
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

/* ---- one version of an agent ---- */

/* The values of key in b joined with ", " as the drift joins them, into
 * out; 0 when b has no such key. */
static int joined(ad_buf *out, const ad_store_blob *b, const char *key)
{
	size_t i;
	int found = 0;

	ad_buf_clear(out);
	for (i = 0; i < b->nfields; i++) {
		if (strcmp(b->fields[i].key, key))
			continue;
		found = 1;
		if (b->fields[i].value) {
			if (out->len)
				ad_buf_puts(out, ", ");
			ad_buf_puts(out, b->fields[i].value);
		}
	}
	return found;
}

/* "fm": key, value, key, value... (text indexes), a key's values joined;
 * -1 for a value the other version has the same, which the page need
 * not carry twice (a description is most of an agent's frontmatter). */
static void frontmatter(data *d, const ad_store_blob *b,
			const ad_store_blob *other)
{
	size_t i;

	ad_json_key(&d->w, "fm");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < b->nfields; i++) {
		if (i && strcmp(b->fields[i].key, b->fields[i - 1].key) == 0)
			continue; /* joined with the first of its key */
		joined(&d->tmp, b, b->fields[i].key);
		text(d, b->fields[i].key, KEY_BYTES);
		if (joined(&d->other, other, b->fields[i].key) &&
		    d->other.len == d->tmp.len &&
		    memcmp(d->other.ptr, d->tmp.ptr, d->tmp.len) == 0)
			ad_json_int(&d->w, -1);
		else
			text_lines(d, d->tmp.len ? d->tmp.ptr : "",
				   VALUE_BYTES);
	}
	ad_json_end(&d->w);
}

/* The section rule r is in; one the store names past its list (none
 * should) is taken as the last. */
static size_t rule_section(const ad_store_blob *b, size_t r)
{
	int s = b->rules[r].section;

	if (s < 0)
		return 0;
	return (size_t)s < b->nsections ? (size_t)s : b->nsections - 1;
}

/* The rules of section s, flat: text, line, mate. */
static void section_rules(data *d, const ad_store_blob *b, size_t s,
			  const long *mate)
{
	size_t r;

	ad_json_array(&d->w, DENSE);
	for (r = 0; r < b->nrules; r++) {
		if (rule_section(b, r) != s)
			continue;
		text(d, b->rules[r].text, RULE_BYTES);
		ad_json_int(&d->w, b->rules[r].line);
		ad_json_int(&d->w, mate[r]);
	}
	ad_json_end(&d->w);
}

static size_t rules_in(const ad_store_blob *b, size_t s)
{
	size_t r, n = 0;

	for (r = 0; r < b->nrules; r++)
		n += rule_section(b, r) == s;
	return n;
}

/* "sec": [heading path, level, line, [rules]] each, in document order;
 * a section the same in both versions has its count of rules in place of
 * its rules. */
static void sections(data *d, const ad_store_blob *b, const long *mate,
		     const char *same)
{
	size_t s;

	ad_json_key(&d->w, "sec");
	ad_json_array(&d->w, DENSE);
	for (s = 0; s < b->nsections; s++) {
		ad_json_array(&d->w, DENSE);
		text(d, b->sections[s].path, RULE_BYTES);
		ad_json_int(&d->w, b->sections[s].level);
		ad_json_int(&d->w, b->sections[s].line);
		if (same[s])
			ad_json_uint(&d->w, rules_in(b, s));
		else
			section_rules(d, b, s, mate);
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

static void doc(data *d, const char *key, const ad_store_blob *b,
		const ad_store_blob *other, const long *mate, const char *same)
{
	ad_json_key(&d->w, key);
	ad_json_object(&d->w, DENSE);
	frontmatter(d, b, other);
	sections(d, b, mate, same);
	ad_json_end(&d->w);
}

/* ---- sections the same in both versions ---- */

/* The section of y paired with section s of x: the k-th of x's sections
 * with that heading path goes with the k-th of y's, as the page pairs
 * them; -1 for none. */
static long paired_section(const ad_store_blob *x, size_t s,
			   const ad_store_blob *y)
{
	const char *path = x->sections[s].path;
	size_t i, k = 0;

	for (i = 0; i < s; i++)
		k += strcmp(x->sections[i].path, path) == 0;
	for (i = 0; i < y->nsections; i++)
		if (strcmp(y->sections[i].path, path) == 0 && k-- == 0)
			return (long)i;
	return -1;
}

/* Sections sx of x and sy of y are the same when their text is, and
 * every rule of sx was kept (the same text) as a rule of sy, as many. */
static int same_pair(const ad_drift_agent *a, const long *old, size_t sx,
		     size_t sy)
{
	const ad_store_blob *x = a->old_text, *y = a->new_text;
	size_t r, n = 0;

	if (strcmp(x->sections[sx].text_hash, y->sections[sy].text_hash))
		return 0;
	for (r = 0; r < x->nrules; r++) {
		if (rule_section(x, r) != sx)
			continue;
		if (old[r] < 0 || rule_section(y, (size_t)old[r]) != sy ||
		    strcmp(x->rules[r].hash, y->rules[old[r]].hash))
			return 0;
		n++;
	}
	return n == rules_in(y, sy);
}

/* same_x[s] and same_y[s]: the section is the same in both versions, so
 * the page need not carry its rules (it shows the section folded). */
static void same_sections(char *same_x, char *same_y,
			  const ad_drift_agent *a, const long *old)
{
	size_t s;
	long t;

	for (s = 0; s < a->old_text->nsections; s++) {
		t = paired_section(a->old_text, s, a->new_text);
		if (t >= 0 && same_pair(a, old, s, (size_t)t))
			same_x[s] = same_y[t] = 1;
	}
}

/* Rule numbers of the other version, -1 for none: old[] from the drift's
 * pairing, new[] its inverse. */
static void mates(long *old, long *new, const ad_drift_agent *a)
{
	const ad_store_blob *x = a->old_text, *y = a->new_text;
	size_t i;

	for (i = 0; i < y->nrules; i++)
		new[i] = -1;
	for (i = 0; i < x->nrules; i++) {
		old[i] = a->old_mates[i] && a->old_mates[i] <= y->nrules
				 ? (long)a->old_mates[i] - 1
				 : -1;
		if (old[i] >= 0)
			new[old[i]] = (long)i;
	}
}

/* "rew": new rule number, score, ... for the rules reworded. The drift
 * lists its rewordings first, in the older version's order. */
static void rewordings(data *d, const ad_drift_agent *a, const long *old)
{
	const ad_store_blob *x = a->old_text, *y = a->new_text;
	size_t i, k = 0;

	ad_json_key(&d->w, "rew");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < x->nrules; i++) {
		if (old[i] < 0 ||
		    strcmp(x->rules[i].hash, y->rules[old[i]].hash) == 0)
			continue;
		ad_json_int(&d->w, old[i]);
		if (k < a->nrules && a->rules[k].op == '~')
			ad_json_fixed(&d->w, a->rules[k++].score, 3);
		else
			ad_json_int(&d->w, -1);
	}
	ad_json_end(&d->w);
}

/* "chg": the heading paths of the sections whose text changed. */
static void changed_sections(data *d, const ad_drift_agent *a)
{
	size_t i;

	ad_json_key(&d->w, "chg");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < a->nsections; i++)
		if (a->sections[i].op == '~')
			text(d, a->sections[i].path, RULE_BYTES);
	ad_json_end(&d->w);
}

static void version(data *d, const ad_drift_agent *a, size_t i)
{
	long *old = ad_xcalloc(a->old_text->nrules + 1, sizeof(*old));
	long *new = ad_xcalloc(a->new_text->nrules + 1, sizeof(*new));
	char *same_x = ad_xcalloc(a->old_text->nsections + 1, 1);
	char *same_y = ad_xcalloc(a->new_text->nsections + 1, 1);

	mates(old, new, a);
	same_sections(same_x, same_y, a, old);
	ad_json_object(&d->w, DENSE);
	int_key(d, "a", (long long)i);
	doc(d, "from", a->old_text, a->new_text, old, same_x);
	doc(d, "to", a->new_text, a->old_text, new, same_y);
	rewordings(d, a, old);
	changed_sections(d, a);
	ad_json_end(&d->w);
	free(old);
	free(new);
	free(same_x);
	free(same_y);
}

size_t ad_drift_data_nversions(const ad_drift *dr)
{
	size_t i, n = 0;

	for (i = 0; i < dr->nagents; i++)
		n += has_texts(&dr->agents[i]);
	return n;
}

/* Versions first..first + n - 1, numbered as "v" numbers them. */
static void versions(data *d, const ad_drift *dr, size_t first, size_t n)
{
	size_t i, k = 0;

	ad_json_key(&d->w, "versions");
	ad_json_array(&d->w, DENSE);
	for (i = 0; i < dr->nagents && k < first + n; i++) {
		if (!has_texts(&dr->agents[i]))
			continue;
		if (k++ >= first)
			version(d, &dr->agents[i], i);
	}
	ad_json_end(&d->w);
}

/* ---- clusters ---- */

/* A list of clusters: canonical path, size, ... */
static void crefs(data *d, const ad_drift_cref *c, size_t n)
{
	size_t i;

	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++) {
		str(d, c[i].canonical);
		ad_json_uint(&d->w, c[i].size);
	}
	ad_json_end(&d->w);
}

static void paths(data *d, char *const *p, size_t n)
{
	size_t i;

	ad_json_array(&d->w, DENSE);
	for (i = 0; i < n; i++)
		str(d, p[i]);
	ad_json_end(&d->w);
}

static void changes(data *d, const ad_drift_clusters *c)
{
	static const char *const keys[] = {"kind", "before", "after",
					   "joined", "left"};
	size_t i, k;

	ad_json_key(&d->w, "changes");
	ad_json_object(&d->w, DENSE);
	for (k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
		ad_json_key(&d->w, keys[k]);
		ad_json_array(&d->w, DENSE);
		for (i = 0; i < c->nchanges; i++) {
			const ad_drift_cluster *e = &c->changes[i];

			if (k == 0)
				ad_json_int(&d->w, (int)e->kind);
			else if (k == 1)
				crefs(d, e->before, e->nbefore);
			else if (k == 2)
				crefs(d, e->after, e->nafter);
			else if (k == 3)
				paths(d, e->joined, e->njoined);
			else
				paths(d, e->left, e->nleft);
		}
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

static void away(data *d, const ad_drift_clusters *c)
{
	size_t i, k;

	ad_json_key(&d->w, "away");
	ad_json_object(&d->w, DENSE);
	for (k = 0; k < 4; k++) {
		ad_json_key(&d->w, k == 0   ? "path"
				   : k == 1 ? "canonical"
				   : k == 2 ? "before"
					    : "after");
		ad_json_array(&d->w, DENSE);
		for (i = 0; i < c->naway; i++) {
			const ad_drift_away *x = &c->away[i];

			if (k < 2)
				str(d, k == 0 ? x->path : x->canonical);
			else
				ad_json_fixed(&d->w, k == 2 ? x->before
							    : x->after, 3);
		}
		ad_json_end(&d->w);
	}
	ad_json_end(&d->w);
}

static void clusters(data *d, const ad_drift_clusters *c)
{
	ad_json_key(&d->w, "clusters");
	if (!c) {
		ad_json_null(&d->w);
		return;
	}
	ad_json_object(&d->w, DENSE);
	int_key(d, "clustered", c->clustered);
	ad_json_key(&d->w, "note");
	if (c->note)
		ad_json_string(&d->w, ad_page_line(&d->texts, c->note, NOTE_BYTES));
	else
		ad_json_null(&d->w);
	int_key(d, "from", (long long)c->from_clusters);
	int_key(d, "to", (long long)c->to_clusters);
	changes(d, c);
	away(d, c);
	ad_json_end(&d->w);
}

/* ---- the whole ---- */

static void head(data *d, const ad_drift *dr)
{
	static const char *const kinds[] = {"moved", "added", "removed",
					    "changed"};
	static const char *const ckinds[] = {"formed", "merged", "split",
					     "dissolved", "changed"};

	int_key(d, "v", 1);
	ad_json_key(&d->w, "tool");
	ad_json_string(&d->w, "agentdup " AD_VERSION);
	ad_json_key(&d->w, "from");
	str(d, dr->from);
	ad_json_key(&d->w, "to");
	str(d, dr->to);
	int_key(d, "reversed", dr->reversed);
	names(d, "change_kinds", kinds, 4);
	names(d, "cluster_kinds", ckinds, 5);
}

static void data_init(data *d, ad_buf *out)
{
	memset(d, 0, sizeof(*d));
	ad_json_init(&d->w, out);
	ad_page_texts_init(&d->texts);
	ad_buf_init(&d->tmp);
	ad_buf_init(&d->lines);
	ad_buf_init(&d->seg);
	ad_buf_init(&d->other);
}

static void data_dispose(data *d)
{
	ad_page_texts_dispose(&d->texts);
	ad_buf_dispose(&d->tmp);
	ad_buf_dispose(&d->lines);
	ad_buf_dispose(&d->seg);
	ad_buf_dispose(&d->other);
}

void ad_drift_data(ad_buf *out, const ad_drift *dr, size_t chunk)
{
	data d;

	data_init(&d, out);
	ad_json_object(&d.w, DENSE);
	head(&d, dr);
	int_key(&d, "chunk", (long long)chunk);
	int_key(&d, "nversions", (long long)ad_drift_data_nversions(dr));
	agents(&d, dr);
	clusters(&d, dr->clusters);
	ad_json_end(&d.w);
	data_dispose(&d);
}

void ad_drift_data_versions(ad_buf *out, const ad_drift *dr, size_t first,
			    size_t n)
{
	data d;

	data_init(&d, out);
	ad_json_object(&d.w, DENSE);
	int_key(&d, "first", (long long)first);
	versions(&d, dr, first, n);
	ad_page_write_texts(&d.w, &d.texts);
	ad_json_end(&d.w);
	data_dispose(&d);
}
