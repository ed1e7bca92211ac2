/*
 * fuzz_audit.c - a few files (the input cut at FUZZ_SPLIT lines, at most
 * four) through the whole audit, then every report of it and the
 * comparison of the first file with the last; then through the audit a
 * query reads (AD_AUDIT_VECTORS), the last file as the query,
 * and both query reports. The query must rank as the whole audit would:
 * the same neighbours with the same scores, or the target aborts.
 */
#include <stdlib.h>

#include "agentdup/audit.h"
#include "agentdup/compare.h"
#include "agentdup/query.h"
#include "fuzz.h"
#include "fuzz_report.h"

#define MAX_TEXTS 4

/* The last doc of a asked of the others, both reports written (the
 * text in colour, fitted to a narrow terminal); the ranking in *q, for
 * the caller to dispose of. */
static void query_last(ad_query *q, const ad_audit *a)
{
	ad_buf out = AD_BUF_INIT;

	ad_query_rank(q, a, (uint32_t)a->collection->ndocs - 1, NULL);
	ad_report_query_text(&out, a, q, 1);
	ad_report_fit(&out, 0, 40);
	ad_report_query_json(&out, a, q);
	ad_buf_dispose(&out);
}

/* The first doc of a compared with the last, when they are two: both
 * reports written, the text in colour and fitted to a narrow
 * terminal. */
static void compare_ends(const ad_audit *a)
{
	uint32_t n = (uint32_t)a->collection->ndocs;
	ad_buf out = AD_BUF_INIT;
	ad_compare c;

	if (n < 2)
		return;
	ad_compare_build(&c, a, 0, n - 1);
	ad_report_compare_text(&out, a, &c, 1);
	ad_report_fit(&out, 0, 40);
	ad_report_compare_json(&out, a, &c);
	ad_buf_dispose(&out);
	ad_compare_dispose(&c);
}

/* The query of the whole audit a, then of the audit of the same texts a
 * query reads; they must agree. */
static void query_both(const ad_audit *a, ad_audit_opts *opts)
{
	ad_audit *v = NULL;
	ad_query q, r;
	size_t i;

	if (!a->collection->ndocs)
		return;
	opts->until = AD_AUDIT_VECTORS;
	if (ad_audit_run(&v, NULL, 0, opts, NULL) != 0)
		abort(); /* the whole audit of the same texts ran */
	if (v->collection->ndocs != a->collection->ndocs)
		abort();
	query_last(&q, a);
	query_last(&r, v);
	if (q.nhits != r.nhits)
		abort();
	for (i = 0; i < q.nhits; i++)
		if (q.hits[i].agent != r.hits[i].agent ||
		    q.hits[i].score != r.hits[i].score)
			abort();
	ad_query_dispose(&q);
	ad_query_dispose(&r);
	ad_audit_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[MAX_TEXTS] = {"a.md", "b/b.md",
						     "c/SKILL.md", "d.md"};
	ad_audit_opts opts = AD_AUDIT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_text texts[MAX_TEXTS];
	ad_audit *a = NULL;
	size_t n = 0, at = 0;

	memset(texts, 0, sizeof(texts));
	while (n < MAX_TEXTS &&
	       fuzz_next(data, size, &at, &texts[n].text, &texts[n].len)) {
		texts[n].path = paths[n];
		n++;
	}
	opts.load.texts = texts;
	opts.load.ntexts = n;
	opts.load.jobs = 1;
	if (ad_audit_run(&a, NULL, 0, &opts, &err) == 0) {
		fuzz_reports(a);
		compare_ends(a);
		query_both(a, &opts);
	}
	ad_audit_free(a);
	return 0;
}
