/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * QEMU fw_cfg data formats (qemu docs/specs/fw_cfg.rst): the file directory (key 0x19,
 * big-endian), the items igdrom consumes or produces, and the `etc/e820` table.  Transport
 * (I/O ports, DMA) is not here: the UEFI driver and test tools do it.
 */
#ifndef IGD_FWCFG_H
#define IGD_FWCFG_H

#include "env.h"
#include "error.h"

#define FWCFG_KEY_SIGNATURE 0x0000
#define FWCFG_KEY_ID 0x0001
#define FWCFG_KEY_FILE_DIR 0x0019
#define FWCFG_ID_DMA (1u << 1)
#define FWCFG_DIR_ENTRY_SIZE 64
#define FWCFG_NAME_MAX 56

#define FWCFG_IGD_OPREGION "etc/igd-opregion"
#define FWCFG_IGD_BDSM_SIZE "etc/igd-bdsm-size"
/* The host's DSM base, 8 bytes LE: lf-edge/eve's patched QEMU (https://github.com/lf-edge/eve/pull/6432). */
#define FWCFG_IGD_STOLEN_BASE "etc/igd-stolen-base"
#define FWCFG_E820 "etc/e820"

/* Finds `name` in a directory blob (be32 count, count x 64-byte entries).  The count must fit
 * the blob; names are compared up to their NUL within 56 bytes. */
igd_status igd_fwcfg_dir_find(const uint8_t *dir, size_t len, const char *name, uint16_t *ret_select,
			  uint32_t *ret_size);

/* `etc/igd-bdsm-size`: 8-byte little-endian size.  Valid when exactly 8 bytes and non-zero.
 * Meaning (docs/vmm-contracts.md §3.2): QEMU < 10.0 counts GTT stolen memory (GGMS) in it, so it
 * may exceed the DSM by up to 8 MiB; QEMU >= 10.0 gives the DSM size alone. */
igd_status igd_fwcfg_bdsm_size_parse(const uint8_t *buf, size_t len, uint64_t *ret);
void igd_fwcfg_bdsm_size_encode(uint64_t size, uint8_t out[8]);

/* ---- etc/e820: packed {u64 address, u64 length, u32 type} records, little-endian ---- */
#define E820_ENTRY_SIZE 20
enum { E820_RAM = 1, E820_RESERVED = 2, E820_ACPI = 3, E820_NVS = 4, E820_UNUSABLE = 5 };

typedef struct e820_entry {
	uint64_t addr, len;
	uint32_t type;
} e820_entry;

/* Decodes up to `cap` entries; the blob must be a whole number of records, lengths non-zero
 * and address + length must not wrap. */
igd_status igd_e820_decode(const uint8_t *buf, size_t len, e820_entry *out, size_t cap,
		       size_t *ret_count, igd_where *where);
igd_status igd_e820_encode(const e820_entry *in, size_t count, uint8_t *out, size_t cap,
		       size_t *ret_len);
const char *igd_e820_type_name(uint32_t type);

#endif
