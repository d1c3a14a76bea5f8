// SPDX-License-Identifier: BSD-2-Clause-Patent
#ifdef __linux__
#define _GNU_SOURCE /* sync_file_range */
#endif
#include "igd/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

igd_status igd_file_read(const char *path, size_t max_len, uint8_t **ret_buf, size_t *ret_len)
{
	struct stat sb;
	uint8_t *buf = NULL;
	size_t cap = 0, len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return IGD_ERR_IO;
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		errno = EISDIR;
		return IGD_ERR_IO;
	}
	/* Read in chunks rather than trusting st_size: sysfs and /proc files report 4096 or 0.  A
	 * regular file's size only sizes the first buffer (one read, then the one that says EOF). */
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 && (uint64_t)sb.st_size <= max_len) {
		cap = (size_t)sb.st_size + 1;
		buf = malloc(cap);
		if (!buf) {
			close(fd);
			return IGD_ERR_NOMEM;
		}
	}
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			uint8_t *nbuf;
			if (cap > max_len) {
				free(buf);
				close(fd);
				return IGD_ERR_TOO_LARGE;
			}
			nbuf = realloc(buf, ncap);
			if (!nbuf) {
				free(buf);
				close(fd);
				return IGD_ERR_NOMEM;
			}
			buf = nbuf;
			cap = ncap;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			free(buf);
			close(fd);
			errno = saved;
			return IGD_ERR_IO;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > max_len) {
		free(buf);
		return IGD_ERR_TOO_LARGE;
	}
	*ret_buf = buf;
	*ret_len = len;
	return IGD_OK;
}

igd_status igd_file_stream_open(igd_file_stream *st, const char *path)
{
	size_t plen = strlen(path);
	st->path = path;
	st->written = 0;
	st->tmp = malloc(plen + 16);
	if (!st->tmp)
		return IGD_ERR_NOMEM;
	memcpy(st->tmp, path, plen);
	memcpy(st->tmp + plen, ".tmp.XXXXXX", 12);
	st->fd = mkstemp(st->tmp);
	if (st->fd < 0) {
		int saved = errno;
		free(st->tmp);
		st->tmp = NULL;
		errno = saved;
		return IGD_ERR_IO;
	}
	return IGD_OK;
}

igd_status igd_file_stream_write(igd_file_stream *st, const uint8_t *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = write(st->fd, buf + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return IGD_ERR_IO;
		}
		done += (size_t)n;
	}
#ifdef __linux__
	/* start writing these bytes to disk now, so that the commit's fsync waits for less (an
	 * error here shows again at the fsync) */
	sync_file_range(st->fd, (off_t)st->written, (off_t)len, SYNC_FILE_RANGE_WRITE);
#endif
	st->written += len;
	return IGD_OK;
}

void igd_file_stream_abort(igd_file_stream *st)
{
	int saved = errno;
	if (st->fd >= 0)
		close(st->fd);
	st->fd = -1;
	if (st->tmp)
		unlink(st->tmp);
	free(st->tmp);
	st->tmp = NULL;
	errno = saved;
}

igd_status igd_file_stream_commit(igd_file_stream *st)
{
	/* fsync before the rename: a write error during writeback is reported here, and the
	 * rename never shows a file whose data is not on disk */
	if (fchmod(st->fd, 0644) || fsync(st->fd))
		goto fail;
	int fd = st->fd;
	st->fd = -1;
	if (close(fd) || rename(st->tmp, st->path))
		goto fail;
	free(st->tmp);
	st->tmp = NULL;
	return IGD_OK;
fail:
	igd_file_stream_abort(st);
	return IGD_ERR_IO;
}

igd_status igd_file_write_atomic(const char *path, const uint8_t *buf, size_t len)
{
	igd_file_stream st;
	igd_status r = igd_file_stream_open(&st, path);
	if (r != IGD_OK)
		return r;
	if (igd_file_stream_write(&st, buf, len) != IGD_OK) {
		igd_file_stream_abort(&st);
		return IGD_ERR_IO;
	}
	return igd_file_stream_commit(&st);
}
