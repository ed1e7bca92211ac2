/* Unit tests of buf.c's number writers against printf. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf__fixed_is_printf_on_random_values),
		cmocka_unit_test(test_buf__fixed_is_printf_near_halves),
		cmocka_unit_test(test_buf__fixed_is_printf_at_the_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
