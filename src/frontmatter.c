/* placeholder until the libyaml reader lands */
#include "agentdup/frontmatter.h"

void ad_frontmatter_parse(ad_doc *doc)
{
	doc->fm.body_line = 1;
}

const char *ad_frontmatter_description(ad_arena *arena, const char *raw,
				       const char ***examples,
				       size_t *nexamples)
{
	*examples = NULL;
	*nexamples = 0;
	return ad_arena_strdup(arena, raw);
}
