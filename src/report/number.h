/*
 * number.h - counts as the reports for people show them: grouped by
 * thousands ("12,345"), so that a large collection's figures read at a
 * glance, in the terminal and in Markdown alike. Formats for programs
 * (JSON, CSV) keep plain digits, and so does a figure a user may type
 * back as an option's value ("--top 30380").
 */
#ifndef AGENTDUP_REPORT_NUMBER_H
#define AGENTDUP_REPORT_NUMBER_H

#include <stdint.h>

#include "agentdup/buf.h"

/* "18,446,744,073,709,551,615" and its NUL */
#define AD_NUMBER_SIZE 27

/* n grouped by thousands into out; returns out. */
const char *ad_number(char out[AD_NUMBER_SIZE], uint64_t n);

/* ad_number() in a buffer of its own, for a "%s" of printf: each use
 * gets one, which lives until the end of the block it is written in. */
#define AD_NUM(n) ad_number((char[AD_NUMBER_SIZE]){0}, (uint64_t)(n))

/* n grouped by thousands, appended to out. */
void ad_number_put(ad_buf *out, uint64_t n);

#endif
