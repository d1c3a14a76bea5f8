/* SPDX-License-Identifier: BSD-2-Clause-Patent */
/* Shared by the unit tests: cmocka includes and reading files from tests/data (the TESTDATA environment variable overrides it). */
#ifndef IGD_TEST_HELPERS_H
#define IGD_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "igd/file.h"

/* The file rel under the directory the environment variable env names (fallback without it). */
static inline uint8_t *load_under(const char *env, const char *fallback, const char *rel, size_t *len)
{
	const char *s = getenv(env);
	char path[512];
	uint8_t *buf;
	snprintf(path, sizeof(path), "%s/%s", s ? s : fallback, rel);
	if (igd_file_read(path, 64u << 20, &buf, len) != IGD_OK)
		fail_msg("cannot read %s", path);
	return buf;
}

static inline uint8_t *load_testdata(const char *rel, size_t *len)
{
	return load_under("TESTDATA", "tests/data", rel, len);
}

#endif
