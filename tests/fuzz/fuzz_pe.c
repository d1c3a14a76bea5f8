// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/pe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pe_info pe;
	igd_where w;
	igd_pe_check_efirom(data, size, &pe, &w);
	igd_pe_parse(data, size, &pe, &w);
	return 0;
}
