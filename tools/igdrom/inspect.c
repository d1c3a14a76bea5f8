// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Content sniffing for `igdrom inspect`. */
#include <stdio.h>

#include "cli.h"
#include "igd/bytes.h"
#include "igd/fv.h"
#include "igd/pcirom.h"
#include "inspect.h"
#include "igd/locate.h"
#include "inspect_fw.h"

int inspect_buffer(const char *path, const uint8_t *buf, size_t len, bool json)
{
	/* Option ROMs with EFI images get the ROM view; video BIOSes, OpRegions and VBTs the VBT
	 * view (a video BIOS is a ROM whose interesting content is its VBT). */
	igd_vbt_location loc;
	if (len == 0)
		return cli_error(EXIT_RUNTIME, "%s: empty file", path);
	igd_file_kind kind = igd_sniff_kind(buf, len);
	if (kind == IGD_KIND_UNKNOWN && igd_fw_is_image(buf, len))
		return inspect_firmware(path, buf, len, json);
	if (kind == IGD_KIND_UNKNOWN) {
		/* a volume whose header is there but whose length runs past the file: say truncated */
		fv_volume v;
		igd_where w = { 0, "" };
		uint64_t claimed = 0;
		if (igd_fv_parse_volume(buf, len, 0, &v, &w) == IGD_ERR_TRUNCATED && igd_match(buf, len, 0x28, "_FVH", 4)) {
			igd_get_le64(buf, len, 0x20, &claimed);
			return cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: truncated firmware image: %s (the volume header "
					 "gives %llu bytes, the file has %zu)", path, w.offset, w.what,
					 (unsigned long long)claimed, len);
		}
	}
	if (kind == IGD_KIND_UNKNOWN && igd_match(buf, len, 0, "MZ", 2))
		return inspect_pe_file(path, buf, len, json);
	if (kind == IGD_KIND_ROM || (kind == IGD_KIND_VBIOS && igd_locate_vbt(buf, len, &loc) != IGD_OK))
		return inspect_rom(path, buf, len, json);
	return inspect_vbt_file(path, buf, len, json);
}
