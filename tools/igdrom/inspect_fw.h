/* SPDX-License-Identifier: BSD-2-Clause-Patent */
/* `inspect` of firmware images and the CLI's way of showing a GOP's facts (identification itself: igd/gopfind.h). */
#ifndef IGDROM_INSPECT_FW_H
#define IGDROM_INSPECT_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/fwimage.h"
#include "igd/gop.h"
#include "igd/gopfind.h"

/* "lists 3 device IDs: Coffee Lake 3E91 3E92; Tiger Lake 9A49" (ascending, grouped by
 * platform), or the line saying no table was found. */
void fw_gop_ids_line(const gop_ids *ids, char *out, size_t cap);
/* ["3E91","3E92",...] on stdout. */
void fw_json_ids(const gop_ids *ids);
/* For an EFI image carrying Intel's GOP version string: its version and device IDs, as `,"gop":{...}` (json) or
 * indented lines.  Prints nothing for other images. */
void print_gop_facts(const uint8_t *pe, size_t len, bool json);
int inspect_firmware(const char *path, const uint8_t *buf, size_t len, bool json);

#endif
