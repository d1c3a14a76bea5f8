/* SPDX-License-Identifier: BSD-2-Clause-Patent */
/* Firmware-image views for the CLI: tree listing and GOP/VBT identification. */
#ifndef IGDROM_FWFIND_H
#define IGDROM_FWFIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/fwimage.h"
#include "igd/gop.h"

struct fw_candidate {
	int node;                 /* the file node */
	bool is_gop;
	const uint8_t *data;      /* PE32 body, or the VBT */
	size_t len;
	char detail[128];         /* GOP version or VBT signature/BDB */
	const char *why;          /* which rule found it */
	gop_ids ids;              /* GOP: device IDs read from its table (count 0: none found) */
	uint16_t machine;         /* GOP: PE machine, 0 when the body is no valid PE */
};

/* How well a GOP fits a device: it lists the ID, lists others only, or no list was found. */
enum gop_fit { GOP_FITS, GOP_FIT_UNKNOWN, GOP_LISTS_OTHERS }; /* best first */

bool fw_is_image(const uint8_t *buf, size_t len);
size_t fw_find_candidates(const fw_tree *t, struct fw_candidate *out, size_t cap);
/* The GOP to use for device: one that lists it, else one without a readable list, else any
 * GOP; X64 first within each.  Returns the candidate index (fit in *fit), or -1 with no GOP. */
int fw_pick_gop(const struct fw_candidate *cand, size_t n, uint16_t device, enum gop_fit *fit);
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
