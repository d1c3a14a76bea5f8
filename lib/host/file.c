// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

igd_status igd_file_write_atomic(const char *path, const uint8_t *buf, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	int fd, saved;

	if (!tmp)
		return IGD_ERR_NOMEM;
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", 12);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail_open;
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, buf + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail_write;
		}
		done += (size_t)n;
	}
	if (fchmod(fd, 0644) || fsync(fd))
		goto fail_write;
	if (close(fd)) {
		fd = -1;
		goto fail_write;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail_write;
	free(tmp);
	return IGD_OK;

fail_write:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
fail_open:
	free(tmp);
	return IGD_ERR_IO;
}
