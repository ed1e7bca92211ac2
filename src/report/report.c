/*
 * report.c - the writers of an audit by the name of their format, so that
 * a caller (the CLI) chooses one from a word.
 */
#include "agentdup/report.h"

#include <string.h>

static const struct {
	const char *name;
	ad_report_fn write;
} audit_writers[] = {
	{"text", ad_report_audit_text},
	{"json", ad_report_audit_json},
	{"markdown", ad_report_audit_markdown},
	{"sarif", ad_report_audit_sarif},
	{"csv", ad_report_audit_csv},
	{"html", ad_report_audit_html},
};

ad_report_fn ad_report_audit_writer(const char *format)
{
	size_t i;

	for (i = 0; i < sizeof(audit_writers) / sizeof(*audit_writers); i++)
		if (strcmp(format, audit_writers[i].name) == 0)
			return audit_writers[i].write;
	return NULL;
}
