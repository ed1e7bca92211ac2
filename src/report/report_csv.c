/*
 * report_csv.c - the linked pairs as CSV, one row a pair, for a
 * spreadsheet or a script.
 *
 * RFC 4180: rows end in CRLF, and a field holding a comma, a quote, CR or
 * LF is quoted, its quotes doubled. Paths are data here, so they are kept
 * byte for byte, with two exceptions: bytes that are not valid UTF-8
 * become U+FFFD, as in every other report, so the file is valid UTF-8;
 * and a field that begins with '=', '+', '-', '@', a tab or a CR, which a
 * spreadsheet would run as a formula (`=HYPERLINK(...)|.md`, a file name
 * anyone can choose), is neutralised as OWASP recommends: a single quote
 * before it and the field quoted. A script that needs the path back
 * drops the quote when the next byte is one of those six. Given a sink,
 * the rows go to it a chunk at a time, so the file is never held whole.
 */
#include "agentdup/report.h"

#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"
#include "base/utf8.h"
#include "report/evidence.h"

#define EOL "\r\n"

static const char header[] =
	"a,b,score,links,shared_headings,fewer_headings,shared_rule_groups,"
	"fewer_rule_groups,aligned_sections,cluster,kind_a,kind_b" EOL;

/* Whether a spreadsheet would take the field for a formula. */
static int is_formula(const char *s)
{
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

/* Whether s needs quotes: RFC 4180 asks them for these four, and a
 * neutralised formula gets them too. */
static int needs_quotes(const char *s)
{
	return strpbrk(s, ",\"\r\n") != NULL || is_formula(s);
}

static void field(ad_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n;
	int quoted = needs_quotes(s);
	uint32_t cp;

	if (quoted)
		ad_buf_putc(b, '"');
	if (is_formula(s))
		ad_buf_putc(b, '\'');
	while (len) {
		n = ad_utf8_decode(p, len, &cp);
		if (n == 0)
			ad_buf_puts(b, "\xEF\xBF\xBD");
		else if (*p == '"')
			ad_buf_puts(b, "\"\"");
		else
			ad_buf_put(b, p, n);
		n = n ? n : 1;
		p += n;
		len -= n;
	}
	if (quoted)
		ad_buf_putc(b, '"');
}

static void row(ad_buf *b, const ad_audit *a, size_t i, const uint32_t *of)
{
	const ad_link *l = &a->links.list[i];
	ad_link_fewer f = ad_links_fewer(&a->links, l);

	field(b, ad_audit_doc(a, l->a)->path);
	ad_buf_putc(b, ',');
	field(b, ad_audit_doc(a, l->b)->path);
	ad_buf_putc(b, ',');
	ad_buf_put_score(b, l->score);
	ad_buf_putc(b, ',');
	ad_evidence_link_kinds(b, l->kind, "+"); /* fixed names: unquoted */
	ad_buf_printf(b, ",%u,%u,%u,%u,%u,", l->shared_headings,
		      f.headings, l->shared_groups, f.groups,
		      ad_audit_link_aligned(a, l));
	/* a linked pair is always in one cluster: clusters are the
	 * components of the links; an empty field would show a bug */
	if (of[l->a])
		ad_buf_put_int(b, of[l->a]);
	ad_buf_printf(b, ",%s,%s" EOL,
		      ad_doc_kind_name(ad_audit_doc(a, l->a)->kind),
		      ad_doc_kind_name(ad_audit_doc(a, l->b)->kind));
}

#define CHUNK (64 * 1024) /* bytes handed to a sink at a time */
#define BLOCK 128         /* rows a worker writes at a time */

/* What the row writers read, and where the rows go. */
typedef struct rows {
	const ad_audit *a;
	const uint32_t *of; /* per agent: its cluster */
	ad_buf *out;
	const ad_report_opts *opts;
} rows;

static void rows_block(void *ctx, ad_buf *out, size_t first, size_t end)
{
	const rows *r = ctx;
	size_t i;

	for (i = first; i < end; i++)
		row(out, r->a, i, r->of);
}

/* Rows in order: to the sink a chunk at a time, or kept in out. */
static void rows_put(void *ctx, const char *data, size_t len)
{
	const rows *r = ctx;

	ad_buf_put(r->out, data, len);
	if (r->opts && r->opts->sink && r->out->len >= CHUNK) {
		r->opts->sink(r->opts->sink_ctx, r->out->ptr, r->out->len);
		ad_buf_clear(r->out);
	}
}

/* The rows are written a block at a time on the report's threads (a row
 * of a pair aligned on demand costs a few microseconds: at 10x, 212,323
 * rows took 1.7 s on one) and joined in order, the same bytes. */
void ad_report_audit_csv(ad_buf *out, const ad_audit *audit,
			 const ad_report_opts *opts)
{
	size_t n = audit->links.n;
	rows r = {audit, NULL, out, opts};
	uint32_t *of = ad_clustering_index(&audit->clustering,
					   audit->collection->ndocs);

	r.of = of;
	ad_buf_puts(out, header);
	ad_parallel_write(ad_parallel_jobs(opts ? opts->jobs : 0, n,
					   2 * BLOCK),
			  n, BLOCK, rows_block, &r, rows_put, &r);
	free(of);
}
