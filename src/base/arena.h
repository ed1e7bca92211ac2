/*
 * arena.h - bump allocation for objects that die together.
 *
 * Ownership: an arena owns every block it hands out; ad_arena_free() releases
 * them all at once and nothing else frees them. One arena per document, one
 * per corpus. Allocations are aligned for any C type, but for strings
 * (ad_arena_strndup(), ad_arena_strdup()), which may start at any byte, and
 * those of ad_arena_alloc_aligned(). Built with
 * AD_ARENA_DEBUG each allocation is its own malloc, so AddressSanitizer and
 * valgrind see every overrun.
 */
#ifndef AGENTDUP_ARENA_H
#define AGENTDUP_ARENA_H

#include <stddef.h>

typedef struct ad_arena ad_arena;

ad_arena *ad_arena_new(void);
/* An arena whose blocks all take block bytes (bigger requests get their
 * own): for the many small arenas that live long, one per document, where
 * blocks doubling in size would leave half of the last one unused. */
ad_arena *ad_arena_new_fixed(size_t block);
void ad_arena_free(ad_arena *arena); /* NULL is a no-op */

/* size bytes, uninitialised; never NULL (out of memory aborts). */
void *ad_arena_alloc(ad_arena *arena, size_t size);
/* size bytes at a multiple of align, a power of two no larger than any
 * type's alignment: an array of uint32_t need not start at 16. */
void *ad_arena_alloc_aligned(ad_arena *arena, size_t size, size_t align);
/* size bytes, zeroed. */
void *ad_arena_calloc(ad_arena *arena, size_t count, size_t size);
/* A NUL-terminated copy of the len bytes at s. */
char *ad_arena_strndup(ad_arena *arena, const char *s, size_t len);
char *ad_arena_strdup(ad_arena *arena, const char *s);
void *ad_arena_memdup(ad_arena *arena, const void *p, size_t size);

/* Move every block of from into into, which then owns them, and free
 * from itself: what threads filled in arenas of their own joins one
 * result. NULL from is a no-op. */
void ad_arena_adopt(ad_arena *into, ad_arena *from);

/* Where the blocks of an arena went when it was packed: each old block's
 * bytes and their new place. */
typedef struct ad_arena_span {
	const unsigned char *from;
	size_t len;
	unsigned char *to;
} ad_arena_span;

typedef struct ad_arena_move {
	ad_arena_span *spans; /* by address of from */
	size_t n;
	size_t last; /* the span found last: pointers come in runs */
} ad_arena_move;

/* A copy of from in one block of exactly the bytes it handed out, for an
 * arena that is done growing and will live long: the room left in its
 * blocks is not carried. from is left as it was, for the caller to free
 * once every pointer into it has been followed with ad_arena_moved().
 * move is the caller's, for ad_arena_move_dispose(). Later allocations
 * from the copy take new blocks as from's would.
 *
 * The block is the copy's own, or, with room, taken from room: the copy
 * then never frees it (room does), so room must outlive the copy. Many
 * small copies that live long, taken side by side from one room, leave
 * no gaps between them when what was allocated around them is freed:
 * the heap can give that back to the system. A copy with such a block
 * cannot be given to ad_arena_adopt(). */
ad_arena *ad_arena_pack(ad_arena_move *move, const ad_arena *from,
			ad_arena *room);
/* Where p, a pointer into the arena packed, is in its copy; NULL and
 * pointers that were not into it are returned as they are. */
void *ad_arena_moved(ad_arena_move *move, const void *p);
void ad_arena_move_dispose(ad_arena_move *move);

/* Bytes handed out so far (for statistics). */
size_t ad_arena_used(const ad_arena *arena);

/* Hand the C library's free heap memory back to the system when at least
 * min_resident bytes are resident and min_free lie free in the heap: between
 * stages that free much and stages that allocate anew, so that the peak
 * holds what is in use rather than what was (glibc: malloc_trim();
 * elsewhere nothing). */
void ad_heap_trim(size_t min_resident, size_t min_free);

#endif
