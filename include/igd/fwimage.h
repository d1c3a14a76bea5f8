/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Firmware image walker (lib/host): flash descriptor regions, capsules, volumes, FFS files and
 * sections, recursively through EFI/Tiano (this project's codec), LZMA and LZMA + x86 BCJ
 * (liblzma) and Brotli (libbrotli) sections and nested volumes.  Hard limits: nesting depth
 * and total decompressed bytes.  Checksums are verified and reported, never fatal.
 */
#ifndef IGD_FWIMAGE_H
#define IGD_FWIMAGE_H

#include "fv.h"

#define FW_MAX_DEPTH 16
#define FW_MAX_DECOMPRESSED (512u << 20)

typedef enum fw_kind { FW_REGION, FW_CAPSULE, FW_VOLUME, FW_FILE, FW_SECTION } fw_kind;

typedef struct fw_node {
	fw_kind kind;
	int depth, parent;
	size_t offset;            /* in the image when in_image, else in a decompressed buffer */
	bool in_image;
	size_t size;
	uint8_t guid[16];         /* volume FS GUID, file name, GUID-defined / subtype GUID */
	uint8_t type;             /* file or section type; region index */
	char name[64];            /* file: UI section text; region: region name */
	const uint8_t *body;      /* section body / file data */
	size_t body_size;
	bool checksum_ok;
	const char *note;         /* decompression used, or why a child could not be parsed */
} fw_node;

typedef struct fw_tree {
	fw_node *nodes;
	size_t count, cap;
	uint8_t **buffers;        /* decompressed buffers owned by the tree */
	size_t nbuffers, bufcap;
	uint64_t decompressed;
	unsigned problems;        /* parse errors met (each recorded as a node note) */
} fw_tree;

/* Parses an image (descriptor, capsule, or volumes anywhere in it). */
igd_status igd_fw_parse(const uint8_t *image, size_t len, fw_tree *tree);
void igd_fw_tree_free(fw_tree *tree);

/* Like igd_fw_parse, but stops as soon as the file named `guid` has been found (compressed LZMA
 * sections are decoded only up to it): for extracting one file from a large image. */
igd_status igd_fw_find_file(const uint8_t *image, size_t len, const uint8_t guid[16], fw_tree *tree);

/* Index of the first section of `type` in node `file` (not in the files of volumes nested in
 * it), or -1. */
int igd_fw_find_section(const fw_tree *t, int file, uint8_t type);

#endif
