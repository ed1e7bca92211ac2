/*
 * Unit tests of store_pack.c: counts packed and unpacked are the same
 * counts, large ids and counts included, in the bytes the format says;
 * bytes that are not such a value (cut short, a gap of 0, a number past
 * 64 bits, a count of terms the bytes cannot hold, bytes left over) fail
 * with AD_EPARSE and nothing allocated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "store/store_pack.h"

static void round_trip(const ad_store_count *c, size_t n)
{
	ad_buf b = AD_BUF_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_store_count *back = NULL;
	size_t m = 99;

	ad_store_pack_counts(&b, c, n);
	assert_int_equal(ad_store_unpack_counts(&back, &m, b.ptr, b.len, &err),
			 0);
	assert_int_equal(m, n);
	if (n)
		assert_memory_equal(back, c, n * sizeof(*c));
	else
		assert_null(back);
	free(back);
	ad_buf_dispose(&b);
}

static void test_store_pack__round_trip(void **state)
{
	static const ad_store_count few[] = {{1, 3}, {2, 1}, {130, 200},
					     {131, 0}};
	static const ad_store_count large[] = {
		{5, 1}, {(int64_t)1 << 40, 7}, {INT64_MAX, INT64_MAX}};

	(void)state;
	round_trip(NULL, 0);
	round_trip(few, 4);
	round_trip(large, 3);
}

/* The bytes: the number of terms, then gap and count, 7 bits a byte. */
static void test_store_pack__bytes(void **state)
{
	static const ad_store_count c[] = {{3, 1}, {200, 2}};
	static const unsigned char want[] = {2, 3, 1, 0xC5, 1, 2}; /* 197 */
	ad_buf b = AD_BUF_INIT;

	(void)state;
	ad_store_pack_counts(&b, c, 2);
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.ptr, want, sizeof(want));
	ad_buf_dispose(&b);
}

static void refused(const void *data, size_t len)
{
	ad_error err = AD_ERROR_INIT;
	ad_store_count *out = (ad_store_count *)&err;
	size_t n = 99;

	assert_int_equal(ad_store_unpack_counts(&out, &n, data, len, &err),
			 AD_EPARSE);
	assert_null(out);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.msg, "damaged"));
}

static void test_store_pack__damage_refused(void **state)
{
	static const unsigned char cut[] = {2, 3, 1, 5, 0x81};
	static const unsigned char zero_gap[] = {2, 3, 1, 0, 1};
	static const unsigned char left_over[] = {1, 3, 1, 9};
	static const unsigned char too_many[] = {100, 3, 1};
	static const unsigned char open_end[] = {1, 3, 0x83};
	static const unsigned char too_long[] = {
		1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
	static const unsigned char past_int64[] = {
		1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
	static const unsigned char term_past_int64[] = {
		2, 1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1};

	(void)state;
	refused("", 0);
	refused(cut, sizeof(cut));
	refused(zero_gap, sizeof(zero_gap));
	refused(left_over, sizeof(left_over));
	refused(too_many, sizeof(too_many));
	refused(open_end, sizeof(open_end));
	refused(too_long, sizeof(too_long));
	refused(past_int64, sizeof(past_int64));
	refused(term_past_int64, sizeof(term_past_int64));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_pack__round_trip),
		cmocka_unit_test(test_store_pack__bytes),
		cmocka_unit_test(test_store_pack__damage_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
