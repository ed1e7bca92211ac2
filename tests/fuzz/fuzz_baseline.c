/*
 * fuzz_baseline.c - the baseline reader (scan --baseline FILE) over any
 * bytes.
 */
#include "agentdup/baseline.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ad_error err = AD_ERROR_INIT;
	ad_baseline *b = NULL;

	if (ad_baseline_load(&b, (const char *)data, size, &err) == 0) {
		(void)ad_baseline_nrules(b);
		(void)ad_baseline_nlinks(b);
	}
	ad_baseline_free(b);
	return 0;
}
