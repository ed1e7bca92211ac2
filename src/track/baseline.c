/*
 * baseline.c - a baseline's format: the records of an audit, written as
 * sorted text, and read back.
 *
 * Method: the audit's rule occurrences are listed as (wording, agent,
 * rule), sorted, and cut to the first rule of each (wording, agent), so an
 * agent repeating a wording counts once. An agent is written as its
 * content key (ad_input.key), and every agent a record names gets a file
 * record with its path. Records are built as lines, sorted and made
 * unique. A loaded baseline interns agents' names (content keys, or in
 * formats 1 and 2 paths) and paths (ad_strtab), and keeps its records
 * sorted for the binary searches of baseline_diff.c.
 *
 * A wording is named by the SHA-256 of its stems (formats 2 and 3).
 * Format 1 named it by a 64-bit hash that anyone could make collide; a
 * baseline in that format is still read, and the audit's wordings are
 * then named the old way to be checked against it (legacy_key()), until
 * the baseline is written again.
 */
#include "track/baseline_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "agentdup-baseline"
#define LEGACY_VERSION 1 /* wordings by a 64-bit hash */
#define LEGACY_HEX 16

/* ---- the audit's records ---- */

int ad_baseline_wkey_cmp(const ad_wkey *x, const ad_wkey *y)
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

static void legacy_key(ad_wkey *k, uint64_t h)
{
	int i;

	memset(k, 0, sizeof(*k));
	for (i = 7; i >= 0; i--, h >>= 8)
		k->b[i] = (unsigned char)h;
}

/* The key of a wording, in the given format: stems joined by spaces
 * (stems are runs of letters and digits, so the join cannot make two
 * term sequences one string). */
static void wording_of(ad_wkey *out, int version, const ad_audit *a,
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
	const ad_bl_occ *p = x, *q = y;
	int c = ad_baseline_wkey_cmp(&p->wording, &q->wording);

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

ad_bl_occ *ad_baseline_occurrences(const ad_audit *a, int version,
				   size_t *n)
{
	ad_bl_occ *o = ad_xmalloc((a->collection->at.nrules + 1) * sizeof(*o));
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
		if (u == 0 ||
		    ad_baseline_wkey_cmp(&o[k].wording, &o[u - 1].wording) ||
		    o[k].doc != o[u - 1].doc)
			o[u++] = o[k];
	*n = u;
	return o;
}

const char **ad_baseline_doc_keys(const ad_audit *a)
{
	const ad_collection *c = a->collection;
	const char **k = ad_xcalloc(c->ndocs + 1, sizeof(*k));
	size_t i, d = 0;

	for (i = 0; i < c->ninputs && d < c->ndocs; i++) {
		const ad_input *in = &c->inputs[i];

		if (in->skipped || !in->doc)
			continue;
		assert(c->docs[d] == in->doc);
		k[d++] = in->key[0] ? in->key : NULL;
	}
	return k;
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

static void put_key(ad_buf *b, const ad_wkey *k)
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

/* The records being built, and the docs they name. */
typedef struct writer {
	ad_buf lines;
	line_ref *ref;
	size_t n;
	const char **keys; /* per doc */
	unsigned char *named; /* per doc: a record names it */
} writer;

static void begin(writer *w)
{
	w->ref[w->n].off = w->lines.len;
}

static void end(writer *w)
{
	w->ref[w->n].len = w->lines.len - w->ref[w->n].off;
	w->n++;
}

static void rule_records(writer *w, const ad_audit *a)
{
	size_t no, i;
	ad_bl_occ *o = ad_baseline_occurrences(a, AD_BASELINE_VERSION, &no);

	for (i = 0; i < no; i++) {
		const char *k = w->keys[o[i].doc];

		if (!k)
			continue; /* not keyed: nothing to name it by */
		begin(w);
		ad_buf_puts(&w->lines, "rule\t");
		put_key(&w->lines, &o[i].wording);
		ad_buf_putc(&w->lines, '\t');
		ad_buf_puts(&w->lines, k);
		end(w);
		w->named[o[i].doc] = 1;
	}
	free(o);
}

static void link_records(writer *w, const ad_audit *a)
{
	size_t i;

	for (i = 0; i < a->links.n; i++) {
		const char *p = w->keys[a->links.list[i].a];
		const char *q = w->keys[a->links.list[i].b];

		if (!p || !q)
			continue;
		if (strcmp(p, q) > 0) {
			const char *t = p;

			p = q;
			q = t;
		}
		begin(w);
		ad_buf_printf(&w->lines, "link\t%s\t%s", p, q);
		end(w);
		w->named[a->links.list[i].a] = 1;
		w->named[a->links.list[i].b] = 1;
	}
}

static void file_records(writer *w, const ad_audit *a)
{
	size_t d;

	for (d = 0; d < a->collection->ndocs; d++) {
		if (!w->named[d])
			continue;
		begin(w);
		ad_buf_printf(&w->lines, "file\t%s\t", w->keys[d]);
		put_path(&w->lines, ad_audit_doc(a, d)->path);
		end(w);
	}
}

int ad_baseline_write(ad_buf *out, const ad_audit *a)
{
	size_t ndocs = a->collection->ndocs, i;
	writer w;

	ad_buf_init(&w.lines);
	w.ref = ad_xmalloc((a->collection->at.nrules + a->links.n + ndocs + 1) *
			   sizeof(*w.ref));
	w.n = 0;
	w.keys = ad_baseline_doc_keys(a);
	w.named = ad_xcalloc(ndocs + 1, 1);
	rule_records(&w, a);
	link_records(&w, a);
	file_records(&w, a);
	for (i = 0; i < w.n; i++)
		w.ref[i].base = w.lines.ptr;
	qsort(w.ref, w.n, sizeof(*w.ref), line_cmp);
	ad_buf_printf(out, HEADER " %d\n", AD_BASELINE_VERSION);
	for (i = 0; i < w.n; i++) {
		if (i && line_cmp(&w.ref[i - 1], &w.ref[i]) == 0)
			continue;
		ad_buf_put(out, w.lines.ptr + w.ref[i].off, w.ref[i].len);
		ad_buf_putc(out, '\n');
	}
	free(w.ref);
	free(w.keys);
	free(w.named);
	ad_buf_dispose(&w.lines);
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

/* Exactly want hex digits, into out. */
static int parse_hex(ad_wkey *out, const char *s, size_t len, size_t want)
{
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

/* A wording's key in b's format. */
static int parse_wording(ad_wkey *out, const ad_baseline *b, const char *s,
			 size_t len)
{
	return parse_hex(out, s, len,
			 b->version == LEGACY_VERSION ? LEGACY_HEX
						      : AD_HASH_HEX);
}

/* A file record for agent id and path id. */
static void add_file(ad_baseline *b, uint32_t agent, uint32_t path)
{
	ad_grow(&b->files, &b->capfiles, b->nfiles + 1, sizeof(*b->files));
	b->files[b->nfiles].agent = agent;
	b->files[b->nfiles++].path = path;
}

/* The agent named by s[0..len): a content key (format 3), else a path,
 * which is also the agent's one file; AD_STRTAB_NONE when malformed. */
static uint32_t agent_id(ad_baseline *b, ad_buf *tmp, const char *s,
			 size_t len)
{
	ad_wkey k;
	uint32_t path, id;

	if (b->version > AD_BASELINE_BY_PATH) {
		if (parse_hex(&k, s, len, AD_HASH_HEX) != 0)
			return AD_STRTAB_NONE;
		ad_buf_clear(tmp);
		put_key(tmp, &k); /* lower case, whatever was written */
		return ad_strtab_intern(b->agents, tmp->ptr, tmp->len);
	}
	if ((path = path_id(b, tmp, s, len)) == AD_STRTAB_NONE)
		return AD_STRTAB_NONE;
	id = ad_strtab_intern(b->agents, tmp->ptr, tmp->len);
	add_file(b, id, path);
	return id;
}

/* Splits "<x>\t<y>" at its first tab; -1 without one. */
static int fields(const char *s, size_t len, size_t *xlen, const char **y,
		  size_t *ylen)
{
	const char *tab = memchr(s, '\t', len);

	if (!tab)
		return -1;
	*xlen = (size_t)(tab - s);
	*y = tab + 1;
	*ylen = len - *xlen - 1;
	return 0;
}

/* "<wording>\t<agent>" after "rule\t". */
static int rule_record(ad_baseline *b, ad_buf *tmp, const char *s,
		       size_t len)
{
	ad_bl_rule r;
	const char *y;
	size_t xlen, ylen;

	if (fields(s, len, &xlen, &y, &ylen) != 0 ||
	    parse_wording(&r.wording, b, s, xlen) != 0)
		return -1;
	if ((r.agent = agent_id(b, tmp, y, ylen)) == AD_STRTAB_NONE)
		return -1;
	ad_grow(&b->rules, &b->caprules, b->nrules + 1, sizeof(*b->rules));
	b->rules[b->nrules++] = r;
	return 0;
}

/* "<agent>\t<agent>" after "link\t". */
static int link_record(ad_baseline *b, ad_buf *tmp, const char *s,
		       size_t len)
{
	ad_bl_link l;
	const char *y;
	size_t xlen, ylen;

	if (fields(s, len, &xlen, &y, &ylen) != 0)
		return -1;
	l.a = agent_id(b, tmp, s, xlen);
	l.b = agent_id(b, tmp, y, ylen);
	if (l.a == AD_STRTAB_NONE || l.b == AD_STRTAB_NONE)
		return -1;
	if (l.a > l.b) {
		uint32_t t = l.a;

		l.a = l.b;
		l.b = t;
	}
	ad_grow(&b->links, &b->caplinks, b->nlinks + 1, sizeof(*b->links));
	b->links[b->nlinks++] = l;
	return 0;
}

/* "<content key>\t<path>" after "file\t" (format 3). */
static int file_record(ad_baseline *b, ad_buf *tmp, const char *s,
		       size_t len)
{
	const char *y;
	size_t xlen, ylen;
	uint32_t agent, path;

	if (b->version <= AD_BASELINE_BY_PATH ||
	    fields(s, len, &xlen, &y, &ylen) != 0)
		return -1;
	if ((agent = agent_id(b, tmp, s, xlen)) == AD_STRTAB_NONE ||
	    (path = path_id(b, tmp, y, ylen)) == AD_STRTAB_NONE)
		return -1;
	add_file(b, agent, path);
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
	if (starts(s, len, "file\t"))
		return file_record(b, tmp, s + 5, len - 5);
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
	const ad_bl_rule *p = x, *q = y;
	int c = ad_baseline_wkey_cmp(&p->wording, &q->wording);

	if (c)
		return c;
	return (p->agent > q->agent) - (p->agent < q->agent);
}

static int link_cmp(const void *x, const void *y)
{
	const ad_bl_link *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

static int file_cmp(const void *x, const void *y)
{
	const ad_bl_file *p = x, *q = y;

	if (p->agent != q->agent)
		return p->agent < q->agent ? -1 : 1;
	return (p->path > q->path) - (p->path < q->path);
}

/* Sort base[0..*n) and drop repeated items. */
static void sort_unique(void *base, size_t *n, size_t size,
			int (*cmp)(const void *, const void *))
{
	char *p = base;
	size_t i, u;

	if (*n < 2)
		return; /* qsort() wants a pointer even for no items */
	qsort(p, *n, size, cmp);
	for (i = u = 1; i < *n; i++)
		if (cmp(p + (u - 1) * size, p + i * size)) {
			if (u != i)
				memcpy(p + u * size, p + i * size, size);
			u++;
		}
	*n = u;
}

/* Sort and drop repeated records, so lookups can binary-search and
 * counts of agents per wording are counts of records; index files by
 * agent and by path. */
static void seal(ad_baseline *b)
{
	size_t nagents = ad_strtab_count(b->agents), i;
	size_t npaths = ad_strtab_count(b->paths);

	sort_unique(b->rules, &b->nrules, sizeof(*b->rules), rule_cmp);
	sort_unique(b->links, &b->nlinks, sizeof(*b->links), link_cmp);
	sort_unique(b->files, &b->nfiles, sizeof(*b->files), file_cmp);
	b->first_file = ad_xcalloc(nagents + 1, sizeof(*b->first_file));
	for (i = 0; i < b->nfiles; i++)
		b->first_file[b->files[i].agent + 1]++;
	for (i = 0; i < nagents; i++)
		b->first_file[i + 1] += b->first_file[i];
	b->path_agent = ad_xmalloc((npaths + 1) * sizeof(*b->path_agent));
	for (i = 0; i < npaths; i++)
		b->path_agent[i] = AD_STRTAB_NONE;
	for (i = 0; i < b->nfiles; i++)
		if (b->path_agent[b->files[i].path] == AD_STRTAB_NONE)
			b->path_agent[b->files[i].path] = b->files[i].agent;
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
			rc = ad_error_setat(
				err, AD_EPARSE, NULL, c.line, 0,
				b->version > AD_BASELINE_BY_PATH
					? "line %d: expected 'file\\t<key>\\t"
					  "<path>', 'link\\t<key>\\t<key>' or "
					  "'rule\\t<wording>\\t<key>' (keys "
					  "and wordings: %d hex digits)"
					: "line %d: expected 'rule\\t<%d hex "
					  "digits>\\t<path>' or "
					  "'link\\t<path>\\t<path>'",
				c.line,
				b->version == LEGACY_VERSION ? LEGACY_HEX
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
	b->agents = ad_strtab_new();
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
	ad_strtab_free(b->agents);
	ad_strtab_free(b->paths);
	free(b->rules);
	free(b->links);
	free(b->files);
	free(b->first_file);
	free(b->path_agent);
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

size_t ad_baseline_nagents(const ad_baseline *b)
{
	return ad_strtab_count(b->agents);
}
