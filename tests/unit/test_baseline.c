/*
 * Unit tests of baseline.c, on a small collection written to a temporary
 * folder:
 *   - reviewer.md and reviewer-fork.md, near-duplicates: the fork has
 *     every rule of the reviewer, one of its own, and another description;
 *   - sql.md and copy.md, unrelated to everything.
 * A baseline of it is written, loaded, and compared with later audits of
 * the collection changed in one way each: an agent copied, renamed or
 * deleted, a new rule shared, lines shifted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/baseline.h"

#include "fixture.h"

#define REVIEWER_RULES                                                      \
	"## Review Scope\n"                                                 \
	"- Read the whole diff before writing the first comment.\n"         \
	"- Check that every changed function still matches its callers.\n"  \
	"- Flag dead code and commented-out blocks left in the change.\n"   \
	"- Ask for tests when behaviour changes without one.\n"             \
	"\n"                                                                \
	"## Security Checks\n"                                              \
	"- Reject string-built SQL queries; require bound parameters.\n"    \
	"- Look for secrets, tokens or keys committed in code or config.\n" \
	"- Verify that user input is validated before it reaches the "      \
	"filesystem.\n"                                                     \
	"\n"                                                                \
	"## Output Format\n"                                                \
	"- Group comments by file, most severe first.\n"                    \
	"- Label each comment as blocker, suggestion or nit.\n"

#define REVIEWER_HEAD                                                      \
	"---\n"                                                            \
	"name: code-reviewer\n"                                            \
	"description: Reviews pull requests for correctness and security " \
	"before merge.\n"                                                  \
	"---\n"

static const char reviewer_body[] =
	"\n"
	"You are a senior reviewer. Read the diff and the files it touches "
	"before commenting.\n"
	"\n" REVIEWER_RULES;

static const char reviewer[] = REVIEWER_HEAD
	"\n"
	"You are a senior reviewer. Read the diff and the files it touches "
	"before commenting.\n"
	"\n" REVIEWER_RULES;

static const char reviewer_fork[] =
	"---\n"
	"name: code-reviewer\n"
	"description: Reviews every pull request for correctness and "
	"security issues.\n"
	"---\n"
	"\n"
	"You are a senior reviewer. Read the diff and the files it touches "
	"before commenting.\n"
	"\n" REVIEWER_RULES
	"- Quote the line each comment is about.\n";

#define SQL_TEXT                                                            \
	"---\n"                                                             \
	"name: sql-optimizer\n"                                             \
	"description: Tunes slow PostgreSQL queries and indexes.\n"         \
	"---\n"                                                             \
	"\n"                                                                \
	"## Method\n"                                                       \
	"- Run EXPLAIN ANALYZE on the slow query first.\n"                  \
	"- Propose a composite index when two predicates filter together.\n" \
	"- Rewrite correlated subqueries as joins.\n"                       \
	"- Measure again on production-sized data before recommending.\n"

#define COPY_TEXT                                                        \
	"---\n"                                                          \
	"name: ux-copywriter\n"                                          \
	"description: Writes microcopy for buttons, empty states and "   \
	"onboarding screens.\n"                                          \
	"---\n"                                                          \
	"\n"                                                             \
	"## Voice\n"                                                     \
	"- Address the user as you, in plain friendly words.\n"          \
	"- Keep button labels to two or three verbs and nouns.\n"        \
	"- Explain empty states with a next step the person can take.\n" \
	"- Avoid jargon, exclamation marks and blaming phrasing.\n"

#define NEW_RULE \
	"- Mention the ticket number from the issue tracker in your summary.\n"

static const fx_file collection[] = {
	{"reviewer.md", reviewer},
	{"reviewer-fork.md", reviewer_fork},
	{"sql.md", SQL_TEXT},
	{"copy.md", COPY_TEXT},
};

#define NFILES (sizeof(collection) / sizeof(collection[0]))

typedef struct fixture {
	char root[FX_PATH_MAX];
	ad_audit *audit;    /* of the collection as written */
	ad_baseline *base;  /* of that audit */
	ad_buf text;        /* the baseline's text */
} fixture;

static ad_audit *audit_of(const char *root)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *a = NULL;

	o.load.jobs = 1;
	o.load.keys = 1;
	assert_int_equal(fx_audit_path(&a, root, &o), 0);
	assert_int_equal(a->collection->nskipped, 0);
	return a;
}

/* An audit of texts, keyed by content as a baseline needs. */
static ad_audit *audit_texts(const ad_text *texts, size_t n)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *a = NULL;

	o.load.texts = texts;
	o.load.ntexts = n;
	o.load.jobs = 1;
	o.load.keys = 1;
	assert_int_equal(ad_audit_run(&a, NULL, 0, &o, NULL), 0);
	return a;
}

static ad_baseline *load(const ad_buf *text)
{
	ad_error err = AD_ERROR_INIT;
	ad_baseline *b = NULL;
	int rc = ad_baseline_load(&b, text->ptr, text->len, &err);

	if (rc != 0)
		fail_msg("load: %s", err.msg);
	assert_non_null(b);
	return b;
}

static int setup(void **state)
{
	fixture *fx = ad_xcalloc(1, sizeof(*fx));

	fx_tmpdir(fx->root, sizeof(fx->root), "baseline");
	fx_write_files(fx->root, collection, NFILES);
	fx->audit = audit_of(fx->root);
	ad_buf_init(&fx->text);
	assert_int_equal(ad_baseline_write(&fx->text, fx->audit), 0);
	fx->base = load(&fx->text);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	int rc = fx_rmtree(fx->root);

	ad_audit_free(fx->audit);
	ad_baseline_free(fx->base);
	ad_buf_dispose(&fx->text);
	free(fx);
	return rc;
}

/* The audit of the collection with one file (re)written. */
static ad_audit *audit_with(fixture *fx, const char *path, const char *text)
{
	fx_write(fx->root, path, text, strlen(text));
	return audit_of(fx->root);
}

/* The diff of audit a against the fixture's baseline. */
static void diff_with(ad_baseline_diff *d, const ad_baseline *b,
		      const ad_audit *a)
{
	assert_int_equal(ad_baseline_diff_run(d, b, a), 0);
}

static size_t count_kind(const ad_finding *f, size_t n, ad_finding_kind k)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += f[i].kind == k;
	return c;
}

static void test_baseline__records_what_is_shared(void **state)
{
	fixture *fx = *state;
	const char *t = fx->text.ptr, *r;

	/* Nine rules of the reviewer in both agents; one link; two files;
	 * nothing of the unrelated agents, nor the fork's own rule. */
	assert_int_equal(fx->audit->links.n, 1);
	assert_int_equal(ad_baseline_nlinks(fx->base), 1);
	assert_int_equal(ad_baseline_nrules(fx->base), 18);
	assert_int_equal(ad_baseline_nagents(fx->base), 2);
	assert_true(strncmp(t, "agentdup-baseline 3\n", 20) == 0);
	/* a wording and an agent are named by SHA-256: 64 hex digits */
	assert_non_null(r = strstr(t, "\nrule\t"));
	assert_int_equal(strspn(r + 6, "0123456789abcdef"), 64);
	assert_int_equal(r[6 + 64], '\t');
	assert_int_equal(strspn(r + 6 + 65, "0123456789abcdef"), 64);
	assert_int_equal(r[6 + 65 + 64], '\n');
	assert_non_null(r = strstr(t, "\nlink\t"));
	assert_int_equal(strspn(r + 6, "0123456789abcdef"), 64);
	/* paths only in file records */
	assert_non_null(strstr(t, "\treviewer-fork.md\n"));
	assert_non_null(strstr(t, "\treviewer.md\n"));
	assert_non_null(r = strstr(t, "\nfile\t"));
	assert_int_equal(strspn(r + 6, "0123456789abcdef"), 64);
	assert_null(strstr(t, "sql.md"));
	assert_null(strstr(t, "copy.md"));
}

/* Lines after the first, in byte order, each once. */
static void test_baseline__sorted_and_unique(void **state)
{
	fixture *fx = *state;
	char *copy = ad_xstrdup(fx->text.ptr), *line, *prev = NULL;
	size_t n = 0;
	ad_buf again = AD_BUF_INIT;

	for (line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
		if (n++ > 1)
			assert_true(strcmp(prev, line) < 0);
		prev = line;
	}
	assert_int_equal(n, 1 + 2 + 1 + 18);
	free(copy);
	assert_int_equal(ad_baseline_write(&again, fx->audit), 0);
	assert_string_equal(again.ptr, fx->text.ptr);
	ad_buf_dispose(&again);
}

static void test_baseline__same_audit_nothing_new(void **state)
{
	fixture *fx = *state;
	ad_baseline_diff d;

	diff_with(&d, fx->base, fx->audit);
	assert_int_equal(d.nnew, 0);
	assert_int_equal(d.nfound, 0);
	assert_null(d.found);
	assert_int_equal(d.nfixed, 0);
	assert_int_equal(d.nstale, 0);
	ad_baseline_diff_dispose(&d);
}

/* Against an empty baseline, everything is new: the check above is not
 * vacuous. The rules the two agents share are the detail of their
 * link. */
static void test_baseline__empty_baseline_all_new(void **state)
{
	fixture *fx = *state;
	static const char empty[] = "agentdup-baseline 1\n";
	ad_baseline *b = NULL;
	ad_baseline_diff d;
	const ad_finding *f;
	size_t i;

	assert_int_equal(ad_baseline_load(&b, empty, strlen(empty), NULL), 0);
	diff_with(&d, b, fx->audit);
	f = d.found;
	assert_int_equal(d.nnew, 1);
	assert_int_equal(d.nfound, 19);
	assert_int_equal(count_kind(f, d.nfound, AD_FINDING_LINK), 1);
	assert_int_equal(f[0].kind, AD_FINDING_LINK);
	assert_string_equal(f[0].path, "reviewer-fork.md");
	assert_string_equal(f[0].other, "reviewer.md");
	assert_int_equal(f[0].copy, 0);
	assert_int_equal(f[0].ndetail, 18);
	/* the detail by path, then line */
	for (i = 1; i < d.nfound; i++) {
		int c = strcmp(f[i - 1].path, f[i].path);

		assert_int_equal(f[i].kind, AD_FINDING_RULE);
		assert_int_equal(f[i].detail, 1);
		assert_int_equal(f[i].known, 0);
		assert_int_equal(f[i].nagents, 2);
		if (i > 1)
			assert_true(c < 0 ||
				    (c == 0 && f[i - 1].line < f[i].line));
	}
	ad_baseline_diff_dispose(&d);
	ad_baseline_free(b);
}

/* A copy is one finding: its link to the agent it copies, its rules the
 * detail; its link to the fork is the reviewer's, known. */
static void test_baseline__copied_agent(void **state)
{
	fixture *fx = *state;
	ad_audit *a = audit_with(fx, "more/reviewer-copy.md", reviewer);
	ad_baseline_diff d;
	const ad_finding *f;
	size_t i;

	diff_with(&d, fx->base, a);
	f = d.found;
	assert_int_equal(d.nnew, 1);
	assert_int_equal(d.nfound, 10);
	assert_int_equal(f[0].kind, AD_FINDING_LINK);
	assert_int_equal(f[0].copy, 1);
	assert_string_equal(f[0].path, "more/reviewer-copy.md");
	assert_string_equal(f[0].other, "reviewer.md");
	assert_true(f[0].score > 0.99);
	assert_int_equal(f[0].ndetail, 9);
	for (i = 1; i < d.nfound; i++) {
		assert_int_equal(f[i].kind, AD_FINDING_RULE);
		assert_int_equal(f[i].detail, 1);
		assert_string_equal(f[i].path, "more/reviewer-copy.md");
		assert_int_equal(f[i].known, 2);
		assert_int_equal(f[i].nagents, 3);
	}
	assert_string_equal(f[1].text,
			    "Read the whole diff before writing the first "
			    "comment.");
	assert_int_equal(d.nfixed, 0);
	assert_int_equal(d.nstale, 0);
	ad_baseline_diff_dispose(&d);
	ad_audit_free(a);
}

/* Renamed and moved, contents unchanged: nothing new, fixed or stale. */
static void test_baseline__renamed_nothing_new(void **state)
{
	fixture *fx = *state;
	char from[FX_PATH_MAX + 32], to[FX_PATH_MAX + 32];
	ad_baseline_diff d;
	ad_audit *a;

	snprintf(from, sizeof(from), "%s/reviewer-fork.md", fx->root);
	snprintf(to, sizeof(to), "%s/reviewer-2.md", fx->root);
	assert_int_equal(rename(from, to), 0);
	fx_write(fx->root, "team/reviewer.md", reviewer, strlen(reviewer));
	snprintf(from, sizeof(from), "%s/reviewer.md", fx->root);
	assert_int_equal(remove(from), 0);
	a = audit_of(fx->root);
	diff_with(&d, fx->base, a);
	assert_int_equal(d.nnew, 0);
	assert_int_equal(d.nfixed, 0);
	assert_int_equal(d.nstale, 0);
	ad_baseline_diff_dispose(&d);
	ad_audit_free(a);
}

/* The fork deleted: its link and the 18 rule records are fixed. */
static void test_baseline__deleted_fixed(void **state)
{
	fixture *fx = *state;
	char path[FX_PATH_MAX + 32];
	ad_baseline_diff d;
	ad_audit *a;

	snprintf(path, sizeof(path), "%s/reviewer-fork.md", fx->root);
	assert_int_equal(remove(path), 0);
	a = audit_of(fx->root);
	diff_with(&d, fx->base, a);
	assert_int_equal(d.nnew, 0);
	assert_int_equal(d.nstale, 0);
	assert_int_equal(d.nfixed, 19);
	assert_int_equal(d.fixed[0].kind, AD_FINDING_LINK);
	assert_string_equal(d.fixed[0].path, "reviewer-fork.md");
	assert_string_equal(d.fixed[0].other, "reviewer.md");
	assert_int_equal(d.fixed[1].kind, AD_FINDING_RULE);
	ad_baseline_diff_dispose(&d);
	ad_audit_free(a);
}

static void test_baseline__new_shared_rule(void **state)
{
	fixture *fx = *state;
	ad_audit *a;
	ad_baseline_diff d;
	const ad_finding *f;

	fx_write(fx->root, "sql.md", SQL_TEXT NEW_RULE,
		 strlen(SQL_TEXT NEW_RULE));
	a = audit_with(fx, "copy.md", COPY_TEXT NEW_RULE);
	diff_with(&d, fx->base, a);
	f = d.found;
	assert_int_equal(d.nnew, 2);
	assert_int_equal(d.nfound, 2);
	assert_int_equal(f[0].detail, 0);
	assert_string_equal(f[0].path, "copy.md");
	assert_string_equal(f[1].path, "sql.md");
	assert_int_equal(f[0].kind, AD_FINDING_RULE);
	assert_int_equal(f[1].kind, AD_FINDING_RULE);
	assert_int_equal(f[0].known, 0);
	assert_int_equal(f[1].known, 0);
	assert_int_equal(f[0].nagents, 2);
	assert_memory_equal(f[0].wording, f[1].wording, sizeof(f[0].wording));
	assert_int_equal(f[0].line, 11);
	assert_string_equal(f[0].text, "Mention the ticket number from the "
				       "issue tracker in your summary.");
	ad_baseline_diff_dispose(&d);
	ad_audit_free(a);
}

static void test_baseline__shifted_lines_nothing_new(void **state)
{
	fixture *fx = *state;
	char text[sizeof(reviewer) + 16];
	ad_audit *a;
	ad_baseline_diff d;
	uint32_t before = fx_doc(fx->audit, "reviewer.md");

	snprintf(text, sizeof(text), "%s\n\n\n\n%s", REVIEWER_HEAD,
		 reviewer_body);
	a = audit_with(fx, "reviewer.md", text);
	/* the rules did move */
	assert_int_equal(
		a->collection->docs[fx_doc(a, "reviewer.md")]->rules[0].line,
		fx->audit->collection->docs[before]->rules[0].line + 4);
	/* nothing new; the link and the reviewer's nine rule records are
	 * found by its path, and stale: its content changed */
	diff_with(&d, fx->base, a);
	assert_int_equal(d.nnew, 0);
	assert_int_equal(d.nfixed, 0);
	assert_int_equal(d.nstale, 10);
	assert_int_equal(d.stale[0].kind, AD_FINDING_LINK);
	assert_string_equal(d.stale[0].path, "reviewer.md");
	assert_string_equal(d.stale[0].other, "reviewer-fork.md");
	assert_string_equal(d.stale[1].path, "reviewer.md");
	ad_baseline_diff_dispose(&d);
	ad_audit_free(a);
}

/* One of two files with one content edited in place: it is still found,
 * by its path, so nothing is new; the link between the two is stale, the
 * rest is known through the file left as it was. */
static void test_baseline__one_of_two_copies_edited(void **state)
{
	fixture *fx = *state;
	char text[sizeof(reviewer) + 16];
	ad_audit *a = audit_with(fx, "more/reviewer-copy.md", reviewer);
	ad_baseline *b;
	ad_baseline_diff d;
	ad_buf base = AD_BUF_INIT;

	assert_int_equal(ad_baseline_write(&base, a), 0);
	ad_audit_free(a);
	b = load(&base);
	snprintf(text, sizeof(text), "%s\n\n%s", REVIEWER_HEAD,
		 reviewer_body);
	a = audit_with(fx, "more/reviewer-copy.md", text);
	diff_with(&d, b, a);
	assert_int_equal(d.nnew, 0);
	assert_int_equal(d.nfixed, 0);
	assert_int_equal(d.nstale, 1);
	assert_int_equal(d.stale[0].kind, AD_FINDING_LINK);
	ad_baseline_diff_dispose(&d);
	ad_baseline_free(b);
	ad_buf_dispose(&base);
	ad_audit_free(a);
}

static void expect_parse_error(const char *text, int line, const char *what)
{
	ad_error err = AD_ERROR_INIT;
	ad_baseline *b = (ad_baseline *)&err; /* must be reset to NULL */
	char want[32];

	assert_int_equal(ad_baseline_load(&b, text, strlen(text), &err),
			 AD_EPARSE);
	assert_null(b);
	assert_int_equal(err.code, AD_EPARSE);
	assert_int_equal(err.line, line);
	snprintf(want, sizeof(want), "line %d: ", line);
	assert_true(strncmp(err.msg, want, strlen(want)) == 0);
	assert_non_null(strstr(err.msg, what));
}

#define HEX64                                                           \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_baseline__malformed(void **state)
{
	(void)state;
	expect_parse_error("", 1, "not an agentdup baseline");
	expect_parse_error("rule\t0123456789abcdef\ta.md\n", 1,
			   "not an agentdup baseline");
	expect_parse_error("agentdup-baseline 4\n", 1, "version 4");
	expect_parse_error("agentdup-baseline 12\n", 1, "version 12");
	/* format 2 names wordings by 64 hex digits, format 1 by 16 */
	expect_parse_error("agentdup-baseline 2\n"
			   "rule\t0123456789abcdef\ta.md\n",
			   2, "64 hex digits");
	expect_parse_error("agentdup-baseline 1\n"
			   "rule\t0123456789abcdef\ta.md\n"
			   "rule\t0123\ta.md\n",
			   3, "expected");
	expect_parse_error("agentdup-baseline 1\n"
			   "link\ta.md\n",
			   2, "expected");
	expect_parse_error("agentdup-baseline 1\n\n"
			   "link\ta.md\tb\\x.md\n",
			   3, "expected");
	expect_parse_error("agentdup-baseline 1\n"
			   "rule\t0123456789abcdeg\ta.md\n",
			   2, "expected");
	expect_parse_error("agentdup-baseline 1\n"
			   "clone\ta.md\tb.md\n",
			   2, "expected");
	/* format 3 names agents by content key; file records are its own */
	expect_parse_error("agentdup-baseline 3\n"
			   "link\ta.md\tb.md\n",
			   2, "'link\\t<key>\\t<key>'");
	expect_parse_error("agentdup-baseline 3\n"
			   "file\t0123\ta.md\n",
			   2, "64 hex digits");
	expect_parse_error("agentdup-baseline 3\n"
			   "file\t" HEX64 "\n",
			   2, "expected");
	expect_parse_error("agentdup-baseline 2\n"
			   "file\t" HEX64 "\ta.md\n",
			   2, "expected");
}

/* Records in any order, repeated, with CRLF line ends, load as one. */
static void test_baseline__lenient_reading(void **state)
{
	static const char text[] = "agentdup-baseline 1\r\n"
				   "rule\tFFFFFFFFFFFFFFFF\tb.md\r\n"
				   "link\tb.md\ta.md\r\n"
				   "\r\n"
				   "rule\t0000000000000001\ta.md\r\n"
				   "link\ta.md\tb.md\r\n"
				   "rule\tffffffffffffffff\tb.md";
	ad_baseline *b = NULL;

	(void)state;
	assert_int_equal(ad_baseline_load(&b, text, strlen(text), NULL), 0);
	assert_int_equal(ad_baseline_nrules(b), 2);
	assert_int_equal(ad_baseline_nlinks(b), 1);
	ad_baseline_free(b);
}

/* A lone CR ends a record as LF and CR LF do (an editor that saves with
 * old Mac line ends), and the line numbers of errors count it. */
static void test_baseline__lone_cr_ends_a_record(void **state)
{
	static const char text[] = "agentdup-baseline 1\r"
				   "rule\tFFFFFFFFFFFFFFFF\tb.md\r\r"
				   "link\tb.md\ta.md\r\n"
				   "rule\t0000000000000001\ta.md\r";
	ad_baseline *b = NULL;

	(void)state;
	assert_int_equal(ad_baseline_load(&b, text, strlen(text), NULL), 0);
	assert_int_equal(ad_baseline_nrules(b), 2);
	assert_int_equal(ad_baseline_nlinks(b), 1);
	ad_baseline_free(b);
	expect_parse_error("agentdup-baseline 1\r\r"
			   "link\ta.md\r",
			   3, "expected");
}

/* Paths with a tab, a backslash and a newline survive a round trip. */
static void test_baseline__escaped_paths(void **state)
{
	static const char odd[] = "odd\tname\\dir/re\nviewer.md";
	const ad_text texts[] = {
		{odd, reviewer, sizeof(reviewer) - 1, NULL, 0, 0},
		{"plain.md", reviewer_fork, sizeof(reviewer_fork) - 1, NULL, 0,
		 0},
	};
	ad_audit *a = audit_texts(texts, 2);
	ad_buf text = AD_BUF_INIT;
	ad_baseline *b;
	ad_baseline_diff d;

	(void)state;
	assert_int_equal(ad_baseline_write(&text, a), 0);
	assert_non_null(strstr(text.ptr, "\todd\\tname\\\\dir/re\\nviewer"
					 ".md\n"));
	assert_null(strstr(text.ptr, "odd\tname"));
	b = load(&text);
	assert_int_equal(ad_baseline_nlinks(b), 1);
	assert_int_equal(ad_baseline_nrules(b), 18);
	diff_with(&d, b, a);
	assert_int_equal(d.nfound + d.nfixed + d.nstale, 0);
	ad_baseline_diff_dispose(&d);
	ad_baseline_free(b);
	ad_buf_dispose(&text);
	ad_audit_free(a);
}

/* A wording twice in one agent is one occurrence, found at its first
 * line; a second agent taking it is one more. */
static void test_baseline__repeated_wording_counts_once(void **state)
{
	static const char twice[] = REVIEWER_HEAD "\n" REVIEWER_RULES
		"\n## Again\n"
		"- Read the whole diff before writing the first comment.\n";
	const ad_text texts[] = {
		{"twice.md", twice, sizeof(twice) - 1, NULL, 0, 0},
		{"fork.md", reviewer_fork, sizeof(reviewer_fork) - 1, NULL, 0,
		 0},
	};
	static const char empty[] = "agentdup-baseline 1\n";
	ad_audit *a = audit_texts(texts, 2);
	ad_baseline *b = NULL;
	ad_buf text = AD_BUF_INIT;
	ad_baseline_diff d;
	const ad_finding *f;
	size_t n, i, read_diff = 0;

	(void)state;
	assert_int_equal(ad_baseline_write(&text, a), 0);
	b = load(&text);
	assert_int_equal(ad_baseline_nrules(b), 18);
	ad_baseline_free(b);
	assert_int_equal(ad_baseline_load(&b, empty, strlen(empty), NULL), 0);
	diff_with(&d, b, a);
	f = d.found;
	n = d.nfound;
	assert_int_equal(count_kind(f, n, AD_FINDING_RULE), 18);
	for (i = 0; i < n; i++) {
		if (f[i].kind != AD_FINDING_RULE ||
		    strcmp(f[i].text, "Read the whole diff before writing the "
				      "first comment.") != 0)
			continue;
		read_diff++;
		assert_int_equal(f[i].nagents, 2);
		if (strcmp(f[i].path, "twice.md") == 0)
			assert_int_equal(f[i].line, 7);
	}
	assert_int_equal(read_diff, 2);
	ad_baseline_diff_dispose(&d);
	ad_baseline_free(b);
	ad_buf_dispose(&text);
	ad_audit_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_baseline__records_what_is_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_baseline__sorted_and_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_baseline__same_audit_nothing_new, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_baseline__empty_baseline_all_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_baseline__copied_agent,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_baseline__renamed_nothing_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_baseline__deleted_fixed,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_baseline__new_shared_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_baseline__shifted_lines_nothing_new, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_baseline__one_of_two_copies_edited, setup,
			teardown),
		cmocka_unit_test(test_baseline__repeated_wording_counts_once),
		cmocka_unit_test(test_baseline__malformed),
		cmocka_unit_test(test_baseline__lenient_reading),
		cmocka_unit_test(test_baseline__lone_cr_ends_a_record),
		cmocka_unit_test(test_baseline__escaped_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
