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

/* Content id parsed again, as one of the paths it was stored under
 * (the kind of a file can depend on its name); *doc NULL when it
 * cannot be. */
static int reparse(ad_doc **doc, ad_buf *text, ad_db *db, int64_t id,
		   ad_error *err)
{
	ad_db_stmt *q = NULL;
	const void *bytes;
	size_t len;
	char *path = NULL;
	int rc;

	*doc = NULL;
	if ((rc = ad_db_prepare(&q, db, "SELECT b.text, (SELECT path FROM "
				"entry WHERE blob_id = b.id LIMIT 1) FROM blob "
				"b WHERE b.id = ?1", err)) < 0)
		return rc;
	ad_db_bind_int64(q, 1, id);
	if ((rc = ad_db_step(q, err)) == AD_DB_ROW) {
		bytes = ad_db_column_blob(q, 0, &len);
		ad_buf_clear(text);
		ad_buf_put(text, bytes ? bytes : "", bytes ? len : 0);
		path = ad_db_column_is_null(q, 1) ? NULL
						  : ad_db_column_strdup(q, 1);
		rc = 0;
	}
	ad_db_finalize(q);
	if (rc == 0 && text->ptr &&
	    ad_doc_parse(doc, path ? path : "agent.md", text->ptr, text->len,
			 NULL) != 0)
		*doc = NULL;
	free(path);
	return rc < 0 ? rc : 0;
}

/* Whether the sections stored for content id are those of doc, in
 * order. */
static int same_sections(int *same, ad_db *db, int64_t id, const ad_doc *doc,
			 ad_error *err)
{
	ad_db_stmt *q = NULL;
	size_t k = 0;
	int rc;

	*same = 1;
	if ((rc = ad_db_prepare(&q, db, "SELECT path FROM section WHERE "
				"blob_id = ?1 ORDER BY pos", err)) < 0)
		return rc;
	ad_db_bind_int64(q, 1, id);
	while ((rc = ad_db_step(q, err)) == AD_DB_ROW) {
		const char *path = ad_db_column_text(q, 0);
		const char *want = k < doc->nsections && doc->sections[k].path
					   ? doc->sections[k].path
					   : "";

		if (k >= doc->nsections || strcmp(path ? path : "", want))
			*same = 0;
		k++;
	}
	ad_db_finalize(q);
	if (k != doc->nsections)
		*same = 0;
	return rc;
}

static int rekey_sections(ad_db *db, int64_t id, const ad_doc *doc,
			  ad_buf *tmp, ad_error *err)
{
	char key[AD_HASH_HEX + 1];
	ad_db_stmt *q = NULL;
	size_t k;
	int rc;

	if ((rc = ad_db_prepare(&q, db, "UPDATE section SET text_hash = ?1 "
				"WHERE blob_id = ?2 AND pos = ?3", err)) < 0)
		return rc;
	for (k = 0; k < doc->nsections && rc == 0; k++) {
		ad_store_section_key(key, &doc->sections[k], tmp);
		ad_db_bind_text(q, 1, key);
		ad_db_bind_int64(q, 2, id);
		ad_db_bind_int64(q, 3, (int64_t)k);
		rc = ad_db_run(q, err);
	}
	ad_db_finalize(q);
	return rc;
}

static int rekey_content(ad_db *db, int64_t id, ad_buf *text, ad_buf *tmp,
			 ad_error *err)
{
	ad_doc *doc = NULL;
	int same = 0, rc;

	if ((rc = reparse(&doc, text, db, id, err)) < 0 || !doc)
		return rc;
	if ((rc = same_sections(&same, db, id, doc, err)) == 0 && same)
		rc = rekey_sections(db, id, doc, tmp, err);
	ad_doc_free(doc);
	return rc;
}

int ad_store_rekey(ad_db *db, ad_error *err)
{
	ad_buf text = AD_BUF_INIT, tmp = AD_BUF_INIT;
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = ad_db_define_digest(db, "ad_digest", err)) < 0 ||
	    (rc = ad_db_exec(db, rekey_rows, err)) < 0 ||
	    (rc = texts(&ids, &n, db, err)) < 0)
		goto done;
	for (i = 0; i < n && rc == 0; i++)
		rc = rekey_content(db, ids[i], &text, &tmp, err);
done:
	free(ids);
	ad_buf_dispose(&text);
	ad_buf_dispose(&tmp);
	return rc;
}
