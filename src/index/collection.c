/*
 * collection.c - the files found, read, parsed and tokenized by a pool of
 * threads.
 *
 * Each thread has its own tokenizer (libstemmer and the word cache are not
 * shared) and each input has a record of its own, so the outcome does not
 * depend on scheduling. One pass reads, keys and parses each input; for a
 * snapshot that asks which contents are known, each input is asked about
 * once keyed, one at a time (the store is not asked from two threads at
 * once), and a known one is not parsed. A file's bytes go once it is
 * parsed: a store that wants them reads them again
 * (ad_collection_text()), and the sections' texts go once they are keyed
 * (a snapshot of the 10x copy of the corpus peaked at 1,124 MiB holding
 * both, at 490 MiB now). The per-thread vocabularies are then merged
 * and renumbered in stem order (vocab.h), every doc's terms rewritten to
 * the final numbers, and the sections and rules of all docs numbered in a
 * row. The docs share one copy of each rule text, with its terms, and of
 * each heading, path and frontmatter string (docshare.h), which the
 * collection owns: forks repeat most of their lines, and in a collection
 * of thousands of them the rules' texts and terms were five copies of
 * their distinct ones, over a third of what the docs held. A doc, once
 * tokenized, is packed into one block of its exact size (ad_doc_pack()):
 * it was built in small blocks, whose unused ends would
 * be held for the whole run, some 12% of what the docs hold.
 *
 * With a cache (doccache.h), every input is keyed as it is read and a doc
 * the cache holds for its key and path is taken from it instead of being
 * parsed: its terms are numbered by the cache's stems, which join the
 * vocabulary as one more tokenizer would, and its words are counted so
 * that each term reads as the same word as in a cold load. The docs that
 * were parsed note their words (the tokenizer's journal) so that the
 * cache, rewritten at the end, can keep them too; the words of every doc
 * live in one arena a worker, freed with the load (the docs had held
 * them to the end: at 10x a warm scan's docs held 910 MiB, now 520 with
 * the packing below). A doc taken from the cache has its
 * strings put into the share, as a parsed doc's are, and is packed, so
 * that the cache's bytes go back as its docs are taken and the rest once
 * the load is done: at 10x the file is 422 MB, once held through the
 * analysis.
 */
#include "agentdup/collection.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "agentdup/escape.h"
#include "agentdup/hash.h"
#include "base/arena.h"
#include "base/parallel.h"
#include "base/strtab.h"
#include "index/doccache.h"
#include "index/estimate.h"
#include "index/tokenizer.h"
#include "index/vocab.h"
#include "parse/doc_internal.h"
#include "parse/docshare.h"
#include "parse/parse.h"
#include "source/corpus.h"

typedef struct pool {
	ad_collection *c;
	const ad_corpus *corpus;
	const ad_load_opts *opts;
	ad_error **err; /* per input: why it was skipped, NULL if it was not
			 * (an error is a kilobyte: not one for every file) */
	int *worker;   /* per input: which tokenizer gave its terms */
	size_t n;      /* inputs: files, then texts */
	size_t nfiles;
	char **bytes;  /* per file: its bytes, while it is parsed */
	pthread_mutex_t asking; /* one call of opts->known at a time */
	atomic_size_t next;
	atomic_size_t done;
	ad_tokenizer **toks;
	int njobs;
	/* With a cache: the one read (NULL if none was usable), and per
	 * input the words of its doc, numbered in the tokenizer that read
	 * it or in the cache, packed (wordrefs.h: at 100,000 files, 56
	 * million of them), which live in word_arenas (one a worker) and go
	 * with the pool, not with the docs. Once the vocabulary is merged,
	 * the tables (one per tokenizer, then the cache's) give each
	 * number's bytes and final term, for the cache to be written. */
	ad_doccache *dc;
	ad_word_refs *words;
	ad_arena **word_arenas;
	ad_word_info **tables;
	ad_doccache_stamp *stamps; /* per input: its file's, as read */
	int64_t since;             /* when the load began */
	atomic_size_t unread;      /* files taken by their stamp */
} pool;

/* The worker number of docs taken from the cache: their terms are
 * renumbered like those of one more tokenizer. */
#define FROM_CACHE(p) ((p)->njobs)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double seconds_of(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec * 1e-6;
}

/* The process's usage since *before (all threads: only the load's run). */
static void usage_since(ad_collection *c, const struct rusage *before)
{
	struct rusage now_ru;

	if (getrusage(RUSAGE_SELF, &now_ru) != 0)
		return;
	c->load_user_seconds = seconds_of(&now_ru.ru_utime) -
			       seconds_of(&before->ru_utime);
	c->load_system_seconds = seconds_of(&now_ru.ru_stime) -
				 seconds_of(&before->ru_stime);
	c->load_disk_blocks = now_ru.ru_inblock - before->ru_inblock;
	c->load_waits = now_ru.ru_nvcsw - before->ru_nvcsw;
}

static int64_t ns_of(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static void stamp_of(ad_doccache_stamp *out, const struct stat *st)
{
	out->ino = (uint64_t)st->st_ino;
	out->size = (uint64_t)st->st_size;
	out->mtime_ns = ns_of(&st->st_mtim);
	out->ctime_ns = ns_of(&st->st_ctim);
}

/* Whether inputs are keyed by their content (ad_input.key). */
static int wants_key(const pool *p)
{
	return p->opts->for_store || p->opts->cache || p->opts->keys;
}

/* Input i is skipped, for the reason e. */
static void skip(pool *p, size_t i, const ad_error *e)
{
	p->c->inputs[i].skipped = 1;
	p->err[i] = ad_xmalloc(sizeof(*e));
	*p->err[i] = *e;
}

/* The bytes of input i: a file read (into bytes[i]), or a text given. */
static void read_input(pool *p, size_t i)
{
	ad_input *in = &p->c->inputs[i];
	const ad_text *t;

	if (i < p->nfiles) {
		struct stat st;
		ad_error e = AD_ERROR_INIT;

		if (ad_corpus_read_stat(&p->bytes[i], &in->len, &st,
					ad_corpus_source(p->corpus, i),
					&e) != 0)
			skip(p, i, &e);
		else if (p->stamps)
			stamp_of(&p->stamps[i], &st);
		in->text = p->bytes[i];
		return;
	}
	t = &p->opts->texts[i - p->nfiles];
	in->text = t->text;
	in->len = t->len;
	in->known = !t->text; /* given by its key alone */
	if (t->key)
		memcpy(in->key, t->key, AD_HASH_HEX);
	else if (wants_key(p))
		ad_hash_content(in->key, t->text, t->len);
}

/* Whether input i is a text that a cache neither gives nor keeps. */
static int uncached(const pool *p, size_t i)
{
	return i >= p->nfiles && p->opts->texts[i - p->nfiles].uncached;
}

/* Input i's words, w[0..n), packed for the rest of the load on worker
 * id; tmp, where they were, is freed. */
static void keep_words(pool *p, size_t i, int id, const ad_word_ref *w,
		       size_t n, ad_arena *tmp)
{
	p->words[i] = ad_word_refs_pack(w, n, p->word_arenas[id]);
	ad_arena_free(tmp);
}

/* Input i's doc from the cache, when it holds one, on worker id. */
static int from_cache(pool *p, size_t i, int id)
{
	ad_input *in = &p->c->inputs[i];
	ad_arena *tmp;
	ad_word_ref *w;
	size_t n;

	if (!p->dc || !in->key[0] || uncached(p, i))
		return 0;
	tmp = ad_arena_new();
	in->doc = ad_doccache_get(p->dc, in->key, in->path,
				  p->opts->for_store, &w, &n, tmp,
				  p->c->share);
	if (!in->doc) {
		ad_arena_free(tmp);
		return 0;
	}
	keep_words(p, i, id, w, n, tmp);
	/* its strings were the cache's: once they are in the share, its
	 * entry is done with (its bytes go), and it is packed, as
	 * a parsed doc is */
	ad_doc_share_strings(in->doc, p->c->share);
	ad_doccache_done(in->doc);
	in->doc = ad_doc_pack(in->doc, p->c->doc_rooms[id]);
	p->worker[i] = FROM_CACHE(p);
	return 1;
}

/* Input i's doc from the cache without reading the file, when the file's
 * status is the one the cache noted (ad_doccache_key_at()). A store that
 * wants its bytes reads them then (ad_collection_text()). */
static int by_stamp(pool *p, size_t i, int id)
{
	ad_input *in = &p->c->inputs[i];
	ad_error err = AD_ERROR_INIT;
	const char *key;
	struct stat st;

	if (!p->dc || i >= p->nfiles ||
	    ad_corpus_stat(&st, ad_corpus_source(p->corpus, i), &err) != 0)
		return 0; /* a read says why, as in a cold scan */
	stamp_of(&p->stamps[i], &st);
	if (!(key = ad_doccache_key_at(p->dc, in->path, &p->stamps[i])))
		return 0;
	memcpy(in->key, key, AD_HASH_HEX);
	in->len = (size_t)st.st_size;
	if (!from_cache(p, i, id)) {
		memset(in->key, 0, sizeof(in->key));
		return 0;
	}
	atomic_fetch_add(&p->unread, 1);
	return 1;
}

/* Parse and tokenize input i; its bytes stay where they are. */
static void parse_input(pool *p, size_t i, int id, uint32_t **ids,
			size_t *cap)
{
	ad_input *in = &p->c->inputs[i];
	ad_error e = AD_ERROR_INIT;

	if (in->skipped || in->known)
		return;
	if (in->doc || from_cache(p, i, id))
		goto done; /* in->doc: taken by its stamp */
	if (ad_doc_parse_shared(&in->doc, in->path, in->text, in->len,
				p->c->share, &e) != 0) {
		skip(p, i, &e);
		return;
	}
	ad_vocab_tokenize_doc(in->doc, p->toks[id], id, ids, cap);
	/* tokenized: of the sections' texts, a store reads only their keys
	 * (made in the doc's arena, before it is packed) */
	if (p->opts->for_store)
		ad_doc_key_sections(in->doc);
	ad_doc_drop_texts(in->doc);
	in->doc = ad_doc_pack(in->doc, p->c->doc_rooms[id]);
	if (p->opts->cache) {
		ad_arena *tmp = ad_arena_new();
		ad_word_ref *w;
		size_t n = ad_tokenizer_journal_take(&w, p->toks[id], tmp);

		keep_words(p, i, id, w, n, tmp);
	}
	ad_estimate_doc(in->doc, in->text, in->len);
	in->doc->text = NULL; /* the doc does not keep the bytes */
	p->worker[i] = id;
done:
	if (i < p->nfiles)
		in->doc->resources = ad_corpus_source(p->corpus, i)->resources;
}

/* Whether the store knows input i's content (then it is not parsed). */
static void ask_known(pool *p, size_t i)
{
	ad_input *in = &p->c->inputs[i];

	if (!p->opts->known || !p->opts->for_store || in->skipped ||
	    in->known)
		return;
	pthread_mutex_lock(&p->asking);
	in->known = p->opts->known(in->key, p->opts->known_payload) != 0;
	pthread_mutex_unlock(&p->asking);
}

static void one_input(pool *p, size_t i, int id, uint32_t **ids,
		      size_t *cap)
{
	ad_input *in = &p->c->inputs[i];

	if (!by_stamp(p, i, id)) {
		read_input(p, i);
		if (i < p->nfiles && !in->skipped && wants_key(p))
			ad_hash_content(in->key, in->text, in->len);
		ask_known(p, i);
	}
	parse_input(p, i, id, ids, cap);
	if (i < p->nfiles) {
		free(p->bytes[i]);
		p->bytes[i] = NULL;
		in->text = NULL;
	} else if (p->opts->texts_owned) {
		free(p->opts->texts_owned[i - p->nfiles]);
		p->opts->texts_owned[i - p->nfiles] = NULL;
		in->text = NULL;
	}
}

static void input_work(void *ctx, int id)
{
	pool *p = ctx;
	uint32_t *ids = NULL;
	size_t cap = 0, i, step = p->n / 100 + 1;

	while ((i = ad_parallel_next(&p->next, p->n, 1)) < p->n) {
		size_t done;

		one_input(p, i, id, &ids, &cap);
		done = atomic_fetch_add(&p->done, 1) + 1;
		if (id == 0 && p->opts->progress && done % step == 0)
			p->opts->progress(done, p->n, p->opts->progress_payload);
	}
	ad_doc_parse_release();
	free(ids);
}

/* ---- problems ---- */

typedef struct problems {
	ad_collection *c;
	size_t cap;
} problems;

static void add_problem(problems *pr, ad_severity sev, const char *path,
			int line, const char *msg)
{
	ad_collection *c = pr->c;
	ad_problem *p;

	ad_grow(&c->problems, &pr->cap, c->nproblems + 1, sizeof(*p));
	p = &c->problems[c->nproblems++];
	p->severity = sev;
	p->path = ad_arena_strdup(c->arena, path);
	p->line = line;
	p->msg = ad_arena_strdup(c->arena, msg);
}

/* A path the walk could not follow (a link loop, a dangling link, a
 * folder it cannot open) counts as a file that could not be read. */
static void on_walk_diag(const ad_diag *d, void *payload)
{
	problems *pr = payload;

	add_problem(pr, d->severity, d->path, d->line, d->msg);
	if (d->severity == AD_SEV_ERROR)
		pr->c->nskipped++;
}

/* Whether the paths name more than one root once normalised: then the
 * files of each are shown with it, so that two files of one name under
 * two roots are told apart (README, "Paths"). */
static int several_roots(const char *const *paths, size_t npaths)
{
	ad_buf first = AD_BUF_INIT, other = AD_BUF_INIT;
	size_t i;
	int several = 0;

	if (npaths > 1)
		ad_corpus_normal(&first, paths[0]);
	for (i = 1; i < npaths && !several; i++) {
		ad_buf_clear(&other);
		ad_corpus_normal(&other, paths[i]);
		several = strcmp(first.ptr, other.ptr) != 0;
	}
	ad_buf_dispose(&first);
	ad_buf_dispose(&other);
	return several;
}

/* A path given that cannot be walked, named as its files would be. */
static void path_problem(problems *pr, const char *path, int prefix,
			 const char *msg)
{
	ad_buf norm = AD_BUF_INIT, shown = AD_BUF_INIT;

	if (prefix)
		ad_corpus_normal(&norm, path);
	ad_escape_path(&shown, prefix ? norm.ptr : path);
	add_problem(pr, AD_SEV_ERROR, shown.ptr, 0, msg);
	ad_buf_dispose(&norm);
	ad_buf_dispose(&shown);
	pr->c->nskipped++;
}

static void tally(ad_path_tally *t, ad_collection *c, const char *path,
		  const ad_corpus_tally *last)
{
	t->path = ad_arena_strdup(c->arena, path);
	t->found = last->found;
	t->passed = last->passed;
	t->ext = ad_arena_strdup(c->arena, last->ext);
	t->ext_count = last->ext_count;
}

static void walk(problems *pr, ad_corpus *corpus, const char *const *paths,
		 size_t npaths, const ad_corpus_opts *opts)
{
	ad_error err = AD_ERROR_INIT;
	int prefix = several_roots(paths, npaths);
	size_t i;

	if (prefix)
		ad_corpus_prefix_roots(corpus);
	for (i = 0; i < npaths; i++)
		ad_corpus_allow(corpus, paths[i]);
	pr->c->paths = ad_xcalloc(npaths + 1, sizeof(*pr->c->paths));
	pr->c->npaths = npaths;
	for (i = 0; i < npaths; i++) {
		if (ad_corpus_add(corpus, paths[i], opts, on_walk_diag, pr,
				  &err) != 0)
			path_problem(pr, paths[i], prefix, err.msg);
		tally(&pr->c->paths[i], pr->c, paths[i],
		      ad_corpus_last(corpus));
	}
}

/* The docs of the inputs, in order, and every problem. */
static void collect(problems *pr, pool *p)
{
	ad_collection *c = pr->c;
	size_t i, k;

	c->docs = ad_xcalloc(p->n + 1, sizeof(*c->docs));
	for (i = 0; i < p->n; i++) {
		const ad_error *e = p->err[i];
		ad_doc *d = c->inputs[i].doc;

		if (c->inputs[i].skipped) {
			add_problem(pr, AD_SEV_ERROR, e->path, e->line, e->msg);
			c->nskipped++;
			continue;
		}
		if (!d)
			continue; /* known: not parsed */
		for (k = 0; k < d->nwarnings; k++)
			add_problem(pr, AD_SEV_WARNING, d->path,
				    d->warning_lines[k], ad_doc_warning_msg(d, k));
		c->nwarnings += d->nwarnings;
		c->docs[c->ndocs++] = d;
	}
}

/* ---- one vocabulary ---- */

typedef struct remap_ctx {
	pool *p;
	uint32_t **remap; /* per tokenizer: its term ids to final ids */
	uint32_t *cached_words; /* the cache's word ids to final term ids */
} remap_ctx;

static void remap_work(void *ctx, int worker)
{
	remap_ctx *r = ctx;
	pool *p = r->p;
	size_t i, end;

	(void)worker;
	while ((i = ad_parallel_chunk(&p->next, p->n, 64, &end)) < p->n)
		for (; i < end; i++) {
			ad_doc *d = p->c->inputs[i].doc;
			const uint32_t *to = r->remap[p->worker[i]];

			if (!d)
				continue;
			/* a cached doc's sections' and rules' terms are
			 * the share's, renumbered there */
			if (p->worker[i] == FROM_CACHE(p)) {
				ad_vocab_remap_doc_own(d, to);
				continue;
			}
			ad_vocab_remap_doc(d, to);
			ad_doc_share_terms(d);
		}
}

/* The words of tokenizer k as the cache writes them: their final terms
 * by remap (a stopword's is never read: the journal leaves them out). */
static ad_word_info *tokenizer_table(const ad_tokenizer *tok,
				     const uint32_t *remap)
{
	size_t i, n = ad_tokenizer_words_seen(tok), len;
	ad_word_info *t = ad_xmalloc((n + 1) * sizeof(*t));
	uint32_t term;

	for (i = 0; i < n; i++) {
		t[i].word = ad_tokenizer_word(tok, (uint32_t)i, &len, &term);
		t[i].len = (uint32_t)len;
		t[i].term = term == AD_STRTAB_NONE ? term : remap[term];
	}
	return t;
}

/* The cache's words likewise, by the final terms of their stems. */
static ad_word_info *cache_table(const ad_doccache *dc,
				 const uint32_t *final)
{
	uint32_t i, n = ad_doccache_nwords(dc), stem;
	ad_word_info *t = ad_xmalloc(((size_t)n + 1) * sizeof(*t));
	size_t len;

	for (i = 0; i < n; i++) {
		t[i].word = ad_doccache_word(dc, i, &len, &stem);
		t[i].len = (uint32_t)len;
		t[i].term = final[i];
	}
	return t;
}

/* The counts of the cache's words over the docs taken from it. */
static uint64_t *tally_cached(const pool *p)
{
	uint64_t *tally = ad_xcalloc((size_t)ad_doccache_nwords(p->dc) + 1,
				     sizeof(*tally));
	ad_word_ref *w = NULL;
	size_t i, k, n, cap = 0;

	for (i = 0; i < p->n; i++) {
		if (!p->c->inputs[i].doc || p->worker[i] != FROM_CACHE(p))
			continue;
		n = ad_word_refs_unpack(&w, &cap, p->words[i]);
		for (k = 0; k < n; k++)
			tally[w[k].word] += w[k].count;
	}
	free(w);
	return tally;
}

/* The stems of the docs taken from the cache join the vocabulary, and
 * their words with their counts summed, each word once; returns the remap
 * table of the cache's stems (only those that its docs use are added)
 * and, in *words, the merge ids of the cache's words. */
static uint32_t *merge_cached(ad_vocab *vocab, pool *p, uint32_t **words)
{
	uint32_t id, stem, nstems = ad_doccache_nstems(p->dc);
	uint32_t nwords = ad_doccache_nwords(p->dc);
	uint32_t *remap = ad_xmalloc(((size_t)nstems + 1) * sizeof(*remap));
	uint64_t *tally = tally_cached(p);

	*words = ad_xmalloc(((size_t)nwords + 1) * sizeof(**words));
	memset(remap, 0xff, ((size_t)nstems + 1) * sizeof(*remap));
	memset(*words, 0xff, ((size_t)nwords + 1) * sizeof(**words));
	for (id = 0; id < nwords; id++) {
		size_t len, slen;
		const char *w = ad_doccache_word(p->dc, id, &len, &stem);
		const char *s;

		if (!tally[id])
			continue;
		if (remap[stem] == AD_STRTAB_NONE) {
			s = ad_doccache_stem(p->dc, stem, &slen);
			remap[stem] = ad_vocab_intern_stem(vocab, s, slen);
		}
		(*words)[id] = remap[stem];
		ad_vocab_add_word(vocab, remap[stem], w, len, tally[id]);
	}
	free(tally);
	return remap;
}

/* Merge ids to final ids in place. */
static void to_final(uint32_t *t, uint32_t n, const uint32_t *final_of)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (t[i] != AD_STRTAB_NONE)
			t[i] = final_of[t[i]];
}

static void merge_vocab(ad_collection *c, pool *p)
{
	int k, ntabs = p->njobs + 1; /* the tokenizers', the cache's */
	remap_ctx r = {p, ad_xcalloc((size_t)ntabs, sizeof(*r.remap)), NULL};
	uint32_t *final_of;

	for (k = 0; k < p->njobs; k++)
		r.remap[k] = ad_vocab_merge(c->vocab, p->toks[k]);
	if (p->dc)
		r.remap[FROM_CACHE(p)] = merge_cached(c->vocab, p,
						      &r.cached_words);
	final_of = ad_vocab_finish(c->vocab);
	for (k = 0; k < p->njobs; k++)
		to_final(r.remap[k], ad_strtab_count(ad_tokenizer_terms(
				p->toks[k])), final_of);
	if (p->dc) {
		to_final(r.remap[FROM_CACHE(p)], ad_doccache_nstems(p->dc),
			 final_of);
		to_final(r.cached_words, ad_doccache_nwords(p->dc), final_of);
	}
	ad_docshare_remap(c->share, r.remap,
			  p->dc ? r.remap[FROM_CACHE(p)] : NULL, p->njobs);
	atomic_store(&p->next, 0);
	ad_parallel_run(p->njobs, remap_work, &r);
	ad_docshare_seal(c->share); /* every doc is in */
	if (p->opts->cache) {
		p->tables = ad_xcalloc((size_t)ntabs, sizeof(*p->tables));
		for (k = 0; k < p->njobs; k++)
			p->tables[k] = tokenizer_table(p->toks[k], r.remap[k]);
		if (p->dc)
			p->tables[FROM_CACHE(p)] =
				cache_table(p->dc, r.cached_words);
	}
	for (k = 0; k < ntabs; k++)
		free(r.remap[k]);
	free(r.remap);
	free(r.cached_words);
	free(final_of);
}

/* ---- numbering ---- */

static void number(ad_collection *c)
{
	ad_numbering *at = &c->at;
	size_t i, k;

	at->section_base = ad_arena_calloc(c->arena, c->ndocs + 1,
					   sizeof(size_t));
	at->rule_base = ad_arena_calloc(c->arena, c->ndocs + 1, sizeof(size_t));
	for (i = 0; i < c->ndocs; i++) {
		at->section_base[i] = at->nsections;
		at->rule_base[i] = at->nrules;
		at->nsections += c->docs[i]->nsections;
		at->nrules += c->docs[i]->nrules;
	}
	at->section_base[c->ndocs] = at->nsections;
	at->rule_base[c->ndocs] = at->nrules;
	at->section_doc = ad_arena_alloc(c->arena, (at->nsections + 1) *
							   sizeof(uint32_t));
	at->rule_doc = ad_arena_alloc(c->arena, (at->nrules + 1) *
							sizeof(uint32_t));
	for (i = 0; i < c->ndocs; i++) {
		for (k = at->section_base[i]; k < at->section_base[i + 1]; k++)
			at->section_doc[k] = (uint32_t)i;
		for (k = at->rule_base[i]; k < at->rule_base[i + 1]; k++)
			at->rule_doc[k] = (uint32_t)i;
	}
}

/* ---- the stage ---- */

static int make_tokenizers(pool *p, const ad_tokenizer_opts *opts,
			   ad_error *err)
{
	int k, rc;

	p->toks = ad_xcalloc((size_t)p->njobs, sizeof(*p->toks));
	p->c->doc_rooms = ad_xcalloc((size_t)p->njobs, sizeof(*p->c->doc_rooms));
	p->c->ndoc_rooms = (size_t)p->njobs;
	for (k = 0; k < p->njobs; k++) {
		p->c->doc_rooms[k] = ad_arena_new();
		if ((rc = ad_tokenizer_new(&p->toks[k], opts, err)))
			return rc;
		ad_tokenizer_journal(p->toks[k], p->opts->cache != NULL);
	}
	return 0;
}

static void pool_dispose(pool *p)
{
	size_t i;
	int k;

	for (k = 0; p->toks && k < p->njobs; k++)
		ad_tokenizer_free(p->toks[k]);
	free(p->toks);
	for (i = 0; p->err && i < p->n; i++)
		free(p->err[i]);
	free(p->err);
	free(p->worker);
	free(p->words);
	for (k = 0; p->tables && k <= p->njobs; k++)
		free(p->tables[k]);
	free(p->tables);
	free(p->stamps);
	free(p->bytes);
	pthread_mutex_destroy(&p->asking);
	for (k = 0; p->word_arenas && k < p->njobs; k++)
		ad_arena_free(p->word_arenas[k]);
	free(p->word_arenas);
}

/* ---- the cache ---- */

/* What a cached doc depends on besides its bytes and path: the build,
 * how files parse, and how words become terms. */
static void cache_settings(ad_buf *out, const ad_tokenizer_opts *t)
{
	char key[AD_HASH_HEX + 1] = "builtin";

	if (t->stopwords)
		ad_hash_content(key, t->stopwords, strlen(t->stopwords));
	ad_buf_printf(out, "agentdup %s; parse %d; language %s; stopwords %s",
		      AD_VERSION, AD_PARSE_REVISION,
		      t->language ? t->language : "english", key);
}

static void open_cache(pool *p, const char *settings)
{
	int k;

	p->words = ad_xcalloc(p->n + 1, sizeof(*p->words));
	p->stamps = ad_xcalloc(p->n + 1, sizeof(*p->stamps));
	p->word_arenas = ad_xcalloc((size_t)p->njobs, sizeof(*p->word_arenas));
	for (k = 0; k < p->njobs; k++)
		p->word_arenas[k] = ad_arena_new();
	p->dc = p->c->cache = ad_doccache_open(p->opts->cache, settings);
	p->c->cache_entries = ad_doccache_count(p->dc);
}

/* Whether to rewrite the cache: writing it costs about a third of what
 * parsing every file does, so while few docs had to be parsed (or few of
 * its entries went unused), those few are parsed again by the next scans
 * rather than the whole cache written now. */
static int worth_writing(const ad_collection *c, size_t ndocs)
{
	size_t parsed = ndocs - c->cache_hits;
	size_t stale = c->cache_entries - c->cache_hits;

	if (!c->cache)
		return 1;
	return parsed * 16 > ndocs || stale * 16 > c->cache_entries;
}

/* Rewrite the cache with the collection's docs, when worth it. */
static void write_cache(ad_collection *c, pool *p, const char *settings)
{
	ad_doccache_entry *e = ad_xcalloc(p->n + 1, sizeof(*e));
	ad_error err = AD_ERROR_INIT;
	size_t i, n = 0;

	for (i = 0; i < p->n; i++) {
		const ad_input *in = &c->inputs[i];

		if (!in->doc || uncached(p, i))
			continue;
		c->cache_hits += p->dc && p->worker[i] == FROM_CACHE(p);
		e[n].key = in->key;
		e[n].doc = in->doc;
		e[n].words = p->words[i];
		e[n].table = p->tables[p->worker[i]];
		e[n].stamp = p->stamps[i];
		n++;
	}
	if (worth_writing(c, n)) {
		if (ad_doccache_write(p->opts->cache, settings, p->since, e, n,
				      c->vocab, p->njobs, &err) == 0)
			c->cache_written = 1;
		else
			c->cache_error = ad_arena_strdup(c->arena, err.msg);
	}
	free(e);
}

/* Each file's root, copied once a root: the walk's files come root by
 * root, and their roots go with the walk. */
static void roots(ad_collection *c, const pool *p)
{
	const char *last = NULL, *copy = NULL;
	size_t i;

	for (i = 0; i < p->nfiles; i++) {
		const char *root = ad_corpus_source(p->corpus, i)->root;

		if (root != last)
			copy = ad_arena_strdup(c->arena, last = root);
		c->inputs[i].root = copy;
	}
}

/* One record per input, its path copied: the walk's go with it. */
static void make_inputs(ad_collection *c, pool *p)
{
	const ad_source *src;
	size_t i;

	c->ninputs = p->n;
	c->inputs = ad_xcalloc(p->n + 1, sizeof(*c->inputs));
	p->bytes = ad_xcalloc(p->nfiles + 1, sizeof(*p->bytes));
	for (i = 0; i < p->n; i++) {
		ad_input *in = &c->inputs[i];

		if (i >= p->nfiles) {
			in->path = in->rel = ad_arena_strdup(c->arena,
				p->opts->texts[i - p->nfiles].path);
			in->typed = p->opts->texts[i - p->nfiles].typed;
			continue;
		}
		src = ad_corpus_source(p->corpus, i);
		in->rel = ad_arena_strdup(c->arena, src->rel);
		in->path = src->shown == src->rel
				   ? in->rel
				   : ad_arena_strdup(c->arena, src->shown);
	}
	roots(c, p);
	p->err = ad_xcalloc(p->n + 1, sizeof(*p->err));
	p->worker = ad_xcalloc(p->n + 1, sizeof(*p->worker));
}

/* Read every file and text into c; fails only for bad options. */
static int load(ad_collection *c, const char *const *paths, size_t npaths,
		const ad_load_opts *opts, ad_error *err)
{
	problems pr = {c, 0};
	ad_buf settings = AD_BUF_INIT;
	ad_corpus *corpus = ad_corpus_new();
	double t0 = now();
	struct timespec wall;
	struct rusage ru;
	pool p;
	int rc;

	memset(&p, 0, sizeof(p));
	pthread_mutex_init(&p.asking, NULL);
	memset(&ru, 0, sizeof(ru));
	(void)getrusage(RUSAGE_SELF, &ru);
	clock_gettime(CLOCK_REALTIME, &wall);
	p.since = ns_of(&wall); /* before any file is read */
	walk(&pr, corpus, paths, npaths, &opts->corpus);
	c->walk_seconds = now() - t0;
	p.c = c;
	p.corpus = corpus;
	p.opts = opts;
	p.nfiles = c->nfiles = ad_corpus_count(corpus);
	p.n = p.nfiles + opts->ntexts;
	make_inputs(c, &p);
	/* threads do not pay off on a few files */
	p.njobs = ad_parallel_jobs(opts->jobs, p.n, 16);
	rc = make_tokenizers(&p, &opts->tokenizer, err);
	if (opts->cache) {
		cache_settings(&settings, &opts->tokenizer);
		open_cache(&p, settings.ptr);
	}
	if (rc == 0) {
		ad_parallel_run(p.njobs, input_work, &p);
		ad_vocab_count_taken(c->share, p.toks, p.njobs);
		merge_vocab(c, &p);
		collect(&pr, &p);
		number(c);
		if (opts->cache)
			write_cache(c, &p, settings.ptr);
	}
	/* the cache's bytes: no doc points into them any more, and the
	 * words of the docs taken from it, which do, go with the pool */
	ad_doccache_free(c->cache);
	c->cache = p.dc = NULL;
	c->cache_unread = atomic_load(&p.unread);
	pool_dispose(&p);
	ad_buf_dispose(&settings);
	if (opts->for_store)
		c->corpus = corpus; /* ad_collection_text() reads from it */
	else
		ad_corpus_free(corpus);
	c->load_seconds = now() - t0;
	usage_since(c, &ru);
	return rc;
}

int ad_collection_load(ad_collection **out, const char *const *paths,
		       size_t npaths, const ad_load_opts *opts, ad_error *err)
{
	ad_collection *c = ad_xcalloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	c->arena = ad_arena_new();
	c->vocab = ad_vocab_new();
	c->share = ad_docshare_new();
	if ((rc = load(c, paths, npaths, opts, err)) != 0) {
		ad_collection_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void ad_collection_free(ad_collection *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->ndocs; i++)
		ad_doc_free(c->docs[i]);
	for (i = 0; i < c->ndoc_rooms; i++) /* after the docs held there */
		ad_arena_free(c->doc_rooms[i]);
	free(c->doc_rooms);
	ad_doccache_free(c->cache); /* NULL unless the load failed */
	ad_docshare_free(c->share); /* after the docs that point into it */
	ad_corpus_free(c->corpus);
	free(c->inputs);
	free(c->docs);
	free(c->problems);
	free(c->paths);
	ad_vocab_free(c->vocab);
	ad_arena_free(c->arena);
	free(c);
}

const ad_section *ad_collection_section(const ad_collection *c, size_t s)
{
	uint32_t d = c->at.section_doc[s];

	return &c->docs[d]->sections[s - c->at.section_base[d]];
}

const ad_rule *ad_collection_rule(const ad_collection *c, size_t r)
{
	uint32_t d = c->at.rule_doc[r];

	return &c->docs[d]->rules[r - c->at.rule_base[d]];
}

size_t ad_collection_bytes(const ad_collection *c)
{
	size_t i, bytes = ad_docshare_bytes(c->share);

	for (i = 0; i < c->ndocs; i++)
		bytes += ad_arena_used(c->docs[i]->arena);
	return bytes;
}

void ad_collection_drop_section_terms(ad_collection *c)
{
	size_t i, k;

	for (i = 0; i < c->ndocs; i++)
		for (k = 0; k < c->docs[i]->nsections; k++)
			c->docs[i]->sections[k].terms = NULL;
	ad_docshare_drop_terms(c->share);
}

uint32_t ad_collection_nterms(const ad_collection *c)
{
	return ad_vocab_count(c->vocab);
}

int ad_collection_typed(const ad_collection *c, const ad_doc *d)
{
	size_t i;

	/* the texts come last, the only inputs with no root */
	for (i = c->ninputs; i-- > 0 && !c->inputs[i].root;)
		if (c->inputs[i].doc == d)
			return c->inputs[i].typed;
	return 0;
}

const char *ad_collection_word(const ad_collection *c, uint32_t term)
{
	return ad_vocab_surface(c->vocab, term);
}

const char *ad_collection_stem(const ad_collection *c, uint32_t term)
{
	return ad_vocab_stem(c->vocab, term);
}

int ad_collection_text(char **out, size_t *len, const ad_collection *c,
		       size_t i, ad_error *err)
{
	const ad_input *in = &c->inputs[i];
	char key[AD_HASH_HEX + 1];
	int rc;

	*out = NULL;
	*len = 0;
	if (i >= c->nfiles) { /* a text: the caller's */
		if (!in->text)
			return ad_error_setat(err, AD_ENOTFOUND, in->path, 0,
					      0, "given by its key alone");
		*out = ad_xmalloc(in->len + 1);
		memcpy(*out, in->text, in->len);
		(*out)[in->len] = '\0';
		*len = in->len;
		return 0;
	}
	if (!c->corpus)
		return ad_error_setat(err, AD_EINVAL, in->path, 0, 0,
				      "not loaded for a store");
	rc = ad_corpus_read(out, len, ad_corpus_source(c->corpus, i), err);
	if (rc == 0) {
		ad_hash_content(key, *out, *len);
		if (strcmp(key, in->key) == 0)
			return 0;
		rc = ad_error_setat(err, AD_EIO, in->path, 0, 0,
				    "changed since it was read: scan again");
	}
	free(*out);
	*out = NULL;
	*len = 0;
	return rc;
}

int ad_text_read(ad_text *out, char **owned, const char *path,
		 const ad_corpus_opts *opts, ad_error *err)
{
	ad_buf shown = AD_BUF_INIT;
	ad_source src;
	int rc;

	memset(&src, 0, sizeof(src));
	ad_escape_path(&shown, path);
	src.path = src.root = path;
	src.rel = src.shown = shown.ptr; /* what err names */
	src.max_size = opts ? opts->max_file_size : AD_MAX_FILE_SIZE;
	rc = ad_corpus_read(owned, &out->len, &src, err);
	ad_buf_dispose(&shown);
	if (rc != 0) { /* an empty file's buffer is read all the same */
		free(*owned);
		*owned = NULL;
	}
	out->path = path;
	out->text = *owned;
	out->key = NULL;
	out->typed = 0;
	return rc;
}
