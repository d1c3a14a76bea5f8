/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Internal to the core: how a parser reports where input went wrong.  Every error that names
 * input goes through here, so the caller's igd_where gets the offset and the reason.
 */
#ifndef IGD_CORE_FAIL_H
#define IGD_CORE_FAIL_H

#include "igd/error.h"

static inline igd_status fail(igd_where *where, size_t off, const char *what, igd_status st)
{
	if (where) {
		where->offset = off;
		where->what = what;
	}
	return st;
}

#endif
