// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The GOP table reader on any bytes: it parses PE headers and relocations and follows code, so
 * every path must stay inside the input (seeds: synthetic GOPs from tests/goptable). */
#include "igd/goptable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static igd_gop_table t;
	if (igd_gop_read_table(data, size, &t) != IGD_OK)
		return 0;
	for (size_t i = 1; i < t.ids.count; i++)
		if (t.ids.id[i - 1] >= t.ids.id[i])
			__builtin_trap(); /* ascending and unique */
	if (t.found_by == IGD_GOP_FOUND_BY_CODE && (!t.stride || !t.entries))
		__builtin_trap(); /* a table found by code has a shape */
	return 0;
}
