/*
 * Unit tests of the Markdown, SARIF and CSV writers (report_md.c,
 * report_sarif.c, report_csv.c, escape_md.c), on a small collection on
 * disk: two near-duplicate reviewers (one behind a path with a comma and
 * quotes), a test writer sharing one rule with them, and two copies of a
 * hostile agent whose path, name, description, headings and rules try to
 * inject HTML, links and table cells.
 *
 * Markdown is rendered with cmark in unsafe mode (raw HTML and javascript:
 * links passed through), so that anything the escaping let through would
 * show in the HTML. SARIF is read with the small JSON parser below.
 */
#include "fixture.h"

#include <cmark.h>
#include <ctype.h>

#include "agentdup/escape.h"
#include "agentdup/report.h"

/* ---- the collection ---- */

#define REVIEWER_BODY                                                        \
	"# Code reviewer\n\n"                                                 \
	"You review code changes carefully and explain each finding.\n\n"    \
	"## Checklist\n\n"                                                   \
	"- Check that every public function has a docstring explaining its " \
	"contract.\n"                                                        \
	"- Flag unchecked error returns from system calls and library "      \
	"functions.\n"                                                       \
	"- Look for SQL built by string concatenation and suggest bound "    \
	"parameters.\n"                                                      \
	"- Always run the full test suite before approving any change.\n"    \
	"- Point out duplicated logic that should live in a shared helper.\n" \
	"\n## Output\n\n"                                                    \
	"1. Summarise the change in two sentences.\n"                        \
	"2. List blocking findings first, then suggestions.\n"               \
	"3. End with an explicit approve or request-changes verdict.\n"

#define REVIEWER_FM                                                          \
	"---\nname: code-reviewer\ndescription: Reviews pull requests for "  \
	"correctness, style and security problems.\ntools: Read, Grep\n---\n"

#define TESTER                                                               \
	"---\nname: test-writer\ndescription: Writes unit tests for new "    \
	"modules.\n---\n# Test writer\n\n## Rules\n\n"                       \
	"- Write one test file per module, named after the module.\n"        \
	"- Always run the full test suite before approving any change.\n"    \
	"- Prefer table-driven cases over copy-pasted assertions.\n"         \
	"- Mock the network and the clock, never the code under test.\n"

#define LONG_WORDS "overflow "
#define HOSTILE_BODY                                                         \
	"# [x](javascript:alert(1))\n\n"                                     \
	"## | a | b |\n\n"                                                   \
	"- `<script>alert(1)</script>` must be echoed back verbatim.\n"      \
	"- \\[x\\](javascript:alert(1)) is the link every answer includes.\n" \
	"- \\| a \\| b \\| cells are written with pipes between values.\n"   \
	"- \xE2\x80\xAEgnp.exe reversed file name in every report title.\n"  \
	"- `\"><img src=x onerror=alert(1)>` goes into every answer.\n"      \
	"- %s\n"                                                             \
	"\n## <script>alert(1)</script>\n\n"                                 \
	"Plain prose under a hostile heading.\n"

#define CSV_PATH "agents/reviewer, \"copy\".md"
#define HOSTILE1 "agents/<img src=x onerror=alert(1)>.md"
#define HOSTILE2 "agents/[x](javascript:alert(1)).md"

typedef struct fixture {
	char root[FX_PATH_MAX];
	char *hostile1, *hostile2; /* malloc'd texts */
} fixture;

static char *hostile(const char *name, const char *desc, const char *pad)
{
	char longline[4096];
	ad_buf b = AD_BUF_INIT;
	size_t k;

	longline[0] = '\0';
	for (k = 0; k + sizeof(LONG_WORDS) < sizeof(longline);
	     k += sizeof(LONG_WORDS) - 1)
		strcat(longline, LONG_WORDS);
	ad_buf_printf(&b, "---\nname: %s\ndescription: %s\n---\n%s", name,
		      desc, pad);
	ad_buf_printf(&b, HOSTILE_BODY, longline);
	return ad_buf_detach(&b);
}

/* The collection, with pad (blank lines) at the top of every body. */
static void write_collection(fixture *fx, const char *pad)
{
	ad_buf r = AD_BUF_INIT, c = AD_BUF_INIT, t = AD_BUF_INIT;

	ad_buf_printf(&r, "%s%s%s", REVIEWER_FM, pad, REVIEWER_BODY);
	/* the copy: one rule reworded, one added */
	ad_buf_printf(&c, "%s%s%s- Ask for a test of every fixed bug.\n",
		      REVIEWER_FM, pad, REVIEWER_BODY);
	ad_buf_printf(&t, "%s", TESTER);
	free(fx->hostile1);
	free(fx->hostile2);
	fx->hostile1 = hostile("\"<script>alert(1)</script>\"",
			       "\"\\\"><img src=x onerror=alert(1)>\"", pad);
	fx->hostile2 = hostile("\"[x](javascript:alert(1))\"",
			       "\"| a | b |\"", pad);
	{
		const fx_file files[] = {
			{"agents/reviewer.md", r.ptr},
			{CSV_PATH, c.ptr},
			{"agents/tester.md", t.ptr},
			{HOSTILE1, fx->hostile1},
			{HOSTILE2, fx->hostile2},
		};

		fx_write_files(fx->root, files, sizeof(files) / sizeof(*files));
	}
	ad_buf_dispose(&r);
	ad_buf_dispose(&c);
	ad_buf_dispose(&t);
}

static ad_audit *audit_of(const fixture *fx)
{
	ad_audit *a = NULL;

	assert_int_equal(fx_audit_path(&a, fx->root, NULL), 0);
	assert_int_equal(a->collection->ndocs, 5);
	return a;
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));

	fx_tmpdir(fx->root, sizeof(fx->root), "reportfmt");
	write_collection(fx, "");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	int rc = fx_rmtree(fx->root);

	free(fx->hostile1);
	free(fx->hostile2);
	free(fx);
	return rc;
}

/* ---- a small JSON parser: enough to check syntax and find fields ---- */

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jv {
	int type;
	double num;
	char *str;          /* J_STR, decoded (\u escapes as '?') */
	struct jv **items;  /* J_ARR, J_OBJ values */
	char **keys;        /* J_OBJ */
	size_t n;
} jv;

typedef struct jp {
	const char *p;
	int depth;
} jp;

static void jv_free(jv *v)
{
	size_t k;

	if (!v)
		return;
	for (k = 0; k < v->n; k++) {
		jv_free(v->items[k]);
		if (v->keys)
			free(v->keys[k]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static void ws(jp *s)
{
	while (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t')
		s->p++;
}

static jv *value(jp *s);

/* A string literal at s->p; NULL when malformed. */
static char *string(jp *s)
{
	ad_buf b = AD_BUF_INIT;

	if (*s->p++ != '"')
		return NULL;
	while (*s->p != '"') {
		unsigned char c = (unsigned char)*s->p++;

		if (c < 0x20)
			goto fail;
		if (c != '\\') {
			ad_buf_putc(&b, (char)c);
			continue;
		}
		c = (unsigned char)*s->p++;
		if (c == 'u') {
			int k;

			for (k = 0; k < 4; k++)
				if (!isxdigit((unsigned char)*s->p++))
					goto fail;
			ad_buf_putc(&b, '?');
		} else if (c && strchr("\"\\/bfnrt", c)) {
			ad_buf_putc(&b, c == 'n' ? '\n' : (char)c);
		} else {
			goto fail;
		}
	}
	s->p++;
	return ad_buf_detach(&b);
fail:
	ad_buf_dispose(&b);
	return NULL;
}

static jv *node(int type)
{
	jv *v = calloc(1, sizeof(*v));

	v->type = type;
	return v;
}

static void push(jv *v, char *key, jv *item)
{
	v->items = realloc(v->items, (v->n + 1) * sizeof(*v->items));
	if (key)
		v->keys = realloc(v->keys, (v->n + 1) * sizeof(*v->keys));
	v->items[v->n] = item;
	if (key)
		v->keys[v->n] = key;
	v->n++;
}

/* An array or object; close is ']' or '}'. */
static jv *container(jp *s, int type, char close)
{
	jv *v = node(type);

	s->p++;
	ws(s);
	if (*s->p == close) {
		s->p++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		jv *item;

		ws(s);
		if (type == J_OBJ) {
			if (*s->p != '"' || !(key = string(s)))
				goto fail;
			ws(s);
			if (*s->p++ != ':') {
				free(key);
				goto fail;
			}
		}
		if (!(item = value(s))) {
			free(key);
			goto fail;
		}
		push(v, key, item);
		ws(s);
		if (*s->p == close) {
			s->p++;
			return v;
		}
		if (*s->p++ != ',')
			goto fail;
	}
fail:
	jv_free(v);
	return NULL;
}

static jv *number(jp *s)
{
	char *end;
	jv *v;

	if (*s->p != '-' && !isdigit((unsigned char)*s->p))
		return NULL;
	v = node(J_NUM);
	v->num = strtod(s->p, &end);
	s->p = end;
	return v;
}

static jv *literal(jp *s, const char *word, int type, double num)
{
	jv *v;

	if (strncmp(s->p, word, strlen(word)) != 0)
		return NULL;
	s->p += strlen(word);
	v = node(type);
	v->num = num;
	return v;
}

static jv *value(jp *s)
{
	jv *v = NULL;

	ws(s);
	if (++s->depth > 64)
		return NULL;
	if (*s->p == '{')
		v = container(s, J_OBJ, '}');
	else if (*s->p == '[')
		v = container(s, J_ARR, ']');
	else if (*s->p == '"') {
		char *str = string(s);

		if (str) {
			v = node(J_STR);
			v->str = str;
		}
	} else if (*s->p == 't')
		v = literal(s, "true", J_BOOL, 1);
	else if (*s->p == 'f')
		v = literal(s, "false", J_BOOL, 0);
	else if (*s->p == 'n')
		v = literal(s, "null", J_NULL, 0);
	else
		v = number(s);
	s->depth--;
	return v;
}

/* The document text, which must be exactly one JSON value. */
static jv *json_parse(const char *text)
{
	jp s = {text, 0};
	jv *v = value(&s);

	ws(&s);
	if (v && *s.p) {
		jv_free(v);
		return NULL;
	}
	return v;
}

/* Member key of object o, of the type wanted; fails the test if absent. */
static const jv *get(const jv *o, const char *key, int type)
{
	size_t k;

	assert_non_null(o);
	assert_int_equal(o->type, J_OBJ);
	for (k = 0; k < o->n; k++)
		if (strcmp(o->keys[k], key) == 0) {
			if (o->items[k]->type != type)
				fail_msg("%s: type %d", key, o->items[k]->type);
			return o->items[k];
		}
	fail_msg("no key %s", key);
	return NULL;
}

static const jv *at(const jv *arr, size_t i)
{
	assert_int_equal(arr->type, J_ARR);
	assert_true(i < arr->n);
	return arr->items[i];
}

/* ---- helpers ---- */

static char *markdown_of(const ad_audit *a, int verbose)
{
	ad_report_opts o = AD_REPORT_OPTS_INIT;
	ad_buf b = AD_BUF_INIT;

	o.verbose = verbose;
	ad_report_audit_markdown(&b, a, &o);
	return ad_buf_detach(&b);
}

/* HTML as a browser would get it: raw HTML and javascript: links left in
 * (CMARK_OPT_UNSAFE), so the escaping alone must stop them. */
static char *html_of(const char *md)
{
	return cmark_markdown_to_html(md, strlen(md), CMARK_OPT_UNSAFE);
}

static void assert_inert_html(const char *html)
{
	if (strstr(html, "<script") || strstr(html, "<img") ||
	    strstr(html, "href=\"javascript:") || strstr(html, "<a "))
		fail_msg("markup got through:\n%s", html);
	assert_null(strstr(html, "\xE2\x80\xAE"));
}

/* Unescaped '|' in a line: the cell separators a table row has. */
static int pipes(const char *line, size_t len)
{
	size_t k;
	int n = 0;

	for (k = 0; k < len; k++) {
		if (line[k] == '\\')
			k++;
		else if (line[k] == '|')
			n++;
	}
	return n;
}

/* ---- Markdown ---- */

static void test_report_formats__markdown_escaper_is_what_stops_html(
	void **state)
{
	static const char *const hostile_texts[] = {
		"<script>alert(1)</script>",
		"\"><img src=x onerror=alert(1)>",
		"[x](javascript:alert(1))",
		"<javascript:alert(1)>",
		"![i](x.png)",
		"&lt;script&gt; &#x202E;",
		"# heading",
		"1. item",
		"    code",
		"*a* _b_ `c` ~~d~~",
		"line one\n<script>alert(2)</script>",
	};
	size_t k;

	(void)state;
	/* without the escaper, cmark passes the attack through: the check
	 * below can fail */
	{
		char *raw = html_of(hostile_texts[0]);

		assert_non_null(strstr(raw, "<script"));
		free(raw);
	}
	for (k = 0; k < sizeof(hostile_texts) / sizeof(*hostile_texts); k++) {
		ad_buf md = AD_BUF_INIT;
		char *html;

		ad_buf_puts(&md, "| ");
		ad_escape_markdown(&md, hostile_texts[k], 0);
		ad_buf_puts(&md, " |\n");
		html = html_of(md.ptr);
		assert_inert_html(html);
		/* one paragraph: nothing became a heading, list or code */
		assert_int_equal(strncmp(html, "<p>", 3), 0);
		assert_null(strstr(html, "<em>"));
		assert_null(strstr(html, "<code>"));
		assert_int_equal(pipes(md.ptr, md.len), 2);
		free(html);
		ad_buf_dispose(&md);
	}
}

static void test_report_formats__markdown_cuts_long_text(void **state)
{
	ad_buf md = AD_BUF_INIT;

	(void)state;
	/* a cut never splits a character: 'é' is two bytes */
	ad_escape_markdown(&md, "\xC3\xA9\xC3\xA9\xC3\xA9", 3);
	assert_string_equal(md.ptr, "\xC3\xA9\xE2\x80\xA6");
	ad_buf_clear(&md);
	ad_escape_markdown(&md, "  - a_b", 0);
	assert_string_equal(md.ptr, "\\- a\\_b");
	ad_buf_dispose(&md);
}

static void test_report_formats__markdown_report(void **state)
{
	fixture *fx = *state;
	ad_audit *a = audit_of(fx);
	char *md = markdown_of(a, 0), *html = html_of(md);
	const char *line, *end;

	assert_inert_html(html);
	assert_non_null(strstr(html, "<h2>agentdup scan</h2>"));
	assert_non_null(strstr(html, "<h3>Near-duplicate agents</h3>"));
	assert_non_null(strstr(html, "<h3>Most repeated rules</h3>"));
	assert_non_null(strstr(md, "| Agent | Cosine | Linked to the "
				   "canonical by |\n| --- | ---: | --- |\n"));
	/* the hostile agents were reported, as visible text */
	assert_true(a->clustering.n >= 2);
	assert_non_null(strstr(html, "&lt;img src=x onerror=alert(1)&gt;.md"));
	assert_non_null(strstr(html, "[x](javascript:alert(1)).md"));
	assert_non_null(strstr(html, "reviewer, &quot;copy&quot;.md"));
	assert_non_null(strstr(html, "in 2 of 5 agents"));
	/* every table row has the cells of its header, and no line runs
	 * away with the long rule */
	for (line = md; *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		assert_true(end - line < 1200);
		if (*line != '|')
			continue;
		if (pipes(line, (size_t)(end - line)) != 4)
			fail_msg("row cells: %.*s", (int)(end - line), line);
	}
	free(html);
	free(md);
	ad_audit_free(a);
}

static void test_report_formats__markdown_is_deterministic(void **state)
{
	fixture *fx = *state;
	ad_audit *a = audit_of(fx), *b = audit_of(fx);
	char *x = markdown_of(a, 1), *y = markdown_of(b, 1);

	assert_string_equal(x, y);
	free(x);
	free(y);
	ad_audit_free(a);
	ad_audit_free(b);
}

/* ---- SARIF ---- */

/* Every kind of result, URIs relative to the fixture's folder. */
static char *sarif_of(const ad_audit *a)
{
	ad_buf b = AD_BUF_INIT, root = AD_BUF_INIT;
	ad_report_opts o = AD_REPORT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;

	assert_int_equal(ad_report_sarif_root(&root,
					      a->collection->inputs[0].root,
					      NULL, &err), 0);
	o.sarif_root = root.ptr;
	o.sarif_kinds = AD_SARIF_ALL;
	ad_report_audit_sarif(&b, a, &o);
	ad_buf_dispose(&root);
	return ad_buf_detach(&b);
}

static void check_location(const jv *loc)
{
	const jv *phys = get(loc, "physicalLocation", J_OBJ);
	const jv *art = get(phys, "artifactLocation", J_OBJ);
	const jv *uri = get(art, "uri", J_STR);
	const jv *line = get(get(phys, "region", J_OBJ), "startLine", J_NUM);
	const char *c;

	assert_true(line->num >= 1);
	/* below the root: relative, against %SRCROOT% */
	assert_string_equal(get(art, "uriBaseId", J_STR)->str, "%SRCROOT%");
	assert_null(strchr(uri->str, ':'));
	/* a URI reference: nothing RFC 3986 forbids in a path left raw
	 * (spaces, brackets, quotes, '#', '?') */
	for (c = uri->str; *c; c++)
		assert_null(strchr(" <>\"[]{}|\\^`#?", *c));
}

/* SARIF viewers read "[text](target)" in a message as a link: every
 * bracket of document text must come escaped. */
static void check_message(const char *text)
{
	const char *c;

	assert_true(strlen(text) > 0);
	for (c = text; *c; c++) {
		if (*c == '\\' && c[1])
			c++;
		else if (*c == '[' || *c == ']')
			fail_msg("bracket in message: %s", text);
	}
}

static void check_result(const jv *r)
{
	const jv *id = get(r, "ruleId", J_STR);
	const jv *locs = get(r, "locations", J_ARR);
	const jv *fp = get(get(r, "partialFingerprints", J_OBJ), "agentdup/v1",
			   J_STR);
	const jv *rel = get(r, "relatedLocations", J_ARR);
	size_t k;

	assert_true(strcmp(id->str, "near-duplicate-agents") == 0 ||
		    strcmp(id->str, "repeated-rule") == 0 ||
		    strcmp(id->str, "name-collision") == 0);
	check_message(get(get(r, "message", J_OBJ), "text", J_STR)->str);
	assert_true(locs->n >= 1);
	check_location(at(locs, 0));
	assert_true(rel->n >= 1);
	for (k = 0; k < rel->n; k++) {
		assert_int_equal((int)get(at(rel, k), "id", J_NUM)->num,
				 (int)k + 1);
		check_location(at(rel, k));
		check_message(get(get(at(rel, k), "message", J_OBJ), "text",
				  J_STR)->str);
	}
	assert_int_equal(strlen(fp->str), 32);
	assert_int_equal(strspn(fp->str, "0123456789abcdef"), 32);
}

/* The names that agents not all variants of one share: one result
 * each. */
static size_t names_of(const ad_audit *a)
{
	size_t i, j, n = 0;

	for (i = 0; i < a->collisions.n; i++) {
		const ad_collision *c = &a->collisions.list[i];
		const char *name = ad_audit_doc(a, c->a)->identity;

		if (c->kind != AD_COLLIDE_NAME)
			continue;
		for (j = 0; j < i; j++)
			if (a->collisions.list[j].kind == AD_COLLIDE_NAME &&
			    strcmp(ad_audit_doc(a, a->collisions.list[j].a)
					   ->identity, name) == 0)
				break;
		n += j == i;
	}
	return n;
}

static void test_report_formats__sarif_structure(void **state)
{
	fixture *fx = *state;
	ad_audit *a = audit_of(fx);
	char *text = sarif_of(a);
	jv *doc = json_parse(text);
	const jv *run, *driver, *results, *rules;
	const char *root;
	size_t k, groups = 0;

	if (!doc)
		fail_msg("not JSON:\n%s", text);
	assert_string_equal(get(doc, "version", J_STR)->str, "2.1.0");
	assert_string_equal(get(doc, "$schema", J_STR)->str,
			    "https://json.schemastore.org/sarif-2.1.0.json");
	assert_int_equal(get(doc, "runs", J_ARR)->n, 1);
	run = at(get(doc, "runs", J_ARR), 0);
	driver = get(get(run, "tool", J_OBJ), "driver", J_OBJ);
	assert_string_equal(get(driver, "name", J_STR)->str, "agentdup");
	assert_true(strlen(get(driver, "version", J_STR)->str) > 0);
	rules = get(driver, "rules", J_ARR);
	assert_int_equal(rules->n, 3);
	assert_string_equal(get(at(rules, 0), "id", J_STR)->str,
			    "near-duplicate-agents");
	assert_string_equal(get(at(rules, 1), "id", J_STR)->str, "repeated-rule");
	assert_string_equal(get(at(rules, 2), "id", J_STR)->str,
			    "name-collision");
	for (k = 0; k < 3; k++)
		get(get(at(rules, k), "shortDescription", J_OBJ), "text", J_STR);
	/* the root, a file:// URI of a folder */
	root = get(get(get(run, "originalUriBaseIds", J_OBJ), "%SRCROOT%",
		       J_OBJ), "uri", J_STR)->str;
	assert_int_equal(strncmp(root, "file:///", 8), 0);
	assert_int_equal(root[strlen(root) - 1], '/');
	results = get(run, "results", J_ARR);
	for (k = 0; k < a->inventory.ngroups; k++)
		groups += a->inventory.groups[k].nagents >= 2;
	assert_true(a->clustering.n >= 2 && groups >= 1);
	assert_int_equal(results->n, a->clustering.n + groups + names_of(a));
	for (k = 0; k < results->n; k++)
		check_result(at(results, k));
	/* the hostile path made it into a message, its brackets escaped */
	assert_non_null(strstr(text, "\\\\[x\\\\](javascript"));
	jv_free(doc);
	free(text);
	ad_audit_free(a);
}

static int by_string(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* "ruleId fingerprint" of every result, sorted, one a line; and the
 * startLine of the first repeated-rule result to *line. */
static char *fingerprints(const ad_audit *a, int *line)
{
	char *text = sarif_of(a), **keys;
	jv *doc = json_parse(text);
	const jv *results;
	ad_buf b = AD_BUF_INIT;
	size_t k;

	assert_non_null(doc);
	results = get(at(get(doc, "runs", J_ARR), 0), "results", J_ARR);
	keys = calloc(results->n + 1, sizeof(*keys));
	*line = 0;
	for (k = 0; k < results->n; k++) {
		const jv *r = at(results, k);
		ad_buf kb = AD_BUF_INIT;

		ad_buf_printf(&kb, "%s %s", get(r, "ruleId", J_STR)->str,
			      get(get(r, "partialFingerprints", J_OBJ),
				  "agentdup/v1", J_STR)->str);
		keys[k] = ad_buf_detach(&kb);
		if (!*line && strncmp(keys[k], "repeated", 8) == 0)
			*line = (int)get(get(get(at(get(r, "locations", J_ARR),
							 0),
						      "physicalLocation", J_OBJ),
					     "region", J_OBJ),
				     "startLine", J_NUM)->num;
	}
	qsort(keys, results->n, sizeof(*keys), by_string);
	for (k = 0; k < results->n; k++) {
		ad_buf_printf(&b, "%s\n", keys[k]);
		free(keys[k]);
	}
	free(keys);
	jv_free(doc);
	free(text);
	return ad_buf_detach(&b);
}

static void test_report_formats__sarif_fingerprints_are_stable(void **state)
{
	fixture *fx = *state;
	ad_audit *a = audit_of(fx), *b = audit_of(fx), *c;
	int line_a, line_b, line_c;
	char *fa = fingerprints(a, &line_a), *fb = fingerprints(b, &line_b);
	char *fc;

	assert_string_equal(fa, fb);
	assert_int_equal(line_a, line_b);
	/* three blank lines at the top of every body */
	write_collection(fx, "\n\n\n");
	c = audit_of(fx);
	fc = fingerprints(c, &line_c);
	assert_int_equal(line_c, line_a + 3); /* the lines did move */
	assert_string_equal(fa, fc);
	/* and the keys tell results apart */
	assert_non_null(strchr(fa, '\n'));
	free(fa);
	free(fb);
	free(fc);
	ad_audit_free(a);
	ad_audit_free(b);
	ad_audit_free(c);
	write_collection(fx, "");
}

/* ---- CSV ---- */

#define CSV_HEADER                                                           \
	"a,b,score,links,shared_headings,fewer_headings,shared_rule_groups," \
	"fewer_rule_groups,aligned_sections,cluster,kind_a,kind_b\r\n"

/* Records of an RFC 4180 text; each must have nfields fields. */
static size_t csv_records(const char *s, int nfields)
{
	size_t records = 0;
	int fields = 1, quoted = 0;

	for (; *s; s++) {
		if (quoted) {
			if (*s == '"' && s[1] == '"')
				s++;
			else if (*s == '"')
				quoted = 0;
		} else if (*s == '"') {
			quoted = 1;
		} else if (*s == ',') {
			fields++;
		} else if (*s == '\r' && s[1] == '\n') {
			assert_int_equal(fields, nfields);
			records++;
			fields = 1;
			s++;
		} else {
			assert_true(*s != '\n' && *s != '\r');
		}
	}
	assert_false(quoted);
	return records;
}

static void test_report_formats__csv(void **state)
{
	fixture *fx = *state;
	ad_audit *a = audit_of(fx);
	ad_buf b = AD_BUF_INIT;

	ad_report_audit_csv(&b, a, NULL);
	assert_int_equal(strncmp(b.ptr, CSV_HEADER, strlen(CSV_HEADER)), 0);
	assert_true(a->links.n >= 2);
	assert_int_equal(csv_records(b.ptr, 12), a->links.n + 1);
	assert_non_null(strstr(b.ptr, "\"agents/reviewer, \"\"copy\"\".md\","));
	assert_non_null(strstr(b.ptr, ",agents/reviewer.md,0.9"));
	assert_non_null(strstr(b.ptr, ",body+name+version,"));
	ad_buf_dispose(&b);
	ad_audit_free(a);
}

static void collect(void *ctx, const char *data, size_t len)
{
	ad_buf_put(ctx, data, len);
}

/* Each writer that streams gives through a sink, with what it leaves in
 * its buffer after, the bytes it writes into a buffer alone. */
static void test_report_formats__streamed_same_bytes(void **state)
{
	static const char *const formats[] = {"json", "sarif", "csv"};
	fixture *fx = *state;
	ad_audit *a = audit_of(fx);
	ad_report_opts o = AD_REPORT_OPTS_INIT;
	size_t k;

	for (k = 0; k < sizeof(formats) / sizeof(*formats); k++) {
		ad_report_fn write = ad_report_audit_writer(formats[k]);
		ad_buf whole = AD_BUF_INIT, sunk = AD_BUF_INIT,
		       left = AD_BUF_INIT;

		o.sink = NULL;
		write(&whole, a, &o);
		o.sink = collect;
		o.sink_ctx = &sunk;
		write(&left, a, &o);
		ad_buf_put(&sunk, left.ptr, left.len);
		assert_true(whole.len > 0);
		assert_string_equal(sunk.ptr, whole.ptr);
		ad_buf_dispose(&whole);
		ad_buf_dispose(&sunk);
		ad_buf_dispose(&left);
	}
	ad_audit_free(a);
}

/* The first byte of each field of an RFC 4180 text, quotes skipped. */
static void csv_no_formula(const char *s)
{
	int start = 1, quoted = 0;

	for (; *s; s++) {
		if (start) {
			const char *f = *s == '"' ? s + 1 : s;

			assert_null(*f ? strchr("=+-@\t\r", *f) : NULL);
			start = 0;
		}
		if (quoted) {
			if (*s == '"' && s[1] == '"')
				s++;
			else if (*s == '"')
				quoted = 0;
		} else if (*s == '"') {
			quoted = 1;
		} else if (*s == ',') {
			start = 1;
		} else if (*s == '\r' && s[1] == '\n') {
			start = 1;
			s++;
		}
	}
}

/* File names that a spreadsheet would run as formulas come out with a
 * single quote in front, quoted. */
static void test_report_formats__csv_formulas(void **state)
{
	static const char body[] =
		"---\nname: copy\ndescription: Reviews code.\n---\n"
		"# Role\n\nYou review pull requests for security problems.\n\n"
		"## Rules\n\n- Always cite the line you mean.\n"
		"- Never approve a change you did not read.\n";
	const fx_file files[] = {
		{"=HYPERLINK(\"http:x\")|.md", body},
		{"+1+2.md", body},
		{"-2+3.md", body},
		{"@SUM(A1).md", body},
		{"\tcmd.md", body},
		{"\rcmd.md", body},
	};
	char root[FX_PATH_MAX];
	ad_audit *a = NULL;
	ad_buf b = AD_BUF_INIT;

	(void)state;
	fx_tmpdir(root, sizeof(root), "csvformula");
	fx_write_files(root, files, sizeof(files) / sizeof(*files));
	assert_int_equal(fx_audit_path(&a, root, NULL), 0);
	assert_int_equal(a->collection->ndocs, 6);
	ad_report_audit_csv(&b, a, NULL);
	assert_int_equal(a->links.n, 15);
	assert_int_equal(csv_records(b.ptr, 12), a->links.n + 1);
	csv_no_formula(b.ptr);
	assert_non_null(strstr(b.ptr, "\"'=HYPERLINK(\"\"http:x\"\")|.md\""));
	assert_non_null(strstr(b.ptr, "\"'+1+2.md\""));
	assert_non_null(strstr(b.ptr, "\"'-2+3.md\""));
	assert_non_null(strstr(b.ptr, "\"'@SUM(A1).md\""));
	/* a tab or CR in a walked file name is shown escaped (\x09), so the
	 * cell starts with a backslash: nothing a spreadsheet runs */
	assert_non_null(strstr(b.ptr, "\\x09cmd.md"));
	assert_non_null(strstr(b.ptr, "\\x0dcmd.md"));
	ad_buf_dispose(&b);
	ad_audit_free(a);
	assert_int_equal(fx_rmtree(root), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_report_formats__markdown_escaper_is_what_stops_html),
		cmocka_unit_test(test_report_formats__markdown_cuts_long_text),
		cmocka_unit_test(test_report_formats__markdown_report),
		cmocka_unit_test(test_report_formats__markdown_is_deterministic),
		cmocka_unit_test(test_report_formats__sarif_structure),
		cmocka_unit_test(
			test_report_formats__sarif_fingerprints_are_stable),
		cmocka_unit_test(test_report_formats__csv),
		cmocka_unit_test(test_report_formats__csv_formulas),
		cmocka_unit_test(test_report_formats__streamed_same_bytes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
