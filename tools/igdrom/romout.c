// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "romout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "codec.h"
#include "igd/pe.h"

void romout_init(struct romout *rom, uint16_t vendor, const uint16_t *devices, size_t count,
		 bool pci23)
{
	memset(rom, 0, sizeof(*rom));
	rom->layout.vendor_id = vendor;
	rom->layout.device_ids = devices;
	rom->layout.device_count = count;
	rom->layout.pci23 = pci23;
}

void romout_free(struct romout *rom)
{
	free(rom->buf);
	rom->buf = NULL;
	rom->len = rom->cap = 0;
}

static uint8_t *reserve(struct romout *rom, size_t n)
{
	if (rom->len + n > PCIROM_MAX_SIZE) {
		cli_error(EXIT_RUNTIME, "ROM would exceed 16 MiB (%zu + %zu bytes)", rom->len, n);
		return NULL;
	}
	if (rom->len + n > rom->cap) {
		size_t ncap = rom->len + n;
		uint8_t *nbuf = realloc(rom->buf, ncap);
		if (!nbuf) {
			cli_error(EXIT_RUNTIME, "out of memory");
			return NULL;
		}
		rom->buf = nbuf;
		rom->cap = ncap;
	}
	return rom->buf + rom->len;
}

bool romout_add_legacy(struct romout *rom, const char *path, bool last)
{
	uint8_t *in, *out;
	size_t in_len, size, written;
	igd_where where = { 0, "" };
	igd_status st;
	bool ok = false;

	if (!cli_read_file(path, PCIROM_MAX_SIZE, &in, &in_len))
		return false;
	if (rom->strict_inputs) {
		/* one legacy image, not a whole ROM (whose EFI images it would hide) */
		pcirom_image img;
		size_t next;
		if (igd_pcirom_parse_image(in, in_len, 0, &img, &where) != IGD_OK) {
			cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", path, where.offset, where.what);
			goto out;
		}
		if (img.code_type != PCIROM_CODE_X86 || igd_pcirom_next_offset(&img, in_len, &next)) {
			cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: --legacy wants one legacy video BIOS image; this is %s",
				  path, img.code_type != PCIROM_CODE_X86 ? (size_t)0 : img.size,
				  img.code_type != PCIROM_CODE_X86 ? "an EFI image" : "a ROM with more images after the first");
			goto out;
		}
	}
	st = igd_pcirom_legacy_size(in_len, &size);
	if (st) {
		cli_error(EXIT_RUNTIME, "%s: legacy image of %zu bytes exceeds 16 MiB", path, in_len);
		goto out;
	}
	if (!(out = reserve(rom, size)))
		goto out;
	st = igd_pcirom_write_legacy(in, in_len, last, out, size, &written, &where);
	if (st) {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", path, where.offset, where.what);
		goto out;
	}
	rom->len += written;
	rom->images++;
	ok = true;
out:
	free(in);
	return ok;
}

bool romout_add_efi_buf(struct romout *rom, const char *name, const uint8_t *pe, size_t pe_len,
			bool compress, enum romout_compress mode, uint32_t class_code,
			uint16_t code_revision, bool last, struct romout_report *report)
{
	pe_info info;
	igd_where where = { 0, "" };
	pcirom_efi_input in = { 0 };
	size_t size, written;
	uint8_t *out;

	uint8_t *packed = NULL;
	size_t packed_len = 0;

	if (igd_pe_check_efirom(pe, pe_len, &info, &where) ||
	    (rom->strict_inputs && igd_pe_parse(pe, pe_len, &(pe_info){ 0 }, &where))) {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", name, where.offset, where.what);
		return false;
	}
	if (compress) {
		if (!codec_compress(name, EFIC_FORMAT_EFI,
				    mode == ROMOUT_COMPRESS_BEST ? EFIC_MODE_BEST
				    : mode == ROMOUT_COMPRESS_BEST_WIDE ? EFIC_MODE_BEST_WIDE : EFIC_MODE_COMPAT, pe,
				    pe_len, &packed, &packed_len, NULL))
			return false;
		/* EfiRom compresses into a buffer the size of the input and fails when the result
		 * does not fit ("Error compressing file!"); keep that rule so -ec output matches. */
		if (mode == ROMOUT_COMPRESS_COMPAT && packed_len > pe_len) {
			free(packed);
			cli_error(EXIT_RUNTIME, "%s: compressed size %zu exceeds the input (%zu): EfiRom refuses this",
				  name, packed_len, pe_len);
			return false;
		}
	}
	in.machine = info.machine;
	in.subsystem = info.subsystem;
	in.payload = compress ? packed : pe;
	in.payload_len = compress ? packed_len : pe_len;
	in.compressed = compress;
	in.class_code = class_code;
	in.code_revision = code_revision;
	in.last = last;
	if (igd_pcirom_efi_size(&rom->layout, &in, &size)) {
		cli_error(EXIT_RUNTIME, "%s: image of %zu bytes exceeds the 16 MiB option ROM limit",
			  name, in.payload_len);
		free(packed);
		return false;
	}
	if (!(out = reserve(rom, size)) || igd_pcirom_write_efi(&rom->layout, &in, out, size, &written)) {
		if (out)
			cli_error(EXIT_RUNTIME, "%s: cannot lay out the EFI image", name);
		free(packed);
		return false;
	}
	free(packed);
	if (report) {
		report->offset = rom->len;
		report->size = written;
		report->input_len = pe_len;
		report->payload_len = in.payload_len;
		report->machine = info.machine;
		report->subsystem = info.subsystem;
		report->compressed = in.compressed;
	}
	rom->len += written;
	rom->images++;
	return true;
}

bool romout_add_efi(struct romout *rom, const char *path, bool compress,
		    enum romout_compress mode, uint32_t class_code, uint16_t code_revision,
		    bool last, struct romout_report *report)
{
	uint8_t *pe;
	size_t pe_len;
	bool ok;

	if (!cli_read_file(path, PCIROM_MAX_SIZE, &pe, &pe_len))
		return false;
	ok = romout_add_efi_buf(rom, path, pe, pe_len, compress, mode, class_code, code_revision,
				last, report);
	free(pe);
	return ok;
}

bool romout_add_data(struct romout *rom, uint32_t kind, const uint8_t *payload, size_t len,
		     bool last)
{
	size_t size, written;
	uint8_t *out;
	if (igd_pcirom_data_size(len, &size)) {
		cli_error(EXIT_RUNTIME, "data image of %zu bytes exceeds 16 MiB", len);
		return false;
	}
	if (!(out = reserve(rom, size)))
		return false;
	if (igd_pcirom_write_data(&rom->layout, kind, payload, len, last, out, size, &written)) {
		cli_error(EXIT_RUNTIME, "cannot lay out the data image");
		return false;
	}
	rom->len += written;
	rom->images++;
	return true;
}

bool romout_dump_efirom(const char *path, bool pci23)
{
	uint8_t *buf;
	size_t len, off = 0;
	unsigned n = 0;
	(void)pci23;

	if (!cli_read_file(path, PCIROM_MAX_SIZE, &buf, &len))
		return false;
	for (;;) {
		pcirom_image img;
		igd_where where = { 0, "" };
		if (igd_pcirom_parse_image(buf, len, off, &img, &where)) {
			cli_error(EXIT_RUNTIME, "%s: image %u: offset 0x%zx: %s", path, n + 1,
				  where.offset, where.what);
			free(buf);
			return false;
		}
		printf("Image %u -- Offset 0x%zX\n", ++n, off);
		printf("  ROM header contents\n    Signature              0x%04X\n"
		       "    PCIR offset            0x%04X\n",
		       PCIROM_SIGNATURE, img.pcir_offset);
		printf("    Vendor ID              0x%04X\n    Device ID              0x%04X\n",
		       img.vendor_id, img.device_id);
		printf("    Class Code             0x%06X\n    Image size             0x%zX\n",
		       img.class_code, img.size);
		printf("    Code revision:         0x%04X\n    Indicator              0x%02X%s\n",
		       img.code_revision, img.indicator,
		       (img.indicator & PCIROM_INDICATOR_LAST) ? "   (last image)" : "");
		printf("    Code type              0x%02X%s\n", img.code_type,
		       img.code_type == PCIROM_CODE_EFI ? "   (EFI image)" : "");
		if (img.code_type == PCIROM_CODE_EFI)
			printf("  EFI ROM header contents\n    EFI Signature          0x%04X\n"
			       "    Compression Type       0x%04X%s\n    Machine type           0x%04X (%s)\n"
			       "    Subsystem              0x%04X (%s)\n    EFI image offset       0x%04X\n",
			       img.efi_signature, img.compression,
			       img.compression ? " (compressed)" : " (not compressed)", img.machine,
			       igd_pe_machine_name(img.machine), img.subsystem,
			       igd_pe_subsystem_name(img.subsystem), img.efi_image_offset);
		if (!igd_pcirom_next_offset(&img, len, &off))
			break;
	}
	free(buf);
	return true;
}
