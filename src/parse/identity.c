/*
 * identity.c - the name an agent goes by, and the kind of its file, read
 * off its path and frontmatter.
 */
#include "parse/identity.h"

#include <string.h>
#include <strings.h>

#include "base/arena.h"

/* File names that name a layout, not an agent (stems, any case). The
 * first group are files an agent runtime reads by that name; the others
 * are names tools and people give every file alike. */
static const char *const generic_stems[] = {
	"skill", "agents", "agent", "claude", "gemini", "readme", "index",
	"prompt", "system-prompt", "instructions", "main", "default",
	"untitled", "copy",
};

#define KEY_MAX 256

size_t ad_identity_key(char *out, size_t cap, const char *s, size_t len)
{
	size_t n = 0, i;
	int dash = 0;

	for (i = 0; i < len && n + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			if (dash && n) {
				if (n + 2 >= cap) /* no room for what follows */
					break;
				out[n++] = '-';
			}
			dash = 0;
			out[n++] = (char)c;
		} else {
			dash = 1;
		}
	}
	out[n] = '\0';
	return n;
}

int ad_identity_generic(const char *stem, size_t len)
{
	char key[KEY_MAX];
	size_t i, n = ad_identity_key(key, sizeof(key), stem, len);

	/* copy1, copy-2, agent3: a generic stem numbered */
	while (n > 0 && ((key[n - 1] >= '0' && key[n - 1] <= '9') ||
			 key[n - 1] == '-'))
		key[--n] = '\0';
	for (i = 0; i < sizeof(generic_stems) / sizeof(*generic_stems); i++)
		if (strcmp(key, generic_stems[i]) == 0)
			return 1;
	return 0;
}

static int all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

/* Whether word w[0..len) opens a version marker; numbered: numbers
 * follow it. "copy" alone is no marker ("ad-copy" writes ads). */
static int marker_word(const char *w, size_t len, int numbered)
{
	return (len > 1 && w[0] == 'v' && all_digits(w + 1, len - 1)) ||
	       (numbered && len == 4 && memcmp(w, "copy", 4) == 0);
}

size_t ad_identity_base(const char *key, size_t len)
{
	size_t end = len, start;

	/* from the last word back, past numbers, to the marker's first */
	while (end > 0) {
		for (start = end; start > 0 && key[start - 1] != '-'; start--)
			;
		if (start == 0)
			return len; /* the marker would be the whole key */
		if (marker_word(key + start, end - start, end < len))
			return start - 1;
		if (!all_digits(key + start, end - start))
			return len;
		end = start - 1;
	}
	return len;
}

/* The file name of path and its stem (before the first dot). */
static const char *file_name(const char *path, size_t *stem)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	*stem = strcspn(b, ".");
	return b;
}

/* The name of the folder holding path's file, or NULL (no folder). */
static const char *folder_name(const char *path, size_t *len)
{
	const char *end = strrchr(path, '/'), *start;

	if (!end)
		return NULL;
	for (start = end; start > path && start[-1] != '/'; start--)
		;
	*len = (size_t)(end - start);
	return *len && !(*len == 1 && *start == '.') ? start : NULL;
}

/* Whether path has a folder named name (any case) on its way. */
static int has_folder(const char *path, const char *name)
{
	size_t n = strlen(name);
	const char *p = path, *slash;

	while ((slash = strchr(p, '/')) != NULL) {
		if ((size_t)(slash - p) == n && strncasecmp(p, name, n) == 0)
			return 1;
		p = slash + 1;
	}
	return 0;
}

static int is_stem(const char *name, size_t stem, const char *word)
{
	return strlen(word) == stem && strncasecmp(name, word, stem) == 0;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcasecmp(s + n - t, tail) == 0;
}

static ad_doc_kind kind_of(const char *path)
{
	size_t stem;
	const char *name = file_name(path, &stem);

	if (is_stem(name, stem, "skill"))
		return AD_KIND_SKILL;
	if (has_folder(path, "commands"))
		return AD_KIND_COMMAND;
	if (ends_with(name, ".mdc") || has_folder(path, "rules"))
		return AD_KIND_RULES;
	if (is_stem(name, stem, "agents") || is_stem(name, stem, "claude") ||
	    is_stem(name, stem, "gemini") ||
	    ends_with(name, ".instructions.md") ||
	    ends_with(name, "copilot-instructions.md"))
		return AD_KIND_INSTRUCTIONS;
	return AD_KIND_AGENT;
}

/* The name the doc goes by, before it is made a key. */
static const char *raw_name(const ad_doc *doc, size_t *len)
{
	size_t stem;
	const char *name, *folder;

	if (doc->name && *doc->name) {
		*len = strlen(doc->name);
		return doc->name;
	}
	name = file_name(doc->path, &stem);
	if (ad_identity_generic(name, stem) &&
	    (folder = folder_name(doc->path, len)) != NULL)
		return folder;
	*len = stem ? stem : strlen(name);
	return name;
}

void ad_identity_fill(ad_doc *doc)
{
	char key[KEY_MAX];
	size_t len, n;
	const char *s = raw_name(doc, &len);

	n = ad_identity_key(key, sizeof(key), s, len);
	doc->identity = ad_arena_strndup(doc->arena, key, n);
	doc->kind = kind_of(doc->path);
}
