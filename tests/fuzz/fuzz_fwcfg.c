// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz the fw_cfg directory lookup, etc/igd-bdsm-size and the etc/e820 decoder. */
#include "igd/fwcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t sel;
	uint32_t sz;
	uint64_t v;
	e820_entry e[128];
	size_t n;
	igd_fwcfg_dir_find(data, size, FWCFG_IGD_OPREGION, &sel, &sz);
	igd_fwcfg_dir_find(data, size, FWCFG_E820, &sel, &sz);
	igd_fwcfg_bdsm_size_parse(data, size, &v);
	igd_e820_decode(data, size, e, 128, &n, NULL);
	return 0;
}
