/*
 * Unit tests of deflate.c: what it writes is a zlib stream that zlib
 * reads back to the input, the same bytes every time, smaller than a
 * repetitive input, and appended after what the buffer holds; a long
 * input, compressed a piece at a time, is one stream too, the same bytes
 * on any number of threads, and packs about as well as one piece would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
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
	ad_deflate(&b, in, len, level, 1);
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
	ad_deflate(&a, text, strlen(text), 9, 1);
	ad_deflate(&b, text, strlen(text), 9, 1);
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
	ad_deflate(&b, "x", 1, 9, 1);
	assert_memory_equal(b.ptr, "head\x78", 5);
	assert_int_equal(b.ptr[b.len], '\0');
	ad_buf_dispose(&b);
}

/* Text of some 3.5 MiB that repeats at long distances, as a report's
 * data does: lines drawn from a few hundred, each with a counter. */
static char *long_text(size_t *len)
{
	size_t cap = 3500000, n = 0, i = 0;
	char *t = malloc(cap + 64);

	assert_non_null(t);
	while (n < cap) {
		n += (size_t)snprintf(t + n, 64, "{\"rule\": %zu, \"at\": %zu},\n",
				      (i * 7919) % 613, i);
		i++;
	}
	*len = n;
	return t;
}

static void test_deflate__long_input_in_pieces(void **state)
{
	ad_buf one = AD_BUF_INIT, two = AD_BUF_INIT, every = AD_BUF_INIT;
	size_t len;
	char *text = long_text(&len);
	unsigned char *whole = malloc(compressBound((uLong)len));
	uLongf wlen = compressBound((uLong)len);

	(void)state;
	assert_non_null(whole);
	round_trip(text, len, 4);
	round_trip(text, len, 0);
	ad_deflate(&one, text, len, 4, 1);
	ad_deflate(&two, text, len, 4, 2);
	ad_deflate(&every, text, len, 4, 0);
	assert_int_equal(one.len, two.len);
	assert_memory_equal(one.ptr, two.ptr, one.len);
	assert_int_equal(one.len, every.len);
	assert_memory_equal(one.ptr, every.ptr, one.len);
	/* each piece primed with the window before it: within 1% of one
	 * stream of the whole */
	assert_int_equal(compress2(whole, &wlen, (const Bytef *)text,
				   (uLong)len, 4),
			 Z_OK);
	assert_true(one.len * 100 <= wlen * 101);
	free(whole);
	free(text);
	ad_buf_dispose(&one);
	ad_buf_dispose(&two);
	ad_buf_dispose(&every);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deflate__round_trip),
		cmocka_unit_test(test_deflate__same_bytes_and_smaller),
		cmocka_unit_test(test_deflate__appends),
		cmocka_unit_test(test_deflate__long_input_in_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
