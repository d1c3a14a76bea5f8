/* SPDX-License-Identifier: BSD-2-Clause-Patent */
#ifndef IGDROM_INSPECT_H
#define IGDROM_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/gop.h"
#include "igd/goptable.h"

/* Detects the kind of `buf` and prints its description; returns an exit code. */
int inspect_buffer(const char *path, const uint8_t *buf, size_t len, bool json);
int inspect_vbt_file(const char *path, const uint8_t *buf, size_t len, bool json);
typedef struct rom_gop {
	char version[128];   /* the "Intel(R) GOP Driver" string */
	igd_gop_table table; /* what its Supported() binds, its PCH table, its binding version */
} rom_gop;
/* The Intel GOPs among a ROM's EFI images (decompressed as needed), in ROM order: how many there
 * are (up to cap are filled in). */
size_t rom_gops(const uint8_t *rom, size_t len, rom_gop *out, size_t cap);
/* Whether a PE image is an Intel GOP; out (may be NULL) gets its version and tables. */
bool rom_gop_of_pe(const uint8_t *pe, size_t len, rom_gop *out);
int inspect_pe_file(const char *path, const uint8_t *buf, size_t len, bool json);
int inspect_rom(const char *path, const uint8_t *buf, size_t len, bool json);
/* Prints findings (and, unless igdrom --quiet, a summary line); true when no errors (or warnings with
 * strict). */
bool verify_rom_buffer(const char *path, const uint8_t *rom, size_t len, bool strict);

#endif
