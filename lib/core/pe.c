// SPDX-License-Identifier: BSD-2-Clause-Patent
/* PE/COFF header reader.  Offsets from the Microsoft PE Format specification ("MS-DOS header",
 * "COFF File Header", "Optional Header Data Directories"). */
#include "igd/pe.h"
#include "fail.h"

#include "igd/bytes.h"

#define DOS_MAGIC "MZ"
#define DOS_LFANEW_OFFSET 0x3C
#define PE_SIGNATURE "PE\0\0"
#define COFF_HEADER_SIZE 20
#define OPT_MAGIC_PE32 0x10B
#define OPT_MAGIC_PE32PLUS 0x20B
#define OPT_SUBSYSTEM 68            /* same offset in PE32 and PE32+ */
#define OPT_SIZE_OF_IMAGE 56
#define OPT_SIZE_OF_HEADERS 60
#define OPT_ENTRY_POINT 16
#define OPT_NUMRVA_PE32 92
#define OPT_NUMRVA_PE32PLUS 108
#define DIR_BASERELOC 5
#define SECTION_HEADER_SIZE 40

static igd_status read_headers(const uint8_t *buf, size_t len, pe_info *pe, igd_where *where)
{
	uint32_t lfanew;
	size_t opt;

	if (!igd_match(buf, len, 0, DOS_MAGIC, 2))
		return fail(where, 0, "no MZ signature (not a PE image)", IGD_ERR_SIGNATURE);
	if (igd_get_le32(buf, len, DOS_LFANEW_OFFSET, &lfanew))
		return fail(where, DOS_LFANEW_OFFSET, "file ends inside the DOS header", IGD_ERR_TRUNCATED);
	if (!igd_match(buf, len, lfanew, PE_SIGNATURE, 4))
		return fail(where, lfanew, "no PE signature at e_lfanew", IGD_ERR_SIGNATURE);
	pe->pe_offset = lfanew;
	opt = (size_t)lfanew + 4 + COFF_HEADER_SIZE;
	if (igd_get_le16(buf, len, (size_t)lfanew + 4, &pe->machine) ||
	    igd_get_le16(buf, len, (size_t)lfanew + 6, &pe->sections) ||
	    igd_get_le16(buf, len, opt, &pe->magic))
		return fail(where, lfanew, "file ends inside the COFF header", IGD_ERR_TRUNCATED);
	if (pe->magic != OPT_MAGIC_PE32 && pe->magic != OPT_MAGIC_PE32PLUS)
		return fail(where, opt, "optional header magic is neither PE32 nor PE32+",
			    IGD_ERR_SIGNATURE);
	if (igd_get_le16(buf, len, opt + OPT_SUBSYSTEM, &pe->subsystem))
		return fail(where, opt, "file ends inside the optional header", IGD_ERR_TRUNCATED);
	return IGD_OK;
}

igd_status igd_pe_check_efirom(const uint8_t *buf, size_t len, pe_info *ret, igd_where *where)
{
	pe_info pe = { 0 };
	igd_status st = read_headers(buf, len, &pe, where);
	if (st == IGD_OK)
		*ret = pe;
	return st;
}

igd_status igd_pe_parse(const uint8_t *buf, size_t len, pe_info *ret, igd_where *where)
{
	pe_info pe = { 0 };
	uint16_t opt_size;
	uint32_t num_rva, reloc_rva = 0, reloc_size = 0;
	size_t opt, dirs, sect;
	igd_status st = read_headers(buf, len, &pe, where);

	if (st)
		return st;
	opt = (size_t)pe.pe_offset + 4 + COFF_HEADER_SIZE;
	if (igd_get_le16(buf, len, (size_t)pe.pe_offset + 20, &opt_size) ||
	    igd_get_le32(buf, len, opt + OPT_ENTRY_POINT, &pe.entry_point) ||
	    igd_get_le32(buf, len, opt + OPT_SIZE_OF_IMAGE, &pe.size_of_image) ||
	    igd_get_le32(buf, len, opt + OPT_SIZE_OF_HEADERS, &pe.size_of_headers))
		return fail(where, opt, "file ends inside the optional header", IGD_ERR_TRUNCATED);
	dirs = opt + (pe.magic == OPT_MAGIC_PE32 ? OPT_NUMRVA_PE32 : OPT_NUMRVA_PE32PLUS);
	if (igd_get_le32(buf, len, dirs, &num_rva) || dirs + 4 > opt + opt_size)
		return fail(where, dirs, "optional header too short for its data directories",
			    IGD_ERR_CORRUPT);
	if (num_rva > 16 || dirs + 4 + (size_t)num_rva * 8 > opt + opt_size)
		return fail(where, dirs, "data directory count does not fit the optional header",
			    IGD_ERR_CORRUPT);
	if (num_rva > DIR_BASERELOC) {
		size_t d = dirs + 4 + DIR_BASERELOC * 8;
		if (igd_get_le32(buf, len, d, &reloc_rva) || igd_get_le32(buf, len, d + 4, &reloc_size))
			return fail(where, d, "file ends inside the data directories", IGD_ERR_TRUNCATED);
	}
	pe.has_relocations = reloc_rva != 0 && reloc_size != 0;
	sect = opt + opt_size;
	if (pe.sections == 0 ||
	    !igd_range_ok(len, sect, (size_t)pe.sections * SECTION_HEADER_SIZE))
		return fail(where, sect, "section table missing or outside the file", IGD_ERR_TRUNCATED);
	if (pe.size_of_headers > len || pe.size_of_headers < sect + (size_t)pe.sections * SECTION_HEADER_SIZE)
		return fail(where, opt + OPT_SIZE_OF_HEADERS, "SizeOfHeaders inconsistent with the file",
			    IGD_ERR_CORRUPT);
	for (size_t i = 0; i < pe.sections; i++) {
		size_t sh = sect + i * SECTION_HEADER_SIZE;
		uint32_t raw_size, raw_ptr;
		igd_get_le32(buf, len, sh + 16, &raw_size);
		igd_get_le32(buf, len, sh + 20, &raw_ptr);
		if (raw_size && !igd_range_ok(len, raw_ptr, raw_size))
			return fail(where, sh, "section data lies outside the file", IGD_ERR_TRUNCATED);
	}
	*ret = pe;
	return IGD_OK;
}

#define OPT_IMAGE_BASE_PE32 28
#define OPT_IMAGE_BASE_PE32PLUS 24
#define RELOC_BLOCK_HEADER 8

igd_status igd_pe_layout(const uint8_t *buf, size_t len, pe_layout *ret, igd_where *where)
{
	pe_layout l = { 0 };
	igd_status st = igd_pe_parse(buf, len, &l.info, where);
	if (st)
		return st;
	size_t opt = (size_t)l.info.pe_offset + 4 + COFF_HEADER_SIZE;
	uint16_t opt_size;
	igd_get_le16(buf, len, (size_t)l.info.pe_offset + 20, &opt_size); /* igd_pe_parse read it */
	if (l.info.magic == OPT_MAGIC_PE32PLUS) {
		l.pointer_size = 8;
		igd_get_le64(buf, len, opt + OPT_IMAGE_BASE_PE32PLUS, &l.image_base);
	} else {
		uint32_t base32 = 0;
		l.pointer_size = 4;
		igd_get_le32(buf, len, opt + OPT_IMAGE_BASE_PE32, &base32);
		l.image_base = base32;
	}
	size_t dirs = opt + (l.info.magic == OPT_MAGIC_PE32 ? OPT_NUMRVA_PE32 : OPT_NUMRVA_PE32PLUS);
	uint32_t num_rva = 0;
	igd_get_le32(buf, len, dirs, &num_rva);
	if (num_rva > DIR_BASERELOC) {
		igd_get_le32(buf, len, dirs + 4 + DIR_BASERELOC * 8, &l.reloc_rva);
		igd_get_le32(buf, len, dirs + 4 + DIR_BASERELOC * 8 + 4, &l.reloc_size);
	}
	size_t sect = opt + opt_size;
	l.section_count = l.info.sections < PE_MAX_SECTIONS ? l.info.sections : PE_MAX_SECTIONS;
	for (size_t i = 0; i < l.section_count; i++) {
		size_t sh = sect + i * SECTION_HEADER_SIZE; /* inside the file: igd_pe_parse checked */
		pe_section *s = &l.section[i];
		memcpy(s->name, buf + sh, 8);
		s->name[8] = 0;
		igd_get_le32(buf, len, sh + 8, &s->virtual_size);
		igd_get_le32(buf, len, sh + 12, &s->rva);
		igd_get_le32(buf, len, sh + 16, &s->raw_size);
		igd_get_le32(buf, len, sh + 20, &s->raw_offset);
		igd_get_le32(buf, len, sh + 36, &s->characteristics);
	}
	*ret = l;
	return IGD_OK;
}

size_t igd_pe_rva_to_offset(const pe_layout *l, uint32_t rva, size_t n)
{
	for (size_t i = 0; i < l->section_count; i++) {
		const pe_section *s = &l->section[i];
		uint32_t body = igd_pe_section_file_bytes(s);
		if (rva >= s->rva && rva - s->rva <= body && n <= body - (rva - s->rva))
			return (size_t)s->raw_offset + (rva - s->rva);
	}
	return SIZE_MAX;
}

bool igd_pe_rva_is_code(const pe_layout *l, uint32_t rva)
{
	for (size_t i = 0; i < l->section_count; i++) {
		const pe_section *s = &l->section[i];
		uint32_t span = s->virtual_size ? s->virtual_size : s->raw_size;
		if (rva >= s->rva && rva - s->rva < span)
			return (s->characteristics & (PE_SCN_MEM_EXECUTE | PE_SCN_CNT_CODE)) != 0;
	}
	return false;
}

bool igd_pe_next_relocation(const uint8_t *buf, size_t len, const pe_layout *l, pe_reloc_cursor *c,
			    uint32_t *rva, unsigned *type)
{
	size_t base = igd_pe_rva_to_offset(l, l->reloc_rva, l->reloc_size);
	if (!l->reloc_size || base == SIZE_MAX)
		return false;
	for (;;) {
		uint32_t page, block_size;
		if (c->block > l->reloc_size || l->reloc_size - c->block < RELOC_BLOCK_HEADER)
			return false;
		igd_get_le32(buf, len, base + c->block, &page);
		igd_get_le32(buf, len, base + c->block + 4, &block_size);
		if (block_size < RELOC_BLOCK_HEADER || block_size > l->reloc_size - c->block)
			return false;
		if (c->entry < RELOC_BLOCK_HEADER)
			c->entry = RELOC_BLOCK_HEADER;
		if (c->entry + 2 > block_size) { /* next block */
			c->block += block_size;
			c->entry = 0;
			continue;
		}
		uint16_t e;
		igd_get_le16(buf, len, base + c->block + c->entry, &e);
		c->entry += 2;
		if (e >> 12 == 0) /* padding */
			continue;
		*type = e >> 12;
		*rva = page + (e & 0xFFFu);
		return true;
	}
}

const char *igd_pe_machine_name(uint16_t machine)
{
	switch (machine) {
	case PE_MACHINE_IA32: return "IA32";
	case PE_MACHINE_X64: return "X64";
	case PE_MACHINE_EBC: return "EBC";
	case PE_MACHINE_ARM64: return "AArch64";
	case PE_MACHINE_RISCV64: return "RISCV64";
	case PE_MACHINE_LOONGARCH64: return "LoongArch64";
	default: return "unknown";
	}
}

const char *igd_pe_subsystem_name(uint16_t subsystem)
{
	switch (subsystem) {
	case PE_SUBSYSTEM_EFI_APPLICATION: return "application";
	case PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER: return "boot-service driver";
	case PE_SUBSYSTEM_EFI_RUNTIME_DRIVER: return "runtime driver";
	default: return "other";
	}
}
