/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * The IGD OpRegion: parse the header and mailboxes, locate the VBT (mailbox 4 or the extended
 * region named by RVDA/RVDS), build an OpRegion around a VBT the way coreboot and Slim
 * Bootloader do, and relocate a host OpRegion with a separately read extended VBT into one
 * contiguous 2.1 image.  Facts: docs/opregion-vbt.md §1 and §4 (Linux intel_opregion.c, VFIO
 * vfio_pci_igd.c, coreboot drivers/intel/gma/opregion.c, SBL IgdOpRegionLib.c).
 */
#ifndef IGD_OPREGION_H
#define IGD_OPREGION_H

#include "env.h"
#include "error.h"

#define OPREGION_SIGNATURE "IntelGraphicsMem"
#define OPREGION_BASE_SIZE 0x2000   /* what Linux maps; SIZE field counts KiB of this */
#define OPREGION_HEADER_SIZE 0x100
#define OPREGION_MBOX4_OFFSET 0x400
#define OPREGION_MBOX4_SIZE 0x1800  /* 6 KiB when mailbox 5 exists */
#define OPREGION_MBOX4_SIZE_OLD 0x1C00 /* 7 KiB when MBOX bit 4 is clear */
#define OPREGION_EXT_ALIGN 512

/* Field offsets (header, mailbox 1, mailbox 3). */
enum {
	OPREGION_OFF_SIZE = 0x10,
	OPREGION_OFF_OVER = 0x14,
	OPREGION_OFF_SVER = 0x18,
	OPREGION_OFF_VVER = 0x38,
	OPREGION_OFF_GVER = 0x48,
	OPREGION_OFF_MBOX = 0x58,
	OPREGION_OFF_DMOD = 0x5C,
	OPREGION_OFF_PCON = 0x60,
	OPREGION_OFF_DRDY = 0x100,
	OPREGION_OFF_CSTS = 0x104,
	OPREGION_OFF_DIDL = 0x120,
	OPREGION_OFF_CLID = 0x1AC,
	OPREGION_OFF_CHPD = 0x1A8,
	OPREGION_OFF_CADL = 0x160,
	OPREGION_OFF_PARM = 0x204,
	OPREGION_OFF_SCIC = 0x200,
	OPREGION_OFF_ARDY = 0x300,
	OPREGION_OFF_TCHE = 0x308,
	OPREGION_OFF_BCLP = 0x310,
	OPREGION_OFF_PFIT = 0x314,
	OPREGION_OFF_CBLV = 0x318,
	OPREGION_OFF_BCLM = 0x31C,
	OPREGION_OFF_PCFT = 0x39E,
	OPREGION_OFF_IUER = 0x3A6,
	OPREGION_OFF_RVDA = 0x3BA,
	OPREGION_OFF_RVDS = 0x3C2,
	OPREGION_OFF_PHED = 0x1C00,
};

/* MBOX bits. */
#define OPREGION_MBOX_ACPI (1u << 0)
#define OPREGION_MBOX_SWSCI (1u << 1)
#define OPREGION_MBOX_ASLE (1u << 2)
#define OPREGION_MBOX_VBT (1u << 3)
#define OPREGION_MBOX_ASLE_EXT (1u << 4)
#define OPREGION_MBOX_BACKLIGHT (1u << 5)

typedef enum opregion_vbt_kind {
	OPREGION_VBT_NONE,
	OPREGION_VBT_MAILBOX4,
	OPREGION_VBT_EXTENDED,          /* 2.1+: RVDA is an offset from the OpRegion base */
	OPREGION_VBT_EXTENDED_PHYSICAL, /* 2.0: RVDA is a physical address (not in this image) */
} opregion_vbt_kind;

typedef struct opregion_info {
	uint32_t size_kib;
	uint8_t major, minor, revision;
	uint32_t mbox, pcon, clid, drdy, ardy;
	uint64_t rvda;
	uint32_t rvds;
	char vver[17], gver[17];
	opregion_vbt_kind vbt_kind;
	size_t vbt_offset;    /* within the image, when the VBT is in it */
	size_t vbt_max;       /* container size: 6144/7168 or RVDS */
	uint16_t vbt_size;    /* from the VBT header, 0 when no VBT was found */
	size_t image_len;     /* bytes of the image: 8 KiB, or RVDA + RVDS when extended */
	/* mailbox 1 (public ACPI) */
	uint32_t csts, chpd, didl[8], cadl[8];
	/* mailbox 2: SWSCI before 3.0, backlight (BCL1/BCL2/CBL1/CBL2) from 3.0 */
	uint32_t scic, parm, bcl[4];
	/* mailbox 3 (ASLE) */
	uint32_t tche, bclp, pfit, cblv;
	uint16_t bclm[20];
	/* mailbox 5: number of valid 128-byte EDID blocks (PHED & 3) */
	uint32_t phed;
} opregion_info;

/*
 * Parses an OpRegion image of `len` bytes (>= 8 KiB).  The VBT is located like Linux does
 * (MBOX bit 3 ignored); an extended VBT must lie inside `len`.  A VBT that is missing or
 * invalid is not an error here: vbt_kind says what was found.
 */
igd_status igd_opregion_parse(const uint8_t *buf, size_t len, opregion_info *ret, igd_where *where);

/* Bytes an OpRegion built from a VBT of vbt_size needs: 8 KiB, plus the extended region. */
size_t igd_opregion_build_size(size_t vbt_size);

typedef struct opregion_build_opts {
	uint8_t major, minor;  /* default 2.1 when both are 0 */
	bool lid_closed;
} opregion_build_opts;

/* Builds an OpRegion around a valid VBT (firmware's defaults: MBOX 0x1D, CLID open, ASLE
 * backlight table, VVER from block 254). */
igd_status igd_opregion_build(const uint8_t *vbt, size_t vbt_len, const opregion_build_opts *opts,
			  uint8_t *out, size_t cap, size_t *ret_len, igd_where *where);

/*
 * Host OpRegion + its extended VBT read separately -> one 2.1 image: the 8 KiB base with
 * OVER >= 2.1, RVDA = 0x2000, RVDS = ext_len, followed by the extended VBT.  A base without an
 * extended VBT is copied as is (ext may be NULL/0).
 */
igd_status igd_opregion_relocate(const uint8_t *base, size_t base_len, const uint8_t *ext,
			     size_t ext_len, uint8_t *out, size_t cap, size_t *ret_len,
			     igd_where *where);

#endif
