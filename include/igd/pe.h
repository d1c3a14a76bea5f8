/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Just enough of PE/COFF to build and verify option ROMs: machine, subsystem, image size and
 * whether base relocations exist.  Layout: Microsoft PE Format specification; the minimal
 * acceptance test EfiRom applies (CheckPE32File) is igd_pe_check_efirom().
 */
#ifndef IGD_PE_H
#define IGD_PE_H

#include "env.h"
#include "error.h"

#define PE_MACHINE_IA32 0x014C
#define PE_MACHINE_X64 0x8664
#define PE_MACHINE_EBC 0x0EBC
#define PE_MACHINE_ARM64 0xAA64
#define PE_MACHINE_RISCV64 0x5064
#define PE_MACHINE_LOONGARCH64 0x6264

#define PE_SUBSYSTEM_EFI_APPLICATION 10
#define PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER 11
#define PE_SUBSYSTEM_EFI_RUNTIME_DRIVER 12

typedef struct pe_info {
	uint32_t pe_offset;   /* e_lfanew */
	uint16_t machine;
	uint16_t magic;       /* 0x10B PE32, 0x20B PE32+ */
	uint16_t subsystem;
	uint16_t sections;
	uint32_t size_of_image;
	uint32_t size_of_headers;
	uint32_t entry_point;
	bool has_relocations; /* base relocation directory present and non-empty */
} pe_info;

/* EfiRom's test: "MZ", "PE\0\0" at e_lfanew, optional-header magic 0x10B/0x20B. */
igd_status igd_pe_check_efirom(const uint8_t *buf, size_t len, pe_info *ret, igd_where *where);

/* Full header validation: the above plus section table and header sizes inside the file. */
igd_status igd_pe_parse(const uint8_t *buf, size_t len, pe_info *ret, igd_where *where);

/* Sections and base relocations, for reading a driver's code and data (the GOP table reader,
 * lib/host/goptable.c).  Section header fields and relocation blocks: PE Format specification,
 * "Section Table", "The .reloc Section". */
#define PE_SCN_CNT_CODE 0x00000020u
#define PE_SCN_MEM_EXECUTE 0x20000000u
#define PE_RELOC_HIGHLOW 3  /* 32-bit address (IA32) */
#define PE_RELOC_DIR64 10   /* 64-bit address (X64) */
#define PE_MAX_SECTIONS 32

typedef struct pe_section {
	char name[9];
	uint32_t rva, virtual_size, raw_offset, raw_size, characteristics;
} pe_section;

typedef struct pe_layout {
	pe_info info;
	uint64_t image_base;
	unsigned pointer_size;       /* 4 for PE32, 8 for PE32+ */
	size_t section_count;        /* at most PE_MAX_SECTIONS are kept */
	pe_section section[PE_MAX_SECTIONS];
	uint32_t reloc_rva, reloc_size;
} pe_layout;

/* igd_pe_parse plus the image base and the section table. */
igd_status igd_pe_layout(const uint8_t *buf, size_t len, pe_layout *ret, igd_where *where);

/* The bytes of a section the file holds: its raw data, not the zero-filled rest of the virtual
 * size (a virtual size of 0 means the raw size). */
static inline uint32_t igd_pe_section_file_bytes(const pe_section *s)
{
	return s->raw_size < s->virtual_size || !s->virtual_size ? s->raw_size : s->virtual_size;
}

/* The file offset of the n bytes at rva when they lie in one section's raw data, else SIZE_MAX. */
size_t igd_pe_rva_to_offset(const pe_layout *l, uint32_t rva, size_t n);

/* True when rva lies in an executable section. */
bool igd_pe_rva_is_code(const pe_layout *l, uint32_t rva);

/* Walks the base relocations: start with a zeroed cursor; each call gives the next entry's RVA
 * and type (padding entries of type 0 are skipped).  False at the end or at a malformed block. */
typedef struct pe_reloc_cursor {
	size_t block; /* bytes into the directory of the current block's header */
	size_t entry; /* bytes into the current block of the next entry (0: not started) */
} pe_reloc_cursor;
bool igd_pe_next_relocation(const uint8_t *buf, size_t len, const pe_layout *l, pe_reloc_cursor *cursor,
			    uint32_t *rva, unsigned *type);

const char *igd_pe_machine_name(uint16_t machine);
const char *igd_pe_subsystem_name(uint16_t subsystem);

#endif
