// SPDX-License-Identifier: BSD-2-Clause-Patent
/* ROM description for `igdrom inspect`. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "inspect_fw.h"
#include "igd/efi_compress.h"
#include "igd/gop.h"
#include "igd/pcirom.h"
#include "igd/pe.h"
#include "inspect.h"

struct pe_view {
	bool valid;
	const char *error;
	size_t error_offset;
	pe_info pe;
	const uint8_t *data; /* the PE image (in the work buffer when it was compressed) */
	size_t size;         /* decompressed size for compressed images */
};

static struct pe_view look_inside(const uint8_t *rom, const pcirom_image *img, uint8_t *work,
				  efic_scratch *scratch)
{
	struct pe_view v = { 0 };
	igd_where where = { 0, "" };
	size_t start = img->offset + img->efi_image_offset;
	size_t avail;

	if ((size_t)img->efi_image_offset >= img->size) {
		v.error = "EFI image offset beyond the image";
		return v;
	}
	avail = img->size - img->efi_image_offset;
	if (img->compression == PCIROM_COMPRESSION_EFI) {
		uint32_t orig, comp;
		if (igd_efic_get_info(rom + start, avail, &orig, &comp) || orig > PCIROM_MAX_SIZE) {
			v.error = "bad compression header";
			return v;
		}
		if (igd_efic_decompress(EFIC_FORMAT_EFI, rom + start, avail, work, PCIROM_MAX_SIZE, scratch,
				    &where)) {
			v.error = where.what;
			v.error_offset = start + where.offset;
			return v;
		}
		v.size = orig;
		v.data = work;
		if (igd_pe_parse(work, orig, &v.pe, &where)) {
			v.error = where.what;
			return v;
		}
	} else {
		if (igd_pe_parse(rom + start, avail, &v.pe, &where)) {
			v.error = where.what;
			v.error_offset = start + where.offset;
			return v;
		}
		v.size = avail;
		v.data = rom + start;
	}
	v.valid = true;
	return v;
}

bool rom_gop_of_pe(const uint8_t *pe, size_t len, rom_gop *out)
{
	char version[128];
	if (!igd_gop_version(pe, len, version, sizeof(version)))
		return false;
	if (out) {
		snprintf(out->version, sizeof(out->version), "%s", version);
		if (igd_gop_read_table(pe, len, &out->table) != IGD_OK)
			memset(&out->table, 0, sizeof(out->table));
	}
	return true;
}

size_t rom_gops(const uint8_t *rom, size_t len, rom_gop *out, size_t cap)
{
	static efic_scratch scratch;
	uint8_t *work = malloc(PCIROM_MAX_SIZE);
	pcirom_image img;
	size_t off = 0, n = 0;
	while (work && igd_pcirom_parse_image(rom, len, off, &img, NULL) == IGD_OK) {
		if (img.code_type == PCIROM_CODE_EFI) {
			struct pe_view v = look_inside(rom, &img, work, &scratch);
			if (v.valid && rom_gop_of_pe(v.data, v.size, n < cap ? &out[n] : NULL))
				n++;
		}
		if (!igd_pcirom_next_offset(&img, len, &off))
			break;
	}
	free(work);
	return n;
}

int inspect_rom(const char *path, const uint8_t *rom, size_t len, bool json)
{
	static efic_scratch scratch;
	uint8_t *work = malloc(PCIROM_MAX_SIZE);
	size_t off = 0;
	unsigned n = 0;
	int rc = EXIT_OK;

	if (!work)
		return cli_error(EXIT_RUNTIME, "out of memory");
	if (json)
		printf("{\"file\":"), json_str(path), printf(",\"kind\":\"pci-option-rom\",\"size\":%zu,\"images\":[", len);
	else
		printf("%s: PCI option ROM, %zu bytes\n", path, len);
	for (;;) {
		pcirom_image img;
		igd_where where = { 0, "" };
		if (igd_pcirom_parse_image(rom, len, off, &img, &where)) {
			if (json)
				printf("%s{\"offset\":%zu,\"error\":", n ? "," : "", where.offset), json_str(where.what), printf("}");
			else
				printf("image %u: offset 0x%zx: error: %s\n", n + 1, where.offset, where.what);
			rc = EXIT_RUNTIME;
			break;
		}
		n++;
		if (json) {
			printf("%s{\"offset\":%zu,\"size\":%zu,\"code_type\":%u,\"vendor_id\":%u,"
			       "\"device_id\":%u,\"device_list\":[",
			       n > 1 ? "," : "", img.offset, img.size, img.code_type, img.vendor_id,
			       img.device_id);
			for (size_t i = 0; i < img.device_count; i++)
				printf("%s%u", i ? "," : "", img.device_ids[i]);
			printf("],\"pcir_revision\":%u,\"class_code\":%u,\"code_revision\":%u,"
			       "\"last\":%s",
			       img.pcir_revision, img.class_code, img.code_revision,
			       (img.indicator & PCIROM_INDICATOR_LAST) ? "true" : "false");
		} else {
			printf("image %u: offset 0x%zx, %zu bytes, %s, PCIR %s, %04x:%04x", n, img.offset,
			       img.size,
			       img.code_type == PCIROM_CODE_EFI ? "EFI"
			       : img.code_type == PCIROM_CODE_X86 ? "legacy x86"
			       : img.code_type == PCIROM_CODE_IGDROM_DATA ? "igdrom data"
								  : "other code type",
			       img.pcir_revision >= 3 ? "3.0" : "2.x", img.vendor_id, img.device_id);
			for (size_t i = 0; i < img.device_count; i++)
				printf("%s%04x", i ? " " : " (list: ", img.device_ids[i]);
			printf("%s, class %06x, revision 0x%04x%s\n", img.device_count ? ")" : "",
			       img.class_code, img.code_revision,
			       (img.indicator & PCIROM_INDICATOR_LAST) ? ", last" : "");
		}
		if (img.code_type == PCIROM_CODE_IGDROM_DATA) {
			uint32_t kind = 0;
			const uint8_t *pay;
			size_t plen;
			igd_host_dsm d;
			if (igd_pcirom_data_at(rom, len, &img, &kind, &pay, &plen) != IGD_OK) {
				if (!json)
					printf("  data: unreadable header\n");
			} else if (kind == PCIROM_DATA_HOST_DSM && igd_host_dsm_decode(pay, plen, &d, NULL) == IGD_OK) {
				if (json)
					printf(",\"data\":{\"kind\":\"host-stolen-memory\",\"base\":%llu,\"size\":%llu}",
					       (unsigned long long)d.base, (unsigned long long)d.size);
				else
					printf("  data: the host's stolen memory at 0x%llx, %llu MiB (the driver puts the "
					       "guest's there when it is free RAM)\n", (unsigned long long)d.base,
					       (unsigned long long)(d.size >> 20));
			} else if (kind == PCIROM_DATA_OPREGION) {
				if (json)
					printf(",\"data\":{\"kind\":\"opregion\",\"size\":%zu}", plen);
				else
					printf("  data: OpRegion, %zu bytes\n", plen);
			} else if (!json) {
				printf("  data: kind %u, %zu bytes (not known to this igdrom)\n", kind, plen);
			}
		}
		if (img.code_type == PCIROM_CODE_EFI) {
			struct pe_view v = look_inside(rom, &img, work, &scratch);
			/* one definition of "compressed size", the one build prints: the stream, its 8-byte
			 * header included (CompSize + 8); the image's padding to 512 is not part of it */
			size_t stored = img.size - (img.efi_image_offset < img.size ? img.efi_image_offset : 0);
			size_t stream = 0;
			uint32_t s_orig = 0, s_comp = 0;
			if (img.compression == PCIROM_COMPRESSION_EFI && img.efi_image_offset < img.size &&
			    igd_efic_get_info(rom + img.offset + img.efi_image_offset, stored, &s_orig, &s_comp) == IGD_OK)
				stream = (size_t)s_comp + 8;
			if (json) {
				printf(",\"efi\":{\"subsystem\":%u,\"machine\":%u,\"compression\":%u,"
				       "\"image_offset\":%u",
				       img.subsystem, img.machine, img.compression, img.efi_image_offset);
				if (stream)
					printf(",\"compressed_size\":%zu", stream);
				if (v.valid)
					printf(",\"pe\":{\"machine\":%u,\"subsystem\":%u,\"size_of_image\":%u,"
					       "\"relocations\":%s,\"size\":%zu}",
					       v.pe.machine, v.pe.subsystem, v.pe.size_of_image,
					       v.pe.has_relocations ? "true" : "false", v.size);
				if (v.valid)
					print_gop_facts(v.data, v.size, true);
				else
					printf(",\"pe_error\":"), json_str(v.error);
				printf("}");
			} else {
				printf("  EFI: %s, %s, %s, image at +0x%x\n", igd_pe_subsystem_name(img.subsystem),
				       igd_pe_machine_name(img.machine),
				       img.compression == PCIROM_COMPRESSION_EFI ? "EFI-compressed"
				       : img.compression == PCIROM_COMPRESSION_NONE ? "uncompressed"
							      : "unknown compression",
				       img.efi_image_offset);
				if (v.valid) {
					printf("  PE: %s %s, %zu bytes, SizeOfImage 0x%x, %s\n",
					       igd_pe_machine_name(v.pe.machine), igd_pe_subsystem_name(v.pe.subsystem),
					       v.size, v.pe.size_of_image,
					       v.pe.has_relocations ? "relocatable" : "no relocations");
					if (img.compression == PCIROM_COMPRESSION_EFI)
						printf("  compression: %zu -> %zu bytes (%.1f%%; %zu with the image's padding)\n",
						       v.size, stream, 100.0 * (double)stream / (double)v.size, stored);
					print_gop_facts(v.data, v.size, false);
				} else {
					printf("  PE: error: %s\n", v.error);
					rc = EXIT_RUNTIME;
				}
			}
		}
		if (json)
			printf("}");
		if (!igd_pcirom_next_offset(&img, len, &off))
			break;
	}
	if (json)
		printf("]}\n");
	free(work);
	return rc;
}

int inspect_pe_file(const char *path, const uint8_t *buf, size_t len, bool json)
{
	pe_info pe;
	igd_where where = { 0, "" };
	if (igd_pe_parse(buf, len, &pe, &where) != IGD_OK)
		return cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", path, where.offset, where.what);
	if (json) {
		printf("{\"file\":"), json_str(path);
		printf(",\"kind\":\"pe\",\"size\":%zu,\"machine\":%u,\"subsystem\":%u,\"size_of_image\":%u,"
		       "\"relocations\":%s", len, pe.machine, pe.subsystem, pe.size_of_image,
		       pe.has_relocations ? "true" : "false");
		print_gop_facts(buf, len, true);
		printf("}\n");
	} else {
		printf("%s: PE image, %zu bytes, %s %s, SizeOfImage 0x%x, %s\n", path, len, igd_pe_machine_name(pe.machine),
		       igd_pe_subsystem_name(pe.subsystem), pe.size_of_image,
		       pe.has_relocations ? "relocatable" : "no relocations");
		print_gop_facts(buf, len, false);
	}
	return EXIT_OK;
}
