/*
 * fuzz_cache.c - the doc cache's reader over a damaged cache file: the
 * input is written as the cache (scan --cache) of a small collection,
 * tests/fixtures/scan, which is then loaded with it and audited, and
 * every report written. The seed is that collection's cache as agentdup
 * writes it, so that damage lands in entries the load asks for. In the
 * fuzzing build an entry is decoded whatever its checksum says
 * (doccache.c), so the damage reaches the checks that must make it a
 * miss, or a doc that no later stage trips on; in other builds the
 * checksum decides first, and a damaged entry is a miss.
 */
#include <stdio.h>
#include <stdlib.h>

#include "agentdup/audit.h"
#include "fuzz.h"
#include "fuzz_report.h"

#ifndef AD_FIXTURES_DIR
#error "AD_FIXTURES_DIR: the tests' fixtures folder"
#endif

/* With AD_FUZZ_ALL_HITS set (ctest's replay of the seed), every doc must
 * have come from the cache: else the seed no longer reaches the decoder
 * (another format, other settings), and fuzzing it would test nothing. */
static void check_hits(const ad_collection *c)
{
	if (getenv("AD_FUZZ_ALL_HITS") && c->cache_hits != c->ndocs) {
		fprintf(stderr, "fuzz_cache: %zu of %zu docs from the cache\n",
			c->cache_hits, c->ndocs);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {AD_FIXTURES_DIR "/scan"};
	const char *path = fuzz_temp_path("cache");
	ad_audit_opts opts = AD_AUDIT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_audit *a = NULL;
	FILE *f;

	if (!(f = fopen(path, "wb")))
		abort();
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	opts.load.cache = path;
	opts.load.jobs = 1;
	if (ad_audit_run(&a, paths, 1, &opts, &err) == 0) {
		fuzz_reports(a);
		check_hits(a->collection);
	}
	ad_audit_free(a);
	remove(path);
	return 0;
}
