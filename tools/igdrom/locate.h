/* SPDX-License-Identifier: BSD-2-Clause-Patent */
#ifndef IGDROM_LOCATE_H
#define IGDROM_LOCATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/error.h"

enum file_kind { KIND_UNKNOWN, KIND_ROM, KIND_VBIOS, KIND_OPREGION, KIND_VBT };

/* Where a VBT lives in a file: an OpRegion (mailbox 4 or extended), a legacy video BIOS
 * (pointer at 0x1A, else a "$VBT" search), or a raw VBT.  *container is the bytes the VBT
 * may use. */
struct vbt_location {
	enum file_kind kind;
	size_t offset, container;
	const char *how;
};

enum file_kind sniff_kind(const uint8_t *buf, size_t len);
igd_status locate_vbt(const uint8_t *buf, size_t len, struct vbt_location *loc);

#endif
