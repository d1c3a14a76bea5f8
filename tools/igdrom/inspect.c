// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Content sniffing for `igdrom inspect`. */
#include <stdio.h>

#include "cli.h"
#include "igd/bytes.h"
#include "igd/pcirom.h"
#include "inspect.h"
#include "locate.h"
#include "fwfind.h"

int inspect_buffer(const char *path, const uint8_t *buf, size_t len, bool json)
{
	/* Option ROMs with EFI images get the ROM view; video BIOSes, OpRegions and VBTs the VBT
	 * view (a video BIOS is a ROM whose interesting content is its VBT). */
	struct vbt_location loc;
	enum file_kind kind = sniff_kind(buf, len);
	if (kind == KIND_UNKNOWN && fw_is_image(buf, len))
		return inspect_firmware(path, buf, len, json);
	if (kind == KIND_UNKNOWN && igd_match(buf, len, 0, "MZ", 2))
		return inspect_pe_file(path, buf, len, json);
	if (kind == KIND_ROM || (kind == KIND_VBIOS && locate_vbt(buf, len, &loc) != IGD_OK))
		return inspect_rom(path, buf, len, json);
	return inspect_vbt_file(path, buf, len, json);
}
