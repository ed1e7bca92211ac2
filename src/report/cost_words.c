/*
 * cost_words.c - the sentences of token costs.
 */
#include "report/cost_words.h"

#include <stdio.h>

void ad_cost_words_number(ad_buf *out, uint64_t n)
{
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%llu",
			   (unsigned long long)n), i;

	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			ad_buf_putc(out, ',');
		ad_buf_putc(out, digits[i]);
	}
}

void ad_cost_words_group(ad_buf *out, const ad_cost *c)
{
	int one = c->agents == 1;

	ad_buf_printf(out, "%u other member%s load%s ", c->agents,
		      one ? "" : "s", one ? "s" : "");
	ad_cost_words_number(out, c->always);
	ad_buf_puts(out, " tokens in every conversation, and ");
	ad_buf_puts(out, one ? "its body " : "their bodies ");
	ad_cost_words_number(out, c->body);
	ad_buf_puts(out, " when invoked; keeping one saves them");
}

void ad_cost_words_total(ad_buf *out, const ad_costs *c)
{
	int one = c->all.agents == 1;

	ad_buf_printf(out, "%u agent%s load%s ", c->all.agents,
		      one ? "" : "s", one ? "s" : "");
	ad_cost_words_number(out, c->all.always);
	ad_buf_puts(out, " tokens in every conversation, and ");
	ad_buf_puts(out, one ? "its body " : "their bodies ");
	ad_cost_words_number(out, c->all.body);
	ad_buf_puts(out, " when invoked");
	if (!c->saved.agents)
		return;
	ad_buf_printf(out, "; keeping one agent per cluster removes %u "
			   "agent%s: ", c->saved.agents,
		      c->saved.agents == 1 ? "" : "s");
	ad_cost_words_number(out, c->saved.always);
	ad_buf_puts(out, " tokens from every conversation and ");
	ad_cost_words_number(out, c->saved.body);
	ad_buf_puts(out, " of bodies");
}
