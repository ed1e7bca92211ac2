/*
 * page.c - the shell of a page drawn by its script: head with its
 * Content-Security-Policy, nav, empty views, data blobs; and the table of
 * texts its data refers to by number.
 *
 * The policy lets the page run one script, the one carrying the nonce,
 * and load nothing: data travels inside the page as zlib-compressed JSON
 * in base64, whose alphabet holds no character that could end the
 * element or start markup. Texts are made one line by ad_escape_line()
 * (no control or direction characters) before they are numbered, so two
 * spellings that show alike are one entry.
 */
#include "report/page.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "agentdup/escape.h"
#include "agentdup/hash.h"
#include "base/base64.h"
#include "base/deflate.h"

/* The 9.6 MB of the corpus page's data, on one thread: level 4 packs
 * them to 3.19 MB in 0.14 s, level 5 to 3.08 MB in 0.25 s, zlib's
 * default (6) to 3.03 MB in 0.49 s: 5% larger, three times as fast */
#define DEFLATE_LEVEL 4
#define BASE64_WRAP 100 /* characters of a line of the data */
#define NONCE_HEX 32    /* 128 bits are plenty for a nonce */

#define ELLIPSIS "\xE2\x80\xA6"

void ad_page_open(ad_buf *b, const ad_page *p)
{
	size_t i;

	ad_buf_puts(b, "<body>\n<a class=\"skip\" href=\"#main\">Skip to "
		       "content</a>\n<nav aria-label=\"Views\">\n");
	ad_buf_printf(b, "<span class=\"brand\">%s</span>\n", p->brand);
	for (i = 0; i < p->ntabs; i++)
		ad_buf_printf(b, "<a href=\"#%s\" data-view=\"%s\">%s</a>\n",
			      p->tabs[i][0], p->tabs[i][0], p->tabs[i][1]);
	ad_buf_puts(b, "</nav>\n<main id=\"main\">\n");
}

void ad_page_section(ad_buf *b, const char *view)
{
	ad_buf_printf(b, "<section id=\"%s\" class=\"view\" "
			 "aria-labelledby=\"%s-h\"></section>\n",
		      view, view);
}

void ad_page_close(ad_buf *b)
{
	ad_buf_puts(b, "</main>\n<footer><p class=\"note\">Written by "
		       "agentdup " AD_VERSION ".</p></footer>\n");
}

void ad_page_blob(ad_buf *b, const char *attrs, const ad_buf *json,
		  int jobs)
{
	ad_buf packed = AD_BUF_INIT;

	ad_deflate(&packed, json->ptr, json->len, DEFLATE_LEVEL, jobs);
	ad_buf_printf(b, "<script type=\"application/octet-stream\" %s "
			 "data-encoding=\"deflate-base64\" data-bytes=\"%zu\">"
			 "\n",
		      attrs, json->len);
	ad_base64_encode(b, packed.ptr, packed.len, BASE64_WRAP);
	ad_buf_puts(b, "</script>\n");
	ad_buf_dispose(&packed);
}

/* Files joined, each ending on a newline. */
static void join(ad_buf *out, const ad_embedded *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ad_buf_put(out, files[i].ptr, files[i].len);
		if (files[i].len && files[i].ptr[files[i].len - 1] != '\n')
			ad_buf_putc(out, '\n');
	}
}

/* The head names the nonce of the one script the page may run. */
static void head(ad_buf *out, const ad_page *p, const char *nonce)
{
	ad_buf_printf(out,
		      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		      "<meta charset=\"utf-8\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" "
		      "content=\"default-src 'none'; style-src "
		      "'unsafe-inline'; script-src 'nonce-%s'; img-src "
		      "data:\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, "
		      "initial-scale=1\">\n"
		      "<meta name=\"referrer\" content=\"no-referrer\">\n"
		      "<meta name=\"color-scheme\" content=\"light dark\">\n"
		      "<title>%s</title>\n<style>\n",
		      nonce, p->title);
	join(out, p->styles, p->nstyles);
	ad_buf_puts(out, "</style>\n</head>\n");
}

/* All the files in one function scope, so that they share it and
 * nothing of theirs is global. */
static void script(ad_buf *out, const ad_page *p, const char *nonce)
{
	ad_buf_printf(out, "<script nonce=\"%s\">\n(function () {\n"
			   "'use strict';\n",
		      nonce);
	join(out, p->scripts, p->nscripts);
	ad_buf_puts(out, "})();\n</script>\n");
}

void ad_page_write(ad_buf *out, const ad_page *p, const ad_buf *body)
{
	char nonce[AD_HASH_HEX + 1];

	ad_hash_content(nonce, body->ptr, body->len);
	nonce[NONCE_HEX] = '\0';
	head(out, p, nonce);
	ad_buf_put(out, body->ptr, body->len);
	script(out, p, nonce);
	ad_buf_puts(out, "</body>\n</html>\n");
}

/* ---- texts ---- */

/* A text of ad_page_text_kept(): where it is, its cut, its number. */
struct ad_page_kept {
	const char *s; /* NULL: a free slot */
	size_t max;
	uint32_t id;
};

void ad_page_texts_init(ad_page_texts *t)
{
	t->table = ad_strtab_new();
	ad_buf_init(&t->line);
	t->kept = NULL;
	t->nkept = t->ncap = 0;
}

void ad_page_texts_dispose(ad_page_texts *t)
{
	ad_strtab_free(t->table);
	ad_buf_dispose(&t->line);
	free(t->kept);
	t->kept = NULL;
	t->nkept = t->ncap = 0;
}

void ad_page_cut(ad_buf *b, size_t max)
{
	size_t n = max;

	if (!max || b->len <= max)
		return;
	while (n && ((unsigned char)b->ptr[n] & 0xC0) == 0x80)
		n--; /* not inside a character */
	b->len = n;
	ad_buf_puts(b, ELLIPSIS);
}

const char *ad_page_line(ad_page_texts *t, const char *s, size_t max)
{
	ad_buf_clear(&t->line);
	ad_escape_line(&t->line, s ? s : "");
	ad_page_cut(&t->line, max);
	return t->line.ptr;
}

uint32_t ad_page_text(ad_page_texts *t, const char *s, size_t max)
{
	ad_page_line(t, s, max);
	return ad_strtab_intern(t->table, t->line.ptr, t->line.len);
}

uint32_t ad_page_text_made(ad_page_texts *t, const char *s, size_t len)
{
	return ad_strtab_intern(t->table, s, len);
}

static size_t kept_slot(const ad_page_texts *t, const char *s, size_t max)
{
	uint64_t key = (uint64_t)(uintptr_t)s ^ (uint64_t)max << 48;
	size_t mask = t->ncap - 1, i;

	key *= 0x9E3779B97F4A7C15ull; /* the address's bits all count */
	for (i = (size_t)(key >> 32) & mask; t->kept[i].s; i = (i + 1) & mask)
		if (t->kept[i].s == s && t->kept[i].max == max)
			break;
	return i;
}

/* Twice the slots (at first 1024), every text placed again. */
static void kept_grow(ad_page_texts *t)
{
	struct ad_page_kept *old = t->kept;
	size_t n = t->ncap, i;

	t->ncap = n ? 2 * n : 1024;
	t->kept = ad_xcalloc(t->ncap, sizeof(*t->kept));
	for (i = 0; i < n; i++)
		if (old[i].s)
			t->kept[kept_slot(t, old[i].s, old[i].max)] = old[i];
	free(old);
}

uint32_t ad_page_text_kept(ad_page_texts *t, const char *s, size_t max)
{
	struct ad_page_kept *k;

	if (!s)
		return ad_page_text(t, s, max);
	if (2 * (t->nkept + 1) > t->ncap)
		kept_grow(t);
	k = &t->kept[kept_slot(t, s, max)];
	if (!k->s) {
		k->s = s;
		k->max = max;
		k->id = ad_page_text(t, s, max);
		t->nkept++;
	}
	return k->id;
}

void ad_page_write_texts(ad_json *w, const ad_page_texts *t)
{
	uint32_t i, n = ad_strtab_count(t->table);

	ad_json_key(w, "texts");
	ad_json_array(w, AD_JSON_DENSE);
	for (i = 0; i < n; i++)
		ad_json_string(w, ad_strtab_str(t->table, i, NULL));
	ad_json_end(w);
}
