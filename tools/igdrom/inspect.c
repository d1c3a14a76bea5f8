// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Content sniffing for `igdrom inspect`. */
#include <stdio.h>

#include "cli.h"
#include "igd/bytes.h"
#include "igd/pcirom.h"
#include "inspect.h"

int inspect_buffer(const char *path, const uint8_t *buf, size_t len, bool json)
{
	uint16_t sig;
	if (igd_get_le16(buf, len, 0, &sig) == IGD_OK && sig == PCIROM_SIGNATURE)
		return inspect_rom(path, buf, len, json);
	return cli_error(EXIT_RUNTIME, "%s: offset 0x0: not a PCI option ROM, OpRegion or VBT", path);
}
