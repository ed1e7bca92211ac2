/*
 * snapshot.c - a snapshot from a collection read for it, and one per
 * commit of a git history.
 *
 * The import of a history keeps one slot per git blob id met: the content
 * key of the blob, and whether it is good to record. A blob is read from
 * git the first time it is met and never again in the import: its key is
 * enough for every later commit holding it, because by then it is stored
 * (the commit that read it recorded it) or known to be bad. The bytes of
 * a new content are kept only until the commit that read it is recorded.
 */
#include "agentdup/snapshot.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/buf.h"
#include "base/file.h"
#include "base/strtab.h"
#include "source/gitsrc.h"
#include "store/store_write.h"

/* ---- one snapshot from a collection ---- */

static int known_in(const char *key, void *payload)
{
	ad_error ignored = AD_ERROR_INIT;
	int known = 0;

	/* a store that cannot tell is asked for the analysis again */
	if (ad_store_known(&known, payload, key, &ignored) != 0)
		return 0;
	return known;
}

int ad_snapshot_load(ad_collection **out, ad_store *s,
		     const char *const *paths, size_t npaths,
		     const ad_load_opts *opts, ad_error *err)
{
	ad_load_opts o = *opts;

	o.for_store = 1;
	o.known = known_in;
	o.known_payload = s;
	return ad_collection_load(out, paths, npaths, &o, err);
}

int ad_snapshot_record(ad_store_stats *st, ad_store *s, const char *label,
		       const char *note, const ad_collection *c,
		       ad_error *err)
{
	ad_store_entry *e;
	size_t i, n = 0;
	int rc;

	if (!*label)
		return ad_error_set(err, AD_EINVAL, "a snapshot label cannot "
				    "be empty");
	e = ad_xcalloc(c->ninputs + 1, sizeof(*e));
	for (i = 0; i < c->ninputs; i++) {
		const ad_input *in = &c->inputs[i];

		if (in->skipped)
			continue;
		e[n].path = in->path;
		e[n].hash = in->key;
		e[n].bytes = in->len;
		e[n].text = in->known ? NULL : in->text;
		e[n].from = c; /* a file's bytes: read again if new */
		e[n].input = i;
		e[n++].doc = in->doc;
	}
	rc = ad_store_record_entries(s, label, note, e, n, c->vocab, st, err);
	free(e);
	return rc;
}

/* ---- one snapshot on a thread of its own ---- */

struct ad_snapshot_job {
	const char *path, *label;
	const ad_collection *c;
	ad_store_stats st;
	ad_error err;
	int rc;
	pthread_t thread;
	int started; /* on a thread of its own, to be joined */
};

static void *job_work(void *arg)
{
	ad_snapshot_job *j = arg;
	ad_store *s = NULL;

	j->rc = ad_store_open(&s, j->path, &j->err);
	if (j->rc == 0)
		j->rc = ad_snapshot_record(&j->st, s, j->label, NULL, j->c,
					   &j->err);
	ad_store_close(s);
	return NULL;
}

ad_snapshot_job *ad_snapshot_start(const char *path, const char *label,
				   const ad_collection *c)
{
	ad_snapshot_job *j = ad_xcalloc(1, sizeof(*j));

	j->path = path;
	j->label = label;
	j->c = c;
	j->started = pthread_create(&j->thread, NULL, job_work, j) == 0;
	if (!j->started)
		job_work(j);
	return j;
}

int ad_snapshot_wait(ad_snapshot_job *j, ad_store_stats *st, ad_error *err)
{
	int rc;

	if (j->started)
		pthread_join(j->thread, NULL);
	rc = j->rc;
	if (st)
		*st = j->st;
	if (err)
		*err = j->err;
	free(j);
	return rc;
}

/* ---- one snapshot per commit ---- */

void ad_snapshot_git_label(char *out, const ad_commit *c)
{
	snprintf(out, AD_SNAPSHOT_GIT_LABEL, "%.10s_%.12s", c->date, c->sha);
}

enum { BLOB_UNREAD, BLOB_GOOD, BLOB_BAD };

/* What the import knows of one git blob. */
typedef struct blob_slot {
	int state;
	char hash[AD_HASH_HEX + 1];
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
	ad_commit commit;
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
		im->opts->problem(&im->commit, &d, im->opts->payload);
}

/* The files the parser refused: their blobs are bad for the rest of the
 * import. */
static void refused(import *im, const ad_collection *c)
{
	size_t i, k;

	for (k = 0; k < c->nproblems; k++) {
		const ad_problem *p = &c->problems[k];
		ad_diag d = {AD_SEV_ERROR, p->path, p->line, 0, p->msg};

		if (p->severity != AD_SEV_ERROR)
			continue;
		for (i = 0; i < im->nfiles; i++)
			if (strcmp(im->files[i].path, p->path) == 0)
				im->slots[im->fslot[i]].state = BLOB_BAD;
		im->st->problems++;
		if (im->opts->problem)
			im->opts->problem(&im->commit, &d, im->opts->payload);
	}
}

/* Read a blob met for the first time: bad when over the size bound,
 * empty or binary (as the walk has them), else its key, and its bytes
 * when the store lacks it. */
static int read_blob(import *im, blob_slot *b, const ad_git_file *f,
		     ad_error *err)
{
	size_t len, max = im->opts->load.corpus.max_file_size;
	ad_error over = AD_ERROR_INIT;
	char *text;
	int known, rc = ad_gitsrc_blob(&text, &len, im->g, f->id, max, err);

	if (rc)
		return rc;
	im->st->blobs_read++;
	b->state = BLOB_BAD;
	if (!text) {
		ad_file_over_bound(&over, f->path, max);
		report(im, f->path, over.msg);
	} else if (len == 0)
		report(im, f->path, "empty file");
	else if (memchr(text, '\0', len))
		report(im, f->path, "binary file (holds NUL bytes)");
	else
		b->state = BLOB_GOOD;
	if (b->state == BLOB_GOOD) {
		ad_hash_content(b->hash, text, len);
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

/* The commit's agent files as texts, in out, *n of them: each with its
 * key, and its bytes when its content is new to the store. */
static int commit_files(ad_text *out, size_t *n, import *im, ad_error *err)
{
	size_t i;
	int rc = 0;

	*n = 0;
	/* every slot first: the slots may move as they grow, and out points
	 * into them */
	for (i = 0; i < im->nfiles; i++)
		im->fslot[i] = slot_of(im, im->files[i].id);
	for (i = 0; rc == 0 && i < im->nfiles; i++) {
		const ad_git_file *f = &im->files[i];
		blob_slot *b = &im->slots[im->fslot[i]];

		if (b->state == BLOB_UNREAD)
			rc = read_blob(im, b, f, err);
		if (rc || b->state == BLOB_BAD)
			continue;
		out[*n].path = f->path;
		out[*n].text = b->text;
		out[*n].len = b->len;
		out[(*n)++].key = b->hash;
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

/* Read the commit's texts as a collection (new contents parsed, known
 * ones only keyed) and record it. */
static int record_commit(import *im, const ad_text *texts, size_t n,
			 const char *label, const char *note, ad_error *err)
{
	ad_load_opts o = im->opts->load;
	ad_collection *c = NULL;
	ad_store_stats st;
	int rc;

	o.texts = texts;
	o.ntexts = n;
	o.for_store = 1;
	o.known = NULL;
	rc = ad_collection_load(&c, NULL, 0, &o, err);
	if (rc == 0) {
		refused(im, c);
		rc = ad_snapshot_record(&st, im->s, label, note, c, err);
	}
	if (rc == 0) {
		im->st->imported++;
		im->st->blobs_new += st.blobs_new;
	}
	ad_collection_free(c);
	return rc;
}

static int import_commit(import *im, const ad_git_commit *c,
			 const char *label, ad_error *err)
{
	ad_git_file *files = NULL;
	ad_text *texts = NULL;
	ad_buf note = AD_BUF_INIT;
	size_t nfiles = 0, n = 0;
	int rc = ad_gitsrc_files(&files, &nfiles, im->g, c->sha,
				 &im->opts->load.corpus, err);

	im->files = files;
	im->nfiles = rc == 0 ? nfiles : 0;
	im->fslot = ad_xcalloc(im->nfiles + 1, sizeof(*im->fslot));
	texts = ad_xcalloc(im->nfiles + 1, sizeof(*texts));
	if (rc == 0)
		rc = commit_files(texts, &n, im, err);
	ad_buf_printf(&note, "commit %s %s %s", c->sha, c->date, c->subject);
	if (rc == 0)
		rc = record_commit(im, texts, n, label, note.ptr, err);
	release_texts(im);
	ad_buf_dispose(&note);
	free(texts);
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

		im->commit.sha = list[i].sha;
		im->commit.date = list[i].date;
		im->commit.subject = list[i].subject;
		ad_snapshot_git_label(label, &im->commit);
		taken = label_taken(im, label);
		if (o->progress)
			o->progress(&im->commit, label, i, n, taken,
				    o->payload);
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
				       &opts->load.corpus, err);
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
