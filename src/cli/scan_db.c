/*
 * scan_db.c - `agentdup scan --db FILE`: record the scanned collection as
 * a snapshot, from the docs the scan already parsed.
 *
 * The audit frees each file's text once parsed, so the files are walked
 * and read again to be hashed and kept; the walk is the audit's (same
 * paths, same options), so its files come in the order of the audit's
 * docs, those the audit skipped missing. Contents the store holds already
 * are only referred to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/corpus.h"
#include "agentdup/store.h"
#include "cli.h"
#include "shared.h"

typedef struct read_file {
	char *text;
	size_t len;
	char hash[AD_STORE_HASH_HEX + 1];
} read_file;

/* One entry per doc of au, read again from its file. Files the audit
 * skipped have no doc and are passed over. Returns the entries' count, or
 * -1 (err set) when a file cannot be read again. */
static long entries_of(ad_store_entry *e, read_file *rf, const ad_corpus *c,
		       const ad_audit *au, ad_error *err)
{
	size_t i, d = 0;

	for (i = 0; i < ad_corpus_count(c) && d < au->collection->ndocs; i++) {
		const ad_source *src = ad_corpus_source(c, i);
		read_file *f = &rf[d];

		if (strcmp(src->rel, au->collection->docs[d]->path) != 0)
			continue; /* skipped by the audit */
		if (ad_corpus_read(&f->text, &f->len, src, err) != 0)
			return -1;
		ad_store_hash_bytes(f->hash, f->text, f->len);
		e[d].path = au->collection->docs[d]->path;
		e[d].hash = f->hash;
		e[d].bytes = f->len;
		e[d].text = f->text;
		e[d].doc = au->collection->docs[d];
		d++;
	}
	return (long)d;
}

/* The audit's walk again; what it could not walk it reported. */
static void walk(ad_corpus *c, const char *const *paths, size_t npaths,
		 const ad_corpus_opts *co)
{
	ad_error ignored = AD_ERROR_INIT;
	size_t i;

	for (i = 0; i < npaths; i++)
		ad_corpus_add(c, paths[i], co, NULL, NULL, &ignored);
}

int cli_scan_record(const char *db, const char *label, const ad_audit *au,
		    const char *const *paths, size_t npaths,
		    const ad_corpus_opts *co, int quiet)
{
	ad_error err = AD_ERROR_INIT;
	ad_corpus *c = ad_corpus_new();
	ad_store_entry *e = ad_xcalloc(au->collection->ndocs + 1, sizeof(*e));
	read_file *rf = ad_xcalloc(au->collection->ndocs + 1, sizeof(*rf));
	ad_store *s = NULL;
	ad_store_stats st;
	char when[32];
	long n = -1;
	size_t i;
	int rc;

	if (!label)
		cli_default_label(when, sizeof(when));
	rc = ad_store_open(&s, db, &err);
	if (rc == 0) {
		walk(c, paths, npaths, co);
		if ((n = entries_of(e, rf, c, au, &err)) < 0)
			rc = -1;
	}
	if (rc == 0)
		rc = ad_store_record_entries(s, label ? label : when, NULL, e,
					     (size_t)n, au->collection->vocab,
					     &st, &err);
	if (rc)
		fprintf(stderr, "agentdup: %s: %s\n",
			err.path[0] ? err.path : db, err.msg);
	else if (!quiet)
		fprintf(stderr, "agentdup: snapshot %s: %zu agents, %zu new "
			"contents, %zu reused\n", label ? label : when,
			st.entries, st.blobs_new, st.blobs_reused);
	for (i = 0; i < au->collection->ndocs; i++)
		free(rf[i].text);
	free(rf);
	free(e);
	ad_store_close(s);
	ad_corpus_free(c);
	if (rc == 0)
		return AD_EXIT_OK;
	return err.code == AD_EINVAL ? AD_EXIT_USAGE : AD_EXIT_INPUT;
}
