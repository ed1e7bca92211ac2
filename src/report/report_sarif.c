/*
 * report_sarif.c - the audit as SARIF 2.1.0, for code-scanning services.
 *
 * A code-scanning service keeps an alert open across commits by its
 * partialFingerprints, so each result carries a key made of content only:
 * it must not change when a file gains a line at the top, nor when the
 * walk order or the vocabulary of the collection changes. A cluster is
 * its set of member paths (sorted, joined by '\n'); a rule group is the
 * stems of its centre wording (joined by ' '), which are what makes two
 * rules one wording. Term ids would not do: they number the stems of the
 * whole collection, so one new file renumbers them. The key is the first
 * 32 hex digits (128 bits) of that text's SHA-256 (hash.h).
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
#include "report/evidence.h"

#define SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define FINGERPRINT "agentdup/v1"

enum { RULE_CLUSTER = 0, RULE_GROUP = 1 };

static const char *const rule_ids[] = {"near-duplicate-agents",
				       "repeated-rule"};

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

static void driver(ad_json *w)
{
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
	driver_rule(w, rule_ids[RULE_CLUSTER],
		    "Agent definitions that are near-duplicates of one another");
	driver_rule(w, rule_ids[RULE_GROUP],
		    "A rule repeated, in the same or other words, across agents");
	ad_json_end(w);
	ad_json_end(w);
	ad_json_end(w);
}

/* A path as a relative URI reference: unreserved characters and '/' as
 * they are, every other byte percent-encoded (so UTF-8 stays UTF-8).
 * scratch holds it on the way. */
static void uri(ad_json *w, const char *path, ad_buf *scratch)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;

	ad_buf_clear(scratch);
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			ad_buf_putc(scratch, (char)*p);
		} else {
			ad_buf_putc(scratch, '%');
			ad_buf_putc(scratch, hex[*p >> 4]);
			ad_buf_putc(scratch, hex[*p & 15]);
		}
	}
	ad_json_string(w, scratch->ptr);
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

/* "message": {"text": ...} of a message composed in msg. */
static void message(ad_json *w, const ad_buf *msg)
{
	ad_json_key(w, "message");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "text");
	ad_json_string(w, msg->ptr);
	ad_json_end(w);
}

static void location(ad_json *w, const char *path, int line,
		     ad_buf *scratch)
{
	ad_json_key(w, "physicalLocation");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "artifactLocation");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "uri");
	uri(w, path, scratch);
	ad_json_end(w);
	ad_json_key(w, "region");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "startLine");
	ad_json_int(w, line > 0 ? line : 1);
	ad_json_end(w);
	ad_json_end(w);
}

/* What a result is written with: its message, then a scratch buffer. */
typedef struct texts {
	ad_buf msg, scratch;
} texts;

/* The head of a result, up to and with its first location, and the
 * opening of its related locations. */
static void result_head(ad_json *w, int rule, const char *level, texts *t,
			const char *path, int line)
{
	ad_json_object(w, AD_JSON_WRAP(10));
	ad_json_key(w, "ruleId");
	ad_json_string(w, rule_ids[rule]);
	ad_json_key(w, "ruleIndex");
	ad_json_int(w, rule);
	ad_json_key(w, "level");
	ad_json_string(w, level);
	ad_json_break(w);
	message(w, &t->msg);
	ad_json_break(w);
	ad_json_key(w, "locations");
	ad_json_array(w, AD_JSON_INLINE);
	ad_json_object(w, AD_JSON_INLINE);
	location(w, path, line, &t->scratch);
	ad_json_end(w);
	ad_json_end(w);
	ad_json_break(w);
	ad_json_key(w, "relatedLocations");
	ad_json_array(w, AD_JSON_RUN(12));
}

/* One related location; id counts from 1, as the primary is not one. */
static void related(ad_json *w, uint32_t id, const char *path, int line,
		    texts *t)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "id");
	ad_json_uint(w, id);
	location(w, path, line, &t->scratch);
	message(w, &t->msg);
	ad_json_end(w);
}

/* The fingerprint of a content key: 32 hex digits. */
static void fingerprint(char hex[AD_HASH_HEX + 1], const ad_buf *key)
{
	ad_hash_content(hex, key->ptr, key->len);
	hex[32] = '\0';
}

/* The end of the related locations, and the fingerprint of the content
 * key in t->msg. */
static void result_tail(ad_json *w, const texts *t)
{
	char hex[AD_HASH_HEX + 1];

	fingerprint(hex, &t->msg);
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

static void cluster(ad_json *w, const ad_audit *a, size_t i, texts *t)
{
	const ad_cluster *c = &a->clustering.clusters[i];
	const ad_cluster_plan *pl = &a->plan.clusters[i];
	const char *canon = ad_audit_doc(a, c->canonical)->path;
	ad_buf *msg = &t->msg;
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
	result_head(w, RULE_CLUSTER, "warning", t, canon, 1);
	for (k = 1; k < c->n; k++) {
		ad_buf_clear(msg);
		ad_buf_puts(msg, "variant");
		kind_text(msg, ad_audit_doc(a, c->members[k]));
		ad_buf_printf(msg, ", cosine %.4f", c->scores[k]);
		related(w, k, ad_audit_doc(a, c->members[k])->path, 1, t);
	}
	ad_buf_clear(msg);
	cluster_key(msg, a, c);
	result_tail(w, t);
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

static void group_related(ad_json *w, const ad_audit *a,
			  const ad_rule_group *g, texts *t)
{
	ad_buf *msg = &t->msg;
	uint32_t k, id = 0;

	for (k = 0; k < g->n; k++) {
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
		related(w, ++id, ad_audit_doc(a, ad_audit_rule_doc(a, r))->path,
			ad_audit_rule(a, r)->line, t);
	}
}

static void group(ad_json *w, const ad_audit *a, const ad_rule_group *g,
		  texts *t)
{
	const ad_rule *r = ad_audit_rule(a, g->center);
	ad_buf *msg = &t->msg;

	ad_buf_clear(msg);
	ad_buf_printf(msg, "%s in %u of %zu agents, %u wording%s: \"",
		      g->boilerplate ? "House-style rule" : "Rule repeated",
		      g->nagents, a->collection->ndocs, g->nwordings,
		      g->nwordings == 1 ? "" : "s");
	msg_text(msg, r->text);
	ad_buf_puts(msg, "\"");
	result_head(w, RULE_GROUP, g->boilerplate ? "note" : "warning", t,
		    ad_audit_doc(a, ad_audit_rule_doc(a, g->center))->path,
		    r->line);
	group_related(w, a, g, t);
	ad_buf_clear(msg);
	group_key(msg, a, g);
	result_tail(w, t);
}

/* Groups [0, nshared) are those carried by two agents or more. */
static size_t nshared(const ad_audit *a)
{
	size_t n = a->inventory.nshared;

	while (n && a->inventory.groups[n - 1].nagents < 2)
		n--;
	return n;
}

void ad_report_audit_sarif(ad_buf *out, const ad_audit *audit,
			   const ad_report_opts *opts)
{
	texts t = {AD_BUF_INIT, AD_BUF_INIT};
	ad_json w;
	size_t i, ng = nshared(audit);

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
	ad_json_key(&w, "results");
	ad_json_array(&w, AD_JSON_BLOCK(8, 6));
	for (i = 0; i < audit->clustering.n; i++)
		cluster(&w, audit, i, &t);
	for (i = 0; i < ng; i++)
		group(&w, audit, &audit->inventory.groups[i], &t);
	ad_json_end(&w);
	ad_json_end(&w);
	ad_json_end(&w);
	ad_json_end(&w);
	ad_buf_dispose(&t.msg);
	ad_buf_dispose(&t.scratch);
}
