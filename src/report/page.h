/*
 * page.h - what the scan page and the drift page share: a shell of views
 * that one script draws from data carried in the page, and the table of
 * texts that data names by number.
 *
 * A page is written whole into an ad_buf: the caller writes its body
 * (ad_page_open(), its sections, ad_page_blob() for each piece of data,
 * ad_page_close()) into one buffer, then ad_page_write() puts the head,
 * that body and the script into the output. The nonce the head allows is
 * the hash of the body, so the same findings give the same bytes.
 *
 * Ownership: an ad_page describes static files and strings and owns
 * nothing. An ad_page_texts owns its table and buffer until
 * ad_page_texts_dispose(); the strings it hands out live until then, or
 * until its next call where said.
 */
#ifndef AD_REPORT_PAGE_H
#define AD_REPORT_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/buf.h"
#include "base/embed.h"
#include "base/json.h"
#include "base/strtab.h"

typedef struct ad_page {
	const char *title; /* of the <title> */
	const char *brand; /* the nav's first word */
	const char *const (*tabs)[2]; /* the nav: view id, tab label */
	size_t ntabs;
	const ad_embedded *styles; /* joined into the one <style> */
	size_t nstyles;
	const ad_embedded *scripts; /* joined into the one script */
	size_t nscripts;
} ad_page;

/* <body>, the skip link, the nav, <main id="main">. */
void ad_page_open(ad_buf *b, const ad_page *p);
/* An empty view the script draws. */
void ad_page_section(ad_buf *b, const char *view);
/* </main> and the footer. */
void ad_page_close(ad_buf *b);
/* JSON, compressed (on up to jobs threads, 0: one per CPU; the bytes
 * are the same whatever jobs) and base64-encoded, in a <script> the
 * browser does not run; attrs (an id or a class, made of fixed names and
 * numbers) name it. */
void ad_page_blob(ad_buf *b, const char *attrs, const ad_buf *json,
		  int jobs);
/* The whole page: head, body, the script, the end. */
void ad_page_write(ad_buf *out, const ad_page *p, const ad_buf *body);

/* Texts made safe to show on one line, cut, and numbered once each. */
typedef struct ad_page_texts {
	ad_strtab *table;
	ad_buf line;
	/* ad_page_text_kept(): the number of each (address, max) met, in
	 * open addressing (ncap a power of two, or 0) */
	struct ad_page_kept *kept;
	size_t nkept, ncap;
} ad_page_texts;

void ad_page_texts_init(ad_page_texts *t);
void ad_page_texts_dispose(ad_page_texts *t);
/* b cut to max bytes (0: whole) on a character boundary, an ellipsis
 * after what was cut. */
void ad_page_cut(ad_buf *b, size_t max);
/* s (NULL: "") made one line (ad_escape_line()) and cut to max bytes;
 * good until the next call. */
const char *ad_page_line(ad_page_texts *t, const char *s, size_t max);
/* The number of s made one line and cut, and of a text already made. */
uint32_t ad_page_text(ad_page_texts *t, const char *s, size_t max);
uint32_t ad_page_text_made(ad_page_texts *t, const char *s, size_t len);
/* As ad_page_text(), for an s that stays as it is while t is in use (a
 * text of the audit, which forks share by address): one met again at
 * the same address is not made again. */
uint32_t ad_page_text_kept(ad_page_texts *t, const char *s, size_t max);
/* "texts": [every text, by number]. */
void ad_page_write_texts(ad_json *w, const ad_page_texts *t);

#endif
