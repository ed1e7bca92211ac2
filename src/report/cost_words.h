/*
 * cost_words.h - token costs in words, for the report writers: the same
 * sentences in the terminal, in Markdown and in HTML.
 *
 * Numbers are grouped by thousands ("12,345"); the sentences hold only
 * numbers and fixed words, so they need no escaping in any format.
 * Writers append to a caller-owned ad_buf.
 */
#ifndef AGENTDUP_REPORT_COST_WORDS_H
#define AGENTDUP_REPORT_COST_WORDS_H

#include <stdint.h>

#include "agentdup/audit.h"
#include "agentdup/buf.h"

/* What keeping one member of a group saves, c counting the others:
 * "2 other members load 1,234 tokens in every conversation, and their
 * bodies 5,678 when invoked; keeping one saves them". */
void ad_cost_words_group(ad_buf *out, const ad_cost *c);

/* What keeping the kept member of a role group saves, as
 * ad_cost_words_group() says it, then, when some of the others are
 * variants a cluster removes anyway, what the role group saves beyond:
 * "; beyond what its clusters save, 2 agents: 201 tokens from every
 * conversation and 1,622 of bodies". */
void ad_cost_words_role(ad_buf *out, const ad_role_cost *c);

/* The collection's tokens and what keeping only the canonical of each
 * cluster saves: "30 agents load 1,234 tokens in every conversation, and
 * their bodies 45,678 when invoked; keeping one agent per cluster removes
 * 6 agents: 456 tokens from every conversation and 12,345 of bodies" (the
 * part only when there is a cluster); then, when there are role groups,
 * what keeping one agent per role group as well removes, each agent
 * counted once: "; one per role group as well removes 9 agents in all,
 * none counted twice: 678 tokens from every conversation and 23,456 of
 * bodies". */
void ad_cost_words_total(ad_buf *out, const ad_costs *c);

#endif
