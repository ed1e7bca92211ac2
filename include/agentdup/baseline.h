/*
 * baseline.h - the duplication a collection has now, recorded so that CI
 * can fail on *new* duplication only, and learn what was fixed.
 *
 * A baseline names agents by their content, never by path or line: the
 * content key of the file (ad_input.key, SHA-256 of its bytes), so that
 * renaming or moving a file changes nothing, whatever form the report
 * gives paths. It holds three kinds of record:
 *   - files: for every agent that another record names, its content key
 *     and the path it had, one record per path (two files with one
 *     content are two records). The path is for display, and to follow a
 *     file edited in place (below).
 *   - links: for every linked pair (link.h), the content keys of its two
 *     agents, the smaller first.
 *   - rule occurrences: for every rule whose group (inventory.h) is carried
 *     by two agents or more, the pair (wording, agent's content key). The
 *     wording is SHA-256 (hash.h) of the rule's stems joined by single
 *     spaces. Stems, not term ids: vocabulary ids are assigned in byte
 *     order of the collection's stems (vocab.h), so one new word anywhere
 *     would renumber every rule after it. A wording is thus equal up to
 *     case, punctuation, stopwords and stemming, as inventory forms are; a
 *     baseline is only comparable with audits made with the same language
 *     and stopwords. Rules without terms carry no content and are left
 *     out.
 *
 * Comparing an audit with a baseline (ad_baseline_diff()) first gives
 * every agent of the audit the baseline agent it is: the one with its
 * content key; else, when the baseline does not know its content but
 * recorded a file at its path (a file edited in place), the agent of that
 * file; else none. One agent more with a known content than the baseline has
 * paths for it is a *copy* (the files whose path the baseline lacks go
 * last). Then:
 *   - new: a link or rule occurrence whose agents have no baseline agent,
 *     or whose record the baseline lacks; a copy's link to the agent it
 *     copies (one finding per copied file). A new rule occurrence is
 *     detail under a new link of its agent to one carrying the same
 *     wording, when there is one.
 *   - fixed: a record of the baseline that no longer occurs (a file
 *     deleted or edited, or the other agent changed).
 *   - stale: a record that still occurs, but only through agents found
 *     by their path (whose content changed): it names content that is
 *     not what the collection has. Write the baseline again to renew it.
 *
 * The format is text, one record a line, sorted in byte order and unique,
 * so a baseline diffs and merges well under version control:
 *
 *     agentdup-baseline 3
 *     file\t<content key>\tagents/a.md
 *     link\t<content key>\t<content key>
 *     rule\t<wording>\t<content key>
 *
 * (keys and wordings: 64 lower-case hex digits; \t stands for a tab). In
 * paths, a backslash, tab, newline and carriage return are written `\\`,
 * `\t`, `\n` and `\r`. Empty lines are ignored, and a carriage return
 * ending a line is dropped (a checkout that turned line ends into CRLF
 * still loads); records may come in any order.
 *
 * Formats 1 and 2, read but no longer written, named agents by path
 * ("rule\t<wording>\t<path>", "link\t<path>\t<path>"), and format 1
 * wordings by a 64-bit hash in 16 hex digits, which a crafted file could
 * make collide. Against them agents are found by path alone, and nothing
 * is stale.
 *
 * The audit must have keyed its inputs (ad_load_opts.keys, for_store or
 * a cache); an agent without a key has no content to be found by.
 *
 * Ownership: ad_baseline_load() returns an ad_baseline that owns copies of
 * everything it read; ad_baseline_free() releases it. A diff owns its
 * arrays (ad_baseline_diff_dispose()); the strings in them are borrowed
 * from the audit and the baseline, valid as long as both are.
 */
#ifndef AGENTDUP_BASELINE_H
#define AGENTDUP_BASELINE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/audit.h"
#include "agentdup/buf.h"
#include "agentdup/error.h"

#define AD_BASELINE_VERSION 3 /* the format written; 1 and 2 are read */

typedef struct ad_baseline ad_baseline;

typedef enum ad_finding_kind {
	AD_FINDING_LINK = 0, /* two agents linked that were not */
	AD_FINDING_RULE = 1  /* a shared wording in an agent that lacked it */
} ad_finding_kind;

typedef struct ad_finding {
	ad_finding_kind kind;
	/* rule: the agent; link: the copy, else the smaller path in byte
	 * order */
	const char *path;
	/* rule: the wording's first line in the agent, and its text;
	 * link: 0 and NULL */
	int line;
	const char *text;
	unsigned char wording[32]; /* rule: the wording's key (its digest) */
	/* rule: agents carrying this wording in the baseline; 0 is a rule
	 * newly shared, more is a known rule copied into another agent */
	uint32_t known;
	uint32_t nagents;  /* rule: agents sharing the rule now (its group) */
	int boilerplate;   /* rule: its group is house style (inventory.h) */
	const char *other; /* link: the other path (a copy: its original) */
	unsigned links;    /* link: AD_LINK_* bits */
	double score;      /* link: agent cosine */
	int copy;          /* link: path is a copy of other, byte for byte */
	/* link: the rule findings after it that are its detail; rule: 1
	 * when it is the detail of the link before it */
	size_t ndetail;
	int detail;
} ad_finding;

/* A record of the baseline that is fixed or stale. */
typedef struct ad_baseline_entry {
	ad_finding_kind kind;
	/* a path the baseline recorded for the agent (for a stale record,
	 * the agent whose content changed), or its content key when it
	 * recorded none */
	const char *path;
	const char *other;         /* link: the other agent, likewise */
	unsigned char wording[32]; /* rule: the wording's key */
} ad_baseline_entry;

typedef struct ad_baseline_diff {
	/* what the audit has that the baseline lacks: top-level findings
	 * sorted by path, then line, links first, then by other path or
	 * wording; each link followed by its detail, by path and line */
	ad_finding *found;
	size_t nfound;   /* entries of found, detail included */
	size_t nnew;     /* top-level findings: the count to gate on */
	/* records of the baseline, by kind (links first), then path, other
	 * path and wording */
	ad_baseline_entry *fixed;
	size_t nfixed;
	ad_baseline_entry *stale;
	size_t nstale;
} ad_baseline_diff;

/* Append the baseline of audit a to out: the version line, then every
 * record, sorted and unique, each line ending in '\n'. */
int ad_baseline_write(ad_buf *out, const ad_audit *a);

/* Read a baseline from text[0..len) (need not be NUL-terminated). Fails
 * with AD_EPARSE, err->line set and the message naming the line, when a
 * line is not a record, an escape is unknown or the version is not one
 * this library reads. */
int ad_baseline_load(ad_baseline **out, const char *text, size_t len,
		     ad_error *err);
void ad_baseline_free(ad_baseline *b); /* NULL is a no-op */

/* The format b was read in: AD_BASELINE_VERSION, or 1 or 2 (a baseline
 * to write again: it names agents by path, and format 1's wording keys
 * can be made to collide). */
int ad_baseline_version(const ad_baseline *b);

/* Records in b: rule occurrences, links and agents (distinct content
 * keys; in formats 1 and 2, distinct paths), for statistics and tests. */
size_t ad_baseline_nrules(const ad_baseline *b);
size_t ad_baseline_nlinks(const ad_baseline *b);
size_t ad_baseline_nagents(const ad_baseline *b);

/* Compare audit a with baseline b (see above) into *out, which the
 * caller disposes of with ad_baseline_diff_dispose(). Cannot fail;
 * returns 0. */
int ad_baseline_diff_run(ad_baseline_diff *out, const ad_baseline *b,
			 const ad_audit *a);
void ad_baseline_diff_dispose(ad_baseline_diff *d);

#endif
