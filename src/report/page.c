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

#include <stdio.h>
#include <string.h>

#include "agentdup/escape.h"
#include "agentdup/hash.h"
#include "base/base64.h"
#include "base/deflate.h"

/* zlib's default: the 9.6 MB of the corpus page's data take 0.57 s, and
 * level 9 packs them 0.6% smaller in 0.8 s */
#define DEFLATE_LEVEL 6
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

void ad_page_blob(ad_buf *b, const char *attrs, const ad_buf *json)
{
	ad_buf packed = AD_BUF_INIT;

	ad_deflate(&packed, json->ptr, json->len, DEFLATE_LEVEL);
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

void ad_page_texts_init(ad_page_texts *t)
{
	t->table = ad_strtab_new();
	ad_buf_init(&t->line);
}

void ad_page_texts_dispose(ad_page_texts *t)
{
	ad_strtab_free(t->table);
	ad_buf_dispose(&t->line);
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

void ad_page_write_texts(ad_json *w, const ad_page_texts *t)
{
	uint32_t i, n = ad_strtab_count(t->table);

	ad_json_key(w, "texts");
	ad_json_array(w, AD_JSON_DENSE);
	for (i = 0; i < n; i++)
		ad_json_string(w, ad_strtab_str(t->table, i, NULL));
	ad_json_end(w);
}
