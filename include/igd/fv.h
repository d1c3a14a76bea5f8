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
bool igd_fv_guid_equal(const uint8_t a[16], const uint8_t b[16]);

/* A flash image (descriptor), a capsule or a firmware volume starts the buffer. */
bool igd_fw_is_image(const uint8_t *buf, size_t len);

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
igd_status igd_ffs_next_file(const uint8_t *buf, size_t len, const fv_volume *vol, size_t *cursor,
			     ffs_file *ret, igd_where *where);

/* EFI_FFS_FILE_HEADER(2) and EFI_COMMON_SECTION_HEADER(2) layouts (PI specification vol. 3;
 * docs/firmware-images.md §5, §6). */
enum {
	FFS_OFF_NAME = 0x00,
	FFS_OFF_HEADER_CHECKSUM = 0x10,
	FFS_OFF_FILE_CHECKSUM = 0x11,
	FFS_OFF_TYPE = 0x12,
	FFS_OFF_ATTRIBUTES = 0x13,
	FFS_OFF_SIZE = 0x14,         /* 24-bit */
	FFS_OFF_STATE = 0x17,
	FFS_OFF_EXTENDED_SIZE = 0x18, /* u64, large files (FFSv3) */
	FFS_HEADER_SIZE = 0x18,
	FFS_HEADER2_SIZE = 0x20,
	FFS_ATTR_LARGE_FILE = 0x01,
	FFS_ATTR_CHECKSUM = 0x40,
	FFS_FIXED_CHECKSUM = 0xAA,    /* revision-2 volumes */
	FFS_FIXED_CHECKSUM_REV1 = 0x5A,
	SECTION_OFF_SIZE = 0,         /* 24-bit */
	SECTION_OFF_TYPE = 3,
	SECTION_OFF_EXTENDED_SIZE = 4, /* u32 when the 24-bit size is 0xFFFFFF */
	SECTION_HEADER_SIZE = 4,
	SECTION_HEADER2_SIZE = 8,
};
_Static_assert(FFS_OFF_STATE + 1 == FFS_HEADER_SIZE, "the state byte ends the FFS header");
_Static_assert(FFS_OFF_EXTENDED_SIZE + 8 == FFS_HEADER2_SIZE, "the u64 size ends the FFS header 2");
_Static_assert(SECTION_OFF_EXTENDED_SIZE + 4 == SECTION_HEADER2_SIZE, "the u32 size ends the section header 2");

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

/* A GUID as the 16 bytes it is stored as, written in its registry form's fields
 * (like EDK2's GUID definitions): the first three fields little-endian. */
#define IGD_GUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)                                        \
	{ (uint8_t)(a), (uint8_t)((a) >> 8), (uint8_t)((a) >> 16), (uint8_t)((a) >> 24), (uint8_t)(b), \
	  (uint8_t)((b) >> 8), (uint8_t)(c), (uint8_t)((c) >> 8), d0, d1, d2, d3, d4, d5, d6, d7 }

/* Well-known GUIDs (docs/firmware-images.md §6, §8), compared as bytes. */
#define FV_GUID_TIANO ((const uint8_t[16])IGD_GUID(0xA31280AD, 0x481E, 0x41B6, 0x95, 0xE8, 0x12, 0x7F, 0x4C, 0x98, 0x47, 0x79))
#define FV_GUID_LZMA ((const uint8_t[16])IGD_GUID(0xEE4E5898, 0x3914, 0x4259, 0x9D, 0x6E, 0xDC, 0x7B, 0xD7, 0x94, 0x03, 0xCF))
#define FV_GUID_LZMA_HP ((const uint8_t[16])IGD_GUID(0x0ED85E23, 0xF253, 0x413F, 0xA0, 0x3C, 0x90, 0x19, 0x87, 0xB0, 0x43, 0x97))
#define FV_GUID_LZMA_F86 ((const uint8_t[16])IGD_GUID(0xD42AE6BD, 0x1352, 0x4BFB, 0x90, 0x9A, 0xCA, 0x72, 0xA6, 0xEA, 0xE8, 0x89))
#define FV_GUID_BROTLI ((const uint8_t[16])IGD_GUID(0x3D532050, 0x5CDA, 0x4FD0, 0x87, 0x9E, 0x0F, 0x7F, 0x63, 0x0D, 0x5A, 0xFB))
#define FV_GUID_CRC32 ((const uint8_t[16])IGD_GUID(0xFC1BCDB0, 0x7D31, 0x49AA, 0x93, 0x6A, 0xA4, 0x60, 0x0D, 0x9D, 0xD0, 0x83))
#define FV_GUID_GOP_INTEL ((const uint8_t[16])IGD_GUID(0xFF0C8745, 0x3270, 0x4439, 0xB7, 0x4F, 0x3E, 0x45, 0xF8, 0xC7, 0x70, 0x64))
#define FV_GUID_GOP_AMI ((const uint8_t[16])IGD_GUID(0x5BBA83E6, 0xF027, 0x4CA7, 0xBF, 0xD0, 0x16, 0x35, 0x8C, 0xC9, 0xE1, 0x23))
#define FV_GUID_GOP_VBT ((const uint8_t[16])IGD_GUID(0x56752DA9, 0xDE6B, 0x4895, 0x88, 0x19, 0x19, 0x45, 0xB6, 0xB7, 0x6C, 0x22))
#define FV_GUID_BMP_VBT ((const uint8_t[16])IGD_GUID(0x878AC2CC, 0x5343, 0x46F2, 0xB5, 0x63, 0x51, 0xF8, 0x9D, 0xAF, 0x56, 0xBA))

#endif
