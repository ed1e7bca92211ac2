/*
 * fuzz_report.h - every report of an audit written and thrown away, with
 * every list in full and the outline, the text in colour and fitted to
 * a narrow terminal: what fuzz_audit and fuzz_cache do with the audit
 * they made.
 */
#ifndef AGENTDUP_FUZZ_REPORT_H
#define AGENTDUP_FUZZ_REPORT_H

#include "agentdup/audit.h"
#include "agentdup/report.h"

static inline void fuzz_reports(const ad_audit *a)
{
	static const char *const formats[] = {"text",  "json", "markdown",
					      "sarif", "csv",  "html"};
	ad_report_opts o = AD_REPORT_OPTS_INIT;
	size_t i;

	o.verbose = 1;
	o.outline = 1;
	o.color = 1;
	o.width = 40;
	for (i = 0; i < sizeof(formats) / sizeof(*formats); i++) {
		ad_buf out = AD_BUF_INIT;

		ad_report_audit_writer(formats[i])(&out, a, &o);
		ad_buf_dispose(&out);
	}
}

#endif
