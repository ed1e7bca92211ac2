/*
 * plan.h - for every cluster of an audit: why its members belong together,
 * which one to keep and why (canon.h), and what each other member has
 * that the kept one lacks.
 *
 * Ownership: the strings and merge lists are allocated in the audit's
 * arena and released with it.
 */
#ifndef AGENTDUP_PLAN_H
#define AGENTDUP_PLAN_H

#include "agentdup/audit.h"

/* Needs the links, the clusters, the section alignments and the rule
 * inventory of the audit. */
void ad_plan_clusters(ad_audit *audit);

#endif
