// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz OpRegion parsing, building from a VBT and relocation. */
#include "igd/opregion.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[0x2000 + 0x10000 + 0x10000];
	opregion_info o;
	size_t len;

	igd_opregion_parse(data, size, &o, NULL);
	igd_opregion_build(data, size, NULL, out, sizeof(out), &len, NULL);
	if (size > 0x2000 && size - 0x2000 <= 0x10000)
		igd_opregion_relocate(data, 0x2000, data + 0x2000, size - 0x2000, out, sizeof(out), &len, NULL);
	return 0;
}
