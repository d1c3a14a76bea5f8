/* SPDX-License-Identifier: BSD-2-Clause-Patent */
/* Firmware-image views for the CLI: tree listing and GOP/VBT identification. */
#ifndef IGDROM_FWFIND_H
#define IGDROM_FWFIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/fwimage.h"

struct fw_candidate {
	int node;                 /* the file node */
	bool is_gop;
	const uint8_t *data;      /* PE32 body, or the VBT */
	size_t len;
	char detail[128];         /* GOP version or VBT signature/BDB */
	const char *why;          /* which rule found it */
};

bool fw_is_image(const uint8_t *buf, size_t len);
size_t fw_find_candidates(const fw_tree *t, struct fw_candidate *out, size_t cap);
int inspect_firmware(const char *path, const uint8_t *buf, size_t len, bool json);

#endif
