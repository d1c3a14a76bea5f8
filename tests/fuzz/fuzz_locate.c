// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz file sniffing and VBT location: whatever it finds must lie inside the buffer. */
#include <stdlib.h>

#include "igd/locate.h"
#include "igd/vbt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	igd_vbt_location loc;
	vbt_info vi;
	igd_sniff_kind(data, size);
	if (igd_locate_vbt(data, size, &loc) == IGD_OK) {
		if (loc.offset > size || loc.container > size - loc.offset || !loc.how)
			abort();
		igd_vbt_parse(data + loc.offset, loc.container, &vi, NULL);
	}
	return 0;
}
