/*
 * Unit tests of base64.c: the test vectors of RFC 4648, every byte value,
 * line wrapping, and appending to what a buffer holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/base64.h"

static void encodes(const char *in, size_t wrap, const char *want)
{
	ad_buf b = AD_BUF_INIT;

	ad_base64_encode(&b, in, strlen(in), wrap);
	assert_string_equal(b.ptr, want);
	assert_int_equal(b.len, strlen(want));
	ad_buf_dispose(&b);
}

/* RFC 4648, section 10. */
static void test_base64__rfc_vectors(void **state)
{
	(void)state;
	encodes("", 0, "");
	encodes("f", 0, "Zg==");
	encodes("fo", 0, "Zm8=");
	encodes("foo", 0, "Zm9v");
	encodes("foob", 0, "Zm9vYg==");
	encodes("fooba", 0, "Zm9vYmE=");
	encodes("foobar", 0, "Zm9vYmFy");
	assert_int_equal(ad_base64_len(0), 0);
	assert_int_equal(ad_base64_len(1), 4);
	assert_int_equal(ad_base64_len(6), 8);
	assert_int_equal(ad_base64_len(7), 12);
}

/* The high bits and the last two letters of the alphabet. */
static void test_base64__every_byte(void **state)
{
	unsigned char all[256];
	ad_buf b = AD_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(all); i++)
		all[i] = (unsigned char)i;
	ad_base64_encode(&b, all, sizeof(all), 0);
	assert_int_equal(b.len, ad_base64_len(sizeof(all)));
	assert_memory_equal(b.ptr, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBka", 36);
	assert_string_equal(b.ptr + b.len - 8, "/P3+/w==");
	assert_int_equal(strspn(b.ptr, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
				       "klmnopqrstuvwxyz0123456789+/="),
			 b.len);
	ad_buf_dispose(&b);
}

/* A newline after every wrap characters and after the last line, none
 * after a last line that is full, none for nothing. */
static void test_base64__wraps_lines(void **state)
{
	(void)state;
	encodes("foobar", 4, "Zm9v\nYmFy\n");
	encodes("foobarb", 4, "Zm9v\nYmFy\nYg==\n");
	encodes("foobar", 8, "Zm9vYmFy\n");
	encodes("foob", 8, "Zm9vYg==\n");
	encodes("", 4, "");
}

static void test_base64__appends(void **state)
{
	ad_buf b = AD_BUF_INIT;

	(void)state;
	ad_buf_puts(&b, "x=");
	ad_base64_encode(&b, "foo", 3, 0);
	ad_base64_encode(&b, "\xff", 1, 0);
	assert_string_equal(b.ptr, "x=Zm9v/w==");
	ad_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64__rfc_vectors),
		cmocka_unit_test(test_base64__every_byte),
		cmocka_unit_test(test_base64__wraps_lines),
		cmocka_unit_test(test_base64__appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
