/*
 * number.c - counts grouped by thousands.
 */
#include "report/number.h"

#include <stdio.h>

const char *ad_number(char out[AD_NUMBER_SIZE], uint64_t n)
{
	char digits[AD_NUMBER_SIZE];
	int len = snprintf(digits, sizeof(digits), "%llu",
			   (unsigned long long)n);
	int i, at = 0;

	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[at++] = ',';
		out[at++] = digits[i];
	}
	out[at] = '\0';
	return out;
}

void ad_number_put(ad_buf *out, uint64_t n)
{
	char s[AD_NUMBER_SIZE];

	ad_buf_puts(out, ad_number(s, n));
}
