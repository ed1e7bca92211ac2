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
 * whole collection, so one new file renumbers them. The key is the 64-bit
 * ad_hash_bytes() of that text, in hex.
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
#include "base/strtab.h"
#include "report/evidence.h"

#define SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define FINGERPRINT "agentdup/v1"

enum { RULE_CLUSTER = 0, RULE_GROUP = 1 };

static const char *const rule_ids[] = {"near-duplicate-agents",
				       "repeated-rule"};

static void driver(ad_buf *b)
{
	ad_buf_puts(b, "      \"tool\": {\"driver\": {\"name\": \"agentdup\", "
		       "\"version\": ");
	ad_escape_json(b, AD_VERSION);
	ad_buf_puts(b, ",\n        \"rules\": [\n"
		       "          {\"id\": \"near-duplicate-agents\", "
		       "\"shortDescription\": {\"text\": \"Agent definitions "
		       "that are near-duplicates of one another\"}, "
		       "\"defaultConfiguration\": {\"level\": \"warning\"}},\n"
		       "          {\"id\": \"repeated-rule\", "
		       "\"shortDescription\": {\"text\": \"A rule repeated, "
		       "in the same or other words, across agents\"}, "
		       "\"defaultConfiguration\": {\"level\": \"warning\"}}\n"
		       "        ]}},\n");
}

/* A path as a relative URI reference: unreserved characters and '/' as
 * they are, every other byte percent-encoded (so UTF-8 stays UTF-8). */
static void uri(ad_buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;

	ad_buf_putc(b, '"');
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			ad_buf_putc(b, (char)*p);
		} else {
			ad_buf_putc(b, '%');
			ad_buf_putc(b, hex[*p >> 4]);
			ad_buf_putc(b, hex[*p & 15]);
		}
	}
	ad_buf_putc(b, '"');
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
static void message(ad_buf *b, const ad_buf *msg)
{
	ad_buf_puts(b, "\"message\": {\"text\": ");
	ad_escape_json(b, msg->ptr);
	ad_buf_putc(b, '}');
}

static void location(ad_buf *b, const char *path, int line)
{
	ad_buf_puts(b, "\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
	uri(b, path);
	ad_buf_puts(b, "}, \"region\": {\"startLine\": ");
	ad_buf_put_int(b, line > 0 ? line : 1);
	ad_buf_puts(b, "}}");
}

/* The head of a result, up to and with its first location. */
static void result_head(ad_buf *b, int rule, const char *level,
			const ad_buf *msg, const char *path, int line)
{
	ad_buf_printf(b, "        {\"ruleId\": \"%s\", \"ruleIndex\": %d, "
		      "\"level\": \"%s\",\n          ",
		      rule_ids[rule], rule, level);
	message(b, msg);
	ad_buf_puts(b, ",\n          \"locations\": [{");
	location(b, path, line);
	ad_buf_puts(b, "}],\n          \"relatedLocations\": [");
}

/* One related location; id counts from 1, as the primary is not one. */
static void related(ad_buf *b, uint32_t id, const char *path, int line,
		    const ad_buf *msg)
{
	ad_buf_printf(b, "%s\n            {\"id\": %u, ", id > 1 ? "," : "", id);
	location(b, path, line);
	ad_buf_puts(b, ", ");
	message(b, msg);
	ad_buf_putc(b, '}');
}

static void result_tail(ad_buf *b, const ad_buf *key, int last)
{
	ad_buf_printf(b, "],\n          \"partialFingerprints\": "
		      "{\"" FINGERPRINT "\": \"%016llx\"}}%s\n",
		      (unsigned long long)ad_hash_bytes(key->ptr, key->len),
		      last ? "" : ",");
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

static void cluster(ad_buf *b, const ad_audit *a, size_t i, int last,
		    ad_buf *msg)
{
	const ad_cluster *c = &a->clustering.clusters[i];
	const ad_cluster_plan *pl = &a->plan.clusters[i];
	const char *canon = ad_audit_doc(a, c->canonical)->path;
	uint32_t k;

	ad_buf_clear(msg);
	msg_text(msg, canon);
	ad_buf_printf(msg, " and %u other agent%s are near-duplicates: ",
		      c->n - 1, c->n == 2 ? "" : "s");
	msg_text(msg, pl->reason);
	ad_buf_puts(msg, ". Keep ");
	msg_text(msg, canon);
	ad_buf_puts(msg, ": ");
	msg_text(msg, pl->why);
	ad_buf_puts(msg, ".");
	result_head(b, RULE_CLUSTER, "warning", msg, canon, 1);
	for (k = 1; k < c->n; k++) {
		ad_buf_clear(msg);
		ad_buf_printf(msg, "variant, cosine %.4f", c->scores[k]);
		related(b, k, ad_audit_doc(a, c->members[k])->path, 1, msg);
	}
	ad_buf_clear(msg);
	cluster_key(msg, a, c);
	result_tail(b, msg, last);
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

static void group_related(ad_buf *b, const ad_audit *a,
			  const ad_rule_group *g, ad_buf *msg)
{
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
		related(b, ++id, ad_audit_doc(a, ad_audit_rule_doc(a, r))->path,
			ad_audit_rule(a, r)->line, msg);
	}
}

static void group(ad_buf *b, const ad_audit *a, const ad_rule_group *g,
		  int last, ad_buf *msg)
{
	const ad_rule *r = ad_audit_rule(a, g->center);

	ad_buf_clear(msg);
	ad_buf_printf(msg, "%s in %u of %zu agents, %u wording%s: \"",
		      g->boilerplate ? "House-style rule" : "Rule repeated",
		      g->nagents, a->collection->ndocs, g->nwordings,
		      g->nwordings == 1 ? "" : "s");
	msg_text(msg, r->text);
	ad_buf_puts(msg, "\"");
	result_head(b, RULE_GROUP, g->boilerplate ? "note" : "warning", msg,
		    ad_audit_doc(a, ad_audit_rule_doc(a, g->center))->path,
		    r->line);
	group_related(b, a, g, msg);
	ad_buf_clear(msg);
	group_key(msg, a, g);
	result_tail(b, msg, last);
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
	ad_buf msg = AD_BUF_INIT;
	size_t i, nc = audit->clustering.n, ng = nshared(audit);

	(void)opts;
	ad_buf_puts(out, "{\n  \"$schema\": \"" SCHEMA "\",\n"
			 "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n");
	driver(out);
	ad_buf_puts(out, "      \"results\": [\n");
	for (i = 0; i < nc; i++)
		cluster(out, audit, i, i + 1 == nc && !ng, &msg);
	for (i = 0; i < ng; i++)
		group(out, audit, &audit->inventory.groups[i], i + 1 == ng,
		      &msg);
	ad_buf_puts(out, "      ]\n    }\n  ]\n}\n");
	ad_buf_dispose(&msg);
}
