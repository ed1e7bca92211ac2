/* Unit tests of buf.c's number writers: against printf, and counts
 * grouped by thousands. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/buf.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A double in [0, 1). */
static double unit(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

static void same_as_printf(double v, int decimals)
{
	char want[512];
	ad_buf b = AD_BUF_INIT;

	snprintf(want, sizeof(want), "%.*f", decimals, v);
	ad_buf_put_fixed(&b, v, decimals);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("%.17g with %d decimals: %s, printf %s", v, decimals,
			 b.ptr, want);
	ad_buf_dispose(&b);
}

/* Scores, and numbers of every size, at every precision. */
static void test_buf__fixed_is_printf_on_random_values(void **state)
{
	static const double scales[] = {1e-6, 1e-3, 1.0, 10.0, 1e3, 1e5,
					1e7, 1e9, 1e12, 1e20};
	int d, i;
	size_t s;

	(void)state;
	for (d = 0; d <= 8; d++)
		for (s = 0; s < sizeof(scales) / sizeof(*scales); s++)
			for (i = 0; i < 5000; i++)
				same_as_printf(unit() * scales[s], d);
}

/* Halves and the values next to them, where rounding is decided by the
 * last bits: exact halves (0.125 at two decimals goes to even), and
 * decimal halves that binary cannot hold (0.00005, 0.12345). */
static void test_buf__fixed_is_printf_near_halves(void **state)
{
	int d, k, step;

	(void)state;
	for (d = 0; d <= 6; d++)
		for (k = 0; k < 5000; k++) {
			double half = ((double)k + 0.5) / pow(10.0, d), v = half;

			for (step = 0; step < 3; step++) {
				same_as_printf(v, d);
				same_as_printf(nextafter(half, 0.0), d);
				same_as_printf(nextafter(half, 1e9), d);
				v = nextafter(v, 1e9);
			}
		}
}

/* What the fast path leaves to printf: signs, zeros, the huge, the
 * not-a-number. */
static void test_buf__fixed_is_printf_at_the_edges(void **state)
{
	static const double v[] = {0.0,     -0.0,    -1.5,     -0.00004,
				   1e300,   DBL_MAX, DBL_MIN,  1073741823.9,
				   1073741824.0, 0.99995, 0.999949999, 1.0};
	size_t i;
	int d;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(*v); i++)
		for (d = 0; d <= 8; d++)
			same_as_printf(v[i], d);
	for (d = 0; d <= 8; d++) {
		same_as_printf(INFINITY, d);
		same_as_printf(-INFINITY, d);
		same_as_printf(NAN, d);
	}
}

static void test_buf__count_grouped(void **state)
{
	char s[AD_COUNT_SIZE];

	(void)state;
	assert_string_equal(ad_count(s, 0), "0");
	assert_string_equal(ad_count(s, 7), "7");
	assert_string_equal(ad_count(s, 999), "999");
	assert_string_equal(ad_count(s, 1000), "1,000");
	assert_string_equal(ad_count(s, 12345), "12,345");
	assert_string_equal(ad_count(s, 100000), "100,000");
	assert_string_equal(ad_count(s, 1707472), "1,707,472");
	assert_string_equal(ad_count(s, UINT64_MAX),
			    "18,446,744,073,709,551,615");
	assert_int_equal(strlen(s) + 1, AD_COUNT_SIZE);
}

/* Each AD_COUNT() of one call has a buffer of its own. */
static void test_buf__counts_in_one_call(void **state)
{
	ad_buf b = AD_BUF_INIT;

	(void)state;
	ad_buf_printf(&b, "%s of %s", AD_COUNT(30380), AD_COUNT(1500));
	assert_string_equal(b.ptr, "30,380 of 1,500");
	ad_buf_puts(&b, ", ");
	ad_buf_put_count(&b, 1234567);
	assert_string_equal(b.ptr, "30,380 of 1,500, 1,234,567");
	ad_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf__fixed_is_printf_on_random_values),
		cmocka_unit_test(test_buf__fixed_is_printf_near_halves),
		cmocka_unit_test(test_buf__fixed_is_printf_at_the_edges),
		cmocka_unit_test(test_buf__count_grouped),
		cmocka_unit_test(test_buf__counts_in_one_call),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
