/*
 * fuzz_parse.c - one file through the parse path: frontmatter (libyaml),
 * body (cmark) into sections and rules, then the tokenizer over the text.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "index/tokenizer.h"
#include "parse/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ad_error err = AD_ERROR_INIT;
	ad_tokenizer *tok = NULL;
	ad_doc *doc = NULL;
	uint32_t *ids = NULL;
	size_t n = 0, cap = 0;

	if (ad_doc_parse(&doc, "fuzz.md", (const char *)data, size, &err) == 0)
		ad_doc_free(doc);
	if (ad_tokenizer_new(&tok, NULL, &err) != 0)
		abort();
	ad_tokenizer_run(tok, (const char *)data, size, &ids, &n, &cap);
	free(ids);
	ad_tokenizer_free(tok);
	return 0;
}
