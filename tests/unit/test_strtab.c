/* Unit tests of strtab.c: interning, and the in-memory hash whose inlined
 * form (hash64.h) must give the values of ad_hash_bytes(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/hash64.h"
#include "base/strtab.h"

/* Every length XXH3 treats apart (0, 1-3, 4-8, 9-16, 17-128, 129-240,
 * longer) hashes alike through both doors, and the seed is the same on
 * every call. */
static void test_strtab__inline_hash_is_the_hash(void **state)
{
	unsigned char data[600];
	uint64_t seed = ad_hash_seed();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 131 + 7);
	for (i = 0; i <= sizeof(data); i++)
		assert_true(ad_hash_seeded(data, i, seed) ==
			    ad_hash_bytes(data, i));
	assert_true(ad_hash_seed() == seed);
}

static void test_strtab__ids_in_order_of_first_interning(void **state)
{
	ad_strtab *t = ad_strtab_new();
	char w[16];
	uint32_t i;

	(void)state;
	for (i = 0; i < 5000; i++) {
		int n = snprintf(w, sizeof(w), "w%u", (unsigned)i);

		assert_int_equal(ad_strtab_intern(t, w, (size_t)n), i);
	}
	for (i = 0; i < 5000; i++) {
		int n = snprintf(w, sizeof(w), "w%u", (unsigned)i);

		assert_int_equal(ad_strtab_find(t, w, (size_t)n), i);
		assert_int_equal(ad_strtab_intern(t, w, (size_t)n), i);
	}
	assert_int_equal(ad_strtab_find(t, "absent", 6), AD_STRTAB_NONE);
	assert_int_equal(ad_strtab_count(t), 5000);
	ad_strtab_free(t);
}

/* "w<i>" for i in [from, to), interned into a new table. */
static ad_strtab *words(uint32_t from, uint32_t to)
{
	ad_strtab *t = ad_strtab_new();
	char w[16];
	uint32_t i;

	for (i = from; i < to; i++) {
		int n = snprintf(w, sizeof(w), "w%u", (unsigned)i);

		ad_strtab_intern(t, w, (size_t)n);
	}
	return t;
}

/* Merged into an empty table, a table is copied with its ids, and the
 * copy goes on interning (past a rehash) as if it had interned them;
 * merged into a table that holds some of its strings, those keep their
 * ids there and the others come after, in order. */
static void test_strtab__merge(void **state)
{
	ad_strtab *a = words(0, 3000), *b = words(2000, 4000);
	ad_strtab *t = ad_strtab_new();
	uint32_t remap[3000], i;
	char w[16];

	(void)state;
	ad_strtab_merge(t, a, remap);
	assert_int_equal(ad_strtab_count(t), 3000);
	for (i = 0; i < 3000; i++) {
		size_t len;
		const char *s = ad_strtab_str(t, i, &len);
		int n = snprintf(w, sizeof(w), "w%u", (unsigned)i);

		assert_int_equal(remap[i], i);
		assert_int_equal(len, (size_t)n);
		assert_string_equal(s, w);
		assert_int_equal(ad_strtab_find(t, w, (size_t)n), i);
	}
	ad_strtab_merge(t, b, remap);
	assert_int_equal(ad_strtab_count(t), 4000);
	for (i = 0; i < 2000; i++) /* b's w2000..w3999 */
		assert_int_equal(remap[i], 2000 + i);
	for (i = 0; i < 6000; i++) {
		int n = snprintf(w, sizeof(w), "w%u", (unsigned)i);

		assert_int_equal(ad_strtab_intern(t, w, (size_t)n), i);
	}
	assert_int_equal(ad_strtab_count(t), 6000);
	ad_strtab_free(a); /* the copy holds strings of its own */
	ad_strtab_free(b);
	assert_string_equal(ad_strtab_str(t, 1234, NULL), "w1234");
	ad_strtab_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strtab__inline_hash_is_the_hash),
		cmocka_unit_test(test_strtab__ids_in_order_of_first_interning),
		cmocka_unit_test(test_strtab__merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
