/*
 * collection.h - a collection of agents, read: every agent file found under
 * the paths given, and agents given as text, parsed (doc.h) and tokenized
 * into one vocabulary. The first stage of an audit (audit.h).
 *
 * Sections and rules are numbered across the whole collection, doc by doc
 * (ad_numbering): the results of later stages name a section or a rule by
 * that number, and ad_collection_section() and ad_collection_rule() give
 * it back.
 *
 * Ownership: ad_collection_load() returns a collection that owns every doc,
 * input record, problem and term in it, and the bytes of the files it
 * keeps; ad_collection_free() releases them all. The texts given stay the
 * caller's. The collection is the same whatever the number of threads.
 */
#ifndef AGENTDUP_COLLECTION_H
#define AGENTDUP_COLLECTION_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/diag.h"
#include "agentdup/doc.h"
#include "agentdup/error.h"
#include "agentdup/hash.h"
#include "agentdup/options.h"

/* An agent given as text rather than as a file; text[len] must be '\0'.
 * key may give its content key (hash.h), when the caller has it; with a
 * key, text may be NULL (len still its size): a content that a store
 * holds already, recorded and never parsed. */
typedef struct ad_text {
	const char *path; /* as reported */
	const char *text;
	size_t len;
	const char *key;
	/* given as it is (a request or a draft typed in), not read from a
	 * file: path only names it in prose; JSON writes null */
	int typed;
	/* asked about rather than part of the collection (a query, a
	 * request): never taken from a cache nor kept in one */
	int uncached;
} ad_text;

/* Whether a store holds the content with this key already (snapshot.h);
 * called from the load's threads, one call at a time, once an input. */
typedef int (*ad_known_fn)(const char *key, void *payload);

typedef struct ad_load_opts {
	ad_corpus_opts corpus;       /* which files of a folder are agents */
	ad_tokenizer_opts tokenizer; /* how words become terms */
	int jobs; /* worker threads; 0: one per CPU, at most 8 */
	/* Called roughly every 1% of the files. */
	ad_progress_fn progress;
	void *progress_payload;
	/* Agents given as text, read after the files (so their docs come
	 * last, in this order); the caller keeps them valid during the
	 * call. */
	const ad_text *texts;
	size_t ntexts;
	/* Load for a store, which records each input by its content key,
	 * each section by its key (ad_doc_key_sections()) and each new
	 * content's bytes: every input is keyed, its sections too, and a
	 * file's bytes, freed once it is parsed as always, can be read again
	 * (ad_collection_text()). */
	int for_store;
	/* With for_store, may be NULL: inputs whose content is known are
	 * read and keyed but not parsed, so a snapshot of an unchanged
	 * collection costs little more than reading it. */
	ad_known_fn known;
	void *known_payload;
	/* May be NULL: a cache file of docs parsed and tokenized (README,
	 * "Incremental scans"). Docs it holds for a file's content and path
	 * are taken from it, not parsed (a file whose status is the one it
	 * noted, not even read; with for_store, only docs kept with their
	 * sections' keys); then it is rewritten with this
	 * collection's docs when more than one doc in 16 was parsed, or
	 * more than one of its entries in 16 went unused. A missing, damaged or
	 * foreign cache is ignored: the load is then a cold one. */
	const char *cache;
	/* Key every input by its content (ad_input.key) even without
	 * for_store or a cache: a baseline names agents by it. */
	int keys;
	/* May be NULL; else, per text, the malloc'd bytes texts[i].text
	 * points to, which the load frees once the text is parsed, setting
	 * texts_owned[i] to NULL: a load of texts then holds one at a time
	 * per thread, not all of them to its end. */
	char **texts_owned;
} ad_load_opts;

#define AD_LOAD_OPTS_INIT                                                    \
	{AD_CORPUS_OPTS_INIT, AD_TOKENIZER_OPTS_INIT, 0, NULL, NULL, NULL, 0, \
	 0, NULL, NULL, NULL, 0, NULL}

/* A file skipped, a path that could not be walked, or a warning about a
 * file that was read. */
typedef struct ad_problem {
	ad_severity severity;
	const char *path;
	int line;
	const char *msg;
} ad_problem;

/* What the walk found under one PATH given: agent files (a file named:
 * 1), and regular files it passed over for their names alone (not *.md
 * or *.mdc, no --include glob matching; not excluded, not README and
 * the like), with the most common extension of those, "" when none has
 * one: what an --include glob could take. */
typedef struct ad_path_tally {
	const char *path; /* as given */
	size_t found;
	size_t passed;
	const char *ext;
	size_t ext_count;
} ad_path_tally;

/* One input: a file found by the walk, or a text given. */
typedef struct ad_input {
	/* As reported (README, "Paths"): rel when one PATH was given, else
	 * root normalised joined to rel, so that files of one name under
	 * two PATHs differ; a text's path as given. */
	const char *path;
	/* The PATH given that the walk found it under, as typed; NULL for a
	 * text. */
	const char *root;
	/* The path relative to root (root itself for a file named
	 * directly); a text's path. Escaped as path is. */
	const char *rel;
	ad_doc *doc;      /* its analysis; NULL when skipped or known */
	int skipped;      /* could not be read or parsed: a problem says why */
	int known;        /* its content is known (ad_load_opts.known) */
	int typed;        /* a text given as it is: no file (ad_text.typed) */
	size_t len;       /* its size in bytes */
	/* With for_store, keys or a cache: its content key. */
	char key[AD_HASH_HEX + 1];
	/* A text's bytes, the caller's; NULL for a text given by its key
	 * alone, and for a file (its bytes are not held: see
	 * ad_collection_text()). */
	const char *text;
} ad_input;

/* Sections and rules numbered across the collection, doc by doc. */
typedef struct ad_numbering {
	size_t nsections, nrules;
	size_t *section_base;  /* per doc, plus one: its first section */
	size_t *rule_base;     /* per doc, plus one: its first rule */
	uint32_t *section_doc; /* per section: its doc */
	uint32_t *rule_doc;    /* per rule: its doc */
} ad_numbering;

typedef struct ad_collection {
	ad_doc **docs; /* the agents read, in walk order, then the texts */
	size_t ndocs;
	ad_input *inputs; /* the files in walk order, then the texts */
	size_t ninputs;
	ad_problem *problems; /* in walk order */
	size_t nproblems;
	size_t nfiles;    /* files found by the walk: read or skipped */
	size_t nskipped;  /* files and paths that could not be read */
	size_t nwarnings; /* warnings about files that were read */
	ad_numbering at;
	double walk_seconds; /* finding the files (wall time) */
	double load_seconds; /* finding, reading, parsing, tokenizing */
	/* What the load cost the process, all threads: CPU seconds in user
	 * and system mode, blocks read from the disk (not the page cache),
	 * and waits (a thread gave up the CPU, as it does to wait on the
	 * disk). Wall time on a shared machine says how busy it was; these
	 * say how much work the load did. Zero where unknown. */
	double load_user_seconds, load_system_seconds;
	long load_disk_blocks, load_waits;
	/* With a cache: docs taken from it, docs it held, and whether it
	 * was rewritten; cache_error says why it could not be (else NULL). */
	size_t cache_hits, cache_entries;
	/* of the hits, files not read again: their status was the one the
	 * cache noted when it read them (README, "Incremental scans") */
	size_t cache_unread;
	int cache_written;
	const char *cache_error;
	ad_path_tally *paths; /* per PATH given, in order */
	size_t npaths;
	/* With for_store: the files found, for ad_collection_text() */
	struct ad_corpus *corpus;
	struct ad_vocab *vocab; /* read through ad_collection_word() */
	struct ad_doccache *cache; /* the docs taken from it borrow it */
	/* what the docs parsed share (doc.h, "Ownership") */
	struct ad_docshare *share;
	struct ad_arena *arena;
	/* where the docs are held, one arena per thread of the load: the
	 * docs it packed side by side (ad_doc_pack()) */
	struct ad_arena **doc_rooms;
	size_t ndoc_rooms;
} ad_collection;

/* Fails only on unusable options (AD_EINVAL: an unknown language).
 * Unreadable paths and bad files are problems in the collection. */
int ad_collection_load(ad_collection **out, const char *const *paths,
		       size_t npaths, const ad_load_opts *opts, ad_error *err);
void ad_collection_free(ad_collection *c); /* NULL is a no-op */

/* Input i's bytes, for a store (*out NUL-terminated, the caller's to
 * free, *len bytes): a text's copied, a file's read again, which needs
 * for_store. Fails as a read fails (AD_EIO, AD_EEMPTY, ...), with AD_EIO
 * when the file no longer holds the bytes it was loaded with, AD_EINVAL
 * for a file of a collection not loaded for a store, AD_ENOTFOUND for a
 * text given by its key alone; err names the input. */
int ad_collection_text(char **out, size_t *len, const ad_collection *c,
		       size_t i, ad_error *err);

/* Section s and rule r, by their collection-wide numbers. */
const ad_section *ad_collection_section(const ad_collection *c, size_t s);
const ad_rule *ad_collection_rule(const ad_collection *c, size_t r);

/* The bytes the docs hold, those they share counted once (for
 * statistics). */
size_t ad_collection_bytes(const ad_collection *c);

/* Free the sections' term arrays, which their vectors have made use of:
 * each section's terms become NULL (nterms and ntitle_terms still count
 * them). What held them shared goes back to the system; a doc taken from
 * a cache keeps its own until freed. */
void ad_collection_drop_section_terms(ad_collection *c);

/* Whether doc d is a text given as it is (ad_text.typed): it has no
 * path, only a name for prose. */
int ad_collection_typed(const ad_collection *c, const ad_doc *d);

/* Terms: how many, the word a person reads for one (the most frequent
 * form of its stem), and its stem. */
uint32_t ad_collection_nterms(const ad_collection *c);
const char *ad_collection_word(const ad_collection *c, uint32_t term);
const char *ad_collection_stem(const ad_collection *c, uint32_t term);

/* Read the file at path as the walk reads an agent file, into a text
 * whose bytes *owned holds (free() them): empty and binary files are
 * refused (AD_EEMPTY, AD_EBINARY), as is a file that cannot be read, is
 * not a regular file or is over opts->max_file_size (AD_EIO); opts NULL:
 * the default bound. err names the file. */
int ad_text_read(ad_text *out, char **owned, const char *path,
		 const ad_corpus_opts *opts, ad_error *err);

#endif
