/*
 * baseline.c - record an audit's duplication by content, and tell what a
 * later audit adds to it.
 *
 * Method: the audit's rule occurrences are listed as (wording, agent,
 * rule), sorted, and cut to the first rule of each (wording, agent), so an
 * agent repeating a wording counts once and its earliest line is the one
 * reported. A loaded baseline interns its paths (ad_strtab) and keeps its
 * records sorted by (wording, path id) and (path id, path id); an audit is
 * then checked against it with a hash lookup and a binary search per
 * occurrence and per link, O((n + m) log m) in all. Paths the baseline
 * never saw are simply not found, so nothing needs the audit's ids.
 */
#include "agentdup/baseline.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strtab.h"

#define HEADER "agentdup-baseline"

typedef struct bl_rule {
	uint64_t wording;
	uint32_t path; /* id in ad_baseline.paths */
} bl_rule;

typedef struct bl_link {
	uint32_t a, b; /* ids; the path of a is the smaller in byte order */
} bl_link;

struct ad_baseline {
	ad_strtab *paths;
	bl_rule *rules;
	size_t nrules, caprules;
	bl_link *links;
	size_t nlinks, caplinks;
};

/* One rule occurrence of an audit. */
typedef struct occ {
	uint64_t wording;
	uint32_t doc;
	uint32_t rule; /* collection-wide index */
} occ;

/* ---- the audit's occurrences ---- */

/* Stems joined by spaces: stems are runs of letters and digits, so the
 * join cannot make two term sequences one string. */
static uint64_t wording_of(const ad_audit *a, const ad_rule *r,
			   ad_buf *scratch)
{
	uint32_t k;

	ad_buf_clear(scratch);
	for (k = 0; k < r->nterms; k++) {
		if (k)
			ad_buf_putc(scratch, ' ');
		ad_buf_puts(scratch,
			    ad_collection_stem(a->collection, r->terms[k]));
	}
	return ad_hash_bytes(scratch->ptr, scratch->len);
}

static int occ_cmp(const void *x, const void *y)
{
	const occ *p = x, *q = y;

	if (p->wording != q->wording)
		return p->wording < q->wording ? -1 : 1;
	if (p->doc != q->doc)
		return p->doc < q->doc ? -1 : 1;
	return (p->rule > q->rule) - (p->rule < q->rule);
}

static int shared(const ad_audit *a, size_t r)
{
	uint32_t g = a->inventory.group_of[r];

	return a->inventory.groups[g].nagents >= 2;
}

/* Occurrences sorted by (wording, doc), one per (wording, doc): its first
 * rule. Returns a malloc'd array. */
static occ *collect(const ad_audit *a, size_t *n)
{
	occ *o = ad_xmalloc((a->collection->at.nrules + 1) * sizeof(*o));
	ad_buf scratch;
	size_t d, k, m = 0, u = 0;

	ad_buf_init(&scratch);
	for (d = 0; d < a->collection->ndocs; d++) {
		const ad_doc *doc = ad_audit_doc(a, d);

		for (k = 0; k < doc->nrules; k++) {
			size_t r = a->collection->at.rule_base[d] + k;

			if (doc->rules[k].nterms == 0 || !shared(a, r))
				continue;
			o[m].wording = wording_of(a, &doc->rules[k], &scratch);
			o[m].doc = (uint32_t)d;
			o[m++].rule = (uint32_t)r;
		}
	}
	ad_buf_dispose(&scratch);
	qsort(o, m, sizeof(*o), occ_cmp);
	for (k = 0; k < m; k++)
		if (u == 0 || o[k].wording != o[u - 1].wording ||
		    o[k].doc != o[u - 1].doc)
			o[u++] = o[k];
	*n = u;
	return o;
}

static const ad_rule *rule_at(const ad_audit *a, const occ *o)
{
	return &ad_audit_doc(a, o->doc)
			->rules[o->rule - a->collection->at.rule_base[o->doc]];
}

/* The link's two paths, the smaller in byte order first. */
static void link_paths(const ad_audit *a, const ad_link *l, const char **p,
		       const char **q)
{
	*p = ad_audit_doc(a, l->a)->path;
	*q = ad_audit_doc(a, l->b)->path;
	if (strcmp(*p, *q) > 0) {
		const char *t = *p;

		*p = *q;
		*q = t;
	}
}

/* ---- writing ---- */

static void put_path(ad_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': ad_buf_puts(b, "\\\\"); break;
		case '\t': ad_buf_puts(b, "\\t"); break;
		case '\n': ad_buf_puts(b, "\\n"); break;
		case '\r': ad_buf_puts(b, "\\r"); break;
		default: ad_buf_putc(b, *s);
		}
	}
}

/* A line of the text being built: offsets, since the buffer may move. */
typedef struct line_ref {
	size_t off, len;
	const char *base;
} line_ref;

static int line_cmp(const void *x, const void *y)
{
	const line_ref *p = x, *q = y;
	size_t n = p->len < q->len ? p->len : q->len;
	int c = memcmp(p->base + p->off, q->base + q->off, n);

	if (c)
		return c;
	return (p->len > q->len) - (p->len < q->len);
}

/* Every record of a, unsorted, one after the other in lines. */
static line_ref *records(ad_buf *lines, const ad_audit *a, size_t *n)
{
	size_t no, i, m = 0;
	occ *o = collect(a, &no);
	line_ref *ref = ad_xmalloc((no + a->links.n + 1) * sizeof(*ref));

	for (i = 0; i < no; i++) {
		ref[m].off = lines->len;
		ad_buf_printf(lines, "rule\t%016" PRIx64 "\t", o[i].wording);
		put_path(lines, ad_audit_doc(a, o[i].doc)->path);
		ref[m].len = lines->len - ref[m].off;
		m++;
	}
	for (i = 0; i < a->links.n; i++) {
		const char *p, *q;

		link_paths(a, &a->links.list[i], &p, &q);
		ref[m].off = lines->len;
		ad_buf_puts(lines, "link\t");
		put_path(lines, p);
		ad_buf_putc(lines, '\t');
		put_path(lines, q);
		ref[m].len = lines->len - ref[m].off;
		m++;
	}
	free(o);
	*n = m;
	return ref;
}

int ad_baseline_write(ad_buf *out, const ad_audit *a)
{
	ad_buf lines;
	line_ref *ref;
	size_t n, i;

	ad_buf_init(&lines);
	ref = records(&lines, a, &n);
	for (i = 0; i < n; i++)
		ref[i].base = lines.ptr;
	qsort(ref, n, sizeof(*ref), line_cmp);
	ad_buf_printf(out, HEADER " %d\n", AD_BASELINE_VERSION);
	for (i = 0; i < n; i++) {
		if (i && line_cmp(&ref[i - 1], &ref[i]) == 0)
			continue;
		ad_buf_put(out, lines.ptr + ref[i].off, ref[i].len);
		ad_buf_putc(out, '\n');
	}
	free(ref);
	ad_buf_dispose(&lines);
	return 0;
}

/* ---- loading ---- */

typedef struct cursor {
	const char *p, *end;
	int line;
} cursor;

/* The next line, without its end (LF, CR or CR LF: an editor may have
 * saved the file with any of them), into *s, *len; 0 at the end of the
 * text. */
static int next_line(cursor *c, const char **s, size_t *len)
{
	const char *q = c->p;

	if (c->p >= c->end)
		return 0;
	while (q < c->end && *q != '\n' && *q != '\r')
		q++;
	*s = c->p;
	*len = (size_t)(q - c->p);
	if (q < c->end && *q == '\r' && q + 1 < c->end && q[1] == '\n')
		q++;
	c->p = q < c->end ? q + 1 : q;
	c->line++;
	return 1;
}

static int bad(ad_error *err, int line, const char *what)
{
	return ad_error_setat(err, AD_EPARSE, NULL, line, 0, "line %d: %s",
			      line, what);
}

/* Unescape s[0..len) into out; 0, or -1 on an unknown escape or a raw
 * tab (which would have been a field separator). */
static int unescape(ad_buf *out, const char *s, size_t len)
{
	size_t i;

	ad_buf_clear(out);
	for (i = 0; i < len; i++) {
		if (s[i] == '\t' || s[i] == '\0')
			return -1;
		if (s[i] != '\\') {
			ad_buf_putc(out, s[i]);
			continue;
		}
		if (++i == len)
			return -1;
		switch (s[i]) {
		case '\\': ad_buf_putc(out, '\\'); break;
		case 't': ad_buf_putc(out, '\t'); break;
		case 'n': ad_buf_putc(out, '\n'); break;
		case 'r': ad_buf_putc(out, '\r'); break;
		default: return -1;
		}
	}
	return 0;
}

/* The interned id of the escaped path s[0..len), or AD_STRTAB_NONE when
 * it is empty or badly escaped. */
static uint32_t path_id(ad_baseline *b, ad_buf *tmp, const char *s,
			size_t len)
{
	if (len == 0 || unescape(tmp, s, len) != 0)
		return AD_STRTAB_NONE;
	return ad_strtab_intern(b->paths, tmp->ptr, tmp->len);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly 16 hex digits. */
static int parse_hex(uint64_t *out, const char *s, size_t len)
{
	size_t i;

	if (len != 16)
		return -1;
	*out = 0;
	for (i = 0; i < len; i++) {
		int v = hex_digit(s[i]);

		if (v < 0)
			return -1;
		*out = *out << 4 | (uint64_t)v;
	}
	return 0;
}

/* "<hex>\t<path>" after "rule\t". */
static int rule_record(ad_baseline *b, ad_buf *tmp, const char *s,
		       size_t len)
{
	const char *tab = memchr(s, '\t', len);
	bl_rule r;

	if (!tab || parse_hex(&r.wording, s, (size_t)(tab - s)) != 0)
		return -1;
	r.path = path_id(b, tmp, tab + 1, len - (size_t)(tab + 1 - s));
	if (r.path == AD_STRTAB_NONE)
		return -1;
	ad_grow(&b->rules, &b->caprules, b->nrules + 1, sizeof(*b->rules));
	b->rules[b->nrules++] = r;
	return 0;
}

/* "<path>\t<path>" after "link\t". */
static int link_record(ad_baseline *b, ad_buf *tmp, const char *s,
		       size_t len)
{
	const char *tab = memchr(s, '\t', len);
	bl_link l;

	if (!tab)
		return -1;
	l.a = path_id(b, tmp, s, (size_t)(tab - s));
	l.b = path_id(b, tmp, tab + 1, len - (size_t)(tab + 1 - s));
	if (l.a == AD_STRTAB_NONE || l.b == AD_STRTAB_NONE)
		return -1;
	if (strcmp(ad_strtab_str(b->paths, l.a, NULL),
		   ad_strtab_str(b->paths, l.b, NULL)) > 0) {
		uint32_t t = l.a;

		l.a = l.b;
		l.b = t;
	}
	ad_grow(&b->links, &b->caplinks, b->nlinks + 1, sizeof(*b->links));
	b->links[b->nlinks++] = l;
	return 0;
}

static int starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static int record(ad_baseline *b, ad_buf *tmp, const char *s, size_t len)
{
	if (starts(s, len, "rule\t"))
		return rule_record(b, tmp, s + 5, len - 5);
	if (starts(s, len, "link\t"))
		return link_record(b, tmp, s + 5, len - 5);
	return -1;
}

static int header(const char *s, size_t len, ad_error *err)
{
	static const char want[] = HEADER " ";
	char version[24];
	size_t n = sizeof(want) - 1;

	if (!starts(s, len, want))
		return bad(err, 1, "not an agentdup baseline (no "
				   "'" HEADER "' header)");
	snprintf(version, sizeof(version), "%d", AD_BASELINE_VERSION);
	if (len - n != strlen(version) || memcmp(s + n, version, len - n))
		return ad_error_setat(err, AD_EPARSE, NULL, 1, 0,
				      "line 1: baseline version %.*s is not "
				      "supported (this agentdup reads %d)",
				      (int)(len - n > 16 ? 16 : len - n),
				      s + n, AD_BASELINE_VERSION);
	return 0;
}

static int rule_cmp(const void *x, const void *y)
{
	const bl_rule *p = x, *q = y;

	if (p->wording != q->wording)
		return p->wording < q->wording ? -1 : 1;
	return (p->path > q->path) - (p->path < q->path);
}

static int link_cmp(const void *x, const void *y)
{
	const bl_link *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

/* Sort and drop repeated records, so lookups can binary-search and
 * counts of agents per wording are counts of records. */
static void seal(ad_baseline *b)
{
	size_t i, u;

	/* qsort() and bsearch() want a pointer even for no items */
	if (b->nrules > 1)
		qsort(b->rules, b->nrules, sizeof(*b->rules), rule_cmp);
	for (i = u = 0; i < b->nrules; i++)
		if (u == 0 || rule_cmp(&b->rules[u - 1], &b->rules[i]))
			b->rules[u++] = b->rules[i];
	b->nrules = u;
	if (b->nlinks > 1)
		qsort(b->links, b->nlinks, sizeof(*b->links), link_cmp);
	for (i = u = 0; i < b->nlinks; i++)
		if (u == 0 || link_cmp(&b->links[u - 1], &b->links[i]))
			b->links[u++] = b->links[i];
	b->nlinks = u;
}

static int parse(ad_baseline *b, const char *text, size_t len, ad_error *err)
{
	cursor c = {text, text + len, 0};
	ad_buf tmp;
	const char *s;
	size_t n;
	int rc = 0;

	if (!next_line(&c, &s, &n))
		return bad(err, 1, "not an agentdup baseline (empty)");
	if ((rc = header(s, n, err)) != 0)
		return rc;
	ad_buf_init(&tmp);
	while (rc == 0 && next_line(&c, &s, &n))
		if (n && record(b, &tmp, s, n) != 0)
			rc = bad(err, c.line, "expected 'rule\\t<16 hex "
					      "digits>\\t<path>' or "
					      "'link\\t<path>\\t<path>'");
	ad_buf_dispose(&tmp);
	return rc;
}

int ad_baseline_load(ad_baseline **out, const char *text, size_t len,
		     ad_error *err)
{
	ad_baseline *b = ad_xcalloc(1, sizeof(*b));
	int rc;

	*out = NULL;
	b->paths = ad_strtab_new();
	rc = parse(b, text, len, err);
	if (rc != 0) {
		ad_baseline_free(b);
		return rc;
	}
	seal(b);
	*out = b;
	return 0;
}

void ad_baseline_free(ad_baseline *b)
{
	if (!b)
		return;
	ad_strtab_free(b->paths);
	free(b->rules);
	free(b->links);
	free(b);
}

size_t ad_baseline_nrules(const ad_baseline *b)
{
	return b->nrules;
}

size_t ad_baseline_nlinks(const ad_baseline *b)
{
	return b->nlinks;
}

/* ---- comparing ---- */

/* The first rule record not less than (wording, path). */
static size_t lower_bound(const ad_baseline *b, uint64_t wording,
			  uint32_t path)
{
	size_t lo = 0, hi = b->nrules;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const bl_rule *r = &b->rules[mid];

		if (r->wording < wording ||
		    (r->wording == wording && r->path < path))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Agents carrying wording in b. */
static uint32_t known_agents(const ad_baseline *b, uint64_t wording)
{
	size_t lo = lower_bound(b, wording, 0), hi = lo;

	while (hi < b->nrules && b->rules[hi].wording == wording)
		hi++;
	return (uint32_t)(hi - lo);
}

static uint32_t find_path(const ad_baseline *b, const char *path)
{
	return ad_strtab_find(b->paths, path, strlen(path));
}

static int has_rule(const ad_baseline *b, uint64_t wording, const char *path)
{
	uint32_t id = find_path(b, path);
	size_t i;

	if (id == AD_STRTAB_NONE)
		return 0;
	i = lower_bound(b, wording, id);
	return i < b->nrules && b->rules[i].wording == wording &&
	       b->rules[i].path == id;
}

static int has_link(const ad_baseline *b, const char *p, const char *q)
{
	bl_link key;

	key.a = find_path(b, p);
	key.b = find_path(b, q);
	if (key.a == AD_STRTAB_NONE || key.b == AD_STRTAB_NONE ||
	    b->nlinks == 0)
		return 0;
	return bsearch(&key, b->links, b->nlinks, sizeof(key), link_cmp) !=
	       NULL;
}

static void rule_finding(ad_finding *f, const ad_baseline *b,
			 const ad_audit *a, const occ *o, uint32_t nagents)
{
	const ad_rule *r = rule_at(a, o);

	memset(f, 0, sizeof(*f));
	f->kind = AD_FINDING_RULE;
	f->path = ad_audit_doc(a, o->doc)->path;
	f->line = r->line;
	f->text = r->text;
	f->wording = o->wording;
	f->known = known_agents(b, o->wording);
	f->nagents = nagents;
	f->boilerplate =
		a->inventory.groups[a->inventory.group_of[o->rule]].boilerplate;
}

/* New rule occurrences appended to f; returns the new count. */
static size_t new_rules(ad_finding *f, size_t n, const ad_baseline *b,
			const ad_audit *a)
{
	size_t no, i = 0, j, k;
	occ *o = collect(a, &no);

	while (i < no) {
		for (j = i; j < no && o[j].wording == o[i].wording; j++)
			;
		for (k = i; k < j; k++)
			if (!has_rule(b, o[k].wording,
				      ad_audit_doc(a, o[k].doc)->path))
				rule_finding(&f[n++], b, a, &o[k],
					     (uint32_t)(j - i));
		i = j;
	}
	free(o);
	return n;
}

static size_t new_links(ad_finding *f, size_t n, const ad_baseline *b,
			const ad_audit *a)
{
	size_t i;

	for (i = 0; i < a->links.n; i++) {
		const ad_link *l = &a->links.list[i];
		const char *p, *q;

		link_paths(a, l, &p, &q);
		if (has_link(b, p, q))
			continue;
		memset(&f[n], 0, sizeof(f[n]));
		f[n].kind = AD_FINDING_LINK;
		f[n].path = p;
		f[n].other = q;
		f[n].links = l->kind;
		f[n].score = l->score;
		n++;
	}
	return n;
}

static int finding_cmp(const void *x, const void *y)
{
	const ad_finding *p = x, *q = y;
	int c = strcmp(p->path, q->path);

	if (c)
		return c;
	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	if (p->kind == AD_FINDING_LINK)
		return strcmp(p->other, q->other);
	return (p->wording > q->wording) - (p->wording < q->wording);
}

int ad_baseline_new(ad_finding **out, size_t *n, const ad_baseline *b,
		    const ad_audit *a)
{
	ad_finding *f = ad_xmalloc((a->collection->at.nrules + a->links.n + 1) *
				   sizeof(*f));
	size_t m = new_links(f, 0, b, a);

	m = new_rules(f, m, b, a);
	qsort(f, m, sizeof(*f), finding_cmp);
	if (m == 0) {
		free(f);
		f = NULL;
	}
	*out = f;
	*n = m;
	return 0;
}
