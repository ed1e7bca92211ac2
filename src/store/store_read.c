/*
 * store_read.c - reading snapshots and contents back, for drift and
 * history: the snapshot list, the files of one snapshot, and what the
 * store keeps of one content (term counts, analysis, text, name).
 *
 * Method: reading is rare (one drift query), so each read prepares its
 * statement, steps it to the end into a growing array, and finalizes it;
 * nothing is kept prepared. On a failure the partial array is freed and
 * *out stays NULL.
 */
#include "agentdup/store.h"
#include "store/store_read.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_db.h"
#include "store/store_internal.h"

/* Prepare sql, and bind content id blob to its ?1. */
static int prepare_for_blob(ad_db_stmt **q, ad_store *s, const char *sql,
			    int64_t blob, ad_error *err)
{
	int rc = ad_db_prepare(q, s->db, sql, err);

	if (rc == 0)
		ad_db_bind_int64(*q, 1, blob);
	return rc;
}

/* ---- snapshots ------------------------------------------------------ */

static void snapshot_row(ad_store_snapshot *sn, ad_db_stmt *q)
{
	sn->id = ad_db_column_int64(q, 0);
	sn->label = ad_db_column_strdup(q, 1);
	sn->created = ad_db_column_strdup(q, 2);
	sn->note = ad_db_column_strdup(q, 3);
	sn->nagents = (size_t)ad_db_column_int64(q, 4);
}

int ad_store_snapshots(ad_store_snapshot **out, size_t *n, ad_store *s,
		       ad_error *err)
{
	static const char sql[] =
		"SELECT s.id, s.label, s.created, s.note,"
		" (SELECT count(*) FROM entry e WHERE e.snapshot_id = s.id)"
		" FROM snapshot s ORDER BY s.id";
	ad_store_snapshot *list = NULL;
	ad_db_stmt *q = NULL;
	size_t len = 0, cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if ((r = ad_db_prepare(&q, s->db, sql, err)) < 0)
		return r;
	while ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		ad_grow(&list, &cap, len + 1, sizeof(*list));
		snapshot_row(&list[len++], q);
	}
	ad_db_finalize(q);
	if (r < 0) {
		ad_store_snapshots_free(list, len);
		return r;
	}
	*out = list;
	*n = len;
	return 0;
}

void ad_store_snapshots_free(ad_store_snapshot *list, size_t n)
{
	size_t i;

	for (i = 0; i < n && list; i++) {
		free(list[i].label);
		free(list[i].created);
		free(list[i].note);
	}
	free(list);
}

/* ---- the files of a snapshot ---------------------------------------- */

/* *id: the id of snapshot label. Fails with AD_ENOTFOUND when no snapshot
 * has that label. */
static int snapshot_id(int64_t *id, ad_store *s, const char *label,
		       ad_error *err)
{
	ad_db_stmt *q = NULL;
	int rc;

	if ((rc = ad_db_prepare(&q, s->db,
				"SELECT id FROM snapshot WHERE label = ?1",
				err)) < 0)
		return rc;
	ad_db_bind_text(q, 1, label);
	rc = ad_db_step_int(id, q, err);
	ad_db_finalize(q);
	if (rc == 0 && *id == 0)
		return ad_error_setat(err, AD_ENOTFOUND, ad_db_path(s->db), 0,
				      0, "no snapshot labelled %s", label);
	return rc;
}

static void file_row(ad_store_file *f, ad_db_stmt *q)
{
	f->path = ad_db_column_strdup(q, 0);
	f->blob = ad_db_column_int64(q, 1);
	snprintf(f->hash, sizeof(f->hash), "%s", ad_db_column_text(q, 2));
}

int ad_store_files(ad_store_file **out, size_t *n, ad_store *s,
		   const char *label, ad_error *err)
{
	/* COLLATE BINARY: the order is bytewise, as strcmp()'s */
	static const char sql[] =
		"SELECT e.path, e.blob_id, b.hash FROM snapshot n"
		" JOIN entry e ON e.snapshot_id = n.id"
		" JOIN blob b ON b.id = e.blob_id"
		" WHERE n.label = ?1 ORDER BY e.path COLLATE BINARY";
	ad_store_file *list = NULL;
	ad_db_stmt *q = NULL;
	size_t len = 0, cap = 0;
	int64_t id;
	int r;

	*out = NULL;
	*n = 0;
	if ((r = snapshot_id(&id, s, label, err)) < 0 ||
	    (r = ad_db_prepare(&q, s->db, sql, err)) < 0)
		return r;
	ad_db_bind_text(q, 1, label);
	while ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		ad_grow(&list, &cap, len + 1, sizeof(*list));
		file_row(&list[len++], q);
	}
	ad_db_finalize(q);
	if (r < 0) {
		ad_store_files_free(list, len);
		return r;
	}
	*out = list;
	*n = len;
	return 0;
}

void ad_store_files_free(ad_store_file *list, size_t n)
{
	size_t i;

	for (i = 0; i < n && list; i++)
		free(list[i].path);
	free(list);
}

/* ---- what the store keeps of a content ------------------------------ */

/* The counts of a store older than version 4, a row a term (read where
 * it cannot be written, and so not migrated). */
static int count_rows(ad_store_count **out, size_t *n, ad_store *s,
		      int64_t blob, ad_error *err)
{
	static const char sql[] = "SELECT term_id, n FROM count"
				  " WHERE blob_id = ?1 ORDER BY term_id";
	ad_store_count *list = NULL;
	ad_db_stmt *q = NULL;
	size_t len = 0, cap = 0;
	int r;

	if ((r = prepare_for_blob(&q, s, sql, blob, err)) < 0)
		return r;
	while ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		ad_grow(&list, &cap, len + 1, sizeof(*list));
		list[len].term = ad_db_column_int64(q, 0);
		list[len++].n = ad_db_column_int64(q, 1);
	}
	ad_db_finalize(q);
	if (r < 0) {
		free(list);
		return r;
	}
	*out = list;
	*n = len;
	return 0;
}

int ad_store_counts(ad_store_count **out, size_t *n, ad_store *s,
		    int64_t blob, ad_error *err)
{
	static const char sql[] = "SELECT packed FROM counts"
				  " WHERE blob_id = ?1";
	ad_db_stmt *q = NULL;
	const void *packed;
	size_t len;
	int r;

	*out = NULL;
	*n = 0;
	if (s->version < 4)
		return count_rows(out, n, s, blob, err);
	if ((r = prepare_for_blob(&q, s, sql, blob, err)) < 0)
		return r;
	if ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		packed = ad_db_column_blob(q, 0, &len);
		r = ad_store_unpack_counts(out, n, packed, len, err);
	}
	ad_db_finalize(q);
	return r < 0 ? r : 0; /* no row: no counts */
}

static int read_fields(ad_store_blob *b, ad_store *s, int64_t blob,
		       ad_error *err)
{
	ad_db_stmt *q = NULL;
	size_t cap = 0;
	int r;

	if ((r = prepare_for_blob(&q, s, "SELECT key, value FROM field"
				  " WHERE blob_id = ?1 ORDER BY pos",
				  blob, err)) < 0)
		return r;
	while ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		ad_grow(&b->fields, &cap, b->nfields + 1, sizeof(*b->fields));
		b->fields[b->nfields].key = ad_db_column_strdup(q, 0);
		b->fields[b->nfields++].value = ad_db_column_strdup(q, 1);
	}
	ad_db_finalize(q);
	return r;
}

static int read_sections(ad_store_blob *b, ad_store *s, int64_t blob,
			 ad_error *err)
{
	ad_db_stmt *q = NULL;
	size_t cap = 0;
	int r;

	if ((r = prepare_for_blob(&q, s, "SELECT path, text_hash, level,"
				  " line_start FROM section"
				  " WHERE blob_id = ?1 ORDER BY pos",
				  blob, err)) < 0)
		return r;
	while ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		ad_store_section *x;

		ad_grow(&b->sections, &cap, b->nsections + 1,
			sizeof(*b->sections));
		x = &b->sections[b->nsections++];
		x->path = ad_db_column_strdup(q, 0);
		x->text_hash = ad_db_column_strdup(q, 1);
		x->level = ad_db_column_int(q, 2);
		x->line = ad_db_column_int(q, 3);
	}
	ad_db_finalize(q);
	return r;
}

static int read_rules(ad_store_blob *b, ad_store *s, int64_t blob,
		      ad_error *err)
{
	ad_db_stmt *q = NULL;
	size_t cap = 0;
	int r;

	if ((r = prepare_for_blob(&q, s, "SELECT text, hash, line, section_pos"
				  " FROM rule"
				  " WHERE blob_id = ?1 ORDER BY pos",
				  blob, err)) < 0)
		return r;
	while ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		ad_store_rule *x;

		ad_grow(&b->rules, &cap, b->nrules + 1, sizeof(*b->rules));
		x = &b->rules[b->nrules++];
		x->text = ad_db_column_strdup(q, 0);
		x->hash = ad_db_column_strdup(q, 1);
		x->line = ad_db_column_int(q, 2);
		x->section = ad_db_column_int(q, 3);
	}
	ad_db_finalize(q);
	return r;
}

int ad_store_blob_read(ad_store_blob *out, ad_store *s, int64_t blob,
		       ad_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = read_fields(out, s, blob, err)) < 0 ||
	    (rc = read_sections(out, s, blob, err)) < 0 ||
	    (rc = read_rules(out, s, blob, err)) < 0)
		ad_store_blob_dispose(out);
	return rc;
}

void ad_store_blob_dispose(ad_store_blob *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nfields; i++) {
		free(b->fields[i].key);
		free(b->fields[i].value);
	}
	for (i = 0; i < b->nsections; i++) {
		free(b->sections[i].path);
		free(b->sections[i].text_hash);
	}
	for (i = 0; i < b->nrules; i++) {
		free(b->rules[i].text);
		free(b->rules[i].hash);
	}
	free(b->fields);
	free(b->sections);
	free(b->rules);
	memset(b, 0, sizeof(*b));
}

/* A NUL-terminated copy of the blob in q's column i, for free(). */
static char *column_bytes_dup(ad_db_stmt *q, int i, size_t *len)
{
	const void *p = ad_db_column_blob(q, i, len);
	char *t = ad_xmalloc(*len + 1);

	if (*len)
		memcpy(t, p, *len);
	t[*len] = '\0';
	return t;
}

int ad_store_blob_text(char **out, size_t *len, ad_store *s, int64_t blob,
		       ad_error *err)
{
	ad_db_stmt *q = NULL;
	int r;

	*out = NULL;
	*len = 0;
	if ((r = prepare_for_blob(&q, s, "SELECT text FROM blob WHERE id = ?1",
				  blob, err)) < 0)
		return r;
	if ((r = ad_db_step(q, err)) == AD_DB_ROW &&
	    !ad_db_column_is_null(q, 0))
		*out = column_bytes_dup(q, 0, len);
	ad_db_finalize(q);
	if (r < 0)
		return r;
	if (!*out)
		return ad_error_setat(err, AD_ENOTFOUND, ad_db_path(s->db), 0,
				      0, "the store keeps no text for content %"
				      PRId64 " (recorded by an older agentdup)",
				      blob);
	return 0;
}

int ad_store_names(ad_store_name **out, size_t *n, ad_store *s,
		   ad_error *err)
{
	static const char sql[] = "SELECT blob_id, name FROM agent"
				  " WHERE name IS NOT NULL ORDER BY blob_id";
	ad_store_name *list = NULL;
	ad_db_stmt *q = NULL;
	size_t len = 0, cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if ((r = ad_db_prepare(&q, s->db, sql, err)) < 0)
		return r;
	while ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		ad_grow(&list, &cap, len + 1, sizeof(*list));
		list[len].blob = ad_db_column_int64(q, 0);
		list[len++].name = ad_db_column_strdup(q, 1);
	}
	ad_db_finalize(q);
	if (r < 0) {
		ad_store_names_free(list, len);
		return r;
	}
	*out = list;
	*n = len;
	return 0;
}

void ad_store_names_free(ad_store_name *list, size_t n)
{
	size_t i;

	for (i = 0; i < n && list; i++)
		free(list[i].name);
	free(list);
}
