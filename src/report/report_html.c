/*
 * report_html.c - the audit as one page to browse (doc/html-report.md).
 *
 * The page is one file that needs nothing else: inline CSS, one inline
 * script, no fonts, images or requests, so it opens from file:// and can
 * be attached to a ticket. It is a small static shell (the nav, one empty
 * <section class="view"> per view, the counts) and the audit as data
 * (html_data.c) that the script renders on demand, view by view: a
 * collection of thousands of agents gives a page of a few megabytes that
 * a browser opens at once, where markup for every view would weigh many
 * times that and take seconds to lay out.
 *
 * The data is JSON compressed in the zlib format and written as base64 in
 * a <script type="application/octet-stream">, which no browser runs.
 * Base64 holds no '<', '&' or quote, so no text of an agent, hostile or
 * not, can close the element or become markup; and the script builds
 * elements and text nodes from the data, never markup. A
 * Content-Security-Policy in a <meta> forbids everything but inline style
 * and the one script that carries the nonce. The nonce is the hash of the
 * page before that script, which keeps the page deterministic: the same
 * audit, the same bytes.
 */
#include "agentdup/report.h"

#include <stdio.h>

#include "agentdup/hash.h"
#include "base/base64.h"
#include "base/deflate.h"
#include "base/embed.h"
#include "report/html_data.h"

/* zlib's default: on the corpus page level 9 packs 0.6% smaller for 0.25 s
 * more CPU (0.75 s against 0.5 s) */
#define DEFLATE_LEVEL 6
#define BASE64_WRAP 100 /* characters of a line of the data */

/* The script and the stylesheet: src/report/assets/app/, compiled in as
 * they are (base/embed.h), every byte of them a byte of every page. */
static const unsigned char core_js[] = {
#include "app_core_js.inc"
};
static const unsigned char table_js[] = {
#include "app_table_js.inc"
};
static const unsigned char views_js[] = {
#include "app_views_js.inc"
};
static const unsigned char compare_js[] = {
#include "app_compare_js.inc"
};
static const unsigned char overview_js[] = {
#include "app_overview_js.inc"
};
static const unsigned char main_js[] = {
#include "app_main_js.inc"
};
static const unsigned char base_css[] = {
#include "app_base_css.inc"
};
static const unsigned char compare_css[] = {
#include "app_compare_css.inc"
};
static const unsigned char overview_css[] = {
#include "app_overview_css.inc"
};

/* In the order they are joined: core.js defines what the others use,
 * main.js starts the page. */
static const ad_embedded scripts[] = {
	AD_EMBEDDED(core_js),	  AD_EMBEDDED(table_js),
	AD_EMBEDDED(views_js),	  AD_EMBEDDED(compare_js),
	AD_EMBEDDED(overview_js), AD_EMBEDDED(main_js)};
static const ad_embedded styles[] = {AD_EMBEDDED(base_css),
				     AD_EMBEDDED(compare_css),
				     AD_EMBEDDED(overview_css)};

/* The views of the nav, in its order, with their tabs' labels. */
static const char *const tabs[][2] = {
	{"overview", "Overview"},     {"clusters", "Clusters"},
	{"roles", "Role groups"},     {"templates", "Templates"},
	{"inventory", "Rule inventory"}, {"agents", "Agents"},
	{"pairs", "Pairs"},	      {"collisions", "Collisions"},
	{"problems", "Problems"}};

/* The views reached by links only, each lighting its list's tab. */
static const char *const details[] = {"agent", "cluster", "role", "compare"};

#define COUNT(x) (sizeof(x) / sizeof((x)[0]))

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

/* n with a comma between thousands: 3,037. */
static void number(ad_buf *b, size_t n)
{
	if (n >= 1000) {
		number(b, n / 1000);
		ad_buf_printf(b, ",%03zu", n % 1000);
	} else {
		ad_buf_printf(b, "%zu", n);
	}
}

static void count(ad_buf *b, size_t n, const char *one, const char *many)
{
	number(b, n);
	ad_buf_printf(b, " %s", n == 1 ? one : many);
}

static void nav(ad_buf *b)
{
	size_t i;

	ad_buf_puts(b, "<nav aria-label=\"Views\">\n"
		       "<span class=\"brand\">agentdup</span>\n");
	for (i = 0; i < COUNT(tabs); i++)
		ad_buf_printf(b, "<a href=\"#%s\" data-view=\"%s\">%s</a>\n",
			      tabs[i][0], tabs[i][0], tabs[i][1]);
	ad_buf_puts(b, "</nav>\n");
}

static void section(ad_buf *b, const char *view)
{
	ad_buf_printf(b, "<section id=\"%s\" class=\"view\" "
			 "aria-labelledby=\"%s-h\"></section>\n",
		      view, view);
}

static void heading(ad_buf *b, const ad_audit *a)
{
	ad_buf_puts(b, "<h1>agentdup scan: ");
	count(b, a->collection->ndocs, "agent", "agents");
	ad_buf_puts(b, ", ");
	count(b, a->clustering.n, "cluster", "clusters");
	ad_buf_puts(b, ", ");
	count(b, a->roles.n, "role group", "role groups");
	ad_buf_puts(b, "</h1>\n");
}

/* The data: JSON, compressed, then base64. */
static void data(ad_buf *b, const ad_audit *a)
{
	ad_buf json = AD_BUF_INIT, packed = AD_BUF_INIT;

	ad_html_data(&json, a);
	ad_deflate(&packed, json.ptr, json.len, DEFLATE_LEVEL);
	ad_buf_printf(b, "<script type=\"application/octet-stream\" "
			 "id=\"ad-data\" data-encoding=\"deflate-base64\" "
			 "data-bytes=\"%zu\">\n",
		      json.len);
	ad_base64_encode(b, packed.ptr, packed.len, BASE64_WRAP);
	ad_buf_puts(b, "</script>\n");
	ad_buf_dispose(&packed);
	ad_buf_dispose(&json);
}

static void body(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "<body>\n<a class=\"skip\" href=\"#main\">Skip to "
		       "content</a>\n");
	nav(b);
	ad_buf_puts(b, "<main id=\"main\">\n");
	heading(b, a);
	ad_buf_puts(b, "<noscript><p class=\"note\">This report draws its "
		       "views with JavaScript, which is turned off: the "
		       "JSON report (scan -f json) has the same findings."
		       "</p></noscript>\n");
	for (i = 0; i < COUNT(tabs); i++)
		section(b, tabs[i][0]);
	for (i = 0; i < COUNT(details); i++)
		section(b, details[i]);
	ad_buf_puts(b, "</main>\n<footer><p class=\"note\">Written by "
		       "agentdup " AD_VERSION ".</p></footer>\n");
	data(b, a);
}

/* The head names the nonce of the one script the page may run. */
static void head(ad_buf *out, const char *nonce)
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
		      "<title>agentdup scan report</title>\n<style>\n",
		      nonce);
	join(out, styles, COUNT(styles));
	ad_buf_puts(out, "</style>\n</head>\n");
}

/* All the files in one function scope, so that they share it and
 * nothing of theirs is global. */
static void script(ad_buf *out, const char *nonce)
{
	ad_buf_printf(out, "<script nonce=\"%s\">\n(function () {\n"
			   "'use strict';\n",
		      nonce);
	join(out, scripts, COUNT(scripts));
	ad_buf_puts(out, "})();\n</script>\n");
}

void ad_report_audit_html(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts)
{
	ad_buf content = AD_BUF_INIT;
	char nonce[AD_HASH_HEX + 1];

	(void)opts;
	body(&content, audit);
	ad_hash_content(nonce, content.ptr, content.len);
	nonce[32] = '\0'; /* 128 bits are plenty for a nonce */
	head(out, nonce);
	ad_buf_put(out, content.ptr, content.len);
	script(out, nonce);
	ad_buf_puts(out, "</body>\n</html>\n");
	ad_buf_dispose(&content);
}
