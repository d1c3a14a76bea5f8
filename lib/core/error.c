// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/error.h"
#include "igd/env.h"

static const char *const messages[IGD_ERR__COUNT] = {
	[IGD_OK] = "success",
	[IGD_ERR_TRUNCATED] = "truncated input",
	[IGD_ERR_RANGE] = "offset or size out of range",
	[IGD_ERR_SIGNATURE] = "bad signature",
	[IGD_ERR_CORRUPT] = "inconsistent structure",
	[IGD_ERR_UNSUPPORTED] = "unsupported format or version",
	[IGD_ERR_NOSPACE] = "output buffer too small",
	[IGD_ERR_INVALID] = "invalid argument",
	[IGD_ERR_TOO_LARGE] = "size exceeds limit",
	[IGD_ERR_NOT_FOUND] = "not found",
	[IGD_ERR_IO] = "I/O error",
	[IGD_ERR_NOMEM] = "out of memory",
};

const char *igd_strerror(igd_status st)
{
	if ((unsigned)st >= IGD_ERR__COUNT || !messages[st])
		return "unknown error";
	return messages[st];
}
