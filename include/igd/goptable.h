/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * The device table an Intel GOP driver really checks, read by following its code (issue 15:
 * each GOP binds only the IDs of the one array its DriverBinding Supported() scans; other ID
 * arrays in the same binary are not consulted).  How: docs/gop-table.md.
 *
 * 1. The driver binding instance is found in the image's data: three relocated pointers into
 *    code (Supported, Start, Stop) followed by the unrelocated Version and the two handles
 *    (EFI_DRIVER_BINDING_PROTOCOL, UEFI 2.10 §11.1).
 * 2. Supported() and the functions it calls are disassembled (capstone) and followed: a table is
 *    a data address the code walks in a loop with 16- or 32-bit reads; its stride, the field
 *    holding the device ID and its length come from the code (the count the loop compares
 *    against) or, failing that, from the data (the entries up to a terminator).
 * 3. The binding's Version is the constant the code stores into it (the file holds 0), and the
 *    PCH IDs are the table scanned in the code under Start() that reads 00:1f.0.
 * When no binding or no table is found, the answer is the byte search of gop.h, labelled so.
 */
#ifndef IGD_GOPTABLE_H
#define IGD_GOPTABLE_H

#include "gop.h"

typedef enum igd_gop_found_by {
	IGD_GOP_FOUND_NOTHING, /* neither way found a table */
	IGD_GOP_FOUND_BY_CODE, /* the table Supported() scans */
	IGD_GOP_FOUND_BY_SEARCH /* runs of known IDs anywhere (gop.h): unverified */
} igd_gop_found_by;

typedef struct igd_gop_table {
	igd_gop_found_by found_by;
	char how[160];          /* one line: how it was found, or why the code could not be followed */
	uint32_t binding_rva;   /* found_by CODE: the driver binding instance */
	uint32_t supported_rva; /* its Supported() */
	uint32_t table_rva;     /* the first entry's device-ID field */
	unsigned stride;        /* bytes from one entry to the next */
	size_t entries;         /* entries read (duplicates included) */
	bool count_from_code;   /* the length is the count the code compares against */
	gop_ids ids;            /* every ID of the table, known to devices.h or not */
	bool has_version;       /* the driver binding's Version, as the code fills it in */
	uint32_t version;
	bool version_from_code; /* false: the static value in the file */
	gop_ids pch;            /* the PCH device IDs Start() accepts at 00:1f.0 (count 0: not found) */
	uint32_t pch_table_rva;
} igd_gop_table;

/* Reads the table of a PE32/PE32+ GOP image.  IGD_OK with found_by NOTHING when neither way
 * finds one; IGD_ERR_INVALID for a NULL argument; IGD_ERR_NOMEM when the disassembler or
 * its buffers could not be had. */
igd_status igd_gop_read_table(const uint8_t *image, size_t len, igd_gop_table *ret);

/* "9.0.1084" from a binding Version 0x0900043C (major.minor in the top bytes, build below,
 * the form Intel's GOPs use: issue 15). */
void igd_gop_version_format(uint32_t version, char *out, size_t cap);

#endif
