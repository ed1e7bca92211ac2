/*
 * snapshot.c - a snapshot from files in memory, and one per commit of a
 * git history.
 *
 * The import of a history keeps one slot per git blob id met: the content
 * key of the blob, and whether it is good to record. A blob is read from
 * git the first time it is met and never again in the import: its key is
 * enough for every later commit holding it, because by then it is stored
 * (the commit that read it recorded it) or known to be bad. The bytes of
 * a new content are kept only until the commit that read it is recorded.
 */
#include "agentdup/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/buf.h"
#include "agentdup/strtab.h"

/* ---- one snapshot from files in memory ---- */

/* The files whose content is new, as texts of an audit, in order. */
static ad_text *new_texts(const ad_snapshot_file *f, size_t n, size_t *k)
{
	ad_text *t = ad_xcalloc(n + 1, sizeof(*t));
	size_t i;

	*k = 0;
	for (i = 0; i < n; i++)
		if (!f[i].known) {
			t[*k].path = f[i].path;
			t[*k].text = f[i].text;
			t[(*k)++].len = f[i].len;
		}
	return t;
}

static void report_refused(const ad_collection *au, ad_diag_fn diag,
			   void *payload)
{
	size_t i;

	for (i = 0; diag && i < au->nproblems; i++) {
		const ad_problem *p = &au->problems[i];
		ad_diag d = {AD_SEV_ERROR, p->path, p->line, 0, p->msg};

		if (p->severity == AD_SEV_ERROR)
			diag(&d, payload);
	}
}

/* The entries of the snapshot: every file, with the doc of a new one;
 * files the parser refused (their docs missing) are left out. */
static size_t build_entries(ad_store_entry *e, const ad_snapshot_file *f,
			    size_t n, const ad_collection *au)
{
	size_t i, k = 0, d = 0;

	for (i = 0; i < n; i++) {
		const ad_doc *doc = NULL;

		if (!f[i].known) {
			/* docs keep the order of the texts, the ones the
			 * parser refused missing: walk both in step */
			if (d == au->ndocs ||
			    strcmp(au->docs[d]->path, f[i].path) != 0)
				continue;
			doc = au->docs[d++];
		}
		e[k].path = f[i].path;
		e[k].hash = f[i].hash;
		e[k].bytes = f[i].len;
		e[k].text = f[i].known ? NULL : f[i].text;
		e[k++].doc = doc;
	}
	return k;
}

int ad_snapshot_record(ad_store_stats *st, ad_store *s, const char *label,
		       const char *note, const ad_snapshot_file *files,
		       size_t n, const ad_audit_opts *opts, ad_diag_fn diag,
		       void *payload, ad_error *err)
{
	ad_load_opts o = opts->load;
	ad_text *t = new_texts(files, n, &o.ntexts);
	ad_store_entry *e = NULL;
	ad_collection *au = NULL;
	int rc;

	o.texts = t;
	rc = ad_collection_load(&au, NULL, 0, &o, err);
	if (rc == 0) {
		report_refused(au, diag, payload);
		e = ad_xcalloc(n + 1, sizeof(*e));
		rc = ad_store_record_entries(s, label, note, e,
					     build_entries(e, files, n, au),
					     au->vocab, st, err);
	}
	free(e);
	free(t);
	ad_collection_free(au);
	return rc;
}

/* ---- one snapshot per commit ---- */

void ad_snapshot_git_label(char *out, const ad_git_commit *c)
{
	snprintf(out, AD_SNAPSHOT_GIT_LABEL, "%.10s_%.12s", c->date, c->sha);
}

enum { BLOB_UNREAD, BLOB_GOOD, BLOB_BAD };

/* What the import knows of one git blob. */
typedef struct blob_slot {
	int state;
	char hash[AD_STORE_HASH_HEX + 1];
	size_t len;
	char *text; /* read by the current commit, and new to the store */
} blob_slot;

typedef struct import {
	ad_store *s;
	ad_gitsrc *g;
	const ad_snapshot_git_opts *opts;
	ad_snapshot_git_stats *st;
	ad_strtab *ids; /* git blob ids; an id is an index in slots */
	blob_slot *slots;
	size_t cap;
	char **labels; /* taken in the store, sorted */
	size_t nlabels;
	/* the commit being imported: its files and their slots */
	const ad_git_commit *commit;
	const ad_git_file *files;
	uint32_t *fslot;
	size_t nfiles;
} import;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int load_labels(import *im, ad_error *err)
{
	ad_store_snapshot *list = NULL;
	size_t n = 0, i;
	int rc = ad_store_snapshots(&list, &n, im->s, err);

	if (rc)
		return rc;
	im->labels = ad_xcalloc(n + 1, sizeof(*im->labels));
	for (i = 0; i < n; i++)
		im->labels[i] = ad_xstrdup(list[i].label);
	im->nlabels = n;
	qsort(im->labels, n, sizeof(*im->labels), cmp_str);
	ad_store_snapshots_free(list, n);
	return 0;
}

static int label_taken(const import *im, const char *label)
{
	return bsearch(&label, im->labels, im->nlabels, sizeof(*im->labels),
		       cmp_str) != NULL;
}

static uint32_t slot_of(import *im, const char *id)
{
	uint32_t k = ad_strtab_intern(im->ids, id, strlen(id));
	size_t old = im->cap;

	ad_grow(&im->slots, &im->cap, (size_t)k + 1, sizeof(*im->slots));
	memset(im->slots + old, 0, (im->cap - old) * sizeof(*im->slots));
	return k;
}

static void report(import *im, const char *path, const char *msg)
{
	ad_diag d = {AD_SEV_ERROR, path, 0, 0, msg};

	im->st->problems++;
	if (im->opts->problem)
		im->opts->problem(im->commit, &d, im->opts->payload);
}

/* The parser refused a file: its blob is bad for the rest of the import. */
static void on_refused(const ad_diag *d, void *payload)
{
	import *im = payload;
	size_t i;

	for (i = 0; i < im->nfiles; i++)
		if (strcmp(im->files[i].path, d->path) == 0)
			im->slots[im->fslot[i]].state = BLOB_BAD;
	im->st->problems++;
	if (im->opts->problem)
		im->opts->problem(im->commit, d, im->opts->payload);
}

/* Read a blob met for the first time: bad when empty or binary (as the
 * walk has them), else its key, and its bytes when the store lacks it. */
static int read_blob(import *im, blob_slot *b, const ad_git_file *f,
		     ad_error *err)
{
	char *text;
	size_t len;
	int known, rc = ad_gitsrc_blob(&text, &len, im->g, f->id, err);

	if (rc)
		return rc;
	im->st->blobs_read++;
	b->state = BLOB_BAD;
	if (len == 0)
		report(im, f->path, "empty file");
	else if (memchr(text, '\0', len))
		report(im, f->path, "binary file (holds NUL bytes)");
	else
		b->state = BLOB_GOOD;
	if (b->state == BLOB_GOOD) {
		ad_store_hash_bytes(b->hash, text, len);
		b->len = len;
		rc = ad_store_known(&known, im->s, b->hash, err);
		if (rc == 0 && !known) {
			b->text = text;
			text = NULL;
		}
	}
	free(text);
	return rc;
}

/* The snapshot files of the commit's tree, in out; *n of them. */
static int commit_files(ad_snapshot_file *out, size_t *n, import *im,
			ad_error *err)
{
	size_t i;
	int rc = 0;

	*n = 0;
	for (i = 0; rc == 0 && i < im->nfiles; i++) {
		const ad_git_file *f = &im->files[i];
		blob_slot *b;

		im->fslot[i] = slot_of(im, f->id);
		b = &im->slots[im->fslot[i]];
		if (b->state == BLOB_UNREAD)
			rc = read_blob(im, b, f, err);
		if (rc || b->state == BLOB_BAD)
			continue;
		out[*n].path = f->path;
		out[*n].text = b->text;
		out[*n].len = b->len;
		memcpy(out[*n].hash, b->hash, sizeof(b->hash));
		out[(*n)++].known = b->text == NULL;
	}
	return rc;
}

/* Free the bytes the commit read: recorded now, or refused. */
static void release_texts(import *im)
{
	size_t i;

	for (i = 0; i < im->nfiles; i++) {
		blob_slot *b = &im->slots[im->fslot[i]];

		free(b->text);
		b->text = NULL;
	}
}

static int import_commit(import *im, const ad_git_commit *c,
			 const char *label, ad_error *err)
{
	ad_git_file *files = NULL;
	ad_snapshot_file *sf = NULL;
	ad_store_stats st;
	ad_buf note = AD_BUF_INIT;
	size_t nfiles = 0, n = 0;
	int rc = ad_gitsrc_files(&files, &nfiles, im->g, c->sha,
				 &im->opts->audit.load.corpus, err);

	im->commit = c;
	im->files = files;
	im->nfiles = rc == 0 ? nfiles : 0;
	im->fslot = ad_xcalloc(im->nfiles + 1, sizeof(*im->fslot));
	sf = ad_xcalloc(im->nfiles + 1, sizeof(*sf));
	if (rc == 0)
		rc = commit_files(sf, &n, im, err);
	ad_buf_printf(&note, "commit %s %s %s", c->sha, c->date, c->subject);
	if (rc == 0)
		rc = ad_snapshot_record(&st, im->s, label, note.ptr, sf, n,
					&im->opts->audit, on_refused, im, err);
	if (rc == 0) {
		im->st->imported++;
		im->st->blobs_new += st.blobs_new;
	}
	release_texts(im);
	ad_buf_dispose(&note);
	free(sf);
	free(im->fslot);
	ad_gitsrc_files_free(files, nfiles);
	im->files = NULL;
	im->fslot = NULL;
	im->nfiles = 0;
	return rc;
}

static int import_all(import *im, const ad_git_commit *list, size_t n,
		      ad_error *err)
{
	const ad_snapshot_git_opts *o = im->opts;
	char label[AD_SNAPSHOT_GIT_LABEL];
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < n; i++) {
		int taken;

		ad_snapshot_git_label(label, &list[i]);
		taken = label_taken(im, label);
		if (o->progress)
			o->progress(&list[i], label, i, n, taken, o->payload);
		if (taken)
			im->st->skipped++;
		else
			rc = import_commit(im, &list[i], label, err);
	}
	return rc;
}

int ad_snapshot_git(ad_snapshot_git_stats *st, ad_store *s,
		    const char *repo, const ad_snapshot_git_opts *opts,
		    ad_error *err)
{
	ad_snapshot_git_stats local;
	ad_git_commit *list = NULL;
	size_t n = 0, i;
	import im;
	int rc;

	memset(&im, 0, sizeof(im));
	im.s = s;
	im.opts = opts;
	im.st = st ? st : &local;
	memset(im.st, 0, sizeof(*im.st));
	rc = ad_gitsrc_open(&im.g, repo, err);
	if (rc == 0)
		rc = ad_gitsrc_commits(&list, &n, im.g, opts->range, opts->max,
				       &opts->audit.load.corpus, err);
	im.st->commits = n;
	if (rc == 0)
		rc = load_labels(&im, err);
	if (rc == 0) {
		im.ids = ad_strtab_new();
		rc = import_all(&im, list, n, err);
	}
	for (i = 0; i < im.nlabels; i++)
		free(im.labels[i]);
	free(im.labels);
	free(im.slots);
	ad_strtab_free(im.ids);
	ad_gitsrc_commits_free(list, n);
	ad_gitsrc_close(im.g);
	return rc;
}
