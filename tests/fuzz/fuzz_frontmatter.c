/*
 * fuzz_frontmatter.c - the frontmatter parser alone: every input is put
 * between two lines of three dashes, so that all of it reaches libyaml and
 * the field reader, then the description decoder.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parse/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ad_error err = AD_ERROR_INIT;
	ad_doc *doc = NULL;
	char *text = malloc(size + 9);

	if (!text)
		return 0;
	memcpy(text, "---\n", 4);
	memcpy(text + 4, data, size);
	memcpy(text + 4 + size, "\n---\n", 5);
	if (ad_doc_parse(&doc, "fuzz.md", text, size + 9, &err) == 0)
		ad_doc_free(doc);
	free(text);
	return 0;
}
