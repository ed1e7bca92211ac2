/*
 * baseline_internal.h - what baseline.c (the format: the audit's records,
 * writing, loading) shares with baseline_diff.c (comparing an audit with
 * a baseline): the loaded baseline and an audit's rule occurrences.
 *
 * Ownership: an ad_baseline owns its tables (ad_baseline_free()); arrays
 * from ad_baseline_occurrences() and ad_baseline_doc_keys() are malloc'd
 * for the caller to free(), their strings borrowed from the audit.
 */
#ifndef AGENTDUP_TRACK_BASELINE_INTERNAL_H
#define AGENTDUP_TRACK_BASELINE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/baseline.h"
#include "agentdup/hash.h"
#include "base/strtab.h"

#define AD_BASELINE_BY_PATH 2 /* the last format naming agents by path */

/* A wording's key: a SHA-256 digest, or in a format 1 baseline the old
 * 64-bit key, big-endian in the first 8 bytes and zeros after, so that
 * the byte order of keys is the order of their hex either way. */
typedef struct ad_wkey {
	unsigned char b[AD_HASH_BYTES];
} ad_wkey;

typedef struct ad_bl_rule {
	ad_wkey wording;
	uint32_t agent; /* id in ad_baseline.agents */
} ad_bl_rule;

typedef struct ad_bl_link {
	uint32_t a, b; /* agent ids, a <= b */
} ad_bl_link;

typedef struct ad_bl_file {
	uint32_t agent, path; /* ids in ad_baseline.agents and .paths */
} ad_bl_file;

/* Sorted and unique once loaded: rules by (wording, agent), links by
 * (a, b), files by (agent, path). */
struct ad_baseline {
	int version;
	/* an agent's name: its content key (format 3: 64 lower-case hex
	 * digits), or its path (formats 1 and 2) */
	ad_strtab *agents;
	ad_strtab *paths;
	ad_bl_rule *rules;
	size_t nrules, caprules;
	ad_bl_link *links;
	size_t nlinks, caplinks;
	ad_bl_file *files;
	size_t nfiles, capfiles;
	size_t *first_file;   /* per agent, plus one: its first file record */
	uint32_t *path_agent; /* per path: the agent of its first record */
};

/* One rule occurrence of an audit. */
typedef struct ad_bl_occ {
	ad_wkey wording;
	uint32_t doc;
	uint32_t rule; /* collection-wide index */
} ad_bl_occ;

int ad_baseline_wkey_cmp(const ad_wkey *x, const ad_wkey *y);

/* The audit's occurrences of shared rules, sorted by (wording, doc), one
 * per (wording, doc): its first rule, wordings keyed as the given format
 * keys them. */
ad_bl_occ *ad_baseline_occurrences(const ad_audit *a, int version,
				   size_t *n);

/* Per doc of a: its content key (ad_input.key), or NULL when its input
 * was not keyed. */
const char **ad_baseline_doc_keys(const ad_audit *a);

#endif
