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

const char *igd_pe_machine_name(uint16_t machine);
const char *igd_pe_subsystem_name(uint16_t subsystem);

#endif
