/*
 * store_write.c - recording snapshots.
 *
 * Method: contents are keyed by the SHA-256 of their bytes, and a
 * content's analysis (frontmatter, sections, rules, term counts) is written
 * once, the first time the content is seen; a snapshot is then a list of
 * path -> content rows. An unchanged corpus costs one lookup and one entry
 * row per file, so a repeated snapshot is cheap once parsing is skipped
 * too (ad_store_record_entries()). A snapshot is written in one
 * transaction, with the statements prepared at opening (store_schema.c);
 * stems are resolved to term ids once per recording.
 */
#include "agentdup/hash.h"
#include "agentdup/store.h"
#include "store/store_write.h"

#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agentdup/buf.h"
#include "agentdup/collection.h"
#include "base/sort.h"
#include "index/tfidf.h"
#include "store/store_db.h"
#include "store/store_internal.h"
#include "store/store_pack.h"

static int find_blob(ad_store *s, const char *hash, int64_t *id,
		     ad_error *err)
{
	ad_db_stmt *q = s->q[Q_FIND_BLOB];

	ad_db_bind_text(q, 1, hash);
	return ad_db_step_int(id, q, err);
}

int ad_store_known(int *out, ad_store *s, const char *hash, ad_error *err)
{
	int64_t id;
	int rc = find_blob(s, hash, &id, err);

	*out = rc == 0 && id > 0;
	return rc;
}

/* The state of one recording: stems already resolved to term ids, and
 * the counter of an agent's terms. */
typedef struct rec {
	ad_store *s;
	const ad_vocab *vocab;
	int64_t *term_ids; /* per vocab id; 0 until resolved */
	ad_counter counter;
	int counting; /* counter and the arrays below made */
	/* scratch of one agent's counts: by vocab id (ids, w), then by
	 * term id of the store, and packed */
	uint32_t *ids;
	float *w;
	ad_store_count *counts, *sorted;
	uint64_t *keys; /* term and place of each count, to sort them by */
	ad_buf packed;
	ad_store_stats stats;
} rec;

static void rec_dispose(rec *r)
{
	if (r->counting)
		ad_counter_dispose(&r->counter);
	free(r->term_ids);
	free(r->ids);
	free(r->w);
	free(r->counts);
	free(r->sorted);
	free(r->keys);
	ad_buf_dispose(&r->packed);
}

/* ---- the analysis of a new content ---------------------------------- */

static int term_id(rec *r, uint32_t vid, int64_t *out, ad_error *err)
{
	ad_store *s = r->s;
	ad_db_stmt *q = s->q[Q_ADD_TERM];
	int rc;

	if (r->term_ids[vid]) {
		*out = r->term_ids[vid];
		return 0;
	}
	ad_db_bind_text(q, 1, ad_vocab_stem(r->vocab, vid));
	if ((rc = ad_db_run(q, err)) < 0)
		return rc;
	if (ad_db_changes(s->db) == 1) {
		*out = ad_db_last_id(s->db);
		r->stats.terms_new++;
	} else {
		q = s->q[Q_FIND_TERM];
		ad_db_bind_text(q, 1, ad_vocab_stem(r->vocab, vid));
		if ((rc = ad_db_step_int(out, q, err)) < 0)
			return rc;
	}
	r->term_ids[vid] = *out;
	return 0;
}

/* *v: the raw counts of every term of the agent, in r's scratch (good
 * until the next agent). */
static void count_terms(ad_svec *v, rec *r, const ad_doc *d)
{
	ad_counter *c = &r->counter;
	size_t k;

	if (!r->counting) {
		uint32_t nterms = ad_vocab_count(r->vocab);

		ad_counter_init(c, nterms);
		r->term_ids = ad_xcalloc(nterms + 1, sizeof(*r->term_ids));
		r->ids = ad_xmalloc((nterms + 1) * sizeof(*r->ids));
		r->w = ad_xmalloc((nterms + 1) * sizeof(*r->w));
		r->counts = ad_xmalloc((nterms + 1) * sizeof(*r->counts));
		r->sorted = ad_xmalloc((nterms + 1) * sizeof(*r->sorted));
		r->keys = ad_xmalloc((nterms + 1) * sizeof(*r->keys));
		r->counting = 1;
	}
	ad_counter_add(c, d->desc_terms, d->ndesc_terms);
	ad_counter_add(c, d->meta_terms, d->nmeta_terms);
	for (k = 0; k < d->nsections; k++)
		ad_counter_add(c, d->sections[k].terms, d->sections[k].nterms);
	for (k = 0; k < d->nrules; k++)
		ad_counter_add(c, d->rules[k].terms, d->rules[k].nterms);
	ad_counter_take_into(v, c, r->ids, r->w);
}

static int by_term(const void *x, const void *y)
{
	const ad_store_count *a = x, *b = y;

	return (a->term > b->term) - (a->term < b->term);
}

/* The agent's n counts in ascending order of term. Its terms are
 * distinct: each count sorts as its term and its place, one integer (a
 * comparison sort through a function took 9% of a first snapshot's
 * recording); a term id past 32 bits, which no store of ours reaches,
 * sorts by comparison. */
static const ad_store_count *sort_counts(rec *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if ((uint64_t)r->counts[i].term >> 32) {
			qsort(r->counts, n, sizeof(*r->counts), by_term);
			return r->counts;
		}
		r->keys[i] = (uint64_t)r->counts[i].term << 32 | i;
	}
	ad_sort_u64(r->keys, n);
	for (i = 0; i < n; i++)
		r->sorted[i] = r->counts[r->keys[i] & UINT32_MAX];
	return r->sorted;
}

/* The agent's counts, by term id of the store, as one value (store_pack.h). */
static int add_counts(rec *r, int64_t blob, const ad_doc *d, ad_error *err)
{
	ad_db_stmt *q = r->s->q[Q_ADD_COUNT];
	ad_svec v;
	uint32_t i;
	int rc;

	count_terms(&v, r, d);
	for (i = 0; i < v.n; i++) {
		if ((rc = term_id(r, v.ids[i], &r->counts[i].term, err)) < 0)
			return rc;
		r->counts[i].n = (int64_t)v.w[i];
	}
	ad_buf_clear(&r->packed);
	ad_store_pack_counts(&r->packed, sort_counts(r, v.n), v.n);
	ad_db_bind_int64(q, 1, blob);
	ad_db_bind_blob(q, 2, r->packed.ptr, r->packed.len);
	return ad_db_run(q, err);
}

static int add_field(ad_store *s, int64_t blob, int64_t *pos,
		     const ad_fm_field *f, ad_error *err)
{
	ad_db_stmt *q = s->q[Q_ADD_FIELD];
	size_t k = 0;
	int rc;

	do { /* a key without values is still a row, its value NULL */
		ad_db_bind_int64(q, 1, blob);
		ad_db_bind_int64(q, 2, (*pos)++);
		ad_db_bind_text(q, 3, f->key);
		ad_db_bind_text(q, 4, k < f->nvalues ? f->values[k] : NULL);
		ad_db_bind_int64(q, 5, f->line);
		if ((rc = ad_db_run(q, err)) < 0)
			return rc;
	} while (++k < f->nvalues);
	return 0;
}

/* A section changes when its prose or its code does (its key,
 * ad_doc_key_sections()); its rules are hashed one by one. */
void ad_store_section_key(char *out, const ad_doc *doc, size_t k)
{
	ad_hash_hex(out, doc->section_keys[k]);
}

static int add_section(ad_store *s, int64_t blob, const ad_doc *d,
		       size_t pos, ad_error *err)
{
	ad_db_stmt *q = s->q[Q_ADD_SECTION];
	const ad_section *sec = &d->sections[pos];
	char hash[AD_HASH_HEX + 1];

	ad_store_section_key(hash, d, pos);
	ad_db_bind_int64(q, 1, blob);
	ad_db_bind_int64(q, 2, (int64_t)pos);
	ad_db_bind_text(q, 3, sec->path ? sec->path : "");
	ad_db_bind_text(q, 4, sec->title ? sec->title : "");
	ad_db_bind_int64(q, 5, sec->level);
	ad_db_bind_int64(q, 6, sec->line_start);
	ad_db_bind_int64(q, 7, sec->line_end);
	ad_db_bind_text_copy(q, 8, hash);
	return ad_db_run(q, err);
}

static int add_rule(ad_store *s, int64_t blob, const ad_doc *d, size_t pos,
		    ad_error *err)
{
	ad_db_stmt *q = s->q[Q_ADD_RULE];
	const ad_rule *rule = &d->rules[pos];
	const char *text = rule->text ? rule->text : "";
	char hash[AD_HASH_HEX + 1];

	ad_hash_content(hash, text, strlen(text));
	ad_db_bind_int64(q, 1, blob);
	ad_db_bind_int64(q, 2, (int64_t)pos);
	ad_db_bind_int64(q, 3, (int64_t)ad_doc_rule_section(d, pos));
	ad_db_bind_int64(q, 4, rule->line);
	ad_db_bind_int64(q, 5, rule->depth);
	ad_db_bind_int64(q, 6, (int)rule->kind);
	ad_db_bind_text(q, 7, text);
	ad_db_bind_text_copy(q, 8, hash);
	return ad_db_run(q, err);
}

static int add_analysis(rec *r, int64_t blob, const ad_doc *d, ad_error *err)
{
	ad_store *s = r->s;
	ad_db_stmt *q = s->q[Q_ADD_AGENT];
	int64_t fpos = 0;
	size_t k;
	int rc;

	/* its texts are gone: a key made of them now would be the empty
	 * text's */
	if (d->nsections && !d->section_keys)
		return ad_error_setat(err, AD_EINVAL, d->path, 0, 0,
				      "its sections were not keyed (load it "
				      "for a store)");
	ad_db_bind_int64(q, 1, blob);
	ad_db_bind_text(q, 2, d->name);
	ad_db_bind_text(q, 3, d->fm.description);
	rc = ad_db_run(q, err);
	for (k = 0; k < d->fm.nfields && rc == 0; k++)
		rc = add_field(s, blob, &fpos, &d->fm.fields[k], err);
	for (k = 0; k < d->nsections && rc == 0; k++)
		rc = add_section(s, blob, d, k, err);
	for (k = 0; k < d->nrules && rc == 0; k++)
		rc = add_rule(s, blob, d, k, err);
	if (rc == 0)
		rc = add_counts(r, blob, d, err);
	return rc;
}

/* ---- a snapshot ----------------------------------------------------- */

/* The bytes of e's content: given, read again (*owned), or none. */
static int bytes_of(const char **text, char **owned, const ad_store_entry *e,
		    ad_error *err)
{
	size_t len;
	int rc;

	*text = e->text;
	*owned = NULL;
	if (e->text || !e->from)
		return 0;
	if ((rc = ad_collection_text(owned, &len, e->from, e->input, err)) < 0)
		return rc;
	*text = *owned;
	if (len == e->bytes) /* the blob is bound as e->bytes long */
		return 0;
	free(*owned);
	*owned = NULL;
	return ad_error_setat(err, AD_EIO, e->path, 0, 0, "%zu bytes read, "
			      "where the entry says %" PRIu64, len, e->bytes);
}

/* The blob of e's content: found, or stored with its analysis. */
static int blob_of(rec *r, const ad_store_entry *e, int64_t *id,
		   ad_error *err)
{
	ad_store *s = r->s;
	ad_db_stmt *q = s->q[Q_ADD_BLOB];
	const char *text;
	char *owned;
	int rc;

	if ((rc = find_blob(s, e->hash, id, err)) < 0)
		return rc;
	if (*id > 0) {
		r->stats.blobs_reused++;
		return 0;
	}
	if (!e->doc)
		return ad_error_setat(err, AD_ENOTFOUND, e->path, 0, 0,
				      "content %s is not stored and no "
				      "analysis was given", e->hash);
	assert(r->vocab);
	if ((rc = bytes_of(&text, &owned, e, err)) < 0)
		return rc;
	ad_db_bind_text(q, 1, e->hash);
	ad_db_bind_int64(q, 2, (int64_t)e->bytes);
	ad_db_bind_blob(q, 3, text, e->bytes);
	rc = ad_db_run(q, err);
	ad_db_bind_blob(q, 3, NULL, 0); /* owned goes now */
	free(owned);
	if (rc < 0)
		return rc;
	*id = ad_db_last_id(s->db);
	r->stats.blobs_new++;
	return add_analysis(r, *id, e->doc, err);
}

static int add_entry(rec *r, int64_t snap, const ad_store_entry *e,
		     ad_error *err)
{
	ad_db_stmt *q = r->s->q[Q_ADD_ENTRY];
	int64_t blob;
	int rc;

	if (!e->hash || strlen(e->hash) != AD_HASH_HEX)
		return ad_error_setat(err, AD_EINVAL, e->path, 0, 0,
				      "content key is not %d hex digits",
				      AD_HASH_HEX);
	if ((rc = blob_of(r, e, &blob, err)) < 0)
		return rc;
	ad_db_bind_int64(q, 1, snap);
	ad_db_bind_text(q, 2, e->path);
	ad_db_bind_int64(q, 3, blob);
	rc = ad_db_run(q, err);
	if (rc < 0 && ad_db_constraint(q))
		return ad_error_setat(err, AD_EINVAL, e->path, 0, 0,
				      "path given twice in one snapshot");
	r->stats.entries += rc == 0;
	return rc;
}

static int record_all(rec *r, const char *label, const char *note,
		      const ad_store_entry *entries, size_t n, ad_error *err)
{
	ad_store *s = r->s;
	ad_db_stmt *q = s->q[Q_ADD_SNAPSHOT];
	int64_t snap;
	size_t i;
	int rc;

	ad_db_bind_text(q, 1, label);
	ad_db_bind_text(q, 2, note);
	rc = ad_db_run(q, err);
	if (rc < 0 && ad_db_constraint(q))
		return ad_error_setat(err, AD_EINVAL, ad_db_path(s->db), 0, 0,
				      "snapshot label already used: %s",
				      label);
	if (rc < 0)
		return rc;
	snap = ad_db_last_id(s->db);
	for (i = 0; i < n && rc == 0; i++)
		rc = add_entry(r, snap, &entries[i], err);
	return rc;
}

int ad_store_record_entries(ad_store *s, const char *label,
			    const char *note, const ad_store_entry *entries,
			    size_t n,
			    const ad_vocab *vocab, ad_store_stats *st,
			    ad_error *err)
{
	struct timespec t0, t1;
	rec r;
	int rc;

	assert(s && label);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&r, 0, sizeof(r));
	ad_buf_init(&r.packed);
	r.s = s;
	r.vocab = vocab;
	if ((rc = ad_db_begin(s->db, err)) < 0)
		return rc;
	rc = record_all(&r, label, note, entries, n, err);
	rc = ad_db_end(s->db, rc, err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	r.stats.seconds = (double)(t1.tv_sec - t0.tv_sec) +
			  (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	if (rc == 0 && st)
		*st = r.stats;
	rec_dispose(&r);
	return rc;
}
