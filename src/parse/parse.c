/*
 * parse.c - a doc from a file's text: the frontmatter first (it says where
 * the body starts), then the body, then the doc sealed.
 */
#include "parse/parse.h"

#include "parse/doc_internal.h"
#include "parse/docshare.h"
#include "parse/frontmatter.h"
#include "parse/identity.h"
#include "parse/markdown.h"

int ad_doc_parse(ad_doc **out, const char *path, const char *text,
		 size_t len, ad_error *err)
{
	return ad_doc_parse_shared(out, path, text, len, NULL, err);
}

int ad_doc_parse_shared(ad_doc **out, const char *path, const char *text,
			size_t len, ad_docshare *share, ad_error *err)
{
	ad_doc *doc;

	*out = NULL;
	if (!text)
		return ad_error_set(err, AD_EINVAL, "no text to parse");
	doc = ad_doc_new(path, text, len);
	doc->share = share;
	ad_frontmatter_parse(doc);
	ad_markdown_parse(doc);
	ad_identity_fill(doc);
	ad_doc_seal(doc);
	*out = doc;
	return 0;
}

void ad_doc_parse_release(void)
{
	ad_markdown_release();
}
