// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/gop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static gop_ids ids;
	char version[64];
	if (igd_gop_supported_ids(data, size, &ids) == IGD_OK)
		for (size_t i = 1; i < ids.count; i++)
			if (ids.id[i - 1] >= ids.id[i])
				__builtin_trap(); /* the list must stay ascending and unique */
	igd_gop_version(data, size, version, sizeof(version));
	return 0;
}
