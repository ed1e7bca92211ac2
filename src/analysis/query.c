/*
 * query.c - nearest agents to one agent, by cosine.
 *
 * One dot product per agent of the collection: a query is one row of the
 * similarity matrix, so the join's index would cost more than it saves.
 * Scores are sorted with the agent index as the second key, so equal
 * scores come out in walk order and the ranking does not depend on the
 * sort's stability.
 */
#include "agentdup/query.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agentdup/buf.h"
#include "agentdup/escape.h"

static int by_score(const void *x, const void *y)
{
	const ad_neighbour *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->agent < b->agent ? -1 : a->agent > b->agent;
}

void ad_query_rank(ad_query *out, const ad_audit *audit, uint32_t query,
		   const ad_query_opts *opts)
{
	static const ad_query_opts defaults = AD_QUERY_OPTS_INIT;
	size_t i, n = 0;

	assert(query < audit->collection->ndocs);
	if (!opts)
		opts = &defaults;
	memset(out, 0, sizeof(*out));
	out->query = query;
	out->k = opts->k;
	out->min_score = opts->min_score;
	out->hits =
		ad_xmalloc((audit->collection->ndocs + 1) * sizeof(*out->hits));
	for (i = 0; i < audit->collection->ndocs; i++) {
		double s;

		if (i == query || i == opts->skip)
			continue;
		out->ncandidates++;
		s = ad_audit_agent_score(audit, query, (uint32_t)i);
		if (s > 0.0 && s >= opts->min_score) {
			out->hits[n].agent = (uint32_t)i;
			out->hits[n++].score = s;
		}
	}
	qsort(out->hits, n, sizeof(*out->hits), by_score);
	out->nhits = n < opts->k ? n : opts->k;
}

void ad_query_dispose(ad_query *q)
{
	free(q->hits);
	memset(q, 0, sizeof(*q));
}

/* Whether root/rel (or root itself, when root is the file named directly
 * and rel is as given) is the file with identity *id. */
static int is_file(const char *root, const char *rel, const struct stat *id)
{
	struct stat st;
	ad_buf p = AD_BUF_INIT;
	int same = 0;

	if (stat(root, &st) != 0)
		return 0;
	ad_buf_printf(&p, "%s%s", root,
		      root[strlen(root) - 1] == '/' ? "" : "/");
	if (S_ISDIR(st.st_mode)) {
		ad_unescape_path(&p, rel); /* rel as shown: its bytes again */
		same = stat(p.ptr, &st) == 0;
	} else {
		ad_buf_clear(&p);
		ad_unescape_path(&p, rel);
		same = strcmp(root, p.ptr) == 0;
	}
	same = same && st.st_dev == id->st_dev && st.st_ino == id->st_ino;
	ad_buf_dispose(&p);
	return same;
}

uint32_t ad_query_same_file(const ad_audit *audit, size_t ncollection,
			    const char *const *paths, size_t npaths,
			    const char *file)
{
	const ad_collection *c = audit->collection;
	struct stat id;
	size_t i, k, d = 0;

	if (stat(file, &id) != 0)
		return AD_QUERY_NONE;
	for (i = 0; d < ncollection && i < c->ninputs; i++) {
		const ad_input *in = &c->inputs[i];

		if (!in->doc)
			continue;
		if ((off_t)in->doc->len == id.st_size)
			for (k = 0; k < npaths; k++)
				if (is_file(paths[k], in->rel, &id))
					return (uint32_t)d;
		d++;
	}
	return AD_QUERY_NONE;
}
