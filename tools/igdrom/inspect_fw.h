/* SPDX-License-Identifier: BSD-2-Clause-Patent */
/* `inspect` of firmware images and the CLI's way of showing a GOP's facts (identification itself: igd/gopfind.h). */
#ifndef IGDROM_INSPECT_FW_H
#define IGDROM_INSPECT_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/fwimage.h"
#include "igd/gop.h"
#include "igd/goptable.h"
#include "igd/gopfind.h"

/* A GOP's table as lines, each starting with indent: how it was found ("found by: ..."), the
 * IDs ("lists 3 device IDs: Coffee Lake 3E91 3E92; unknown 8086:4681"), the PCH IDs when read,
 * the binding version; printed with info() when quiet_ok, else printf. */
void fw_print_gop_table(const igd_gop_table *t, const char *indent, bool quiet_ok);
/* The "lists N device IDs: ..." line alone. */
void fw_gop_ids_line(const gop_ids *ids, char *out, size_t cap);
/* ,"found_by":...,"how":...,"device_ids":[...],"unknown_ids":[...],"pch_ids":[...],"binding_version":...
 * (the members after an object's first) on stdout. */
void fw_json_gop_table(const igd_gop_table *t);
/* For an EFI image carrying Intel's GOP version string: its version and table, as `,"gop":{...}`
 * (json) or indented lines.  Prints nothing for other images. */
void print_gop_facts(const uint8_t *pe, size_t len, bool json);
int inspect_firmware(const char *path, const uint8_t *buf, size_t len, bool json);

#endif
