/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Host-side file helpers (lib/host): whole-file reads with a size cap, and atomic writes
 * (temporary file in the same directory, fsync, rename), whole or in pieces, so a failed run
 * never leaves a half-written output.  Not available inside the UEFI driver.
 */
#ifndef IGD_FILE_H
#define IGD_FILE_H

#include "env.h"
#include "error.h"

/* Reads a whole file into a malloc'd buffer (free() it).  Files over max_len are refused
 * with IGD_ERR_TOO_LARGE; errno is kept for IGD_ERR_IO. */
igd_status igd_file_read(const char *path, size_t max_len, uint8_t **ret_buf, size_t *ret_len);

/* Writes buf to path through a temporary file and rename(); on failure nothing is left. */
igd_status igd_file_write_atomic(const char *path, const uint8_t *buf, size_t len);

/* The same in pieces: open makes the temporary file next to path, each write appends (and on
 * Linux starts it on its way to disk), commit fsyncs and renames over path; abort, or a failed
 * write or commit, removes the temporary file.  errno is kept for IGD_ERR_IO. */
typedef struct igd_file_stream {
	const char *path;
	char *tmp;
	int fd;
	uint64_t written;
} igd_file_stream;
igd_status igd_file_stream_open(igd_file_stream *st, const char *path);
igd_status igd_file_stream_write(igd_file_stream *st, const uint8_t *buf, size_t len);
igd_status igd_file_stream_commit(igd_file_stream *st);
void igd_file_stream_abort(igd_file_stream *st);

#endif
