/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * UEFI firmware image structures (UEFI PI specification volume 3, via EDK2 PiFirmwareVolume.h,
 * PiFirmwareFile.h; Intel flash descriptor and capsules as UEFITool's descriptor.h/ffs.h lay
 * them out; docs/firmware-images.md): header parsers only.  Each takes the buffer and an offset,
 * checks every field against the bounds, and never decompresses (lib/host does that).
 */
#ifndef IGD_FV_H
#define IGD_FV_H

#include "env.h"
#include "error.h"

#define FV_SIGNATURE "_FVH"
#define FV_SIGNATURE_OFFSET 0x28
#define FV_HEADER_MIN 0x48 /* header with a one-entry block map and its terminator */
#define FD_SIGNATURE 0x0FF0A55Au
#define FD_REGION_COUNT 10

void igd_fv_guid_format(const uint8_t guid[16], char out[37]);
bool igd_fv_guid_parse(const char *text, uint8_t out[16]);
bool igd_fv_guid_equal(const uint8_t a[16], const char *text);

/* Intel flash descriptor: regions by index (0 descriptor, 1 BIOS, 2 ME, 3 GbE, 4 PDR, 8 EC). */
typedef struct fd_region {
	bool present;
	size_t offset, size;
} fd_region;
igd_status igd_fd_parse(const uint8_t *buf, size_t len, fd_region regions[FD_REGION_COUNT]);
const char *igd_fd_region_name(unsigned index);

/* EFI/FMP/vendor capsule header: payload at header_size, image_size bytes in all. */
typedef struct fv_capsule {
	uint8_t guid[16];
	uint32_t header_size, flags, image_size;
	const char *kind;
} fv_capsule;
igd_status igd_fv_capsule_parse(const uint8_t *buf, size_t len, fv_capsule *ret);

typedef struct fv_volume {
	size_t offset, length;        /* FvLength, bounded by the buffer */
	uint8_t fs_guid[16];
	uint32_t attributes;
	uint16_t header_length, ext_header_offset;
	uint8_t revision;
	bool erase_polarity;          /* erased bytes read 0xFF */
	bool checksum_ok;
	bool ffs3;                    /* FFSv3: large files possible */
	bool known_fs;                /* an FFS file system GUID igdrom parses */
	uint8_t name[16];             /* extended header FvName, zero when absent */
	size_t files_offset;          /* first file, absolute */
} fv_volume;

/* The volume whose header starts at `off` (its "_FVH" is at off + 0x28). */
igd_status igd_fv_parse_volume(const uint8_t *buf, size_t len, size_t off, fv_volume *ret,
			   igd_where *where);

enum {
	FFS_TYPE_RAW = 0x01,
	FFS_TYPE_FREEFORM = 0x02,
	FFS_TYPE_DRIVER = 0x07,
	FFS_TYPE_APPLICATION = 0x09,
	FFS_TYPE_FV_IMAGE = 0x0B,
	FFS_TYPE_PAD = 0xF0,
};
const char *igd_ffs_type_name(uint8_t type);

typedef struct ffs_file {
	size_t offset, size, header_size; /* size includes the header */
	uint8_t name[16];
	uint8_t type, attributes, state;
	bool header_checksum_ok, data_checksum_ok;
} ffs_file;

/*
 * The file at *cursor inside the volume (cursor starts at vol->files_offset); advances the
 * cursor past it (8-byte aligned).  IGD_ERR_NOT_FOUND at the end of the files (erased
 * space).  Files that are not live (deleted, invalid) are returned too; see `state`.
 */
igd_status igd_ffs_next_file(const uint8_t *buf, const fv_volume *vol, size_t *cursor, ffs_file *ret,
			 igd_where *where);

enum {
	SECTION_COMPRESSION = 0x01,
	SECTION_GUID_DEFINED = 0x02,
	SECTION_DISPOSABLE = 0x03,
	SECTION_PE32 = 0x10,
	SECTION_PIC = 0x11,
	SECTION_TE = 0x12,
	SECTION_DXE_DEPEX = 0x13,
	SECTION_VERSION = 0x14,
	SECTION_USER_INTERFACE = 0x15,
	SECTION_COMPATIBILITY16 = 0x16,
	SECTION_FV_IMAGE = 0x17,
	SECTION_FREEFORM_SUBTYPE_GUID = 0x18,
	SECTION_RAW = 0x19,
	SECTION_PEI_DEPEX = 0x1B,
	SECTION_MM_DEPEX = 0x1C,
};
const char *igd_section_type_name(uint8_t type);

typedef struct ffs_section {
	size_t offset, size, header_size; /* absolute offset; size includes the header */
	uint8_t type;
	/* COMPRESSION */
	uint32_t uncompressed_length;
	uint8_t compression_type;
	/* GUID_DEFINED */
	uint8_t guid[16];
	uint16_t data_offset, guid_attributes;
	size_t body_offset, body_size; /* the bytes a consumer processes */
} ffs_section;

/* The section at *cursor, ending no later than `end`; advances the cursor (4-byte aligned).
 * IGD_ERR_NOT_FOUND when fewer than 4 bytes remain. */
igd_status igd_ffs_next_section(const uint8_t *buf, size_t end, size_t *cursor, ffs_section *ret,
			    igd_where *where);

/* Well-known GUIDs (docs/firmware-images.md §6, §8). */
#define FV_GUID_TIANO "A31280AD-481E-41B6-95E8-127F4C984779"
#define FV_GUID_LZMA "EE4E5898-3914-4259-9D6E-DC7BD79403CF"
#define FV_GUID_LZMA_HP "0ED85E23-F253-413F-A03C-901987B04397"
#define FV_GUID_LZMA_F86 "D42AE6BD-1352-4BFB-909A-CA72A6EAE889"
#define FV_GUID_BROTLI "3D532050-5CDA-4FD0-879E-0F7F630D5AFB"
#define FV_GUID_CRC32 "FC1BCDB0-7D31-49AA-936A-A4600D9DD083"
#define FV_GUID_GOP_INTEL "FF0C8745-3270-4439-B74F-3E45F8C77064"
#define FV_GUID_GOP_AMI "5BBA83E6-F027-4CA7-BFD0-16358CC9E123"
#define FV_GUID_GOP_VBT "56752DA9-DE6B-4895-8819-1945B6B76C22"
#define FV_GUID_BMP_VBT "878AC2CC-5343-46F2-B563-51F89DAF56BA"

#endif
