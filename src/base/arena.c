/*
 * arena.c - bump allocator over a chain of blocks.
 *
 * Blocks grow geometrically from 16 KiB up to 1 MiB (or all take one fixed
 * size, for arenas that stay small); a request larger than a quarter of the
 * current block size gets a block of its own, so big strings do not waste
 * the tail of a shared block. Strings are placed at any byte and arrays at
 * their elements' alignment when asked (ad_arena_alloc_aligned()), the rest
 * at the alignment of any type: rounding every string of a doc up to 16
 * bytes cost some 8 bytes a string. With AD_ARENA_DEBUG every
 * allocation is a separate block, so sanitizers see exact bounds.
 *
 * Packing copies the used part of every block, end to end, into one block
 * of their summed size, each at a multiple of the alignment, so every
 * allocation keeps its alignment in the copy. A pointer is followed
 * to the copy by a binary search over the old blocks sorted by address,
 * after a look at the block that held the previous one.
 */
#include "base/arena.h"

#include <assert.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>
#endif
#include <string.h>

#include "agentdup/error.h"

#define ALIGN alignof(max_align_t)
#define FIRST_BLOCK (16u * 1024u)
#define MAX_BLOCK (1024u * 1024u)

typedef struct block {
	struct block *next;
	size_t size; /* usable bytes in data */
	size_t used;
	alignas(max_align_t) unsigned char data[];
} block;

struct ad_arena {
	block *head;
	block *borrowed; /* a block of another arena's, not freed here */
	size_t next_size;
	size_t max_size; /* blocks grow up to it */
	size_t total;
};

static size_t round_up(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

ad_arena *ad_arena_new(void)
{
	ad_arena *a = ad_xcalloc(1, sizeof(*a));
	a->next_size = FIRST_BLOCK;
	a->max_size = MAX_BLOCK;
	return a;
}

ad_arena *ad_arena_new_fixed(size_t block_size)
{
	ad_arena *a = ad_xcalloc(1, sizeof(*a));

	a->next_size = a->max_size = round_up(block_size ? block_size : 1);
	return a;
}

void ad_arena_free(ad_arena *arena)
{
	block *b, *next;

	if (!arena)
		return;
	for (b = arena->head; b; b = next) {
		next = b->next;
		if (b != arena->borrowed)
			free(b);
	}
	free(arena);
}

static block *new_block(size_t size)
{
	block *b = ad_xmalloc(sizeof(block) + size);
	b->size = size;
	b->used = 0;
	return b;
}

static void *alloc_dedicated(ad_arena *a, size_t size)
{
	block *b = new_block(size);

	b->used = size;
	if (a->head) { /* keep the current block first: it still has room */
		b->next = a->head->next;
		a->head->next = b;
	} else {
		b->next = NULL;
		a->head = b;
	}
	return b->data;
}

/* size bytes at a multiple of align (a power of two, at most ALIGN) from
 * the start of a block, which is aligned for any type. */
static void *bump(ad_arena *arena, size_t size, size_t align)
{
	block *b = arena->head;
	size_t at;

	arena->total += size;
#ifdef AD_ARENA_DEBUG
	/* one block per allocation, so ASan sees each overrun */
	(void)b;
	(void)at;
	(void)align;
	return alloc_dedicated(arena, size);
#else
	if (b) {
		at = (b->used + align - 1) & ~(align - 1);
		if (at <= b->size && b->size - at >= size) {
			b->used = at + size;
			return b->data + at;
		}
	}
	if (size > arena->next_size / 4)
		return alloc_dedicated(arena, size);
	b = new_block(arena->next_size);
	b->next = arena->head;
	arena->head = b;
	if (arena->next_size < arena->max_size)
		arena->next_size *= 2;
	b->used = size;
	return b->data;
#endif
}

void *ad_arena_alloc(ad_arena *arena, size_t size)
{
	return bump(arena, size ? size : 1, ALIGN);
}

void *ad_arena_alloc_aligned(ad_arena *arena, size_t size, size_t align)
{
	assert(align && align <= ALIGN && (align & (align - 1)) == 0);
	return bump(arena, size ? size : 1, align);
}

void *ad_arena_calloc(ad_arena *arena, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		abort();
	return memset(ad_arena_alloc(arena, count * size), 0, count * size);
}

char *ad_arena_strndup(ad_arena *arena, const char *s, size_t len)
{
	char *p = bump(arena, len + 1, 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *ad_arena_strdup(ad_arena *arena, const char *s)
{
	return ad_arena_strndup(arena, s, strlen(s));
}

void *ad_arena_memdup(ad_arena *arena, const void *p, size_t size)
{
	void *q = ad_arena_alloc(arena, size);
	if (size)
		memcpy(q, p, size);
	return q;
}

void ad_arena_adopt(ad_arena *into, ad_arena *from)
{
	block *last;

	if (!from)
		return;
	assert(!from->borrowed); /* into would free it */
	into->total += from->total;
	if (from->head) {
		for (last = from->head; last->next; last = last->next)
			;
		if (into->head) { /* into's first block keeps its room */
			last->next = into->head->next;
			into->head->next = from->head;
		} else {
			into->head = from->head;
		}
	}
	free(from);
}

static int by_from(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const ad_arena_span *)a)->from;
	uintptr_t y = (uintptr_t)((const ad_arena_span *)b)->from;

	return (x > y) - (x < y);
}

ad_arena *ad_arena_pack(ad_arena_move *move, const ad_arena *from,
			ad_arena *room)
{
	ad_arena *a = ad_xcalloc(1, sizeof(*a));
	const block *b;
	size_t n = 0, used = 0;
	block *to;

	for (b = from->head; b; b = b->next) {
		n++;
		used += round_up(b->used);
	}
	a->next_size = from->next_size;
	a->max_size = from->max_size;
	a->total = from->total;
	move->spans = ad_xmalloc((n + 1) * sizeof(*move->spans));
	move->n = 0;
	move->last = 0;
	if (!used)
		return a;
	if (room) {
		to = ad_arena_alloc(room, sizeof(block) + used);
		to->size = used;
		to->used = 0;
		a->borrowed = to;
	} else {
		to = new_block(used);
	}
	a->head = to;
	to->next = NULL;
	for (b = from->head; b; b = b->next) {
		ad_arena_span *s = &move->spans[move->n++];

		s->from = b->data;
		s->len = b->used;
		s->to = to->data + to->used;
		if (b->used)
			memcpy(s->to, b->data, b->used);
		to->used += round_up(b->used); /* the next block aligned */
	}
	qsort(move->spans, move->n, sizeof(*move->spans), by_from);
	return a;
}

/* Addresses of different blocks compare as integers. */
static int in_span(const ad_arena_span *s, uintptr_t p)
{
	return p >= (uintptr_t)s->from && p - (uintptr_t)s->from < s->len;
}

void *ad_arena_moved(ad_arena_move *move, const void *ptr)
{
	uintptr_t p = (uintptr_t)ptr;
	size_t lo = 0, hi = move->n;

	if (!p || !move->n)
		return (void *)p;
	if (!in_span(&move->spans[move->last], p)) {
		while (hi - lo > 1) { /* the last span starting at or below p */
			size_t mid = lo + (hi - lo) / 2;

			if ((uintptr_t)move->spans[mid].from <= p)
				lo = mid;
			else
				hi = mid;
		}
		if (!in_span(&move->spans[lo], p))
			return (void *)p;
		move->last = lo;
	}
	return move->spans[move->last].to +
	       (p - (uintptr_t)move->spans[move->last].from);
}

void ad_arena_move_dispose(ad_arena_move *move)
{
	free(move->spans);
	move->spans = NULL;
	move->n = 0;
}

size_t ad_arena_used(const ad_arena *arena)
{
	return arena->total;
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
/* The bytes the process has resident, from /proc/self/statm (its second
 * field, in pages); SIZE_MAX when that cannot be read. */
static size_t resident_bytes(void)
{
	char buf[128];
	const char *p = buf;
	size_t pages = 0;
	ssize_t n;
	long page = sysconf(_SC_PAGESIZE);
	int fd;

	if (page <= 0)
		return SIZE_MAX;
	fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SIZE_MAX;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return SIZE_MAX;
	buf[n] = '\0';
	while (*p >= '0' && *p <= '9') /* the whole size */
		p++;
	if (*p++ != ' ' || *p < '0' || *p > '9')
		return SIZE_MAX;
	while (*p >= '0' && *p <= '9')
		pages = pages * 10 + (size_t)(*p++ - '0');
	return pages * (size_t)page;
}
#endif

void ad_heap_trim(size_t min_resident, size_t min_free)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 m;

	/* mallinfo2() walks every free list of every arena (at 10x, about
	 * 20 ms of a scan, on one thread), and a trim gives back resident
	 * pages only: a process with less than min_resident resident is
	 * left alone, whatever it has allocated. */
	if (resident_bytes() < min_resident)
		return;
	m = mallinfo2();
	if (m.fordblks >= min_free)
		malloc_trim(0);
#else
	(void)min_resident;
	(void)min_free;
#endif
}
