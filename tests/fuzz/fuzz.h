/*
 * fuzz.h - what the libFuzzer targets share: the entry point each one
 * defines, and a splitter of one input into a few texts.
 *
 * Each target is one file (fuzz_<what>.c) that defines
 * LLVMFuzzerTestOneInput(); they are built with clang when the CMake
 * option AD_FUZZ is on and run by scripts/fuzz.sh. A target owns what it
 * allocates and frees it before it returns: a leak is a finding.
 */
#ifndef AGENTDUP_FUZZ_H
#define AGENTDUP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs are cut into texts at this line: a seed is one file, or several
 * joined with it. */
#define FUZZ_SPLIT "\n#~~~\n"

/* The next text of data[*at..size): its start in *text and length in
 * *len; 0 when none is left. */
static inline int fuzz_next(const uint8_t *data, size_t size, size_t *at,
			    const char **text, size_t *len)
{
	size_t n = sizeof(FUZZ_SPLIT) - 1, i;

	if (*at > size)
		return 0;
	*text = (const char *)data + *at;
	for (i = *at; i + n <= size; i++)
		if (memcmp(data + i, FUZZ_SPLIT, n) == 0)
			break;
	if (i + n > size)
		i = size;
	*len = i - *at;
	*at = i + n;
	return 1;
}

/* The file a target writes its input to, /tmp/agentdup-fuzz-PID.EXT: one
 * per process, so that parallel fuzzing jobs do not share it. */
static inline const char *fuzz_temp_path(const char *ext)
{
	static char path[64];

	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/agentdup-fuzz-%ld.%s",
			 (long)getpid(), ext);
	return path;
}

#endif
