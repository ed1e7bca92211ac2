/*
 * collide.h - names and triggers that clash, and risky forks.
 *
 *   name:        the same `name:` on agents that are not variants of
 *                one another (not linked, link.h): a runtime that loads
 *                both gets one of them;
 *   body:        near-identical bodies (cosine at least
 *                AD_COLLIDE_BODY) under different names;
 *   fork:        near-identical bodies with different `tools:` (as a
 *                set: order does not count) or `model:`: one copy may
 *                have been given more power;
 *   description: near-identical descriptions (cosine at least
 *                AD_COLLIDE_DESC) on agents that are not variants of one
 *                another: the same request would trigger both.
 *
 * Ownership: ad_collide() fills audit->collisions (malloc'd, freed by
 * ad_audit_free()); details live in the audit's arena.
 */
#ifndef AGENTDUP_COLLIDE_H
#define AGENTDUP_COLLIDE_H

#include <stdint.h>

#include "agentdup/error.h"

#define AD_COLLIDE_BODY 0.95
#define AD_COLLIDE_DESC 0.9

typedef enum ad_collision_kind {
	AD_COLLIDE_NAME = 0,
	AD_COLLIDE_SAME_BODY = 1,
	AD_COLLIDE_FORK = 2,
	AD_COLLIDE_DESCRIPTION = 3
} ad_collision_kind;

typedef struct ad_collision {
	ad_collision_kind kind;
	uint32_t a, b;      /* agents, a < b */
	double score;       /* body cosine (description cosine for those) */
	const char *detail; /* what differs, one line */
} ad_collision;

const char *ad_collision_kind_name(ad_collision_kind kind);

struct ad_audit;
/* Needs the audit's vectors and links; fails only like the join does. */
int ad_collide(struct ad_audit *audit, int jobs, ad_error *err);

#endif
