/*
 * replay.c - a fuzz target without libFuzzer: each file named, or each
 * file in each folder named, is handed to LLVMFuzzerTestOneInput() once.
 * The test build (gcc, and under ASan+UBSan) replays the inputs kept in
 * tests/fuzz/regressions, so a crash once found stays fixed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, got;

	if (!f) {
		fprintf(stderr, "replay: %s: cannot open\n", path);
		return -1;
	}
	do {
		if (len == cap) {
			unsigned char *p;

			cap = cap ? 2 * cap : 4096;
			if (!(p = realloc(data, cap)))
				abort();
			data = p;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	printf("replayed %s (%zu bytes)\n", path, len);
	return 0;
}

static int replay(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *dir;
	int rc = 0;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return replay_file(path);
	if (!(dir = opendir(path)))
		return -1;
	while ((e = readdir(dir))) {
		char sub[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		rc |= replay(sub);
	}
	closedir(dir);
	return rc;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++)
		rc |= replay(argv[i]);
	return rc ? 1 : 0;
}
