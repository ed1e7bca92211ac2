/*
 * audit.h - the whole pipeline over a collection: load, parse, tokenize,
 * weigh, group rules, join, link, align sections, cluster, pick, collide.
 * The one call the CLI makes for `scan`, `compare` and `query`.
 *
 * Ownership: ad_audit_run() returns an ad_audit that owns every document,
 * vector, pair, cluster and problem in it; ad_audit_free() releases all.
 * Everything in it is deterministic: the same files give the same audit,
 * whatever the number of threads.
 */
#ifndef AGENTDUP_AUDIT_H
#define AGENTDUP_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/align.h"
#include "agentdup/cluster.h"
#include "agentdup/corpus.h"
#include "agentdup/diag.h"
#include "agentdup/doc.h"
#include "agentdup/inventory.h"
#include "agentdup/link.h"
#include "agentdup/simjoin.h"
#include "agentdup/tfidf.h"
#include "agentdup/tokenizer.h"
#include "agentdup/vocab.h"

/* Chosen by measurement on the development corpus (see README). */
#define AD_DEFAULT_THRESHOLD 0.85

/* A rule carried verbatim by more than max(MIN, agents / SHARE) agents is
 * boilerplate and left out of the agent vectors. */
#define AD_BOILERPLATE_MIN 10
#define AD_BOILERPLATE_SHARE 200

typedef void (*ad_progress_fn)(size_t done, size_t total, void *payload);

/* An agent given as text rather than as a file; text[len] must be '\0'. */
typedef struct ad_text {
	const char *path; /* as reported */
	const char *text;
	size_t len;
} ad_text;

typedef struct ad_audit_opts {
	ad_corpus_opts corpus;
	ad_tokenizer_opts tokenizer;
	double threshold; /* agent-level cosine for a near-duplicate pair */
	double section_threshold; /* cosine for two sections to align */
	double rule_threshold;    /* cosine for two wordings of one rule */
	unsigned links;           /* kinds of link to use (link.h) */
	/* Compare every section of every agent with every section of every
	 * other, from AD_ALIGN_FLOOR (align.h), not only within the pairs
	 * that may link: for two or three agents, as `compare` does. */
	int align_all;
	/* Stop once the files are read, parsed and tokenized (docs with
	 * their terms in the final vocabulary): for storing snapshots. The
	 * audit then has no vectors, pairs, clusters or inventory. */
	int load_only;
	int jobs;         /* worker threads; 0: one per CPU, at most 8 */
	/* Called from one thread at a time, roughly every 1% of the files. */
	ad_progress_fn progress;
	void *progress_payload;
	/* Agents given as text, analysed after the files (so their docs
	 * come last, in this order); the caller keeps them valid during
	 * ad_audit_run(). */
	const ad_text *texts;
	size_t ntexts;
} ad_audit_opts;

#define AD_AUDIT_OPTS_INIT                                                   \
	{AD_CORPUS_OPTS_INIT, AD_TOKENIZER_OPTS_INIT, AD_DEFAULT_THRESHOLD,     \
	 AD_DEFAULT_SECTION_THRESHOLD, AD_DEFAULT_RULE_THRESHOLD, AD_LINK_ALL, \
	 0, 0, 0, NULL,                                                     \
	 NULL, NULL, 0}

/* A file skipped, a path that could not be walked, or a warning about a
 * file that was analysed. */
typedef struct ad_problem {
	ad_severity severity;
	const char *path;
	int line;
	const char *msg;
} ad_problem;

typedef struct ad_audit_timing {
	double walk;       /* find the files (wall seconds) */
	double load_parse; /* walk, read, parse, tokenize */
	double vectors;
	double join;     /* agents */
	double sections; /* section join and alignment */
	double rules;    /* rule join and groups */
	double cluster;
	double plan;     /* canonical picks, merge lists, collisions */
} ad_audit_timing;

typedef struct ad_audit {
	ad_doc **docs; /* analysed agents, in walk order */
	size_t ndocs;
	ad_svec *agent_vecs;  /* per doc */
	ad_svec *section_vecs; /* per section of every doc, doc by doc */
	size_t *section_base;  /* index of each doc's first section vector */
	ad_svec *rule_vecs;    /* per rule of every doc, doc by doc */
	size_t *rule_base;
	size_t nsections, nrules;
	uint32_t *section_doc; /* per section: its agent */
	uint32_t *rule_doc;    /* per rule: its agent */
	uint32_t *rule_form;   /* per rule: its wording (equal term sequence) */
	size_t nforms;
	uint32_t *rule_spread; /* per rule: agents carrying it verbatim */
	uint32_t *title_form;  /* per section: its heading's form */
	uint32_t *title_spread; /* per section: agents with that heading */
	ad_alignments alignments;
	ad_inventory inventory;
	struct ad_collision *collisions; /* collide.h */
	size_t ncollisions;
	/* Linked agent pairs (link.h): pairs[i] and links[i] are the same
	 * pair, by (a, b). */
	ad_pair *pairs;
	struct ad_link *links;
	size_t npairs, nlinks; /* equal once the audit is done */
	size_t ncandidates;    /* pairs that might have been links */
	ad_clustering clustering;
	ad_problem *problems; /* in walk order */
	size_t nproblems;
	size_t nfiles;    /* files found: analysed + skipped */
	size_t nskipped;  /* files that could not be analysed */
	size_t nwarnings; /* warnings about analysed files */
	double threshold, section_threshold, rule_threshold;
	unsigned link_kinds;
	int align_all;
	ad_vocab *vocab;
	ad_simjoin_stats join_stats;
	ad_audit_timing timing;
	ad_arena *arena;
} ad_audit;

/* Fails only on unusable options (AD_EINVAL: unknown language, bad
 * threshold). Unreadable paths and bad files are problems in the audit. */
int ad_audit_run(ad_audit **out, const char *const *paths, size_t npaths,
		 const ad_audit_opts *opts, ad_error *err);
void ad_audit_free(ad_audit *audit); /* NULL is a no-op */

/* The link between agents x and y (either order), or NULL when they are
 * not linked. */
const ad_link *ad_audit_link(const ad_audit *audit, uint32_t x,
			     uint32_t y);

#endif
