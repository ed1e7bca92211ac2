/*
 * doccache.c - docs kept parsed and tokenized in one file.
 *
 * Method: the file is a header (magic, format, byte-order mark, the
 * settings it was made under, when that scan began), the stems of the
 * scan that wrote it, the words of its docs (each with its stem), then
 * one entry per doc: content key, path, its file's stamp, checksum and
 * the doc's fields in order. Integers of the header and the tables are
 * 32 or 64 bits in the writer's byte order (the mark refuses another); a
 * string there is a length, its bytes and a NUL, the length NONE for a
 * NULL. Within an entry, integers take 7 bits a byte (most fit in one or
 * two) and a string's length is given plus one (0: NULL), but for the
 * term arrays, 32 bits a term, copied as they are; the doc's words are in
 * the order of their numbers, each given by its distance from the one
 * before. The sections' keys, which only --db reads, are kept only when
 * the scan made them (a scan without --db does not). Docs taken
 * from the cache borrow its strings rather than copying them: decoding a
 * doc copies only its arrays (the collection then puts the strings into
 * its share and says it is done with the entry, whose bytes then go).
 * Opening reads the head whole (header, stems, words: the load reads
 * the words to its end) and the head of every entry (key, path, stamp,
 * checksum, length), passing over the entries' bytes, and indexes the
 * entries by key and path; an entry's bytes are read with pread() when
 * its doc is asked for, its checksum verified first, and every count,
 * index and enum checked as it goes, so that hostile bytes give a miss
 * and never a doc that a later stage could trip on, and a file cut short
 * by another process gives misses (a mapped file would fault). So a warm
 * scan holds no more of the file than the docs being decoded (at 100,000
 * files it is 1.4 GB, and was read whole until 2026-12-07). The path is
 * part of the key because a doc's identity and kind come from its path
 * as well as its bytes.
 *
 * Each entry notes its file's status when it was read (inode, size,
 * modification and change times) and the header when the writing scan
 * began, so that the next scan can find the entry of a file by its path
 * and status without reading and hashing it, as git's index does: the
 * change time moves with every write, rename over and chmod, and no one
 * sets it at will; a status noted less than a few seconds before the
 * writing scan began is not trusted, since a write in the same tick of the
 * file system's clock would not have moved it.
 */
#define _DEFAULT_SOURCE 1 /* pread() */

#include "index/doccache.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agentdup/buf.h"
#include "agentdup/hash.h"
#include "base/arena.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "base/strtab.h"
#include "base/varint.h"
#include "parse/doc_internal.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

static const char MAGIC[8] = {'a', 'd', 'c', 'a', 'c', 'h', 'e', '\n'};
/* 2: XXH3 checksums; 3: file stamps; 4: an entry's integers but its
 * terms of 7 bits a byte, its words in order, texts only when kept; 5:
 * no section in a rule (its section's row says it); 6: sections' keys in
 * place of their texts. The fields are written whole, and checked as read
 * before they go into narrow ones. */
#define FORMAT 6u
#define BOM 0x01020304u
#define NONE 0xffffffffu
#define MAX_CACHE ((size_t)1 << 34) /* 16 GiB: more is not a cache of ours */
/* A stamp is trusted only if the file's last change is older than the
 * writing scan's start by this much: a change made while that scan read
 * the file, in the same tick of a coarse file-system clock (a second or
 * two on some), would leave the stamp as it was. */
#define RACY_NS ((int64_t)3000000000)

/* ---- checksum: catches damage; the checks below catch the rest ---- */

/* XXH3 of the entry's bytes and its file's stamp: fast, and from the
 * library (a cache is the user's own file; a crafted one can only give
 * docs that pass every check below, never memory outside the file). */
static uint64_t checksum(const unsigned char *p, size_t n,
			 const ad_doccache_stamp *st)
{
	uint64_t f[4] = {st->ino, st->size, (uint64_t)st->mtime_ns,
			 (uint64_t)st->ctime_ns};

	return XXH3_64bits_withSeed(p, n, XXH3_64bits(f, sizeof(f)));
}

/* A fuzzing build (CMake option AD_FUZZ) decodes an entry whatever its
 * checksum says, so that the fuzzer's damage reaches the checks below
 * instead of stopping at the sum. */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define SUM_BINDS 0
#else
#define SUM_BINDS 1
#endif

/* ---- reading, bounds-checked ---- */

typedef struct rd {
	const unsigned char *p, *end;
	int bad;
} rd;

static uint32_t rd_u32(rd *r)
{
	uint32_t v = 0;

	if (r->bad || r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, 4);
	r->p += 4;
	return v;
}

static uint64_t rd_u64(rd *r)
{
	uint64_t lo = rd_u32(r);

	return lo | (uint64_t)rd_u32(r) << 32;
}

static const unsigned char *rd_bytes(rd *r, size_t n)
{
	const unsigned char *p = r->p;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	return p;
}

/* A string: *len bytes at the pointer returned, and a NUL after them;
 * NULL with *nul set for a NULL string. */
static const char *rd_str(rd *r, uint32_t *len, int *nul)
{
	const unsigned char *s;

	*len = rd_u32(r);
	*nul = *len == NONE && !r->bad;
	if (*nul) {
		*len = 0;
		return NULL;
	}
	s = rd_bytes(r, (size_t)*len + 1);
	if (s && s[*len] != '\0') {
		r->bad = 1;
		return NULL;
	}
	return (const char *)s;
}

/* A count of things of at least min bytes each: never more than the
 * bytes left could hold, so no hostile count allocates much. */
static uint32_t rd_count(rd *r, size_t min)
{
	uint32_t n = rd_u32(r);

	if ((size_t)(r->end - r->p) / min < n)
		r->bad = 1;
	return r->bad ? 0 : n;
}

/* ---- the cache read ---- */

typedef struct entry {
	const char *key; /* AD_HASH_HEX bytes, in the index's arena */
	const char *path;
	uint32_t path_len;
	uint32_t len; /* its bytes, at off in the file */
	uint64_t off;
	uint64_t sum;
	ad_doccache_stamp stamp;
} entry;

typedef struct word {
	const char *s;
	uint32_t len, stem;
} word;

struct ad_doccache {
	int fd;
	uint64_t size; /* the file's, when it was opened */
	char *head;    /* header, stems and words, read whole and kept */
	const char **stems;
	uint32_t *stem_len, nstems;
	word *words;
	uint32_t nwords;
	entry *entries;
	size_t nentries;
	ad_arena *index; /* the entries' keys and paths */
	uint32_t *slots; /* open addressing: entry index + 1, 0 empty */
	uint32_t *by_path; /* the same, by path alone */
	size_t nslots;
	int64_t since; /* when the scan that wrote it began */
};

static uint64_t entry_hash(const char *key, const char *path, size_t len)
{
	return ad_hash_bytes(key, AD_HASH_HEX) ^ ad_hash_bytes(path, len) * 31;
}

static uint64_t path_hash(const char *path, size_t len)
{
	return ad_hash_bytes(path, len);
}

static int read_header(ad_doccache *dc, rd *r, const char *settings)
{
	const unsigned char *m = rd_bytes(r, sizeof(MAGIC));
	uint32_t format = rd_u32(r), bom = rd_u32(r), len;
	const char *s;
	int nul;

	s = rd_str(r, &len, &nul);
	dc->since = (int64_t)rd_u64(r);
	return !r->bad && memcmp(m, MAGIC, sizeof(MAGIC)) == 0 &&
	       format == FORMAT && bom == BOM && s &&
	       len == strlen(settings) && memcmp(s, settings, len) == 0;
}

static int read_stems(ad_doccache *dc, rd *r)
{
	uint32_t i, n = rd_count(r, 4);
	int nul;

	dc->stems = ad_xcalloc(n + 1, sizeof(*dc->stems));
	dc->stem_len = ad_xcalloc(n + 1, sizeof(*dc->stem_len));
	dc->nstems = n;
	for (i = 0; i < n && !r->bad; i++)
		if (!(dc->stems[i] = rd_str(r, &dc->stem_len[i], &nul)))
			r->bad = 1;
	return !r->bad;
}

static int read_words(ad_doccache *dc, rd *r)
{
	uint32_t i, n = rd_count(r, 8);
	int nul;

	dc->words = ad_xcalloc(n + 1, sizeof(*dc->words));
	dc->nwords = n;
	for (i = 0; i < n && !r->bad; i++) {
		word *w = &dc->words[i];

		w->stem = rd_u32(r);
		w->s = rd_str(r, &w->len, &nul);
		if (!w->s || w->stem >= dc->nstems)
			r->bad = 1;
	}
	return !r->bad;
}

static void put_slot(uint32_t *slots, size_t mask, uint64_t h, size_t i)
{
	size_t j = h & mask;

	while (slots[j])
		j = (j + 1) & mask;
	slots[j] = (uint32_t)i + 1;
}

static void index_entry(ad_doccache *dc, size_t i)
{
	const entry *e = &dc->entries[i];
	size_t mask = dc->nslots - 1;

	put_slot(dc->slots, mask, entry_hash(e->key, e->path, e->path_len), i);
	put_slot(dc->by_path, mask, path_hash(e->path, e->path_len), i);
}

/* n bytes of the file at off into buf; how many there were (fewer at
 * its end, or when it cannot be read). */
static size_t read_at(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = pread(fd, (char *)buf + got, n - got,
				  (off_t)(off + got));

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return got;
}

/* The entries' heads are read through a window of the file that slides
 * on: their bytes between are passed over, never read. A refill reads
 * what is asked for, or READ if that is more: an entry's head is some
 * 200 bytes, and its bytes, passed over, some 14 KB on the corpus (a
 * refill of the whole window after each made opening the cache of
 * 100,000 files take 3 s). */
#define WINDOW ((size_t)64 << 10)
#define READ ((size_t)4 << 10)

typedef struct window {
	int fd;
	uint64_t at, end; /* buf[0]'s offset in the file; the file's size */
	unsigned char *buf;
	size_t have, pos;
	int bad;
} window;

/* The next n bytes (n <= WINDOW), or NULL (bad) past the end. */
static const unsigned char *take(window *w, size_t n)
{
	const unsigned char *p;

	if (w->bad || n > WINDOW) {
		w->bad = 1;
		return NULL;
	}
	if (w->have - w->pos < n) {
		w->at += w->pos;
		w->have -= w->pos;
		memmove(w->buf, w->buf + w->pos, w->have);
		w->pos = 0;
		w->have += read_at(w->fd, w->buf + w->have,
				   n > READ ? n - w->have : READ - w->have,
				   w->at + w->have);
		if (w->have < n) {
			w->bad = 1;
			return NULL;
		}
	}
	p = w->buf + w->pos;
	w->pos += n;
	return p;
}

/* Where the window is in the file. */
static uint64_t window_at(const window *w)
{
	return w->at + w->pos;
}

/* Pass over n bytes, which must be in the file. */
static void skip(window *w, uint64_t n)
{
	if (w->bad || n > w->end - window_at(w)) {
		w->bad = 1;
		return;
	}
	if (n <= w->have - w->pos) {
		w->pos += (size_t)n;
		return;
	}
	w->at = window_at(w) + n;
	w->have = w->pos = 0;
}

static void read_stamp(rd *r, ad_doccache_stamp *st)
{
	st->ino = rd_u64(r);
	st->size = rd_u64(r);
	st->mtime_ns = (int64_t)rd_u64(r);
	st->ctime_ns = (int64_t)rd_u64(r);
}

/* What an entry's head holds after its path: stamp, checksum, length. */
#define AFTER_PATH (4 * 8 + 8 + 4)

/* The next 4 bytes of the window as an integer (0 past the end). */
static uint32_t take_u32(window *w)
{
	const unsigned char *p = take(w, 4);
	uint32_t v = 0;

	if (p)
		memcpy(&v, p, 4);
	return v;
}

/* Entry e's head: its key and path (copied into the index), stamp,
 * checksum, and where its bytes are (passed over). The key and the
 * path's length are taken first, then the rest, read as the head is. */
static void take_entry(ad_doccache *dc, window *w, entry *e)
{
	const unsigned char *k = take(w, AD_HASH_HEX);
	const char *path;
	uint32_t len;
	rd r;

	/* copied before the next take, which may slide the window */
	e->key = k ? ad_arena_memdup(dc->index, k, AD_HASH_HEX) : NULL;
	len = take_u32(w);
	r.p = len < WINDOW - AFTER_PATH
		      ? take(w, (size_t)len + 1 + AFTER_PATH)
		      : NULL;
	r.end = r.p ? r.p + len + 1 + AFTER_PATH : NULL;
	r.bad = !r.p;
	path = (const char *)rd_bytes(&r, (size_t)len + 1);
	read_stamp(&r, &e->stamp);
	e->sum = rd_u64(&r);
	e->len = rd_u32(&r);
	if (r.bad || path[len] != '\0') {
		w->bad = 1;
		return;
	}
	e->path = ad_arena_strndup(dc->index, path, len);
	e->path_len = len;
	e->off = window_at(w);
	skip(w, e->len);
}

/* The entries, from off on to the file's end, indexed by key and path. */
static int read_entries(ad_doccache *dc, uint64_t off)
{
	window w = {dc->fd, off, dc->size, NULL, 0, 0, 0};
	size_t i, n;

	w.buf = ad_xmalloc(WINDOW);
	n = take_u32(&w);
	if ((dc->size - window_at(&w)) / (AD_HASH_HEX + 48) < n)
		w.bad = 1;
	dc->entries = ad_xcalloc(w.bad ? 1 : n + 1, sizeof(*dc->entries));
	for (i = 0; i < n && !w.bad; i++)
		take_entry(dc, &w, &dc->entries[i]);
	free(w.buf);
	if (w.bad || window_at(&w) != dc->size)
		return 0;
	dc->nentries = n;
	for (dc->nslots = 16; dc->nslots < 2 * n; dc->nslots *= 2)
		;
	dc->slots = ad_xcalloc(dc->nslots, sizeof(*dc->slots));
	dc->by_path = ad_xcalloc(dc->nslots, sizeof(*dc->by_path));
	for (i = 0; i < n; i++)
		index_entry(dc, i);
	return 1;
}

/* The head's first guess: it grows with the words of the collection
 * (a few MB at 100,000 files). */
#define HEAD_FIRST ((size_t)1 << 20)

/* The head read: header, stems and words. Its length is known only once
 * it is read, so a prefix of the file twice as long is read until it
 * holds them whole, or is the whole file. Returns where the entries
 * begin; 0 when the file is no cache of ours for settings. */
static uint64_t read_head(ad_doccache *dc, const char *settings)
{
	size_t want = HEAD_FIRST;

	for (;;) {
		size_t n = want < dc->size ? want : (size_t)dc->size;
		rd r;

		free(dc->head);
		free(dc->stems);
		free(dc->stem_len);
		free(dc->words);
		dc->stems = NULL;
		dc->stem_len = NULL;
		dc->words = NULL;
		dc->head = ad_xmalloc(n + 1);
		if (read_at(dc->fd, dc->head, n, 0) != n)
			return 0;
		r.p = (const unsigned char *)dc->head;
		r.end = r.p + n;
		r.bad = 0;
		if (!read_header(dc, &r, settings))
			return 0; /* a header is far shorter than the guess */
		if (read_stems(dc, &r) && read_words(dc, &r))
			return (uint64_t)((const char *)r.p - dc->head);
		if (n == dc->size)
			return 0;
		want *= 2;
	}
}

/* The head read whole, the entries' heads indexed; their bytes are read
 * when their doc is asked for. */
ad_doccache *ad_doccache_open(const char *path, const char *settings)
{
	ad_doccache *dc;
	struct stat st;
	uint64_t off;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > MAX_CACHE) {
		close(fd);
		return NULL;
	}
	dc = ad_xcalloc(1, sizeof(*dc));
	dc->fd = fd;
	dc->size = (uint64_t)st.st_size;
	dc->index = ad_arena_new();
	if (!(off = read_head(dc, settings)) || !read_entries(dc, off)) {
		ad_doccache_free(dc);
		return NULL;
	}
	return dc;
}

void ad_doccache_free(ad_doccache *dc)
{
	if (!dc)
		return;
	close(dc->fd);
	free(dc->head);
	free(dc->stems);
	free(dc->stem_len);
	free(dc->words);
	free(dc->entries);
	ad_arena_free(dc->index);
	free(dc->slots);
	free(dc->by_path);
	free(dc);
}

size_t ad_doccache_count(const ad_doccache *dc)
{
	return dc ? dc->nentries : 0;
}

uint32_t ad_doccache_nstems(const ad_doccache *dc)
{
	return dc->nstems;
}

const char *ad_doccache_stem(const ad_doccache *dc, uint32_t id,
			     size_t *len)
{
	*len = dc->stem_len[id];
	return dc->stems[id];
}

uint32_t ad_doccache_nwords(const ad_doccache *dc)
{
	return dc->nwords;
}

const char *ad_doccache_word(const ad_doccache *dc, uint32_t id,
			     size_t *len, uint32_t *stem)
{
	*len = dc->words[id].len;
	*stem = dc->words[id].stem;
	return dc->words[id].s;
}

static const entry *find(const ad_doccache *dc, const char *key,
			 const char *path)
{
	size_t len = strlen(path), mask = dc->nslots - 1;
	size_t j = entry_hash(key, path, len) & mask;

	for (; dc->slots[j]; j = (j + 1) & mask) {
		const entry *e = &dc->entries[dc->slots[j] - 1];

		if (memcmp(e->key, key, AD_HASH_HEX) == 0 &&
		    e->path_len == len && memcmp(e->path, path, len) == 0)
			return e;
	}
	return NULL;
}

static int same_stamp(const ad_doccache_stamp *a, const ad_doccache_stamp *b)
{
	return a->ino == b->ino && a->size == b->size &&
	       a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

const char *ad_doccache_key_at(const ad_doccache *dc, const char *path,
			       const ad_doccache_stamp *st)
{
	size_t len = strlen(path), mask = dc->nslots - 1;
	size_t j = path_hash(path, len) & mask;

	if (!st->size || st->ctime_ns >= dc->since - RACY_NS ||
	    st->mtime_ns >= dc->since - RACY_NS)
		return NULL;
	for (; dc->by_path[j]; j = (j + 1) & mask) {
		const entry *e = &dc->entries[dc->by_path[j] - 1];

		if (e->path_len == len && memcmp(e->path, path, len) == 0 &&
		    same_stamp(&e->stamp, st))
			return e->key;
	}
	return NULL;
}

/* ---- decoding a doc ---- */

typedef struct dec {
	rd r;
	const ad_doccache *dc;
	ad_doc *doc;
	unsigned char *used; /* bit per stem: one of the doc's words has it */
	int keys;            /* the entry holds the sections' keys */
	ad_arena *words;     /* where the words go; NULL: the doc's arena */
	ad_docshare *share;  /* NULL: term arrays in the doc's arena */
	/* with a share: where the term arrays of the sections, then of the
	 * rules, are in the entry, and their lengths, until the entry has
	 * decoded whole and they are put into the share (kept()) */
	const void **at;
	uint32_t *count;
} dec;

/* An integer of 7 bits a byte, low bits first, the top bit set on every
 * byte but the last; at most 10 bytes. */
static uint64_t dv64(dec *d)
{
	uint64_t v;

	if (d->r.bad || ad_varint_read(&d->r.p, d->r.end, &v) < 0) {
		d->r.bad = 1;
		return 0;
	}
	return v;
}

/* The same, of 32 bits; most are read where five bytes are left, in
 * one pass without a check per byte. */
static uint32_t dv(dec *d)
{
	const unsigned char *p = d->r.p;
	uint64_t v;
	uint32_t x;
	int i;

	if (d->r.end - p >= 5) {
		for (x = 0, i = 0; i < 4; i++) {
			x |= (uint32_t)(p[i] & 0x7f) << (7 * i);
			if (p[i] < 0x80) {
				d->r.p = p + i + 1;
				return x;
			}
		}
		if (p[4] < 0x10) {
			d->r.p = p + 5;
			return x | (uint32_t)p[4] << 28;
		}
	}
	v = dv64(d);
	if (v > UINT32_MAX)
		d->r.bad = 1;
	return (uint32_t)v;
}

/* A count of things of at least min bytes each (see rd_count()). */
static uint32_t dcount(dec *d, size_t min)
{
	uint32_t n = dv(d);

	if ((size_t)(d->r.end - d->r.p) / min < n)
		d->r.bad = 1;
	return d->r.bad ? 0 : n;
}

/* A string of the cache's bytes, which the doc borrows: its length plus
 * one (0 for NULL), its bytes and a NUL. NULL when NULL and nullable
 * (else the entry is bad). */
static const char *dec_str(dec *d, int nullable)
{
	uint32_t len = dv(d);
	const unsigned char *s;

	if (!len) {
		if (!nullable)
			d->r.bad = 1;
		return NULL;
	}
	s = rd_bytes(&d->r, len);
	if (!s || s[len - 1] != '\0') {
		d->r.bad = 1;
		return NULL;
	}
	return (const char *)s;
}

static int32_t dec_int(dec *d)
{
	return (int32_t)dv(d);
}

/* A term array's place in the entry, *n terms, each checked: the stem
 * of one of the doc's words. NULL when it has none or is bad. */
static const unsigned char *dec_term_bytes(dec *d, uint32_t *n)
{
	const unsigned char *p;
	uint32_t i, t;

	*n = dcount(d, 4);
	p = rd_bytes(&d->r, (size_t)*n * 4);
	if (!*n || !p)
		return NULL;
	for (i = 0; i < *n; i++) {
		memcpy(&t, p + (size_t)i * 4, 4);
		if (t >= d->dc->nstems || !(d->used[t >> 3] >> (t & 7) & 1)) {
			d->r.bad = 1;
			return NULL;
		}
	}
	return p;
}

/* A term array of the doc's own (its description's, name's, ...), in
 * its arena. */
static uint32_t *dec_terms(dec *d, uint32_t *n)
{
	const unsigned char *p = dec_term_bytes(d, n);

	return p ? ad_arena_memdup(d->doc->arena, p, (size_t)*n * 4) : NULL;
}

/* A section's or a rule's terms, which forks repeat: in the doc's arena
 * without a share; with one, noted as item i's, for kept() to put in. */
static uint32_t *dec_kept_terms(dec *d, uint32_t *n, size_t i)
{
	if (!d->share)
		return dec_terms(d, n);
	d->at[i] = dec_term_bytes(d, n);
	d->count[i] = d->at[i] ? *n : 0;
	return NULL;
}

/* The share's copies of the term arrays noted for n items from note
 * from on, rules' or sections', at first and every stride bytes after
 * it. */
static void kept(dec *d, int rule, uint32_t **first, size_t stride,
		 size_t from, size_t n)
{
	if (n)
		ad_docshare_kept(d->share, rule, first, stride, d->at + from,
				 d->count + from, n);
}

static void dec_field(dec *d, ad_fm_field *f)
{
	size_t k;

	f->key = dec_str(d, 0);
	f->is_list = dv(d) != 0;
	f->line = dec_int(d);
	f->nvalues = dcount(d, 2);
	f->values = ad_arena_calloc(d->doc->arena, f->nvalues + 1,
				    sizeof(*f->values));
	for (k = 0; k < f->nvalues; k++)
		f->values[k] = dec_str(d, 0);
}

static void dec_frontmatter(dec *d)
{
	ad_frontmatter *fm = &d->doc->fm;
	size_t i;

	fm->present = dv(d) != 0;
	fm->recovered = dv(d) != 0;
	fm->description = dec_str(d, 1);
	fm->body_offset = dv64(d);
	fm->body_line = dec_int(d);
	if (fm->body_offset > d->doc->len)
		d->r.bad = 1;
	fm->nfields = dcount(d, 5);
	fm->fields = ad_arena_calloc(d->doc->arena, fm->nfields + 1,
				     sizeof(*fm->fields));
	for (i = 0; i < fm->nfields; i++)
		dec_field(d, &fm->fields[i]);
	fm->nexamples = dcount(d, 2);
	fm->examples = ad_arena_calloc(d->doc->arena, fm->nexamples + 1,
				       sizeof(*fm->examples));
	for (i = 0; i < fm->nexamples; i++)
		fm->examples[i] = dec_str(d, 0);
}

/* The level and the title's count are checked before they go into their
 * narrow fields. key: where its key goes, NULL when the entry holds
 * none. */
static void dec_section(dec *d, ad_section *s, size_t i, unsigned char *key)
{
	int32_t level;
	uint32_t ntitle;

	s->path = dec_str(d, 0);
	s->title = dec_str(d, 0);
	level = dec_int(d);
	s->line_start = dec_int(d);
	s->line_end = dec_int(d);
	if (key) {
		const unsigned char *p = rd_bytes(&d->r, AD_HASH_BYTES);

		if (p)
			memcpy(key, p, AD_HASH_BYTES);
	}
	s->first_rule = dv(d);
	s->nrules = dv(d);
	ntitle = dv(d);
	s->terms = dec_kept_terms(d, &s->nterms, i);
	if (level < 0 || level > 6 || ntitle > s->nterms ||
	    ntitle > AD_TITLE_MAX_TERMS)
		d->r.bad = 1;
	s->level = (unsigned)level & 7u;
	s->ntitle_terms = ntitle & AD_TITLE_MAX_TERMS;
}

/* depth, kind, task and the count of terms are checked before they go
 * into their narrow fields, which would wrap a bad value into a good
 * one. */
static void dec_rule(dec *d, ad_rule *r, size_t i)
{
	int32_t depth, task;
	uint32_t kind, nterms;

	r->text = dec_str(d, 0);
	r->line = dec_int(d);
	depth = dec_int(d);
	kind = dv(d);
	task = dec_int(d);
	r->terms = dec_kept_terms(d, &nterms, i);
	if (kind > AD_RULE_ROW || task < -1 || task > 1 || depth < 0 ||
	    depth > AD_RULE_MAX_DEPTH || nterms > AD_RULE_MAX_TERMS)
		d->r.bad = 1;
	r->depth = (unsigned)depth & AD_RULE_MAX_DEPTH;
	r->kind = kind & 3u;
	r->task = task;
	r->nterms = nterms & AD_RULE_MAX_TERMS;
}

/* The sections' rows of rules follow one another, and hold every rule. */
static int outline_ok(const ad_doc *doc)
{
	size_t i, next = 0;

	for (i = 0; i < doc->nsections; i++) {
		const ad_section *s = &doc->sections[i];

		if (s->first_rule != next || s->nrules > doc->nrules - next)
			return 0;
		next += s->nrules;
	}
	return next == doc->nrules;
}

/* Room in the notes of kept terms for n items, those noted kept
 * (decode() frees them); none without a share. */
static void room(dec *d, size_t n)
{
	if (!d->share)
		return;
	d->at = ad_xrealloc(d->at, (n + 1) * sizeof(*d->at));
	d->count = ad_xrealloc(d->count, (n + 1) * sizeof(*d->count));
}

static void dec_body(dec *d)
{
	ad_doc *doc = d->doc;
	size_t i;

	doc->nsections = dcount(d, 11);
	doc->sections = ad_arena_calloc(doc->arena, doc->nsections + 1,
					sizeof(*doc->sections));
	if (d->keys && doc->nsections)
		doc->section_keys =
			ad_arena_alloc(doc->arena, doc->nsections *
					sizeof(*doc->section_keys));
	room(d, doc->nsections);
	for (i = 0; i < doc->nsections && !d->r.bad; i++)
		dec_section(d, &doc->sections[i], i,
			    doc->section_keys ? doc->section_keys[i] : NULL);
	doc->nrules = dcount(d, 8);
	doc->rules = ad_arena_calloc(doc->arena, doc->nrules + 1,
				     sizeof(*doc->rules));
	room(d, (size_t)doc->nsections + doc->nrules);
	for (i = 0; i < doc->nrules && !d->r.bad; i++)
		dec_rule(d, &doc->rules[i], doc->nsections + i);
	doc->nwarnings = dcount(d, 3);
	doc->warnings = ad_arena_calloc(doc->arena, doc->nwarnings + 1,
					sizeof(*doc->warnings));
	doc->warning_lines = ad_arena_calloc(doc->arena, doc->nwarnings + 1,
					     sizeof(*doc->warning_lines));
	for (i = 0; i < doc->nwarnings && !d->r.bad; i++) {
		doc->warnings[i] = dec_str(d, 0);
		doc->warning_lines[i] = dec_int(d);
	}
	if (!d->r.bad && !outline_ok(doc))
		d->r.bad = 1;
}

/* The words come first, so that the terms can be checked against them:
 * each a count and the cache's number of the word, in increasing order,
 * given by its distance from the one before (from 0 for the first). */
static void dec_words(dec *d, ad_word_ref **out, size_t *n)
{
	uint32_t id = 0, stem, delta;
	size_t i;

	*n = dcount(d, 2);
	*out = ad_arena_calloc(d->words ? d->words : d->doc->arena, *n + 1,
			       sizeof(**out));
	for (i = 0; i < *n && !d->r.bad; i++) {
		ad_word_ref *w = &(*out)[i];

		delta = dv(d);
		w->count = dv(d);
		/* a word of the doc occurs in it: one counted 0 times would
		 * vouch for terms that no count brings into the vocabulary */
		if (delta >= d->dc->nwords - id || (i && !delta) ||
		    !w->count) {
			d->r.bad = 1;
			break;
		}
		id += delta;
		stem = d->dc->words[id].stem;
		w->word = id;
		d->used[stem >> 3] |= (unsigned char)(1u << (stem & 7));
	}
}

static void dec_doc(dec *d, ad_word_ref **words, size_t *nwords)
{
	ad_doc *doc = d->doc;
	uint32_t kind;

	dec_words(d, words, nwords);
	kind = dv(d);
	doc->kind = (ad_doc_kind)kind;
	doc->name = dec_str(d, 1);
	doc->identity = dec_str(d, 0);
	dec_frontmatter(d);
	dec_body(d);
	doc->desc_terms = dec_terms(d, &doc->ndesc_terms);
	doc->meta_terms = dec_terms(d, &doc->nmeta_terms);
	doc->nexample_terms = dv(d);
	doc->name_terms = dec_terms(d, &doc->nname_terms);
	doc->bad_utf8 = dv64(d);
	doc->tokens_always = dv(d);
	doc->tokens_body = dv(d);
	if (kind > AD_KIND_INSTRUCTIONS ||
	    doc->nexample_terms > doc->nmeta_terms || d->r.p != d->r.end)
		d->r.bad = 1;
}

/* The doc of entry e, decoded from its bytes, or NULL. */
static ad_doc *decode(dec *d, const unsigned char *bytes, const entry *e,
		      int keys, ad_word_ref **words, size_t *nwords)
{
	const ad_doccache *dc = d->dc;
	size_t len;

	if (SUM_BINDS && checksum(bytes, e->len, &e->stamp) != e->sum)
		return NULL;
	d->r.p = bytes;
	d->r.end = bytes + e->len;
	len = (size_t)dv64(d);
	d->keys = (int)dv(d);
	if (d->r.bad || d->keys > 1 || (keys && !d->keys))
		return NULL;
	d->used = ad_xcalloc(dc->nstems / 8 + 1, 1);
	d->doc = ad_doc_new(e->path, NULL, len);
	dec_doc(d, words, nwords);
	if (d->share && !d->r.bad) { /* decoded whole: nothing left over */
		kept(d, 0, &d->doc->sections[0].terms, sizeof(ad_section), 0,
		     d->doc->nsections);
		kept(d, 1, &d->doc->rules[0].terms, sizeof(ad_rule),
		     d->doc->nsections, d->doc->nrules);
	}
	free(d->used);
	free(d->at);
	free(d->count);
	if (d->r.bad) {
		ad_doc_free(d->doc);
		return NULL;
	}
	return d->doc;
}

ad_doc *ad_doccache_get(const ad_doccache *dc, const char *key,
			const char *path, int keys, ad_word_ref **words,
			size_t *nwords, ad_arena *words_arena,
			ad_docshare *share)
{
	const entry *e = find(dc, key, path);
	ad_arena *read;
	unsigned char *bytes;
	ad_doc *doc;
	dec d;

	if (!e)
		return NULL;
	/* the doc's own: two inputs of one path and content share an entry */
	read = ad_arena_new_fixed((size_t)e->len + 1);
	bytes = ad_arena_alloc(read, (size_t)e->len + 1);
	/* a file cut short since it was opened gives a miss */
	if (read_at(dc->fd, bytes, e->len, e->off) != e->len) {
		ad_arena_free(read);
		return NULL;
	}
	memset(&d, 0, sizeof(d));
	d.dc = dc;
	d.words = words_arena;
	d.share = share;
	if (!(doc = decode(&d, bytes, e, keys, words, nwords))) {
		ad_arena_free(read);
		return NULL;
	}
	doc->scratch = read; /* its strings are there until it is done */
	return doc;
}

void ad_doccache_done(ad_doc *doc)
{
	ad_arena_free(doc->scratch);
	doc->scratch = NULL;
}

/* ---- writing ---- */

static void w_u32(ad_buf *b, uint32_t v)
{
	ad_buf_put(b, &v, 4);
}

static void w_u64(ad_buf *b, uint64_t v)
{
	w_u32(b, (uint32_t)v);
	w_u32(b, (uint32_t)(v >> 32));
}

static void w_strn(ad_buf *b, const char *s, size_t len)
{
	w_u32(b, (uint32_t)len);
	ad_buf_put(b, s, len);
	ad_buf_putc(b, '\0');
}

static void w_str(ad_buf *b, const char *s)
{
	if (!s)
		w_u32(b, NONE);
	else
		w_strn(b, s, strlen(s));
}

/* The integers of an entry, 7 bits a byte (dv64()). */
static void v_u64(ad_buf *b, uint64_t v)
{
	uint8_t out[AD_VARINT_MAX64];

	ad_buf_put(b, out, ad_varint_put(out, v));
}

static void v_u32(ad_buf *b, uint32_t v)
{
	v_u64(b, v);
}

static void v_str(ad_buf *b, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	v_u64(b, s ? (uint64_t)len + 1 : 0);
	if (s) {
		ad_buf_put(b, s, len);
		ad_buf_putc(b, '\0');
	}
}

/* Term arrays stay 32 bits a term: copied as they are, they decode
 * faster than integers of 7 bits a byte, which save a third of them. */
static void v_terms(ad_buf *b, const uint32_t *t, uint32_t n)
{
	v_u32(b, n);
	if (n)
		ad_buf_put(b, t, (size_t)n * 4);
}

/* The file's number of each word of one table of the entries' words
 * (NONE: not met yet), by its number there. */
typedef struct wmemo {
	const ad_word_info *table;
	uint32_t *id;
	size_t cap;
} wmemo;

/* The words of all docs, interned, each with its stem; per table of
 * words the entries number theirs in (a few: one per tokenizer, and the
 * cache's), the file's number of each. Made before any entry is
 * encoded, then only read. */
typedef struct wtab {
	ad_strtab *words;
	uint32_t *stem;
	size_t cap_stem;
	wmemo *memo;
	size_t nmemo, cap_memo;
} wtab;

/* The numbers of table's words (intern_words() met it). */
static const wmemo *memo_of(const wtab *wt, const ad_word_info *table)
{
	size_t k;

	for (k = 0; k < wt->nmemo && wt->memo[k].table != table; k++)
		;
	assert(k < wt->nmemo);
	return &wt->memo[k];
}

/* An encoder's scratch: an entry's bytes, its words unpacked, and as
 * number and count. */
typedef struct scratch {
	ad_buf blob;
	ad_word_ref *words;
	size_t cap_words;
	uint64_t *pairs;
	size_t cap_pairs;
} scratch;

/* The doc's words in the order of their numbers, each by its distance
 * from the one before, and its count (dec_words()). */
static void enc_words(ad_buf *b, scratch *sc, const wtab *wt,
		      const ad_doccache_entry *e)
{
	size_t n = ad_word_refs_unpack(&sc->words, &sc->cap_words, e->words);
	const uint32_t *ids = n ? memo_of(wt, e->table)->id : NULL;
	uint32_t last = 0;
	size_t i;

	ad_grow(&sc->pairs, &sc->cap_pairs, n + 1, sizeof(*sc->pairs));
	for (i = 0; i < n; i++)
		sc->pairs[i] = (uint64_t)ids[sc->words[i].word] << 32 |
			       sc->words[i].count;
	ad_sort_u64(sc->pairs, n);
	v_u32(b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		uint32_t id = (uint32_t)(sc->pairs[i] >> 32);

		v_u32(b, id - last);
		v_u32(b, (uint32_t)sc->pairs[i]);
		last = id;
	}
}

static void enc_frontmatter(ad_buf *b, const ad_frontmatter *fm)
{
	size_t i, k;

	v_u32(b, (uint32_t)fm->present);
	v_u32(b, (uint32_t)fm->recovered);
	v_str(b, fm->description);
	v_u64(b, fm->body_offset);
	v_u32(b, (uint32_t)fm->body_line);
	v_u32(b, (uint32_t)fm->nfields);
	for (i = 0; i < fm->nfields; i++) {
		const ad_fm_field *f = &fm->fields[i];

		v_str(b, f->key);
		v_u32(b, (uint32_t)f->is_list);
		v_u32(b, (uint32_t)f->line);
		v_u32(b, (uint32_t)f->nvalues);
		for (k = 0; k < f->nvalues; k++)
			v_str(b, f->values[k]);
	}
	v_u32(b, (uint32_t)fm->nexamples);
	for (i = 0; i < fm->nexamples; i++)
		v_str(b, fm->examples[i]);
}

static void enc_body(ad_buf *b, const ad_doc *doc)
{
	size_t i;

	v_u32(b, (uint32_t)doc->nsections);
	for (i = 0; i < doc->nsections; i++) {
		const ad_section *s = &doc->sections[i];

		v_str(b, s->path);
		v_str(b, s->title);
		v_u32(b, (uint32_t)s->level);
		v_u32(b, (uint32_t)s->line_start);
		v_u32(b, (uint32_t)s->line_end);
		if (doc->section_keys)
			ad_buf_put(b, doc->section_keys[i], AD_HASH_BYTES);
		v_u32(b, s->first_rule);
		v_u32(b, s->nrules);
		v_u32(b, s->ntitle_terms);
		v_terms(b, s->terms, s->nterms);
	}
	v_u32(b, (uint32_t)doc->nrules);
	for (i = 0; i < doc->nrules; i++) {
		const ad_rule *r = &doc->rules[i];

		v_str(b, r->text);
		v_u32(b, (uint32_t)r->line);
		v_u32(b, (uint32_t)r->depth);
		v_u32(b, (uint32_t)r->kind);
		v_u32(b, (uint32_t)r->task);
		v_terms(b, r->terms, r->nterms);
	}
	v_u32(b, (uint32_t)doc->nwarnings);
	for (i = 0; i < doc->nwarnings; i++) {
		v_str(b, doc->warnings[i]);
		v_u32(b, (uint32_t)doc->warning_lines[i]);
	}
}

static void enc_doc(ad_buf *b, scratch *sc, const wtab *wt,
		    const ad_doccache_entry *e)
{
	const ad_doc *doc = e->doc;

	v_u64(b, doc->len);
	/* keys made, or taken from an entry that held them; a doc with no
	 * section has keys whenever it is asked for them */
	v_u32(b, doc->section_keys || !doc->nsections);
	enc_words(b, sc, wt, e);
	v_u32(b, (uint32_t)doc->kind);
	v_str(b, doc->name);
	v_str(b, doc->identity);
	enc_frontmatter(b, &doc->fm);
	enc_body(b, doc);
	v_terms(b, doc->desc_terms, doc->ndesc_terms);
	v_terms(b, doc->meta_terms, doc->nmeta_terms);
	v_u32(b, doc->nexample_terms);
	v_terms(b, doc->name_terms, doc->nname_terms);
	v_u64(b, doc->bad_utf8);
	v_u32(b, doc->tokens_always);
	v_u32(b, doc->tokens_body);
}

static void w_stamp(ad_buf *b, const ad_doccache_stamp *st)
{
	w_u64(b, st->ino);
	w_u64(b, st->size);
	w_u64(b, (uint64_t)st->mtime_ns);
	w_u64(b, (uint64_t)st->ctime_ns);
}

/* The memo of table, made when it is new. */
static wmemo *memo_for(wtab *wt, const ad_word_info *table)
{
	size_t k;

	for (k = 0; k < wt->nmemo; k++)
		if (wt->memo[k].table == table)
			return &wt->memo[k];
	ad_grow(&wt->memo, &wt->cap_memo, wt->nmemo + 1, sizeof(*wt->memo));
	wt->memo[wt->nmemo].table = table;
	wt->memo[wt->nmemo].id = NULL;
	wt->memo[wt->nmemo].cap = 0;
	return &wt->memo[wt->nmemo++];
}

/* Word w of m's table: its number in the file, interned the first time
 * any table gives its bytes. */
static uint32_t number(wtab *wt, wmemo *m, uint32_t w)
{
	const ad_word_info *info = &m->table[w];
	size_t had = m->cap;
	uint32_t id;

	if (w >= m->cap) {
		ad_grow(&m->id, &m->cap, (size_t)w + 1, sizeof(*m->id));
		memset(m->id + had, 0xff, (m->cap - had) * sizeof(*m->id));
	}
	if (m->id[w] != NONE)
		return m->id[w];
	id = ad_strtab_intern(wt->words, info->word, info->len);
	ad_grow(&wt->stem, &wt->cap_stem, (size_t)id + 1, sizeof(*wt->stem));
	wt->stem[id] = info->term;
	return m->id[w] = id;
}

/* The words of every entry, numbered in the order entry after entry meets
 * them, with their stems: the head lists the words, and it is written
 * before the entries. A word costs its table's memo, and its bytes are
 * interned once per table that has it, not once per doc. */
static void intern_words(wtab *wt, const ad_doccache_entry *e, size_t n)
{
	ad_word_ref *w = NULL;
	size_t i, k, cap = 0;

	for (i = 0; i < n; i++) {
		size_t nw = ad_word_refs_unpack(&w, &cap, e[i].words);
		wmemo *m = nw ? memo_for(wt, e[i].table) : NULL;

		for (k = 0; k < nw; k++)
			(void)number(wt, m, w[k].word);
	}
	free(w);
}

/* Entry e, its words numbered in wt: its key, path, stamp, checksum and
 * encoded doc, into out. */
static void enc_entry(ad_buf *out, scratch *sc, const wtab *wt,
		      const ad_doccache_entry *e)
{
	ad_buf *blob = &sc->blob;

	ad_buf_clear(blob);
	enc_doc(blob, sc, wt, e);
	ad_buf_put(out, e->key, AD_HASH_HEX);
	w_str(out, e->doc->path);
	w_stamp(out, &e->stamp);
	w_u64(out, checksum((const unsigned char *)blob->ptr, blob->len,
			    &e->stamp));
	w_u32(out, (uint32_t)blob->len);
	ad_buf_put(out, blob->ptr, blob->len);
}

static void enc_head(ad_buf *b, const char *settings, int64_t since,
		     const ad_vocab *v, const wtab *wt)
{
	uint32_t i, n = ad_vocab_count(v), nw = ad_strtab_count(wt->words);

	ad_buf_put(b, MAGIC, sizeof(MAGIC));
	w_u32(b, FORMAT);
	w_u32(b, BOM);
	w_str(b, settings);
	w_u64(b, (uint64_t)since);
	w_u32(b, n);
	for (i = 0; i < n; i++)
		w_str(b, ad_vocab_stem(v, i));
	w_u32(b, nw);
	for (i = 0; i < nw; i++) {
		size_t len;
		const char *s = ad_strtab_str(wt->words, i, &len);

		w_u32(b, wt->stem[i]);
		w_strn(b, s, len);
	}
}

/* Entries encoded this many at a time, a block per call of
 * enc_block(): the blocks are encoded side by side and go to the file in
 * order as they are done, not held whole (422 MB at 10x). */
#define ENTRY_BLOCK 16

/* What the encoders of the entries share; they only read it. */
typedef struct encoding {
	const ad_doccache_entry *e;
	const wtab *wt;
} encoding;

static void enc_block(void *ctx, ad_buf *out, size_t first, size_t end)
{
	const encoding *en = ctx;
	scratch sc = {AD_BUF_INIT, NULL, 0, NULL, 0};
	size_t i;

	for (i = first; i < end; i++)
		enc_entry(out, &sc, en->wt, &en->e[i]);
	ad_buf_dispose(&sc.blob);
	free(sc.words);
	free(sc.pairs);
}

/* The sink of the encoded blocks: the file, until a write fails. */
typedef struct file_sink {
	FILE *f;
	int ok;
} file_sink;

static void to_file(void *ctx, const char *data, size_t len)
{
	file_sink *s = ctx;

	s->ok = s->ok && fwrite(data, 1, len, s->f) == len;
}

/* The head, then the entries, to f. */
static int put_all(FILE *f, const char *settings, int64_t since,
		   const ad_doccache_entry *e, size_t n, const ad_vocab *vocab,
		   int jobs)
{
	ad_buf head = AD_BUF_INIT;
	wtab wt = {ad_strtab_new(), NULL, 0, NULL, 0, 0};
	size_t k;
	encoding en = {e, &wt};
	file_sink sink = {f, 1};

	intern_words(&wt, e, n);
	enc_head(&head, settings, since, vocab, &wt);
	w_u32(&head, (uint32_t)n);
	to_file(&sink, head.ptr, head.len);
	ad_buf_dispose(&head);
	if (sink.ok)
		ad_parallel_write(ad_parallel_jobs(jobs, n, ENTRY_BLOCK), n,
				  ENTRY_BLOCK, enc_block, &en, to_file, &sink);
	ad_strtab_free(wt.words);
	free(wt.stem);
	for (k = 0; k < wt.nmemo; k++)
		free(wt.memo[k].id);
	free(wt.memo);
	return sink.ok;
}

int ad_doccache_write(const char *path, const char *settings,
		      int64_t since, const ad_doccache_entry *e, size_t n,
		      const ad_vocab *vocab, int jobs, ad_error *err)
{
	ad_buf tmp = AD_BUF_INIT;
	FILE *f;
	int ok;

	ad_buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	if (!(f = fopen(tmp.ptr, "wb"))) {
		ad_buf_dispose(&tmp);
		return ad_error_set(err, AD_EIO, "cannot write the cache");
	}
	ok = put_all(f, settings, since, e, n, vocab, jobs);
	ok = (fclose(f) == 0) && ok && rename(tmp.ptr, path) == 0;
	if (!ok)
		remove(tmp.ptr);
	ad_buf_dispose(&tmp);
	return ok ? 0 : ad_error_set(err, AD_EIO, "cannot write the cache");
}
