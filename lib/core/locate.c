// SPDX-License-Identifier: BSD-2-Clause-Patent
/* File kinds and VBT location (include/igd/locate.h). */
#include "igd/locate.h"

#include "igd/bytes.h"
#include "igd/opregion.h"
#include "igd/pcirom.h"
#include "igd/vbt.h"

/* Intel VBIOS: u16 VBT offset at 0x1A (coreboot util/intelvbttool optionrom_header_t). */
#define VBIOS_VBT_POINTER 0x1A

igd_file_kind igd_sniff_kind(const uint8_t *buf, size_t len)
{
	pcirom_image img;
	if (igd_match(buf, len, 0, OPREGION_SIGNATURE, 16))
		return IGD_KIND_OPREGION;
	if (igd_match(buf, len, 0, VBT_SIGNATURE, 4))
		return IGD_KIND_VBT;
	if (igd_pcirom_parse_image(buf, len, 0, &img, NULL) == IGD_OK)
		return img.code_type == PCIROM_CODE_X86 ? IGD_KIND_VBIOS : IGD_KIND_ROM;
	if (igd_match(buf, len, 0, "\x55\xAA", 2))
		return IGD_KIND_VBIOS;
	return IGD_KIND_UNKNOWN;
}

igd_status igd_locate_vbt(const uint8_t *buf, size_t len, igd_vbt_location *loc)
{
	loc->kind = igd_sniff_kind(buf, len);
	switch (loc->kind) {
	case IGD_KIND_OPREGION: {
		opregion_info o;
		igd_status st = igd_opregion_parse(buf, len, &o, NULL);
		if (st)
			return st;
		if (o.vbt_kind == OPREGION_VBT_EXTENDED_PHYSICAL)
			return IGD_ERR_UNSUPPORTED;
		if (o.vbt_kind == OPREGION_VBT_NONE)
			return IGD_ERR_NOT_FOUND;
		loc->offset = o.vbt_offset;
		loc->container = o.vbt_max;
		loc->how = o.vbt_kind == OPREGION_VBT_EXTENDED ? "OpRegion extended VBT (RVDA/RVDS)"
							       : "OpRegion mailbox 4";
		return IGD_OK;
	}
	case IGD_KIND_VBT:
		loc->offset = 0;
		loc->container = len;
		loc->how = "raw VBT";
		return IGD_OK;
	case IGD_KIND_VBIOS:
	case IGD_KIND_ROM: {
		uint16_t p;
		if (!igd_get_le16(buf, len, VBIOS_VBT_POINTER, &p) && p &&
		    igd_match(buf, len, p, VBT_SIGNATURE, 4)) {
			loc->offset = p;
			loc->container = len - p;
			loc->how = "video BIOS, VBT pointer at 0x1A";
			return IGD_OK;
		}
		/* fall through to the search, like Linux and intelvbttool */
	}
	/* fallthrough */
	default:
		if (igd_vbt_find(buf, len, 0, &loc->offset) == IGD_OK) {
			loc->container = len - loc->offset;
			loc->how = "found by searching for $VBT";
			return IGD_OK;
		}
		return IGD_ERR_NOT_FOUND;
	}
}
