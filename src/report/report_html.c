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
 * page's body (page.c), which keeps the page deterministic: the same
 * audit, the same bytes.
 */
#include "agentdup/report.h"

#include <stdio.h>

#include "base/embed.h"
#include "report/html_data.h"
#include "report/page.h"

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

static const ad_page page = {
	"agentdup scan report", "agentdup", tabs,   COUNT(tabs),
	styles,			COUNT(styles), scripts, COUNT(scripts)};

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

static void body(ad_buf *b, const ad_audit *a, int jobs)
{
	ad_buf json = AD_BUF_INIT;
	size_t i;

	ad_page_open(b, &page);
	heading(b, a);
	ad_buf_puts(b, "<noscript><p class=\"note\">This report draws its "
		       "views with JavaScript, which is turned off: the "
		       "JSON report (scan -f json) has the same findings."
		       "</p></noscript>\n");
	for (i = 0; i < COUNT(tabs); i++)
		ad_page_section(b, tabs[i][0]);
	for (i = 0; i < COUNT(details); i++)
		ad_page_section(b, details[i]);
	ad_page_close(b);
	ad_html_data(&json, a);
	ad_page_blob(b, "id=\"ad-data\"", &json, jobs);
	ad_buf_dispose(&json);
}

void ad_report_audit_html(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts)
{
	ad_buf content = AD_BUF_INIT;

	body(&content, audit, opts ? opts->jobs : 0);
	ad_page_write(out, &page, &content);
	ad_buf_dispose(&content);
}
