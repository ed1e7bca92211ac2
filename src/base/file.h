/*
 * file.h - opening and reading the files the tool reads: regular files
 * only, decided on the open file, and never more than a bound.
 *
 * Ownership: ad_file_open() hands the caller a descriptor to close;
 * ad_file_read() returns a malloc'd, NUL-terminated buffer the caller
 * frees.
 *
 * A path is opened with O_NONBLOCK (a FIFO without a writer does not
 * block the open), O_NOCTTY, O_CLOEXEC and, when asked, O_NOFOLLOW; then
 * fstat(2) on the descriptor says what was opened. So a FIFO, a device or
 * a socket is refused whether it was named or swapped in after a walk
 * looked at the path, and a file that grows while it is read (or a device
 * that never ends) stops at the bound instead of filling memory.
 */
#ifndef AGENTDUP_FILE_H
#define AGENTDUP_FILE_H

#include <stddef.h>
#include <sys/stat.h>

#include "agentdup/error.h"

/* Open path for reading, a regular file only; *fd and *st describe it.
 * nofollow: a symbolic link at the last part of path is refused. max:
 * a file whose size is over it is refused (0: no bound). Errors (AD_EIO,
 * AD_ELOOP for a refused link) name the file as name. */
int ad_file_open(int *fd, struct stat *st, const char *path, int nofollow,
		 size_t max, const char *name, ad_error *err);

/* Read fd to its end into *out (*len bytes, NUL after them): hint is the
 * size expected; more than max bytes (0: no bound) fail with AD_EIO. */
int ad_file_read(char **out, size_t *len, int fd, size_t hint, size_t max,
		 const char *name, ad_error *err);

/* The regular file at path, whole: ad_file_open() then ad_file_read(),
 * the descriptor closed; *out is malloc'd (the caller frees it). */
int ad_file_read_path(char **out, size_t *len, const char *path,
		      size_t max, ad_error *err);

/* The error of a file name over the bound max (AD_EIO, naming
 * --max-file-size): for contents that are not read through
 * ad_file_read(), such as git blobs, so that they say it the same way. */
int ad_file_over_bound(ad_error *err, const char *name, size_t max);

#endif
