/* SPDX-License-Identifier: BSD-2-Clause-Patent */
#ifndef IGDROM_INSPECT_H
#define IGDROM_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/gop.h"

/* Detects the kind of `buf` and prints its description; returns an exit code. */
int inspect_buffer(const char *path, const uint8_t *buf, size_t len, bool json);
int inspect_vbt_file(const char *path, const uint8_t *buf, size_t len, bool json);
/* The first EFI image of a ROM that carries Intel's GOP version string: its version and the
 * device IDs it lists.  False when the ROM has no GOP (or cannot be parsed). */
bool rom_gop_facts(const uint8_t *rom, size_t len, char *version, size_t cap, gop_ids *ids);
int inspect_pe_file(const char *path, const uint8_t *buf, size_t len, bool json);
int inspect_rom(const char *path, const uint8_t *buf, size_t len, bool json);
/* Prints findings (and, unless igdrom --quiet, a summary line); true when no errors (or warnings with
 * strict). */
bool verify_rom_buffer(const char *path, const uint8_t *rom, size_t len, bool strict);

#endif
