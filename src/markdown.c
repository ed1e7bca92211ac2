/* placeholder until the cmark reader lands */
#include "agentdup/markdown.h"

void ad_markdown_parse(ad_doc *doc)
{
	(void)doc;
}
