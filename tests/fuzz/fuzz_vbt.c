// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz the VBT parser, search, decoders and checksum fix on a copy. */
#include <stdlib.h>

#include "igd/vbt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vbt_info vi;
	vbt_children kids;
	char build[5];
	uint8_t u8;
	size_t off;

	if (igd_vbt_parse(data, size, &vi, NULL) == IGD_OK) {
		igd_vbt_decode_children(data, &vi, &kids);
		igd_vbt_build_number(data, &vi, build);
		igd_vbt_panel_type(data, &vi, &u8);
		igd_vbt_lvds_config(data, &vi, &u8);
		uint8_t *copy = malloc(size);
		if (copy) {
			memcpy(copy, data, size);
			igd_vbt_fix_checksum(copy, size, &u8);
			free(copy);
		}
	}
	if (igd_vbt_find(data, size, 0, &off) == IGD_OK)
		igd_vbt_parse(data + off, size - off, &vi, NULL);
	return 0;
}
