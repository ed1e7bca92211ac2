/*
 * doc.h - one agent file, parsed: frontmatter, sections, rules, warnings.
 *
 * Ownership: an ad_doc owns an arena, and every string and array reachable
 * from it lives in that arena, but for what it shares (below);
 * ad_doc_free() releases them all. The text the doc was parsed from is not
 * copied (a collection's text would be held twice): doc->text borrows the
 * caller's buffer, and is valid only as long as the caller keeps it.
 * Everything the parsers extract is copied.
 *
 * A doc of a collection shares what many docs repeat (doc->share, not
 * NULL; parse/docshare.h): its rules' text and terms, its sections'
 * path, title and terms and the strings of its frontmatter (keys, values,
 * description, examples, name) are then copies that the collection holds
 * once for all its docs, and ad_doc_free() leaves them alone. Readers see no
 * difference, but must not write through these pointers; the doc is
 * valid only as long as its share. A doc taken from a scan cache
 * borrows the cache's strings instead (index/doccache.h).
 *
 * Lines are 1-based lines of the whole file (frontmatter included), whatever
 * the library that found them counts from.
 */
#ifndef AGENTDUP_DOC_H
#define AGENTDUP_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "agentdup/hash.h"

/* One top-level frontmatter key. Scalars have one value; lists (flow
 * `[a, b]`, block `- a`, or a comma-separated `tools: a, b`) have several. */
typedef struct ad_fm_field {
	const char *key;
	const char **values;
	size_t nvalues;
	int is_list;
	int line;
} ad_fm_field;

typedef struct ad_frontmatter {
	int present;   /* the file opens with a `---` block */
	int recovered; /* libyaml refused it; fields come from line recovery */
	ad_fm_field *fields;
	size_t nfields;
	/* The description with `\n`-style escapes decoded and the <example>
	 * blocks taken out; NULL when there is no description key. */
	const char *description;
	const char **examples; /* the text inside each <example>...</example> */
	size_t nexamples;
	size_t body_offset; /* byte offset of the body within the file */
	int body_line;      /* line on which the body starts */
} ad_frontmatter;

typedef enum ad_rule_kind {
	AD_RULE_ITEM = 0, /* bullet list item */
	AD_RULE_STEP = 1, /* numbered list item */
	AD_RULE_ROW = 2   /* row of a pipe table */
} ad_rule_kind;

/* Lists nest no deeper than this in a rule's depth: a deeper item counts
 * as this deep. A rule keeps at most AD_RULE_MAX_TERMS terms: those of a
 * longer one past that are left out (a million words on one line). */
#define AD_RULE_MAX_DEPTH 255
#define AD_RULE_MAX_TERMS ((1u << 20) - 1)

/* A collection holds millions of rules, so a rule takes 24 bytes: its
 * section is found from the sections' rows of rules
 * (ad_doc_rule_section()), and its counts share one word. */
typedef struct ad_rule {
	/* plain text: inline markup and task markers removed; shared, as
	 * terms, when the doc has a share */
	const char *text;
	/* Filled by the tokenizer stage: this rule's terms. */
	uint32_t *terms;
	int line;
	unsigned nterms : 20; /* at most AD_RULE_MAX_TERMS */
	/* list nesting depth, 0 at top level; at most AD_RULE_MAX_DEPTH */
	unsigned depth : 8;
	unsigned kind : 2;   /* an ad_rule_kind */
	signed task : 2;     /* -1 not a task item, 0 `- [ ]`, 1 `- [x]` */
} ad_rule;

/* A heading keeps at most this many terms as its title's: a longer one
 * past that counts as prose of its section. */
#define AD_TITLE_MAX_TERMS ((1u << 29) - 1)

/* A section's prose and code, held apart from it in the doc's texts
 * (ad_doc.section_texts): a collection that does not keep texts drops
 * them once tokenized, since nothing past tokenizing reads them. */
typedef struct ad_section_texts {
	/* Prose that is not a rule: paragraphs, quotes, table header rows;
	 * code excluded. Paragraphs joined by '\n'. */
	const char *text;
	const char *code; /* fenced and indented code, joined; NULL if none */
} ad_section_texts;

/* The pointers first, the small fields after them, the level beside the
 * title's count: a section takes 48 bytes (a collection holds more than
 * a million). */
typedef struct ad_section {
	/* "Parent > Child" and this heading's own text ("" both for the
	 * intro): shared when the doc has a share */
	const char *path;
	const char *title;
	/* Filled by the tokenizer stage: terms of title + text + code (not
	 * rules); the first ntitle_terms are the title's. NULL (the counts
	 * kept) once dropped: ad_collection_drop_section_terms(). */
	uint32_t *terms;
	int line_start;    /* heading line (intro: first body line) */
	int line_end;      /* last line before the next heading of any level */
	uint32_t first_rule; /* rules [first_rule, first_rule + nrules) */
	uint32_t nrules;
	uint32_t nterms;
	unsigned ntitle_terms : 29; /* at most AD_TITLE_MAX_TERMS */
	unsigned level : 3; /* 1..6; 0 for the intro (text before a heading) */
} ad_section;

/* What a file is, from its layout and frontmatter (parse/identity.h). */
typedef enum ad_doc_kind {
	AD_KIND_AGENT = 0,       /* a subagent definition (the default) */
	AD_KIND_SKILL = 1,       /* <name>/SKILL.md */
	AD_KIND_COMMAND = 2,     /* a slash command: under commands/ */
	AD_KIND_RULES = 3,       /* Cursor rules: .mdc, rules/ */
	AD_KIND_INSTRUCTIONS = 4 /* AGENTS.md, CLAUDE.md, *.instructions.md */
} ad_doc_kind;

/* "agent", "skill", "command", "rules", "instructions". */
const char *ad_doc_kind_name(ad_doc_kind kind);

/* A doc is packed into one block once tokenized (ad_doc_pack() in
 * parse/doc.c): a new pointer field must be added to its move_doc(). */
typedef struct ad_doc {
	struct ad_arena *arena;
	struct ad_arena *texts; /* sections' text and code; NULL once dropped */
	/* per section, its text and code, in texts; NULL once dropped (or
	 * when the doc has no section) */
	ad_section_texts *section_texts;
	/* per section, its key (ad_doc_key_sections()), in the arena; NULL
	 * when not made */
	unsigned char (*section_keys)[AD_HASH_BYTES];
	/* What the doc shares with others (see above), borrowed; NULL when
	 * it owns all that it holds. */
	struct ad_docshare *share;
	const char *path;   /* as reported: relative to the scanned root */
	const char *text;   /* the whole file: borrowed, see above; may be NULL */
	size_t len;
	ad_frontmatter fm;
	const char *name;   /* frontmatter `name`, NULL when absent */
	/* The name it goes by, as a key: its frontmatter name, else its file
	 * name, else (a generic file name: SKILL.md) its folder's. */
	const char *identity;
	ad_doc_kind kind;
	size_t resources;   /* a skill: the files bundled in its folder */
	ad_section *sections;
	size_t nsections;
	ad_rule *rules;
	size_t nrules;
	const char **warnings; /* "line N: message" or "message" */
	int *warning_lines;    /* N for each warning, 0 when not about a line */
	size_t nwarnings;
	/* Filled by the tokenizer stage: terms of the description, of the
	 * rest of the frontmatter (other values, the examples), and of the
	 * identity. */
	uint32_t *desc_terms;
	uint32_t ndesc_terms;
	uint32_t *meta_terms;
	uint32_t nmeta_terms;
	/* The examples' terms: the last nexample_terms of meta_terms. */
	uint32_t nexample_terms;
	uint32_t *name_terms; /* terms of the identity */
	uint32_t nname_terms;
	size_t bad_utf8; /* bytes skipped as invalid UTF-8 */
	/* Filled by the collection: the tokens this agent costs a model's
	 * context, estimated (README, "Token costs"). tokens_always: what a
	 * runtime loads in every conversation, the name it goes by and its
	 * description as the frontmatter says them, examples and all;
	 * tokens_body: its body, loaded when it is invoked. Instructions
	 * (AGENTS.md, CLAUDE.md) and rules marked `alwaysApply: true` are
	 * loaded whole in every conversation: their body counts in
	 * tokens_always, and tokens_body is 0. */
	uint32_t tokens_always, tokens_body;
	/* private growth state of the arrays above; cap_sections and
	 * cap_rules are 0 once the arrays are sealed into the arena */
	size_t cap_sections, cap_rules, cap_warnings;
	/* private: what a doc with a share will share, until it is sealed;
	 * its sections' terms (malloc'd) until ad_doc_share_terms() */
	struct ad_arena *scratch;
	uint32_t *pending_terms;
} ad_doc;

void ad_doc_free(ad_doc *doc); /* NULL is a no-op */

/* Free the sections' text and code, leaving them NULL. */
void ad_doc_drop_texts(ad_doc *doc);

/* Key every section, while the doc has its texts: the SHA-256 (hash.h)
 * of its text, then, when it has code, of a NUL and its code. What a
 * store names a section by (section_keys), kept once the texts are
 * dropped. */
void ad_doc_key_sections(ad_doc *doc);

/* Section k's prose and its code (NULL when it has none); NULL both
 * once the texts are dropped. */
const char *ad_doc_section_text(const ad_doc *doc, size_t k);
const char *ad_doc_section_code(const ad_doc *doc, size_t k);

/* The message of warning i without its "line N: " prefix. */
const char *ad_doc_warning_msg(const ad_doc *doc, size_t i);

/* The section of doc->rules[r] (an index into doc->sections): each
 * section holds a row of rules, the rows in order. */
size_t ad_doc_rule_section(const ad_doc *doc, size_t r);

/* The first value of frontmatter key, or NULL. */
const char *ad_doc_field(const ad_doc *doc, const char *key);
const ad_fm_field *ad_doc_find_field(const ad_doc *doc, const char *key);

#endif
