/*
 * fuzz_audit.c - a few files (the input cut at FUZZ_SPLIT lines, at most
 * four) through the whole audit, then every report of it.
 */
#include <stdlib.h>

#include "agentdup/audit.h"
#include "fuzz.h"
#include "fuzz_report.h"

#define MAX_TEXTS 4

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
	if (ad_audit_run(&a, NULL, 0, &opts, &err) == 0)
		fuzz_reports(a);
	ad_audit_free(a);
	return 0;
}
