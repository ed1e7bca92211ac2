/*
 * error.h - error codes, the error record, and the allocation wrappers.
 *
 * Ownership: an ad_error is a plain value owned by the caller; the library
 * fills it and never allocates for it. Library functions that can fail return
 * 0 or a negative AD_E* code and describe the failure in the caller's
 * ad_error. Out-of-memory is not an error code: ad_xmalloc() and friends
 * abort in one place, so no caller checks for NULL.
 */
#ifndef AGENTDUP_ERROR_H
#define AGENTDUP_ERROR_H

#include <stddef.h>

enum {
	AD_OK = 0,
	AD_EIO = -1,      /* a file could not be read or written */
	AD_EPARSE = -2,   /* input is malformed */
	AD_EINVAL = -3,   /* an argument or option is invalid */
	AD_EBINARY = -4,  /* file holds NUL bytes */
	AD_EEMPTY = -5,   /* file is empty */
	AD_ELOOP = -6,    /* symbolic link loop */
	AD_ENOTFOUND = -7 /* a named thing does not exist */
};

typedef struct ad_error {
	int code;          /* one of AD_E*, 0 when clear */
	char path[512];    /* file concerned, "" when none */
	int line;          /* 1-based, 0 when unknown */
	int col;           /* 1-based, 0 when unknown */
	char msg[512];     /* one line, lower case, no trailing period */
} ad_error;

#define AD_ERROR_INIT {0, "", 0, 0, ""}

/* Fill err (which may be NULL) and return code, so that a caller can write
 * `return ad_error_set(err, AD_EIO, "cannot open: %s", strerror(errno));` */
int ad_error_set(ad_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Same as ad_error_set(), with the file and position the error is about. */
int ad_error_setat(ad_error *err, int code, const char *path, int line,
		   int col, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

void ad_error_clear(ad_error *err);

/* Allocation that never returns NULL: it aborts the process on failure. */
void *ad_xmalloc(size_t size);
void *ad_xcalloc(size_t count, size_t size);
void *ad_xrealloc(void *ptr, size_t size);
char *ad_xstrdup(const char *s);

/* Grow *ptr (an array of elsize-byte items with room for *cap) so that it
 * holds at least need items; capacity doubles, so appends are amortised O(1). */
void ad_grow(void *ptr, size_t *cap, size_t need, size_t elsize);

#endif
