/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * What kind of file a buffer is (PCI option ROM, legacy video BIOS, OpRegion, VBT) and where
 * its VBT lives: the OpRegion's mailbox 4 or extended region, a video BIOS's pointer at 0x1A
 * (else a "$VBT" search, as Linux and coreboot's intelvbttool do), or the start of a raw VBT.
 */
#ifndef IGD_LOCATE_H
#define IGD_LOCATE_H

#include "env.h"
#include "error.h"

typedef enum igd_file_kind { IGD_KIND_UNKNOWN, IGD_KIND_ROM, IGD_KIND_VBIOS, IGD_KIND_OPREGION, IGD_KIND_VBT } igd_file_kind;

/* `container` is the bytes the VBT may use from `offset`. */
typedef struct igd_vbt_location {
	igd_file_kind kind;
	size_t offset, container;
	const char *how;
} igd_vbt_location;

igd_file_kind igd_sniff_kind(const uint8_t *buf, size_t len);
igd_status igd_locate_vbt(const uint8_t *buf, size_t len, igd_vbt_location *loc);

#endif
