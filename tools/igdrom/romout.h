/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * ROM assembly shared by `igdrom efirom` and `igdrom build`: reads inputs, checks them, and
 * appends images to an in-memory ROM through lib/core/pcirom.c.  Errors are printed as
 * "igdrom: FILE: offset 0xN: what" and reported by a false return.
 */
#ifndef IGDROM_ROMOUT_H
#define IGDROM_ROMOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/pcirom.h"

enum romout_compress { ROMOUT_COMPRESS_COMPAT, ROMOUT_COMPRESS_BEST, ROMOUT_COMPRESS_BEST_WIDE };

struct romout {
	pcirom_layout layout;
	uint8_t *buf;
	size_t len, cap;
	size_t images;
	/* igdrom build: inputs are checked whole (PE sections inside the file, a legacy input is
	 * one legacy image), not only as far as EfiRom looks, so a bad input is named, not the ROM */
	bool strict_inputs;
};

/* What was appended, for `igdrom build`'s report. */
struct romout_report {
	size_t offset, size;
	size_t input_len, payload_len;
	uint16_t machine, subsystem;
	bool compressed;
};

void romout_init(struct romout *rom, uint16_t vendor, const uint16_t *devices, size_t count,
		 bool pci23);
void romout_free(struct romout *rom);
bool romout_add_legacy(struct romout *rom, const char *path, bool last);
bool romout_add_efi(struct romout *rom, const char *path, bool compress,
		    enum romout_compress mode, uint32_t class_code, uint16_t code_revision,
		    bool last, struct romout_report *report);
bool romout_add_efi_buf(struct romout *rom, const char *name, const uint8_t *pe, size_t pe_len,
			bool compress, enum romout_compress mode, uint32_t class_code,
			uint16_t code_revision, bool last, struct romout_report *report);
/* An igdrom data image (e.g. the OpRegion) appended to the ROM. */
bool romout_add_data(struct romout *rom, uint32_t kind, const uint8_t *payload, size_t len,
		     bool last);
/* EfiRom -d style dump. */
bool romout_dump_efirom(const char *path, bool pci23);

#endif
