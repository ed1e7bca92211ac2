/* Unit tests of number.c: counts grouped by thousands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "report/number.h"

static void test_number__groups(void **state)
{
	char s[AD_NUMBER_SIZE];

	(void)state;
	assert_string_equal(ad_number(s, 0), "0");
	assert_string_equal(ad_number(s, 7), "7");
	assert_string_equal(ad_number(s, 999), "999");
	assert_string_equal(ad_number(s, 1000), "1,000");
	assert_string_equal(ad_number(s, 12345), "12,345");
	assert_string_equal(ad_number(s, 100000), "100,000");
	assert_string_equal(ad_number(s, 1707472), "1,707,472");
	assert_string_equal(ad_number(s, UINT64_MAX),
			    "18,446,744,073,709,551,615");
	assert_int_equal(strlen(s) + 1, AD_NUMBER_SIZE);
}

/* Each AD_NUM() of one call has a buffer of its own. */
static void test_number__in_one_call(void **state)
{
	ad_buf b = AD_BUF_INIT;

	(void)state;
	ad_buf_printf(&b, "%s of %s", AD_NUM(30380), AD_NUM(1500));
	assert_string_equal(b.ptr, "30,380 of 1,500");
	ad_number_put(&b, 1234567);
	assert_string_equal(b.ptr, "30,380 of 1,5001,234,567");
	ad_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number__groups),
		cmocka_unit_test(test_number__in_one_call),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
