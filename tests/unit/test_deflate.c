/*
 * Unit tests of deflate.c: what it writes is a zlib stream that zlib
 * reads back to the input, the same bytes every time, smaller than a
 * repetitive input, and appended after what the buffer holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/deflate.h"

/* in[0..len), deflated at level and inflated again. */
static void round_trip(const char *in, size_t len, int level)
{
	ad_buf b = AD_BUF_INIT;
	uLongf back = (uLongf)len + 1;
	unsigned char *out = malloc(len + 1);

	assert_non_null(out);
	ad_deflate(&b, in, len, level);
	/* RFC 1950: CMF 0x78 (deflate, 32 KB window), a header check */
	assert_int_equal((unsigned char)b.ptr[0], 0x78);
	assert_int_equal(((unsigned char)b.ptr[0] * 256 +
			  (unsigned char)b.ptr[1]) % 31, 0);
	assert_int_equal(uncompress(out, &back, (const Bytef *)b.ptr,
				    (uLong)b.len),
			 Z_OK);
	assert_int_equal(back, len);
	assert_memory_equal(out, in, len);
	free(out);
	ad_buf_dispose(&b);
}

static void test_deflate__round_trip(void **state)
{
	char big[100000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(big); i++)
		big[i] = "abcdefgh"[(i * 7 + i / 13) % 8];
	round_trip("", 0, 9);
	round_trip("x", 1, 9);
	round_trip("hello, hello, hello", 19, 6);
	round_trip(big, sizeof(big), 9);
	round_trip(big, sizeof(big), 0);
}

static void test_deflate__same_bytes_and_smaller(void **state)
{
	static const char text[] = "every agent, every rule, every agent, "
				    "every rule, every agent, every rule";
	ad_buf a = AD_BUF_INIT, b = AD_BUF_INIT;

	(void)state;
	ad_deflate(&a, text, strlen(text), 9);
	ad_deflate(&b, text, strlen(text), 9);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	assert_true(a.len < strlen(text));
	ad_buf_dispose(&a);
	ad_buf_dispose(&b);
}

static void test_deflate__appends(void **state)
{
	ad_buf b = AD_BUF_INIT;

	(void)state;
	ad_buf_puts(&b, "head");
	ad_deflate(&b, "x", 1, 9);
	assert_memory_equal(b.ptr, "head\x78", 5);
	assert_int_equal(b.ptr[b.len], '\0');
	ad_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deflate__round_trip),
		cmocka_unit_test(test_deflate__same_bytes_and_smaller),
		cmocka_unit_test(test_deflate__appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
