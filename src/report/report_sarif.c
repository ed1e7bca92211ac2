/*
 * report_sarif.c - the audit as SARIF 2.1.0, for code-scanning services.
 *
 * A code-scanning service places a result by its artifact's URI within
 * the repository, so every URI is relative to one root folder, named by
 * uriBaseId "%SRCROOT%" and given whole in the run's
 * originalUriBaseIds. A doc's file is found as its input was: the PATH
 * it was found under (ad_input.root) made absolute, joined to its path
 * below that PATH; never the path as printed, whose form is the
 * report's. The URIs are made once a doc, before any result.
 *
 * A code-scanning service keeps an alert open across commits by its
 * partialFingerprints, so each result carries a key made of content only:
 * it must not change when a file gains a line at the top, nor when the
 * walk order or the vocabulary of the collection changes. A cluster is
 * its set of member paths (sorted, joined by '\n'); a rule group is the
 * stems of its centre wording (joined by ' '), which are what makes two
 * rules one wording; a name collision is the name. Term ids would not
 * do: they number the stems of the whole collection, so one new file
 * renumbers them. The key is the first 32 hex digits (128 bits) of that
 * text's SHA-256 (hash.h).
 *
 * Three escapings apply. URIs are percent-encoded (a path may hold
 * spaces, '#' or '?'). Message text is plain text in which SARIF viewers
 * read "[text](target)" as a link, so document text in a message is first
 * made one line (ad_escape_line()), then its brackets and backslashes are
 * escaped as SARIF 3.11.6 asks. Every string then goes through
 * ad_escape_json().
 */
#include "agentdup/report.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/escape.h"
#include "agentdup/hash.h"
#include "base/json.h"
#include "base/path.h"

#define SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define FINGERPRINT "agentdup/v1"
#define SRCROOT "%SRCROOT%"

/* Rules by index in the driver; bit 1 << index in AD_SARIF_*. */
enum { RULE_CLUSTER = 0, RULE_GROUP = 1, RULE_NAME = 2, NRULES = 3 };

static const char *const rule_ids[NRULES] = {
	"near-duplicate-agents", "repeated-rule", "name-collision"};

static const char *const rule_texts[NRULES] = {
	"Agent definitions that are near-duplicates of one another",
	"A rule repeated, in the same or other words, across agents",
	"Agents that go by one name but are not variants of one agent"};

unsigned ad_report_sarif_kind(const char *name, size_t len)
{
	size_t i;

	if (len == 3 && memcmp(name, "all", 3) == 0)
		return AD_SARIF_ALL;
	for (i = 0; i < NRULES; i++)
		if (strlen(rule_ids[i]) == len &&
		    memcmp(name, rule_ids[i], len) == 0)
			return 1u << i;
	return 0;
}

const char *ad_report_sarif_kind_name(size_t i)
{
	return i < NRULES ? rule_ids[i] : NULL;
}

int ad_report_sarif_root(ad_buf *out, const char *dir, const char *path,
			 ad_error *err)
{
	ad_buf abs = AD_BUF_INIT;
	int is_dir, rc = 0;

	if (dir) {
		if (ad_path_absolute(out, dir, &is_dir) || !is_dir)
			rc = ad_error_setat(err, AD_EIO, dir, 0, 0,
					    "not a folder");
		return rc;
	}
	ad_path_absolute(&abs, path ? path : ".", NULL);
	if (!path || !ad_path_worktree(out, abs.ptr))
		ad_path_absolute(out, ".", NULL);
	ad_buf_dispose(&abs);
	return 0;
}

/* What a result is written with: its message, then a scratch buffer. */
typedef struct texts {
	ad_buf msg, scratch;
} texts;

/* The writer's state: per doc, its URI (percent-encoded) and whether it
 * is relative to the root. */
typedef struct sarif {
	ad_json *w;
	const ad_audit *a;
	texts t;
	char **uris;
	unsigned char *based;
} sarif;

/* A rule of the driver: its id, description and level. */
static void driver_rule(ad_json *w, const char *id, const char *text)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "id");
	ad_json_string(w, id);
	ad_json_key(w, "shortDescription");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "text");
	ad_json_string(w, text);
	ad_json_end(w);
	ad_json_key(w, "defaultConfiguration");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "level");
	ad_json_string(w, "warning");
	ad_json_end(w);
	ad_json_end(w);
}

/* Every rule, whatever the kinds written, so that indices stay put. */
static void driver(ad_json *w)
{
	size_t i;

	ad_json_key(w, "tool");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "driver");
	ad_json_object(w, AD_JSON_WRAP(8));
	ad_json_key(w, "name");
	ad_json_string(w, "agentdup");
	ad_json_key(w, "version");
	ad_json_string(w, AD_VERSION);
	ad_json_break(w);
	ad_json_key(w, "rules");
	ad_json_array(w, AD_JSON_BLOCK(10, 8));
	for (i = 0; i < NRULES; i++)
		driver_rule(w, rule_ids[i], rule_texts[i]);
	ad_json_end(w);
	ad_json_end(w);
	ad_json_end(w);
}

/* A path as a URI path: the characters RFC 3986 allows in a path
 * segment (unreserved, sub-delims, '@') and '/' as they are, every other
 * byte percent-encoded (so UTF-8 stays UTF-8). ':' is encoded too: in
 * the first segment of a relative reference it would read as a scheme. */
static void uri_path(ad_buf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;

	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/!$&'()*+,;=@", *p)) {
			ad_buf_putc(out, (char)*p);
		} else {
			ad_buf_putc(out, '%');
			ad_buf_putc(out, hex[*p >> 4]);
			ad_buf_putc(out, hex[*p & 15]);
		}
	}
}

/* The absolute path abs as a file:// URI. */
static void file_uri(ad_buf *out, const char *abs)
{
	ad_buf_puts(out, "file://");
	uri_path(out, abs);
}

/* The URI of the file of input in: relative to root when below it. */
static char *input_uri(const ad_input *in, const char *base, int base_dir,
		       const char *root, unsigned char *based)
{
	ad_buf file = AD_BUF_INIT, u = AD_BUF_INIT;
	const char *below;

	if (!in->root) { /* a text: its path is the caller's name for it */
		*based = 1;
		ad_unescape_path(&file, in->path);
		uri_path(&u, file.ptr);
		ad_buf_dispose(&file);
		return ad_buf_detach(&u);
	}
	ad_buf_puts(&file, base);
	if (base_dir) { /* a file named directly is its PATH */
		if (file.len && file.ptr[file.len - 1] != '/')
			ad_buf_putc(&file, '/');
		ad_unescape_path(&file, in->rel); /* its bytes, not as shown */
	}
	below = ad_path_below(file.ptr, root);
	*based = below != NULL;
	if (below)
		uri_path(&u, below);
	else
		file_uri(&u, file.ptr);
	ad_buf_dispose(&file);
	return ad_buf_detach(&u);
}

/* Each doc's URI; the docs are the inputs that have one, in order. A
 * PATH is made absolute once, as the walk's files come PATH by PATH. */
static void doc_uris(sarif *s, const char *root)
{
	const ad_collection *c = s->a->collection;
	ad_buf base = AD_BUF_INIT;
	const char *last = NULL;
	int base_dir = 0;
	size_t i, k = 0;

	s->uris = ad_xcalloc(c->ndocs + 1, sizeof(*s->uris));
	s->based = ad_xcalloc(c->ndocs + 1, 1);
	for (i = 0; i < c->ninputs && k < c->ndocs; i++) {
		const ad_input *in = &c->inputs[i];

		if (!in->doc || in->doc != c->docs[k])
			continue;
		if (in->root && in->root != last)
			ad_path_absolute(&base, last = in->root, &base_dir);
		s->uris[k] = input_uri(in, base.ptr, base_dir, root,
				       &s->based[k]);
		k++;
	}
	for (; k < c->ndocs; k++) { /* none: every doc has its input */
		s->uris[k] = ad_xcalloc(1, 1);
		s->based[k] = 1;
	}
	ad_buf_dispose(&base);
}

/* The root: the one given, or the default for the first input's PATH. */
static void find_root(ad_buf *out, const ad_audit *a, const char *given)
{
	const ad_collection *c = a->collection;
	const char *path = NULL;
	size_t i;

	if (given) {
		ad_buf_puts(out, given);
		return;
	}
	for (i = 0; i < c->ninputs && !path; i++)
		path = c->inputs[i].root;
	ad_report_sarif_root(out, NULL, path, NULL);
}

/* "originalUriBaseIds": %SRCROOT% as a file:// URI ending in '/'. */
static void base_ids(ad_json *w, const char *root, ad_buf *scratch)
{
	ad_buf_clear(scratch);
	file_uri(scratch, root);
	if (scratch->ptr[scratch->len - 1] != '/')
		ad_buf_putc(scratch, '/');
	ad_json_key(w, "originalUriBaseIds");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, SRCROOT);
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "uri");
	ad_json_string(w, scratch->ptr);
	ad_json_end(w);
	ad_json_end(w);
}

/* Document text for a message: one line, brackets and backslashes
 * escaped, so it cannot become an embedded link. */
static void msg_text(ad_buf *b, const char *s)
{
	ad_buf line = AD_BUF_INIT;
	size_t k;

	ad_escape_line(&line, s);
	for (k = 0; k < line.len; k++) {
		if (line.ptr[k] == '\\' || line.ptr[k] == '[' ||
		    line.ptr[k] == ']')
			ad_buf_putc(b, '\\');
		ad_buf_putc(b, line.ptr[k]);
	}
	ad_buf_dispose(&line);
}

/* " The first 20 of 54 other places are listed; 34 more are not." when
 * more than the cap. */
static void cap_text(ad_buf *msg, uint32_t others, const char *what)
{
	if (others <= AD_LIMIT_SARIF_RELATED)
		return;
	ad_buf_printf(msg, " The first %u of %u other %s are listed; %u "
		      "more %s not.", AD_LIMIT_SARIF_RELATED, others, what,
		      others - AD_LIMIT_SARIF_RELATED,
		      others - AD_LIMIT_SARIF_RELATED == 1 ? "is" : "are");
}

/* "message": {"text": ...} of a message composed in msg. */
static void message(ad_json *w, const ad_buf *msg)
{
	ad_json_key(w, "message");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "text");
	ad_json_string(w, msg->ptr);
	ad_json_end(w);
}

static void location(sarif *s, uint32_t doc, int line)
{
	ad_json *w = s->w;

	ad_json_key(w, "physicalLocation");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "artifactLocation");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "uri");
	ad_json_string(w, s->uris[doc]);
	if (s->based[doc]) {
		ad_json_key(w, "uriBaseId");
		ad_json_string(w, SRCROOT);
	}
	ad_json_end(w);
	ad_json_key(w, "region");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "startLine");
	ad_json_int(w, line > 0 ? line : 1);
	ad_json_end(w);
	ad_json_end(w);
}

/* The head of a result, up to and with its first location (doc at
 * line), and the opening of its related locations. */
static void result_head(sarif *s, int rule, const char *level,
			uint32_t doc, int line)
{
	ad_json *w = s->w;

	ad_json_object(w, AD_JSON_WRAP(10));
	ad_json_key(w, "ruleId");
	ad_json_string(w, rule_ids[rule]);
	ad_json_key(w, "ruleIndex");
	ad_json_int(w, rule);
	ad_json_key(w, "level");
	ad_json_string(w, level);
	ad_json_break(w);
	message(w, &s->t.msg);
	ad_json_break(w);
	ad_json_key(w, "locations");
	ad_json_array(w, AD_JSON_INLINE);
	ad_json_object(w, AD_JSON_INLINE);
	location(s, doc, line);
	ad_json_end(w);
	ad_json_end(w);
	ad_json_break(w);
	ad_json_key(w, "relatedLocations");
	ad_json_array(w, AD_JSON_RUN(12));
}

/* Related location id (from 1, as the primary is not one): doc at line,
 * with the message in s->t.msg; nothing past the cap. */
static void related(sarif *s, uint32_t id, uint32_t doc, int line)
{
	ad_json *w = s->w;

	if (id > AD_LIMIT_SARIF_RELATED)
		return;
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "id");
	ad_json_uint(w, id);
	location(s, doc, line);
	message(w, &s->t.msg);
	ad_json_end(w);
}

/* The fingerprint of a content key: 32 hex digits. */
static void fingerprint(char hex[AD_HASH_HEX + 1], const ad_buf *key)
{
	ad_hash_content(hex, key->ptr, key->len);
	hex[32] = '\0';
}

/* The end of the related locations, and the fingerprint of the content
 * key in s->t.msg. */
static void result_tail(sarif *s)
{
	ad_json *w = s->w;
	char hex[AD_HASH_HEX + 1];

	fingerprint(hex, &s->t.msg);
	ad_json_end(w);
	ad_json_break(w);
	ad_json_key(w, "partialFingerprints");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, FINGERPRINT);
	ad_json_string(w, hex);
	ad_json_end(w);
	ad_json_end(w);
}

static int by_string(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The content key of a cluster: its member paths, sorted. */
static void cluster_key(ad_buf *key, const ad_audit *a, const ad_cluster *c)
{
	const char **paths = ad_xmalloc(c->n * sizeof(*paths));
	uint32_t k;

	for (k = 0; k < c->n; k++)
		paths[k] = ad_audit_doc(a, c->members[k])->path;
	qsort(paths, c->n, sizeof(*paths), by_string);
	for (k = 0; k < c->n; k++) {
		if (k)
			ad_buf_putc(key, '\n');
		ad_buf_puts(key, paths[k]);
	}
	free(paths);
}

/* " (skill)" for a file that is not an agent. */
static void kind_text(ad_buf *msg, const ad_doc *d)
{
	if (d->kind != AD_KIND_AGENT)
		ad_buf_printf(msg, " (%s)", ad_doc_kind_name(d->kind));
}

static void cluster(sarif *s, size_t i)
{
	const ad_audit *a = s->a;
	const ad_cluster *c = &a->clustering.clusters[i];
	const ad_cluster_plan *pl = &a->plan.clusters[i];
	const char *canon = ad_audit_doc(a, c->canonical)->path;
	ad_buf *msg = &s->t.msg;
	uint32_t k;

	ad_buf_clear(msg);
	msg_text(msg, canon);
	kind_text(msg, ad_audit_doc(a, c->canonical));
	ad_buf_printf(msg, " and %u other agent%s are near-duplicates: ",
		      c->n - 1, c->n == 2 ? "" : "s");
	msg_text(msg, pl->reason);
	ad_buf_puts(msg, ". Keep ");
	msg_text(msg, canon);
	ad_buf_puts(msg, ": ");
	msg_text(msg, pl->why);
	ad_buf_puts(msg, ".");
	cap_text(msg, c->n - 1, "agents");
	result_head(s, RULE_CLUSTER, "warning", c->canonical, 1);
	for (k = 1; k < c->n && k <= AD_LIMIT_SARIF_RELATED; k++) {
		ad_buf_clear(msg);
		ad_buf_puts(msg, "variant");
		kind_text(msg, ad_audit_doc(a, c->members[k]));
		ad_buf_printf(msg, ", cosine %.4f", c->scores[k]);
		related(s, k, c->members[k], 1);
	}
	ad_buf_clear(msg);
	cluster_key(msg, a, c);
	result_tail(s);
}

/* The content key of a rule group: the stems of its centre wording; the
 * text when it has no terms (all stopwords), as such rules are grouped
 * only with their own wording. */
static void group_key(ad_buf *key, const ad_audit *a, const ad_rule_group *g)
{
	const ad_rule *r = ad_audit_rule(a, g->center);
	uint32_t k;

	if (!r->nterms) {
		ad_buf_puts(key, r->text);
		return;
	}
	for (k = 0; k < r->nterms; k++) {
		if (k)
			ad_buf_putc(key, ' ');
		ad_buf_puts(key,
			    ad_collection_stem(a->collection, r->terms[k]));
	}
}

static void group_related(sarif *s, const ad_rule_group *g)
{
	const ad_audit *a = s->a;
	ad_buf *msg = &s->t.msg;
	uint32_t k, id = 0;

	for (k = 0; k < g->n && id < AD_LIMIT_SARIF_RELATED; k++) {
		uint32_t r = a->inventory.members[g->first + k];

		if (r == g->center)
			continue;
		ad_buf_clear(msg);
		if (ad_audit_rule_form(a, r) ==
		    ad_audit_rule_form(a, g->center)) {
			ad_buf_puts(msg, "the same wording");
		} else {
			ad_buf_puts(msg, "in other words: ");
			msg_text(msg, ad_audit_rule(a, r)->text);
		}
		related(s, ++id, ad_audit_rule_doc(a, r),
			ad_audit_rule(a, r)->line);
	}
}

static void group(sarif *s, const ad_rule_group *g)
{
	const ad_audit *a = s->a;
	const ad_rule *r = ad_audit_rule(a, g->center);
	ad_buf *msg = &s->t.msg;

	ad_buf_clear(msg);
	ad_buf_printf(msg, "%s in %u of %zu agents, %u wording%s: \"",
		      g->boilerplate ? "House-style rule" : "Rule repeated",
		      g->nagents, a->collection->ndocs, g->nwordings,
		      g->nwordings == 1 ? "" : "s");
	msg_text(msg, r->text);
	ad_buf_puts(msg, "\".");
	cap_text(msg, g->n - 1, "places");
	result_head(s, RULE_GROUP, g->boilerplate ? "note" : "warning",
		    ad_audit_rule_doc(a, g->center), r->line);
	group_related(s, g);
	ad_buf_clear(msg);
	group_key(msg, a, g);
	result_tail(s);
}

/* Groups [0, nshared) are those carried by two agents or more. */
static size_t nshared(const ad_audit *a)
{
	size_t n = a->inventory.nshared;

	while (n && a->inventory.groups[n - 1].nagents < 2)
		n--;
	return n;
}

/* ---- name collisions: one result a name ---- */

/* An agent of a name collision, keyed by the name it goes by. */
typedef struct named {
	const char *name;
	uint32_t doc;
} named;

static int by_name(const void *x, const void *y)
{
	const named *p = x, *q = y;
	int c = strcmp(p->name, q->name);

	return c ? c : (p->doc > q->doc) - (p->doc < q->doc);
}

/* The agents of every name collision, by name then walk order, each
 * once; returns their number, *out malloc'd. */
static size_t named_agents(named **out, const ad_audit *a)
{
	const ad_collisions *cs = &a->collisions;
	named *v = ad_xmalloc((2 * cs->n + 1) * sizeof(*v));
	size_t i, n = 0, m = 0;

	for (i = 0; i < cs->n; i++) {
		const ad_collision *c = &cs->list[i];

		if (c->kind != AD_COLLIDE_NAME)
			continue;
		v[n].name = ad_audit_doc(a, c->a)->identity;
		v[n++].doc = c->a;
		v[n].name = ad_audit_doc(a, c->b)->identity;
		v[n++].doc = c->b;
	}
	qsort(v, n, sizeof(*v), by_name);
	for (i = 0; i < n; i++)
		if (!m || v[i].doc != v[m - 1].doc)
			v[m++] = v[i];
	*out = v;
	return m;
}

/* The result of the n agents in v, who share one name: the first
 * found, the others related. */
static void name_result(sarif *s, const named *v, size_t n)
{
	const ad_audit *a = s->a;
	const ad_doc *first = ad_audit_doc(a, v[0].doc);
	ad_buf *msg = &s->t.msg;
	size_t k;

	ad_buf_clear(msg);
	ad_buf_puts(msg, "The name '");
	msg_text(msg, v[0].name);
	ad_buf_printf(msg, "' is taken by %zu agents that are not all "
		      "variants of one: ", n);
	msg_text(msg, first->path);
	ad_buf_printf(msg, " and %zu other%s.", n - 1, n == 2 ? "" : "s");
	cap_text(msg, (uint32_t)(n - 1), "agents");
	result_head(s, RULE_NAME, "warning", v[0].doc, 1);
	for (k = 1; k < n; k++) {
		ad_buf_clear(msg);
		ad_buf_puts(msg, "also named '");
		msg_text(msg, v[0].name);
		ad_buf_printf(msg, "', body cosine %.4f",
			      ad_audit_agent_score(a, v[0].doc, v[k].doc));
		related(s, (uint32_t)k, v[k].doc, 1);
	}
	ad_buf_clear(msg);
	ad_buf_puts(msg, v[0].name);
	result_tail(s);
}

static void names(sarif *s)
{
	named *v;
	size_t i, j, n = named_agents(&v, s->a);

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(v[j].name, v[i].name) == 0; j++)
			;
		if (j - i > 1)
			name_result(s, v + i, j - i);
	}
	free(v);
}

/* The results of the kinds asked for. */
static void results(sarif *s, unsigned kinds)
{
	const ad_audit *a = s->a;
	size_t i, ng = nshared(a);

	if (kinds & AD_SARIF_CLUSTERS)
		for (i = 0; i < a->clustering.n; i++)
			cluster(s, i);
	if (kinds & AD_SARIF_NAMES)
		names(s);
	if (kinds & AD_SARIF_RULES)
		for (i = 0; i < ng; i++)
			group(s, &a->inventory.groups[i]);
}

static void dispose(sarif *s)
{
	size_t k;

	for (k = 0; k < s->a->collection->ndocs; k++)
		free(s->uris[k]);
	free(s->uris);
	free(s->based);
	ad_buf_dispose(&s->t.msg);
	ad_buf_dispose(&s->t.scratch);
}

void ad_report_audit_sarif(ad_buf *out, const ad_audit *audit,
			   const ad_report_opts *opts)
{
	sarif s = {NULL, audit, {AD_BUF_INIT, AD_BUF_INIT}, NULL, NULL};
	ad_buf root = AD_BUF_INIT;
	ad_json w;
	unsigned kinds = opts && opts->sarif_kinds ? opts->sarif_kinds
						   : AD_SARIF_DEFAULT;

	find_root(&root, audit, opts ? opts->sarif_root : NULL);
	s.w = &w;
	doc_uris(&s, root.ptr);
	ad_json_init(&w, out);
	if (opts && opts->sink)
		ad_json_stream(&w, opts->sink, opts->sink_ctx);
	ad_json_object(&w, AD_JSON_BLOCK(2, 0));
	ad_json_key(&w, "$schema");
	ad_json_string(&w, SCHEMA);
	ad_json_key(&w, "version");
	ad_json_string(&w, "2.1.0");
	ad_json_key(&w, "runs");
	ad_json_array(&w, AD_JSON_BLOCK(4, 2));
	ad_json_object(&w, AD_JSON_BLOCK(6, 4));
	driver(&w);
	base_ids(&w, root.ptr, &s.t.scratch);
	ad_json_key(&w, "results");
	ad_json_array(&w, AD_JSON_BLOCK(8, 6));
	results(&s, kinds);
	ad_json_end(&w);
	ad_json_end(&w);
	ad_json_end(&w);
	ad_json_end(&w);
	dispose(&s);
	ad_buf_dispose(&root);
}
