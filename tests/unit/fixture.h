/*
 * fixture.h - what the unit tests share: unit vectors written as
 * "id:weight" strings, temporary collections on disk, audits of a folder or
 * of texts, and agents found by path.
 *
 * Each test program includes this header once, and no library source does:
 * it defines, rather than declares, static inline helpers and one static
 * arena, so a program compiles only what it calls and an unused helper is
 * no warning. A helper that fails, fails the test with a cmocka assertion;
 * one that returns has done its work.
 *
 * Ownership: fx_vec() allocates from fx_arena, which fx_arena_setup() makes
 * and fx_arena_teardown() frees (a cmocka setup and teardown pair). A
 * temporary folder's path lives in the caller's array; fx_rmtree() removes
 * the folder. An audit from fx_audit_path() or fx_audit_texts() is the
 * caller's, for ad_audit_free(). Indexes and clusters looked up in an audit
 * are borrowed from it.
 */
#ifndef AGENTDUP_TEST_FIXTURE_H
#define AGENTDUP_TEST_FIXTURE_H

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <cmocka.h>

#include "agentdup/audit.h"
#include "agentdup/snapshot.h"
#include "agentdup/store.h"
#include "base/arena.h"
#include "index/tfidf.h"

#define FX_PATH_MAX 512

/* The arena of fx_vec(), one per test. */
static ad_arena *fx_arena;

static inline int fx_arena_setup(void **state)
{
	(void)state;
	fx_arena = ad_arena_new();
	return 0;
}

static inline int fx_arena_teardown(void **state)
{
	(void)state;
	ad_arena_free(fx_arena);
	fx_arena = NULL;
	return 0;
}

/* v packed (tfidf.h) in fx_arena, as section vectors are held. */
static inline ad_cvec fx_cvec(const ad_svec *v)
{
	ad_cvec c;

	ad_cvec_pack(&c, v, fx_arena);
	return c;
}

/* The unit vector of "id:weight id:weight ..." (at most 32 ids, ascending),
 * in fx_arena: "1:2 3:1" is (2/sqrt 5, 1/sqrt 5) on ids 1 and 3. */
static inline ad_svec fx_vec(const char *spec)
{
	uint32_t ids[32], n = 0, k;
	double w[32], norm = 0.0;
	ad_svec v;
	char *end;

	while (*spec) {
		assert_true(n < 32);
		ids[n] = (uint32_t)strtoul(spec, &end, 10);
		assert_true(end != spec && *end == ':');
		w[n] = strtod(end + 1, &end);
		assert_true(n == 0 || ids[n - 1] < ids[n]);
		norm += w[n] * w[n];
		n++;
		for (spec = end; *spec == ' '; spec++)
			;
	}
	v.n = n;
	v.ids = ad_arena_alloc(fx_arena, (n + 1) * sizeof(*v.ids));
	v.w = ad_arena_alloc(fx_arena, (n + 1) * sizeof(*v.w));
	for (k = 0; k < n; k++) {
		v.ids[k] = ids[k];
		v.w[k] = (float)(w[k] / sqrt(norm));
	}
	return v;
}

/* A new, empty folder /tmp/agentdup-<name>-XXXXXX; its path goes to root,
 * an array of cap bytes. */
static inline void fx_tmpdir(char *root, size_t cap, const char *name)
{
	int n = snprintf(root, cap, "/tmp/agentdup-%s-XXXXXX", name);

	assert_true(n > 0 && (size_t)n < cap);
	assert_non_null(mkdtemp(root));
}

/* root/rel opened for writing, the folders on its way made as needed; the
 * caller closes it. */
static inline FILE *fx_create(const char *root, const char *rel)
{
	char path[FX_PATH_MAX];
	size_t base = strlen(root) + 1;
	int n = snprintf(path, sizeof(path), "%s/%s", root, rel);
	const char *slash;
	FILE *f;

	assert_true(n > 0 && (size_t)n < sizeof(path));
	for (slash = strchr(rel, '/'); slash; slash = strchr(slash + 1, '/')) {
		path[base + (size_t)(slash - rel)] = '\0';
		if (mkdir(path, 0755) != 0)
			assert_int_equal(errno, EEXIST);
		path[base + (size_t)(slash - rel)] = '/';
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	return f;
}

/* root/rel holding the len bytes at data, its folders made as needed. */
static inline void fx_write(const char *root, const char *rel,
			    const void *data, size_t len)
{
	FILE *f = fx_create(root, rel);

	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* One file of a collection: where it goes below the root, and its text. */
typedef struct fx_file {
	const char *path;
	const char *text;
} fx_file;

static inline void fx_write_files(const char *root, const fx_file *files,
				  size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fx_write(root, files[i].path, files[i].text,
			 strlen(files[i].text));
}

/* Removes the folder root and everything in it; the status of rm -rf, so
 * 0 when done (a teardown can return it). */
static inline int fx_rmtree(const char *root)
{
	char cmd[FX_PATH_MAX + 16];
	int n = snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);

	assert_true(n > 0 && (size_t)n < sizeof(cmd));
	return system(cmd);
}

/* The state of fx_rng(), which fx_seed() sets (never 0). */
static uint64_t fx_rng_state = 1;

static inline void fx_seed(uint64_t seed)
{
	fx_rng_state = seed;
}

/* xorshift64*: the same numbers on every machine. */
static inline uint64_t fx_rng(void)
{
	fx_rng_state ^= fx_rng_state >> 12;
	fx_rng_state ^= fx_rng_state << 25;
	fx_rng_state ^= fx_rng_state >> 27;
	return fx_rng_state * 2685821657736338717ULL;
}

/* A number in [0, 1) from fx_rng(). */
static inline double fx_unit(void)
{
	return (double)(fx_rng() >> 11) / 9007199254740992.0;
}

/* Monotonic seconds. */
static inline double fx_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ad_audit_run() on the one folder or file path, with opts (NULL: the
 * defaults); its status. */
static inline int fx_audit_path(ad_audit **out, const char *path,
				const ad_audit_opts *opts)
{
	const char *paths[1] = {path};
	ad_audit_opts defaults = AD_AUDIT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;

	return ad_audit_run(out, paths, 1, opts ? opts : &defaults, &err);
}

/* Write files under dir/name, read them for a snapshot (each must be an
 * agent), and record them as snapshot name in store s. */
static inline void fx_record_snapshot(ad_store *s, const char *dir,
				      const char *name, const fx_file *files,
				      size_t n)
{
	char root[FX_PATH_MAX + 64];
	const char *paths[1] = {root};
	ad_load_opts o = AD_LOAD_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_collection *c = NULL;

	snprintf(root, sizeof(root), "%s/%s", dir, name);
	assert_int_equal(mkdir(root, 0755), 0);
	fx_write_files(root, files, n);
	assert_int_equal(ad_snapshot_load(&c, s, paths, 1, &o, &err), 0);
	assert_int_equal(c->ninputs, n);
	assert_int_equal(c->nskipped, 0);
	if (ad_snapshot_record(NULL, s, name, NULL, c, &err) != 0)
		fail_msg("%s", err.msg);
	ad_collection_free(c);
}

/* The audit of n agents given as texts, on one thread, analysed as far
 * as until, with the default options otherwise; every one of them read
 * as an agent. */
static inline ad_audit *fx_audit_texts_until(const ad_text *texts, size_t n,
					     ad_audit_until until)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *au = NULL;

	o.load.texts = texts;
	o.load.ntexts = n;
	o.load.jobs = 1;
	o.until = until;
	assert_int_equal(ad_audit_run(&au, NULL, 0, &o, NULL), 0);
	assert_int_equal(au->collection->ndocs, n);
	return au;
}

/* The same, analysed whole. */
static inline ad_audit *fx_audit_texts(const ad_text *texts, size_t n)
{
	return fx_audit_texts_until(texts, n, AD_AUDIT_ALL);
}

/* The index of the agent read from path (as the audit reports it), or -1
 * when there is none. */
static inline int fx_find_doc(const ad_audit *audit, const char *path)
{
	size_t d;

	for (d = 0; d < audit->collection->ndocs; d++)
		if (strcmp(audit->collection->docs[d]->path, path) == 0)
			return (int)d;
	return -1;
}

/* The index of the agent read from path; the test fails when there is
 * none. */
static inline uint32_t fx_doc(const ad_audit *audit, const char *path)
{
	int d = fx_find_doc(audit, path);

	if (d < 0)
		fail_msg("no doc %s", path);
	return (uint32_t)d;
}

/* The cluster agent doc belongs to, or NULL. */
static inline const ad_cluster *fx_cluster_of(const ad_audit *audit,
					      uint32_t doc)
{
	size_t i;
	uint32_t k;

	for (i = 0; i < audit->clustering.n; i++) {
		const ad_cluster *cl = &audit->clustering.clusters[i];

		for (k = 0; k < cl->n; k++)
			if (cl->members[k] == doc)
				return cl;
	}
	return NULL;
}

/* The rule on line `line` of agent d, collection-wide; the test fails when
 * there is none. */
static inline uint32_t fx_rule_at(const ad_audit *audit, uint32_t d, int line)
{
	const ad_doc *doc = audit->collection->docs[d];
	size_t r;

	for (r = 0; r < doc->nrules; r++)
		if (doc->rules[r].line == line)
			return (uint32_t)(audit->collection->at.rule_base[d] + r);
	fail_msg("no rule on line %d of %s", line, doc->path);
	return 0;
}

/* The section of agent d that starts on line `line`, collection-wide. */
static inline uint32_t fx_section_at(const ad_audit *audit, uint32_t d,
				     int line)
{
	const ad_doc *doc = audit->collection->docs[d];
	size_t s;

	for (s = 0; s < doc->nsections; s++)
		if (doc->sections[s].line_start == line)
			return (uint32_t)(audit->collection->at.section_base[d] +
					  s);
	fail_msg("no section on line %d of %s", line, doc->path);
	return 0;
}

/* Whether sections x and y (collection-wide) were aligned: their agents'
 * alignment was kept, and its matches, held or made again, pair them. */
static inline int fx_aligned(const ad_audit *audit, uint32_t x, uint32_t y)
{
	uint32_t dx = audit->collection->at.section_doc[x];
	uint32_t dy = audit->collection->at.section_doc[y];
	ad_section_match *m;
	size_t k, n = ad_audit_alignment(audit, dx, dy)
			      ? ad_audit_section_matches(audit, dx, dy, &m)
			      : 0;
	int found = 0;

	for (k = 0; k < n; k++)
		found |= (m[k].a == x && m[k].b == y) ||
			 (m[k].a == y && m[k].b == x);
	if (n)
		free(m);
	return found;
}

#endif
