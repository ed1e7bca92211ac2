/*
 * file.c - regular files only, decided by fstat on the open descriptor,
 * and reads bounded in size.
 *
 * The bound is checked twice: against the size fstat gives (so a file
 * too large is refused before a byte is read) and while reading (so a
 * file that grows meanwhile stops one byte past the bound). The buffer
 * starts at the size expected and grows by half again when a file is
 * longer, never past the bound plus one byte.
 */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agentdup/buf.h"

static const char *kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a folder";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "a special file";
}

int ad_file_over_bound(ad_error *err, const char *name, size_t max)
{
	return ad_error_setat(err, AD_EIO, name, 0, 0,
			      "larger than the bound of %zu bytes "
			      "(--max-file-size): skipped",
			      max);
}

int ad_file_open(int *fd, struct stat *st, const char *path, int nofollow,
		 size_t max, const char *name, ad_error *err)
{
	int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;

	*fd = open(path, flags | (nofollow ? O_NOFOLLOW : 0));
	if (*fd < 0 && nofollow && errno == ELOOP)
		return ad_error_setat(err, AD_ELOOP, name, 0, 0,
				      "replaced by a symbolic link while "
				      "being scanned: skipped");
	if (*fd < 0)
		return ad_error_setat(err, AD_EIO, name, 0, 0,
				      "cannot open: %s", strerror(errno));
	if (fstat(*fd, st) != 0) {
		int e = errno;

		close(*fd);
		*fd = -1;
		return ad_error_setat(err, AD_EIO, name, 0, 0,
				      "cannot read: %s", strerror(e));
	}
	if (!S_ISREG(st->st_mode) || (max && (size_t)st->st_size > max)) {
		close(*fd);
		*fd = -1;
		if (S_ISREG(st->st_mode))
			return ad_file_over_bound(err, name, max);
		return ad_error_setat(err, AD_EIO, name, 0, 0,
				      "not a regular file (%s): skipped",
				      kind(st->st_mode));
	}
	return 0;
}

int ad_file_read(char **out, size_t *len, int fd, size_t hint, size_t max,
		 const char *name, ad_error *err)
{
	size_t limit = max ? max + 1 : (size_t)-1 / 2;
	/* room for the hint, the NUL and the read that finds the end: a file
	 * of the size expected is read without growing */
	size_t cap = (hint < limit ? hint : limit) + 2, n = 0;
	char *p = ad_xmalloc(cap);
	ssize_t r;

	*out = NULL;
	*len = 0;
	for (;;) {
		if (n + 1 >= cap) {
			cap = cap + cap / 2 + 4096;
			if (cap > limit + 1)
				cap = limit + 1;
			p = ad_xrealloc(p, cap);
		}
		r = read(fd, p + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(p);
			return ad_error_setat(err, AD_EIO, name, 0, 0,
					      "cannot read: %s", strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (max && n > max) {
			free(p);
			return ad_file_over_bound(err, name, max);
		}
	}
	p[n] = '\0';
	*out = p;
	*len = n;
	return 0;
}

int ad_file_read_path(char **out, size_t *len, const char *path,
		      size_t max, ad_error *err)
{
	struct stat st;
	int fd, rc;

	*out = NULL;
	if ((rc = ad_file_open(&fd, &st, path, 0, max, path, err)) != 0)
		return rc;
	rc = ad_file_read(out, len, fd, (size_t)st.st_size, max, path, err);
	close(fd);
	if (rc != 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int ad_buf_read_file(ad_buf *out, const char *path, size_t max,
		     ad_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc = ad_file_read_path(&text, &len, path, max, err);

	if (rc == 0)
		ad_buf_put(out, text, len);
	free(text);
	return rc;
}
