/*
 * strtab.h - string interning: each distinct byte string gets a dense id.
 *
 * Ownership: the table owns copies of the strings it interns; pointers from
 * ad_strtab_str() stay valid until ad_strtab_free(). Ids are assigned 0, 1,
 * 2... in order of first interning. Strings may hold any bytes except that
 * the stored copy is NUL-terminated for convenience.
 */
#ifndef AGENTDUP_STRTAB_H
#define AGENTDUP_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#define AD_STRTAB_NONE UINT32_MAX

typedef struct ad_strtab ad_strtab;

ad_strtab *ad_strtab_new(void);
void ad_strtab_free(ad_strtab *tab); /* NULL is a no-op */

/* The id of s[0..len), interning a copy if it is new. */
uint32_t ad_strtab_intern(ad_strtab *tab, const char *s, size_t len);
/* The id of s[0..len), or AD_STRTAB_NONE when it was never interned. */
uint32_t ad_strtab_find(const ad_strtab *tab, const char *s, size_t len);
/* The string with this id; *len receives its length when len is not NULL. */
const char *ad_strtab_str(const ad_strtab *tab, uint32_t id, size_t *len);
uint32_t ad_strtab_count(const ad_strtab *tab);

/* Every string of src interned into tab, in src's id order; remap[id]
 * receives its id in tab. Strings are not hashed again; into an empty
 * tab they are copied whole, and keep their ids. */
void ad_strtab_merge(ad_strtab *tab, const ad_strtab *src, uint32_t *remap);

/* The 64-bit hash of the table (XXH3), exposed for other hash maps. Its
 * seed is drawn anew in every process: never persist it, nor let an
 * output depend on it. */
uint64_t ad_hash_bytes(const void *data, size_t len);

#endif
