/*
 * store_rekey.c - version 3: contents, sections and rules named by
 * SHA-256 instead of the 128-bit MurmurHash3 of versions 1 and 2, which
 * anyone can make collide.
 *
 * Method: a rule keeps its text and a content stored by version 2 keeps
 * its bytes, so one UPDATE each names them again through an SQL function
 * defined for the step. A section keeps no text: its content is parsed
 * again, and when the sections parsed are the sections stored (as many,
 * with the same heading paths) each is named as a new snapshot would
 * name it; otherwise they keep their old keys and read as changed against
 * a later version of the file, no worse. Contents stored by version 1
 * have no bytes: they keep their old keys (of 32 hex digits, which no new
 * key can equal), they are still read, and a file seen again is stored
 * anew under its new key.
 */
#include "store/store_rekey.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/hash.h"
#include "parse/parse.h"
#include "store/store_write.h"

static const char rekey_rows[] =
	"UPDATE rule SET hash = ad_digest(text);"
	"UPDATE blob SET hash = ad_digest(text) WHERE text IS NOT NULL;";

/* The ids of the contents that keep their bytes: *n of them, malloc'd. */
static int texts(int64_t **ids, size_t *n, ad_db *db, ad_error *err)
{
	ad_db_stmt *q = NULL;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if ((rc = ad_db_prepare(&q, db, "SELECT id FROM blob WHERE text IS "
				"NOT NULL ORDER BY id", err)) < 0)
		return rc;
	while ((rc = ad_db_step(q, err)) == AD_DB_ROW) {
		ad_grow(ids, &cap, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = ad_db_column_int64(q, 0);
	}
	ad_db_finalize(q);
	return rc;
}

/* What renaming the sections of one content after another needs: its
 * statements, prepared once, and scratch. */
typedef struct rekey {
	ad_db_stmt *content;  /* ?1 id -> its bytes, one of its paths */
	ad_db_stmt *sections; /* ?1 id -> its sections' paths, in order */
	ad_db_stmt *update;   /* ?1 key, ?2 id, ?3 pos */
	ad_buf text;
} rekey;

static int prepare(rekey *k, ad_db *db, ad_error *err)
{
	int rc;

	if ((rc = ad_db_prepare(&k->content, db, "SELECT b.text, (SELECT "
				"path FROM entry WHERE blob_id = b.id LIMIT 1) "
				"FROM blob b WHERE b.id = ?1", err)) < 0 ||
	    (rc = ad_db_prepare(&k->sections, db, "SELECT path FROM section "
				"WHERE blob_id = ?1 ORDER BY pos", err)) < 0)
		return rc;
	return ad_db_prepare(&k->update, db, "UPDATE section SET text_hash = "
			     "?1 WHERE blob_id = ?2 AND pos = ?3", err);
}

static void dispose(rekey *k)
{
	ad_db_finalize(k->content);
	ad_db_finalize(k->sections);
	ad_db_finalize(k->update);
	ad_buf_dispose(&k->text);
}

/* Content id parsed again, as one of the paths it was stored under
 * (the kind of a file can depend on its name); *doc NULL when it
 * cannot be. */
static int reparse(ad_doc **doc, rekey *k, int64_t id, ad_error *err)
{
	ad_db_stmt *q = k->content;
	const void *bytes;
	size_t len;
	char *path = NULL;
	int rc;

	*doc = NULL;
	ad_db_bind_int64(q, 1, id);
	if ((rc = ad_db_step(q, err)) == AD_DB_ROW) {
		bytes = ad_db_column_blob(q, 0, &len);
		ad_buf_clear(&k->text);
		ad_buf_put(&k->text, bytes ? bytes : "", bytes ? len : 0);
		path = ad_db_column_is_null(q, 1) ? NULL
						  : ad_db_column_strdup(q, 1);
		rc = 0;
	}
	ad_db_reset(q);
	if (rc == 0 && ad_doc_parse(doc, path ? path : "agent.md",
				    k->text.ptr, k->text.len, NULL) != 0)
		*doc = NULL;
	free(path);
	return rc < 0 ? rc : 0;
}

/* Whether the sections stored for content id are those of doc, in
 * order. */
static int same_sections(int *same, rekey *k, int64_t id, const ad_doc *doc,
			 ad_error *err)
{
	ad_db_stmt *q = k->sections;
	size_t i = 0;
	int rc;

	*same = 1;
	ad_db_bind_int64(q, 1, id);
	while ((rc = ad_db_step(q, err)) == AD_DB_ROW) {
		const char *path = ad_db_column_text(q, 0);
		const char *want = i < doc->nsections && doc->sections[i].path
					   ? doc->sections[i].path
					   : "";

		if (i >= doc->nsections || strcmp(path ? path : "", want))
			*same = 0;
		i++;
	}
	ad_db_reset(q);
	if (i != doc->nsections)
		*same = 0;
	return rc;
}

static int rekey_sections(rekey *k, int64_t id, const ad_doc *doc,
			  ad_error *err)
{
	char key[AD_HASH_HEX + 1];
	size_t i;
	int rc = 0;

	for (i = 0; i < doc->nsections && rc == 0; i++) {
		ad_store_section_key(key, doc, i);
		ad_db_bind_text(k->update, 1, key);
		ad_db_bind_int64(k->update, 2, id);
		ad_db_bind_int64(k->update, 3, (int64_t)i);
		rc = ad_db_run(k->update, err);
	}
	return rc;
}

static int rekey_content(rekey *k, int64_t id, ad_error *err)
{
	ad_doc *doc = NULL;
	int same = 0, rc;

	if ((rc = reparse(&doc, k, id, err)) < 0 || !doc)
		return rc;
	if ((rc = same_sections(&same, k, id, doc, err)) == 0 && same) {
		ad_doc_key_sections(doc);
		rc = rekey_sections(k, id, doc, err);
	}
	ad_doc_free(doc);
	return rc;
}

int ad_store_rekey(ad_db *db, ad_error *err)
{
	rekey k = {NULL, NULL, NULL, AD_BUF_INIT};
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = ad_db_define_digest(db, "ad_digest", err)) < 0 ||
	    (rc = ad_db_exec(db, rekey_rows, err)) < 0 ||
	    (rc = texts(&ids, &n, db, err)) < 0 ||
	    (rc = prepare(&k, db, err)) < 0)
		goto done;
	for (i = 0; i < n && rc == 0; i++)
		rc = rekey_content(&k, ids[i], err);
done:
	free(ids);
	dispose(&k);
	return rc;
}
