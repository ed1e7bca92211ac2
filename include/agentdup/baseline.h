/*
 * baseline.h - the duplication a collection has now, recorded so that CI
 * can fail on *new* duplication only.
 *
 * A baseline is keyed by content, never by line numbers, so moving text
 * inside a file changes nothing. It holds two kinds of record:
 *   - rule occurrences: for every rule whose group (inventory.h) is carried
 *     by two agents or more, the pair (wording, agent path). The wording is
 *     SHA-256 (hash.h) of the rule's stems joined by single spaces, as 64
 *     lower-case hex digits. Stems, not term ids: vocabulary ids are
 *     assigned in byte order of the collection's stems (vocab.h), so one
 *     new word anywhere would renumber every rule after it. A wording is
 *     thus equal up to case, punctuation, stopwords and stemming, as
 *     inventory forms are; a baseline is only comparable with audits made
 *     with the same language and stopwords. Occurrences are counted per
 *     agent: the same wording copied into another agent is a new
 *     occurrence. Rules without terms carry no content and are left out.
 *   - links: for every linked pair (link.h), its two agent paths, the
 *     smaller in byte order first.
 *
 * The format is text, one record a line, sorted in byte order and unique,
 * so a baseline diffs and merges well under version control:
 *
 *     agentdup-baseline 2
 *     link\tagents/a.md\tagents/b.md
 *     rule\t3f0c9a1b…(64 hex digits)\tagents/a.md
 *     rule\t3f0c9a1b…(64 hex digits)\tagents/b.md
 *
 * Format 1, read but no longer written, named wordings by a 64-bit hash
 * in 16 hex digits, which a crafted file could make collide.
 *
 * (\t stands for a tab). In paths, a backslash, tab, newline and carriage
 * return are written `\\`, `\t`, `\n` and `\r`. Empty lines are ignored,
 * and a carriage return ending a line is dropped (a checkout that turned
 * line ends into CRLF still loads); records may come in any order.
 *
 * Ownership: ad_baseline_load() returns an ad_baseline that owns copies of
 * everything it read; ad_baseline_free() releases it. Findings from
 * ad_baseline_new() are one malloc'd array (free() it); the strings in
 * them are borrowed from the audit and valid as long as it is.
 */
#ifndef AGENTDUP_BASELINE_H
#define AGENTDUP_BASELINE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/audit.h"
#include "agentdup/buf.h"
#include "agentdup/error.h"

#define AD_BASELINE_VERSION 2 /* the format written; 1 is still read */

typedef struct ad_baseline ad_baseline;

typedef enum ad_finding_kind {
	AD_FINDING_LINK = 0, /* two agents linked that were not */
	AD_FINDING_RULE = 1  /* a shared wording in an agent that lacked it */
} ad_finding_kind;

typedef struct ad_finding {
	ad_finding_kind kind;
	/* rule: the agent; link: the smaller path in byte order */
	const char *path;
	/* rule: the wording's first line in the agent, and its text;
	 * link: 0 and NULL */
	int line;
	const char *text;
	unsigned char wording[32]; /* rule: the wording's key (its digest) */
	/* rule: agents carrying this wording in the baseline; 0 is a rule
	 * newly shared, more is a known rule copied into another agent */
	uint32_t known;
	uint32_t nagents;  /* rule: agents carrying the wording now */
	int boilerplate;   /* rule: its group is house style (inventory.h) */
	const char *other; /* link: the other path; rule: NULL */
	unsigned links;    /* link: AD_LINK_* bits */
	double score;      /* link: agent cosine */
} ad_finding;

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

/* The format b was read in: AD_BASELINE_VERSION, or 1 (a baseline to
 * write again: its wording keys can be made to collide). */
int ad_baseline_version(const ad_baseline *b);

/* Records in b: rule occurrences and links (for statistics and tests). */
size_t ad_baseline_nrules(const ad_baseline *b);
size_t ad_baseline_nlinks(const ad_baseline *b);

/* What audit a has that baseline b does not: rule occurrences and links,
 * sorted by path, then line, links first, then by other path or wording.
 * *out is a malloc'd array of *n findings (NULL when none) that the caller
 * frees with free(). Cannot fail; returns 0. */
int ad_baseline_new(ad_finding **out, size_t *n, const ad_baseline *b,
		    const ad_audit *a);

#endif
