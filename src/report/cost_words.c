/*
 * cost_words.c - the sentences of token costs.
 */
#include "report/cost_words.h"

void ad_cost_words_group(ad_buf *out, const ad_cost *c)
{
	int one = c->agents == 1;

	ad_buf_printf(out, "%s other member%s load%s ", AD_COUNT(c->agents),
		      one ? "" : "s", one ? "s" : "");
	ad_buf_put_count(out, c->always);
	ad_buf_puts(out, " tokens in every conversation, and ");
	ad_buf_puts(out, one ? "its body " : "their bodies ");
	ad_buf_put_count(out, c->body);
	ad_buf_puts(out, " when invoked; keeping one saves them");
}

/* "6 agents: 456 tokens from every conversation and 12,345 of bodies". */
static void removed(ad_buf *out, const ad_cost *c, const char *what)
{
	ad_buf_printf(out, "%s agent%s%s: ", AD_COUNT(c->agents),
		      c->agents == 1 ? "" : "s", what);
	ad_buf_put_count(out, c->always);
	ad_buf_puts(out, " tokens from every conversation and ");
	ad_buf_put_count(out, c->body);
	ad_buf_puts(out, " of bodies");
}

void ad_cost_words_role(ad_buf *out, const ad_role_cost *c)
{
	ad_cost_words_group(out, &c->others);
	if (c->beyond.agents == c->others.agents)
		return;
	ad_buf_puts(out, "; beyond what its clusters save, ");
	removed(out, &c->beyond, "");
}

void ad_cost_words_total(ad_buf *out, const ad_costs *c)
{
	int one = c->all.agents == 1;

	ad_buf_printf(out, "%s agent%s load%s ", AD_COUNT(c->all.agents),
		      one ? "" : "s", one ? "s" : "");
	ad_buf_put_count(out, c->all.always);
	ad_buf_puts(out, " tokens in every conversation, and ");
	ad_buf_puts(out, one ? "its body " : "their bodies ");
	ad_buf_put_count(out, c->all.body);
	ad_buf_puts(out, " when invoked");
	if (c->saved.agents) {
		ad_buf_puts(out, "; keeping one agent per cluster removes ");
		removed(out, &c->saved, "");
	}
	if (!c->nroles)
		return;
	if (c->saved.agents) {
		ad_buf_puts(out, "; one per role group as well removes ");
		removed(out, &c->saved_with_roles,
			" in all, none counted twice");
	} else {
		ad_buf_puts(out, "; keeping one agent per role group removes ");
		removed(out, &c->saved_with_roles, "");
	}
}
