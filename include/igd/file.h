/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Host-side file helpers (lib/host): whole-file reads with a size cap, and atomic writes
 * (temporary file in the same directory, fsync, rename) so a failed run never leaves a
 * half-written output.  Not available inside the UEFI driver.
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

#endif
