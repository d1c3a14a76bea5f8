/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * One error enum for the whole library (libfdt's FDT_ERR_* is the model).  Every function that
 * can fail returns an igd_status; IGD_OK is 0 so `if (st)` reads as "if it failed".
 */
#ifndef IGD_ERROR_H
#define IGD_ERROR_H

#include <stddef.h>

typedef enum igd_status {
	IGD_OK = 0,
	IGD_ERR_TRUNCATED,   /* input ends before a structure it announces */
	IGD_ERR_RANGE,       /* an offset or size points outside the buffer, or wraps */
	IGD_ERR_SIGNATURE,   /* a magic number or signature does not match */
	IGD_ERR_CORRUPT,     /* fields are individually in range but inconsistent */
	IGD_ERR_UNSUPPORTED, /* a valid input of a kind or version this code does not handle */
	IGD_ERR_NOSPACE,     /* the caller's output buffer is too small */
	IGD_ERR_INVALID,     /* a caller-supplied argument is out of its domain */
	IGD_ERR_TOO_LARGE,   /* a size exceeds a format or policy limit */
	IGD_ERR_NOT_FOUND,   /* the thing looked for is absent */
	IGD_ERR_IO,          /* host adapters only: a system call failed (see errno) */
	IGD_ERR_NOMEM,       /* host adapters only: allocation failed */
	IGD_ERR__COUNT
} igd_status;

/* A short English description, never NULL (unknown codes give "unknown error"). */
const char *igd_strerror(igd_status st);

/*
 * Where a parser stopped: callers that want a one-line message pass one of these and print
 * "FILE: offset 0x%zx: %s".  Parsers set it only on failure (and for warnings, see vbt.h).
 */
typedef struct igd_where {
	size_t offset;
	const char *what; /* static string */
} igd_where;

#endif
