/*
 * fuzz_store.c - the store's readers over a damaged database file: the
 * input is written as a store file, opened, its snapshots listed, and the
 * last two compared with their clusters (drift reads every table).
 */
#include <stdio.h>
#include <stdlib.h>

#include "agentdup/drift.h"
#include "agentdup/store.h"
#include "fuzz.h"

/* The store file, and SQLite's journal files beside it. */
static void remove_store(const char *path)
{
	char side[80];

	remove(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	remove(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	remove(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	remove(side);
}

static void read_store(ad_store *s)
{
	ad_drift_opts o = AD_DRIFT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_store_snapshot *list = NULL;
	ad_drift *d = NULL;
	size_t n = 0;

	if (ad_store_snapshots(&list, &n, s, &err) != 0)
		return;
	ad_store_snapshots_free(list, n);
	o.jobs = 1;
	if (n >= 2 && ad_drift_run(&d, s, &o, &err) == 0)
		ad_drift_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_temp_path("db");
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	FILE *f;

	remove_store(path);
	if (!(f = fopen(path, "wb")))
		abort();
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	if (ad_store_open(&s, path, &err) == 0)
		read_store(s);
	ad_store_close(s);
	remove_store(path);
	return 0;
}
