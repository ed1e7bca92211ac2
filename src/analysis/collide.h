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
 * Ownership: ad_collide() fills a caller-owned ad_collisions (results.h)
 * whose list is malloc'd; ad_collisions_dispose() frees it. A
 * collision's detail is written on demand (ad_collide_detail()).
 */
#ifndef AGENTDUP_COLLIDE_H
#define AGENTDUP_COLLIDE_H

#include "agentdup/collection.h"
#include "agentdup/error.h"
#include "agentdup/results.h"
#include "index/tfidf.h"

#define AD_COLLIDE_BODY 0.95
#define AD_COLLIDE_DESC 0.9

typedef struct ad_collide_input {
	const ad_collection *c;    /* names, tools, models, descriptions */
	ad_cvecs agents; /* per doc, packed */
	const ad_svec *desc_vecs;  /* per doc: its description */
	const ad_links *links;     /* variants do not collide */
	int jobs;
} ad_collide_input;

/* Fails only like the join over descriptions does (simjoin.h). */
int ad_collide(ad_collisions *out, const ad_collide_input *in,
	       ad_error *err);

/* What differs between the agents of x, one line, into buf (cap bytes,
 * AD_COLLISION_DETAIL_MAX: room for any; cut short to fit); returns
 * buf. */
const char *ad_collide_detail(char *buf, size_t cap, const ad_collection *c,
			      const ad_collision *x);
void ad_collisions_dispose(ad_collisions *c);

#endif
