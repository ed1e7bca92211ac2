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
 *
 * A wording is named by the SHA-256 of its stems (format 2). Format 1
 * named it by a 64-bit hash that anyone could make collide; a baseline
 * in that format is still read, and the audit's wordings are then named
 * the old way to be checked against it (legacy_key()), until the
 * baseline is written again.
 */
#include "agentdup/baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/hash.h"
#include "base/strtab.h"

#define HEADER "agentdup-baseline"
#define LEGACY_VERSION 1   /* wordings by a 64-bit hash */
#define LEGACY_HEX 16

/* A wording's key: a SHA-256 digest, or in a format 1 baseline the old
 * 64-bit key, big-endian in the first 8 bytes and zeros after, so that
 * the byte order of keys is the order of their hex either way. */
typedef struct wkey {
	unsigned char b[AD_HASH_BYTES];
} wkey;

typedef struct bl_rule {
	wkey wording;
	uint32_t path; /* id in ad_baseline.paths */
} bl_rule;

typedef struct bl_link {
	uint32_t a, b; /* ids; the path of a is the smaller in byte order */
} bl_link;

struct ad_baseline {
	int version;
	ad_strtab *paths;
	bl_rule *rules;
	size_t nrules, caprules;
	bl_link *links;
	size_t nlinks, caplinks;
};

/* One rule occurrence of an audit. */
typedef struct occ {
	wkey wording;
	uint32_t doc;
	uint32_t rule; /* collection-wide index */
} occ;

/* ---- the audit's occurrences ---- */

static int key_cmp(const wkey *x, const wkey *y)
{
	return memcmp(x->b, y->b, sizeof(x->b));
}

/* The key format 1 gave the text s[0..len): a word-at-a-time multiply
 * and rotate mix with a final avalanche, kept only to read baselines
 * written in that format. */
static uint64_t legacy_mix(uint64_t h, uint64_t w)
{
	h ^= w * 0x9e3779b97f4a7c15ULL;
	return (h << 27 | h >> 37) * 0xbf58476d1ce4e5b9ULL;
}

static uint64_t legacy_hash(const unsigned char *p, size_t len)
{
	uint64_t h = 0x243f6a8885a308d3ULL ^ len, w;
	uint32_t x, y;

	if (len >= 8) {
		for (; len > 8; p += 8, len -= 8) {
			memcpy(&w, p, 8);
			h = legacy_mix(h, w);
		}
		memcpy(&w, p + len - 8, 8);
		h = legacy_mix(h, w);
	} else if (len >= 4) {
		memcpy(&x, p, 4);
		memcpy(&y, p + len - 4, 4);
		h = legacy_mix(h, (uint64_t)x << 32 | y);
	} else if (len) {
		h = legacy_mix(h, (uint64_t)p[0] << 16 |
					  (uint64_t)p[len / 2] << 8 | p[len - 1]);
	}
	h ^= h >> 31;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 29);
}

static void legacy_key(wkey *k, uint64_t h)
{
	int i;

	memset(k, 0, sizeof(*k));
	for (i = 7; i >= 0; i--, h >>= 8)
		k->b[i] = (unsigned char)h;
}

/* The key of a wording, in the given format: stems joined by spaces
 * (stems are runs of letters and digits, so the join cannot make two
 * term sequences one string). */
static void wording_of(wkey *out, int version, const ad_audit *a,
		       const ad_rule *r, ad_buf *scratch)
{
	uint32_t k;

	ad_buf_clear(scratch);
	for (k = 0; k < r->nterms; k++) {
		if (k)
			ad_buf_putc(scratch, ' ');
		ad_buf_puts(scratch,
			    ad_collection_stem(a->collection, r->terms[k]));
	}
	if (version == LEGACY_VERSION)
		legacy_key(out, legacy_hash((const unsigned char *)scratch->ptr,
					    scratch->len));
	else
		ad_hash_digest(out->b, scratch->ptr, scratch->len);
}

static int occ_cmp(const void *x, const void *y)
{
	const occ *p = x, *q = y;
	int c = key_cmp(&p->wording, &q->wording);

	if (c)
		return c;
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
 * rule, wordings keyed in the given format. Returns a malloc'd array. */
static occ *collect(const ad_audit *a, int version, size_t *n)
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
			wording_of(&o[m].wording, version, a, &doc->rules[k],
				   &scratch);
			o[m].doc = (uint32_t)d;
			o[m++].rule = (uint32_t)r;
		}
	}
	ad_buf_dispose(&scratch);
	qsort(o, m, sizeof(*o), occ_cmp);
	for (k = 0; k < m; k++)
		if (u == 0 || key_cmp(&o[k].wording, &o[u - 1].wording) ||
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

static void put_key(ad_buf *b, const wkey *k)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < sizeof(k->b); i++) {
		ad_buf_putc(b, digits[k->b[i] >> 4]);
		ad_buf_putc(b, digits[k->b[i] & 15]);
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
	occ *o = collect(a, AD_BASELINE_VERSION, &no);
	line_ref *ref = ad_xmalloc((no + a->links.n + 1) * sizeof(*ref));

	for (i = 0; i < no; i++) {
		ref[m].off = lines->len;
		ad_buf_puts(lines, "rule\t");
		put_key(lines, &o[i].wording);
		ad_buf_putc(lines, '\t');
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

/* Exactly the hex digits of a key in b's format. */
static int parse_key(wkey *out, const ad_baseline *b, const char *s,
		     size_t len)
{
	size_t want = b->version == LEGACY_VERSION ? LEGACY_HEX : AD_HASH_HEX;
	size_t i;

	if (len != want)
		return -1;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < len; i++) {
		int v = hex_digit(s[i]);

		if (v < 0)
			return -1;
		out->b[i / 2] |= (unsigned char)(i % 2 ? v : v << 4);
	}
	return 0;
}

/* "<hex>\t<path>" after "rule\t". */
static int rule_record(ad_baseline *b, ad_buf *tmp, const char *s,
		       size_t len)
{
	const char *tab = memchr(s, '\t', len);
	bl_rule r;

	if (!tab || parse_key(&r.wording, b, s, (size_t)(tab - s)) != 0)
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

/* The version line: one of the formats this library reads, into
 * b->version. */
static int header(ad_baseline *b, const char *s, size_t len, ad_error *err)
{
	static const char want[] = HEADER " ";
	size_t n = sizeof(want) - 1;

	if (!starts(s, len, want))
		return bad(err, 1, "not an agentdup baseline (no "
				   "'" HEADER "' header)");
	if (len - n == 1 && s[n] >= '1' && s[n] <= '0' + AD_BASELINE_VERSION) {
		b->version = s[n] - '0';
		return 0;
	}
	return ad_error_setat(err, AD_EPARSE, NULL, 1, 0,
			      "line 1: baseline version %.*s is not "
			      "supported (this agentdup reads 1 to %d)",
			      (int)(len - n > 16 ? 16 : len - n), s + n,
			      AD_BASELINE_VERSION);
}

static int rule_cmp(const void *x, const void *y)
{
	const bl_rule *p = x, *q = y;
	int c = key_cmp(&p->wording, &q->wording);

	if (c)
		return c;
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
	if ((rc = header(b, s, n, err)) != 0)
		return rc;
	ad_buf_init(&tmp);
	while (rc == 0 && next_line(&c, &s, &n))
		if (n && record(b, &tmp, s, n) != 0)
			rc = ad_error_setat(err, AD_EPARSE, NULL, c.line, 0,
					    "line %d: expected 'rule\\t<%d hex "
					    "digits>\\t<path>' or "
					    "'link\\t<path>\\t<path>'",
					    c.line,
					    b->version == LEGACY_VERSION
						    ? LEGACY_HEX
						    : AD_HASH_HEX);
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

int ad_baseline_version(const ad_baseline *b)
{
	return b->version;
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
static size_t lower_bound(const ad_baseline *b, const wkey *wording,
			  uint32_t path)
{
	size_t lo = 0, hi = b->nrules;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const bl_rule *r = &b->rules[mid];
		int c = key_cmp(&r->wording, wording);

		if (c < 0 || (c == 0 && r->path < path))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Agents carrying wording in b. */
static uint32_t known_agents(const ad_baseline *b, const wkey *wording)
{
	size_t lo = lower_bound(b, wording, 0), hi = lo;

	while (hi < b->nrules && key_cmp(&b->rules[hi].wording, wording) == 0)
		hi++;
	return (uint32_t)(hi - lo);
}

static uint32_t find_path(const ad_baseline *b, const char *path)
{
	return ad_strtab_find(b->paths, path, strlen(path));
}

static int has_rule(const ad_baseline *b, const wkey *wording,
		    const char *path)
{
	uint32_t id = find_path(b, path);
	size_t i;

	if (id == AD_STRTAB_NONE)
		return 0;
	i = lower_bound(b, wording, id);
	return i < b->nrules && key_cmp(&b->rules[i].wording, wording) == 0 &&
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
	memcpy(f->wording, o->wording.b, sizeof(f->wording));
	f->known = known_agents(b, &o->wording);
	f->nagents = nagents;
	f->boilerplate =
		a->inventory.groups[a->inventory.group_of[o->rule]].boilerplate;
}

/* New rule occurrences appended to f; returns the new count. */
static size_t new_rules(ad_finding *f, size_t n, const ad_baseline *b,
			const ad_audit *a)
{
	size_t no, i = 0, j, k;
	occ *o = collect(a, b->version, &no);

	while (i < no) {
		for (j = i; j < no && !key_cmp(&o[j].wording, &o[i].wording);
		     j++)
			;
		for (k = i; k < j; k++)
			if (!has_rule(b, &o[k].wording,
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
	return memcmp(p->wording, q->wording, sizeof(p->wording));
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
