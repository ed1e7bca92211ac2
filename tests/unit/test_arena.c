/* Unit tests of arena.c: growing and fixed-size blocks, adoption. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"

/* Fill n allocations of varied sizes, each with its own byte, then check
 * that none was overwritten by a later one. */
static void fill_and_check(ad_arena *a, size_t n)
{
	unsigned char *p[200];
	size_t size[200], i, k, total = 0;

	assert_true(n <= 200);
	for (i = 0; i < n; i++) {
		size[i] = (i * 37) % 1500 + (i % 50 == 0 ? 9000 : 1);
		p[i] = ad_arena_alloc(a, size[i]);
		assert_int_equal((uintptr_t)p[i] % _Alignof(max_align_t), 0);
		memset(p[i], (int)(i & 0xff), size[i]);
		total += size[i];
	}
	for (i = 0; i < n; i++)
		for (k = 0; k < size[i]; k++)
			assert_int_equal(p[i][k], i & 0xff);
	assert_true(ad_arena_used(a) >= total);
}

static void test_arena__growing(void **state)
{
	ad_arena *a = ad_arena_new();

	(void)state;
	fill_and_check(a, 200);
	ad_arena_free(a);
}

/* Blocks of a fixed size: requests bigger than a quarter of one, and one
 * bigger than a whole block, get blocks of their own. */
static void test_arena__fixed_blocks(void **state)
{
	ad_arena *a = ad_arena_new_fixed(4096);

	(void)state;
	fill_and_check(a, 200);
	ad_arena_free(a);
	a = ad_arena_new_fixed(0); /* the smallest block there is */
	fill_and_check(a, 20);
	assert_string_equal(ad_arena_strdup(a, "kept"), "kept");
	ad_arena_free(a);
}

/* Blocks adopted from other arenas stay whole, and the arena that
 * adopted them still fills its first block. */
static void test_arena__adopt(void **state)
{
	ad_arena *a = ad_arena_new(), *b = ad_arena_new();
	ad_arena *empty = ad_arena_new();
	char *kept, *moved, *after;
	size_t used;

	(void)state;
	kept = ad_arena_strdup(a, "kept");
	moved = ad_arena_strdup(b, "moved");
	fill_and_check(b, 100);
	used = ad_arena_used(a) + ad_arena_used(b);
	ad_arena_adopt(a, b);
	ad_arena_adopt(a, empty);
	ad_arena_adopt(a, NULL);
	assert_int_equal(ad_arena_used(a), used);
	after = ad_arena_strdup(a, "after");
	assert_string_equal(kept, "kept");
	assert_string_equal(moved, "moved");
	assert_string_equal(after, "after");
	empty = ad_arena_new();
	ad_arena_adopt(empty, a); /* into an arena with no block yet */
	assert_string_equal(moved, "moved");
	fill_and_check(empty, 50);
	ad_arena_free(empty);
}

/* Packing copies every allocation, the big ones with blocks of their own
 * too, into one block: each pointer followed to the copy finds its bytes
 * and its alignment, a pointer into another arena or NULL stays as it is,
 * and the copy still grows. */
static void test_arena__pack(void **state)
{
	ad_arena *a = ad_arena_new_fixed(4096), *other = ad_arena_new(), *b;
	unsigned char *p[200];
	size_t size[200], i, k;
	const char *outside = ad_arena_strdup(other, "outside");
	ad_arena_move m;

	(void)state;
	for (i = 0; i < 200; i++) {
		size[i] = (i * 37) % 1500 + (i % 50 == 0 ? 9000 : 1);
		p[i] = ad_arena_alloc(a, size[i]);
		memset(p[i], (int)(i & 0xff), size[i]);
	}
	b = ad_arena_pack(&m, a, NULL);
	assert_int_equal(ad_arena_used(b), ad_arena_used(a));
	for (i = 0; i < 200; i++) {
		unsigned char *q = ad_arena_moved(&m, p[i]);
		unsigned char *last = ad_arena_moved(&m, p[i] + size[i] - 1);

		assert_ptr_not_equal(q, p[i]);
		assert_ptr_equal(last, q + size[i] - 1);
		assert_int_equal((uintptr_t)q % _Alignof(max_align_t), 0);
		for (k = 0; k < size[i]; k++)
			assert_int_equal(q[k], i & 0xff);
	}
	assert_ptr_equal(ad_arena_moved(&m, outside), outside);
	assert_null(ad_arena_moved(&m, NULL));
	ad_arena_move_dispose(&m);
	ad_arena_free(a);
	assert_string_equal(ad_arena_strdup(b, "grows"), "grows");
	fill_and_check(b, 20);
	ad_arena_free(b);
	ad_arena_free(other);
}

/* A string takes its bytes and no more; an array asks for its own alignment and an
 * allocation of any type still gets any type's, after strings of odd
 * lengths, and in a packed copy too. */
static void test_arena__strings_unaligned(void **state)
{
	ad_arena *a = ad_arena_new_fixed(4096), *b;
	const size_t any = _Alignof(max_align_t);
	char *s[64];
	uint32_t *u[64];
	double *d[64];
	ad_arena_move m;
	size_t i, before;

	(void)state;
	for (i = 0; i < 64; i++) {
		before = ad_arena_used(a);
		s[i] = ad_arena_strndup(a, "abcdefghij", i % 7);
		assert_int_equal(ad_arena_used(a) - before, i % 7 + 1);
		u[i] = ad_arena_alloc_aligned(a, 12, _Alignof(uint32_t));
		assert_int_equal((uintptr_t)u[i] % _Alignof(uint32_t), 0);
		u[i][0] = u[i][2] = (uint32_t)i;
		d[i] = ad_arena_alloc(a, sizeof(double));
		assert_int_equal((uintptr_t)d[i] % any, 0);
		*d[i] = (double)i;
	}
	b = ad_arena_pack(&m, a, NULL);
	for (i = 0; i < 64; i++) {
		char *t = ad_arena_moved(&m, s[i]);
		uint32_t *v = ad_arena_moved(&m, u[i]);
		double *e = ad_arena_moved(&m, d[i]);

		assert_int_equal(strlen(t), i % 7);
		assert_int_equal((uintptr_t)v % _Alignof(uint32_t), 0);
		assert_int_equal(v[2], i);
		assert_int_equal((uintptr_t)e % any, 0);
		assert_true(*e == (double)i);
	}
	ad_arena_move_dispose(&m);
	ad_arena_free(a);
	ad_arena_free(b);
}

/* Copies packed into a room: their blocks side by side in the room's,
 * each with its bytes; a copy still grows, in blocks of its own, and
 * freeing it frees those and not the room's (AddressSanitizer sees a
 * double free or a leak), and the room frees the rest. */
static void test_arena__pack_into_room(void **state)
{
	ad_arena *room = ad_arena_new(), *copy[16];
	unsigned char *at[16];
	size_t i, k;

	(void)state;
	for (i = 0; i < 16; i++) {
		ad_arena *a = ad_arena_new_fixed(4096);
		unsigned char *p = ad_arena_alloc(a, 100 + i);
		ad_arena_move m;

		memset(p, (int)i, 100 + i);
		copy[i] = ad_arena_pack(&m, a, room);
		at[i] = ad_arena_moved(&m, p);
		ad_arena_move_dispose(&m);
		ad_arena_free(a);
#ifndef AD_ARENA_DEBUG /* where each allocation is a malloc of its own */
		if (i) /* side by side, as the room's bump gave them */
			assert_true(at[i] > at[i - 1] &&
				    at[i] - at[i - 1] < 512);
#endif
	}
	for (i = 0; i < 16; i++) {
		for (k = 0; k < 100 + i; k++)
			assert_int_equal(at[i][k], i);
		fill_and_check(copy[i], 3); /* grows in blocks of its own */
		for (k = 0; k < 100 + i; k++) /* over no byte of the room's */
			assert_int_equal(at[i][k], i);
	}
	for (i = 0; i < 16; i++)
		ad_arena_free(copy[i]);
	ad_arena_free(room);
}

/* An empty arena packs into an empty one. */
static void test_arena__pack_empty(void **state)
{
	ad_arena *a = ad_arena_new(), *b;
	ad_arena_move m;
	int x;

	(void)state;
	b = ad_arena_pack(&m, a, NULL);
	assert_ptr_equal(ad_arena_moved(&m, &x), &x);
	assert_int_equal(ad_arena_used(b), 0);
	ad_arena_move_dispose(&m);
	ad_arena_free(a);
	ad_arena_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena__growing),
		cmocka_unit_test(test_arena__fixed_blocks),
		cmocka_unit_test(test_arena__adopt),
		cmocka_unit_test(test_arena__pack),
		cmocka_unit_test(test_arena__pack_empty),
		cmocka_unit_test(test_arena__pack_into_room),
		cmocka_unit_test(test_arena__strings_unaligned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
