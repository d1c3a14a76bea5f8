// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/pcirom.h"
#include "fail.h"

#include "igd/bytes.h"
#include "igd/efi_compress.h"
#include "igd/pe.h"

#define IGD_BDSM_ALIGN_BYTES 0x100000ull /* 1 MiB, as BDSM needs */

/* Offsets inside the PCIR structure (PCI Firmware Spec 3.0 Table 5-2). */
enum {
	PCIR_VENDOR = 0x04,
	PCIR_DEVICE = 0x06,
	PCIR_DEVLIST = 0x08,
	PCIR_LENGTH = 0x0A,
	PCIR_REVISION = 0x0C,
	PCIR_CLASS = 0x0D,
	PCIR_IMAGE_LENGTH = 0x10,
	PCIR_CODE_REVISION = 0x12,
	PCIR_CODE_TYPE = 0x14,
	PCIR_INDICATOR = 0x15,
	PCIR_MIN_SIZE = 0x18, /* what PciBusDxe requires to fit: 2.2 layout */
};
/* Offsets in the ROM header (EFI_PCI_EXPANSION_ROM_HEADER, UEFI spec "PCI Option ROMs"). */
enum {
	HDR_LEGACY_SIZE = 0x02,
	HDR_INIT_SIZE = 0x02,
	HDR_EFI_SIGNATURE = 0x04,
	HDR_SUBSYSTEM = 0x08,
	HDR_MACHINE = 0x0A,
	HDR_COMPRESSION = 0x0C,
	HDR_EFI_IMAGE_OFFSET = 0x16,
	HDR_PCIR_OFFSET = 0x18,
};

_Static_assert(PCIROM_EFI_HDR_SIZE + 2 == PCIROM_PCIR_OFFSET, "PCIR follows the header + pad");
_Static_assert(HDR_PCIR_OFFSET + 2 == PCIROM_EFI_HDR_SIZE, "the PCIR offset ends the 26-byte EFI header");
_Static_assert(PCIR_INDICATOR + 3 == PCIR_MIN_SIZE, "indicator, then the reserved word of PCI 2.2");

uint8_t igd_pcirom_sum8(const uint8_t *buf, size_t len)
{
	uint8_t s = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + buf[i]);
	return s;
}

igd_status igd_pcirom_parse_image(const uint8_t *rom, size_t len, size_t off, pcirom_image *ret,
			      igd_where *where)
{
	pcirom_image img = { 0 };
	uint16_t sig;
	size_t pcir;
	uint8_t cls[3];

	img.offset = off;
	if (igd_get_le16(rom, len, off, &sig))
		return fail(where, off, "ROM ends before the image header", IGD_ERR_TRUNCATED);
	if (sig != PCIROM_SIGNATURE)
		return fail(where, off, "no 55 AA image signature", IGD_ERR_SIGNATURE);
	if (igd_get_le16(rom, len, off + HDR_PCIR_OFFSET, &img.pcir_offset) ||
	    igd_get_u8(rom, len, off + HDR_LEGACY_SIZE, &img.legacy_size))
		return fail(where, off, "ROM ends inside the image header", IGD_ERR_TRUNCATED);
	if (img.pcir_offset == 0)
		return fail(where, off + HDR_PCIR_OFFSET, "PCIR offset is 0", IGD_ERR_CORRUPT);
	pcir = off + img.pcir_offset;
	if (!igd_range_ok(len, pcir, PCIR_MIN_SIZE))
		return fail(where, off + HDR_PCIR_OFFSET, "PCIR structure lies outside the ROM",
			    IGD_ERR_RANGE);
	if (!igd_match(rom, len, pcir, PCIROM_PCIR_SIGNATURE, 4))
		return fail(where, pcir, "PCIR signature missing", IGD_ERR_SIGNATURE);
	igd_get_le16(rom, len, pcir + PCIR_VENDOR, &img.vendor_id);
	igd_get_le16(rom, len, pcir + PCIR_DEVICE, &img.device_id);
	igd_get_le16(rom, len, pcir + PCIR_DEVLIST, &img.device_list_offset);
	igd_get_le16(rom, len, pcir + PCIR_LENGTH, &img.pcir_length);
	igd_get_u8(rom, len, pcir + PCIR_REVISION, &img.pcir_revision);
	for (int i = 0; i < 3; i++)
		igd_get_u8(rom, len, pcir + PCIR_CLASS + i, &cls[i]);
	img.class_code = (uint32_t)cls[0] | (uint32_t)cls[1] << 8 | (uint32_t)cls[2] << 16;
	igd_get_le16(rom, len, pcir + PCIR_IMAGE_LENGTH, &img.image_length);
	igd_get_le16(rom, len, pcir + PCIR_CODE_REVISION, &img.code_revision);
	igd_get_u8(rom, len, pcir + PCIR_CODE_TYPE, &img.code_type);
	igd_get_u8(rom, len, pcir + PCIR_INDICATOR, &img.indicator);

	if (img.image_length == 0)
		return fail(where, pcir + PCIR_IMAGE_LENGTH,
			    (img.indicator & PCIROM_INDICATOR_LAST)
				    ? "image length is 0"
				    : "image length is 0 without the last-image bit (loops EfiRom -d)",
			    IGD_ERR_CORRUPT);
	img.size = (size_t)img.image_length * PCIROM_ALIGN;
	if (!igd_range_ok(len, off, img.size))
		return fail(where, pcir + PCIR_IMAGE_LENGTH, "image length runs past the end of the ROM",
			    IGD_ERR_TRUNCATED);
	if (img.pcir_offset + (size_t)PCIR_MIN_SIZE > img.size)
		return fail(where, off + HDR_PCIR_OFFSET, "PCIR structure lies outside its image",
			    IGD_ERR_RANGE);

	/* PCI 3.0 device list: u16 IDs ending with 0, relative to the PCIR start. */
	if (img.pcir_revision >= 3 && img.device_list_offset) {
		size_t p = pcir + img.device_list_offset;
		for (;;) {
			uint16_t id;
			if (p + 2 > off + img.size || igd_get_le16(rom, len, p, &id))
				return fail(where, p, "device list runs past the end of its image",
					    IGD_ERR_TRUNCATED);
			if (id == 0)
				break;
			if (img.device_count == PCIROM_MAX_DEVICE_IDS) {
				img.device_list_truncated = true;
				break;
			}
			img.device_ids[img.device_count++] = id;
			p += 2;
		}
	}
	if (img.code_type == PCIROM_CODE_EFI) {
		size_t h = off;
		if (igd_get_le16(rom, len, h + HDR_INIT_SIZE, &img.init_size) ||
		    igd_get_le32(rom, len, h + HDR_EFI_SIGNATURE, &img.efi_signature) ||
		    igd_get_le16(rom, len, h + HDR_SUBSYSTEM, &img.subsystem) ||
		    igd_get_le16(rom, len, h + HDR_MACHINE, &img.machine) ||
		    igd_get_le16(rom, len, h + HDR_COMPRESSION, &img.compression) ||
		    igd_get_le16(rom, len, h + HDR_EFI_IMAGE_OFFSET, &img.efi_image_offset))
			return fail(where, off, "ROM ends inside the EFI image header", IGD_ERR_TRUNCATED);
	}
	img.checksum = igd_pcirom_sum8(rom + off, img.size);
	*ret = img;
	return IGD_OK;
}

bool igd_pcirom_next_offset(const pcirom_image *img, size_t rom_len, size_t *next)
{
	if (img->indicator & PCIROM_INDICATOR_LAST)
		return false;
	if (img->size == 0 || img->offset + img->size >= rom_len)
		return false;
	*next = img->offset + img->size;
	return true;
}

const char *igd_pcirom_check_efi_load(const pcirom_image *img)
{
	/* Conditions of EDK2 PciBusDxe PciOptionRomSupport.c LocalLoadFile2/ProcessOpRomImage. */
	if (img->code_type != PCIROM_CODE_EFI)
		return "not an EFI image (code type is not 3)";
	if (img->pcir_offset & 3)
		return "PCIR offset is not dword-aligned (PciBusDxe stops here)";
	if (img->efi_signature != PCIROM_EFI_SIGNATURE)
		return "EFI signature is not 0x0EF1";
	if (img->subsystem == PE_SUBSYSTEM_EFI_APPLICATION)
		return "subsystem is EFI application (PciBusDxe skips it)";
	if (img->subsystem != PE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER && img->subsystem != PE_SUBSYSTEM_EFI_RUNTIME_DRIVER)
		return "subsystem is not a boot-service or runtime driver";
	if (img->compression > PCIROM_COMPRESSION_EFI)
		return "unknown compression type";
	if ((size_t)img->init_size * PCIROM_ALIGN > img->size)
		return "InitializationSize exceeds ImageLength";
	if ((size_t)img->efi_image_offset >= (size_t)img->init_size * PCIROM_ALIGN)
		return "EFI image offset lies beyond InitializationSize";
	return NULL;
}

/* ---- building ---- */

static size_t efi_header_size(const pcirom_layout *lay)
{
	size_t h = PCIROM_PCIR_OFFSET + (lay->pci23 ? PCIROM_PCIR23_SIZE : PCIROM_PCIR30_SIZE);
	if (!lay->pci23 && lay->device_count > 1)
		h += (lay->device_count + 1) * 2;
	return h;
}

static igd_status check_layout(const pcirom_layout *lay)
{
	if (!lay->device_ids || lay->device_count == 0 || lay->device_count > PCIROM_MAX_DEVICE_IDS)
		return IGD_ERR_INVALID;
	if (lay->pci23 && lay->device_count > 1)
		return IGD_ERR_INVALID; /* EfiRom: "PCI 3.0 is required ... multiple Device IDs" */
	return IGD_OK;
}

igd_status igd_pcirom_efi_size(const pcirom_layout *lay, const pcirom_efi_input *in, size_t *ret)
{
	uint64_t total;
	if (check_layout(lay) || !in->payload)
		return IGD_ERR_INVALID;
	if (!igd_align_up((uint64_t)efi_header_size(lay) + in->payload_len, PCIROM_ALIGN, &total))
		return IGD_ERR_TOO_LARGE;
	if (total > PCIROM_MAX_SIZE)
		return IGD_ERR_TOO_LARGE;
	*ret = (size_t)total;
	return IGD_OK;
}

igd_status igd_pcirom_write_efi(const pcirom_layout *lay, const pcirom_efi_input *in, uint8_t *out,
			    size_t cap, size_t *ret_len)
{
	size_t total, hdr = efi_header_size(lay), pcir = PCIROM_PCIR_OFFSET, image_off;
	uint16_t units;
	igd_status st = igd_pcirom_efi_size(lay, in, &total);

	if (st)
		return st;
	if (total > cap)
		return IGD_ERR_NOSPACE;
	units = (uint16_t)(total / PCIROM_ALIGN);
	/* EfiRom: an uncompressed PE ends at the image end (0xFF before it); a compressed blob
	 * follows the headers (0xFF after it). */
	image_off = in->compressed ? hdr : total - in->payload_len;

	memset(out, 0, hdr);
	memset(out + hdr, 0xFF, total - hdr);
	igd_put_le16(out, cap, 0, PCIROM_SIGNATURE);
	igd_put_le16(out, cap, HDR_INIT_SIZE, units);
	igd_put_le32(out, cap, HDR_EFI_SIGNATURE, PCIROM_EFI_SIGNATURE);
	igd_put_le16(out, cap, HDR_SUBSYSTEM, in->subsystem);
	igd_put_le16(out, cap, HDR_MACHINE, in->machine);
	igd_put_le16(out, cap, HDR_COMPRESSION, in->compressed ? 1 : 0);
	igd_put_le16(out, cap, HDR_EFI_IMAGE_OFFSET, (uint16_t)image_off);
	igd_put_le16(out, cap, HDR_PCIR_OFFSET, PCIROM_PCIR_OFFSET);

	memcpy(out + pcir, PCIROM_PCIR_SIGNATURE, 4);
	igd_put_le16(out, cap, pcir + PCIR_VENDOR, lay->vendor_id);
	igd_put_le16(out, cap, pcir + PCIR_DEVICE, lay->device_ids[0]);
	igd_put_le16(out, cap, pcir + PCIR_LENGTH,
		     lay->pci23 ? PCIROM_PCIR23_SIZE : PCIROM_PCIR30_SIZE);
	igd_put_u8(out, cap, pcir + PCIR_REVISION, lay->pci23 ? 0 : 3);
	for (int i = 0; i < 3; i++)
		igd_put_u8(out, cap, pcir + PCIR_CLASS + i, (uint8_t)(in->class_code >> (8 * i)));
	igd_put_le16(out, cap, pcir + PCIR_IMAGE_LENGTH, units);
	igd_put_le16(out, cap, pcir + PCIR_CODE_REVISION, in->code_revision);
	igd_put_u8(out, cap, pcir + PCIR_CODE_TYPE, PCIROM_CODE_EFI);
	igd_put_u8(out, cap, pcir + PCIR_INDICATOR, in->last ? PCIROM_INDICATOR_LAST : 0);
	if (!lay->pci23 && lay->device_count > 1) {
		size_t list = pcir + PCIROM_PCIR30_SIZE;
		igd_put_le16(out, cap, pcir + PCIR_DEVLIST, PCIROM_PCIR30_SIZE);
		for (size_t i = 0; i < lay->device_count; i++)
			igd_put_le16(out, cap, list + 2 * i, lay->device_ids[i]);
		igd_put_le16(out, cap, list + 2 * lay->device_count, 0);
	}
	memcpy(out + image_off, in->payload, in->payload_len);
	*ret_len = total;
	return IGD_OK;
}

igd_status igd_pcirom_legacy_size(size_t rom_len, size_t *ret)
{
	uint64_t total;
	if (!igd_align_up(rom_len, PCIROM_ALIGN, &total) || total > PCIROM_MAX_SIZE)
		return IGD_ERR_TOO_LARGE;
	*ret = (size_t)total;
	return IGD_OK;
}

igd_status igd_pcirom_write_legacy(const uint8_t *rom, size_t rom_len, bool last, uint8_t *out,
			       size_t cap, size_t *ret_len, igd_where *where)
{
	size_t total, pcir;
	uint16_t sig, pcir_off;
	uint8_t code_type;
	igd_status st = igd_pcirom_legacy_size(rom_len, &total);

	if (st)
		return fail(where, 0, "legacy image exceeds 16 MiB", st);
	if (total > cap)
		return IGD_ERR_NOSPACE;
	if (igd_get_le16(rom, rom_len, 0, &sig) || sig != PCIROM_SIGNATURE)
		return fail(where, 0, "legacy ROM has no 55 AA signature", IGD_ERR_SIGNATURE);
	if (igd_get_le16(rom, rom_len, HDR_PCIR_OFFSET, &pcir_off) || pcir_off == 0)
		return fail(where, HDR_PCIR_OFFSET, "legacy ROM has no PCIR offset", IGD_ERR_CORRUPT);
	pcir = pcir_off;
	if (!igd_range_ok(rom_len, pcir, PCIR_MIN_SIZE))
		return fail(where, HDR_PCIR_OFFSET, "PCIR structure lies outside the file", IGD_ERR_RANGE);
	if (!igd_match(rom, rom_len, pcir, PCIROM_PCIR_SIGNATURE, 4))
		return fail(where, pcir, "PCIR signature missing", IGD_ERR_SIGNATURE);

	memcpy(out, rom, rom_len);
	memset(out + rom_len, 0xFF, total - rom_len);
	igd_put_le16(out, cap, pcir + PCIR_IMAGE_LENGTH, (uint16_t)(total / PCIROM_ALIGN));
	igd_put_u8(out, cap, pcir + PCIR_INDICATOR, last ? PCIROM_INDICATOR_LAST : 0);
	igd_get_u8(out, cap, pcir + PCIR_CODE_TYPE, &code_type);
	if (code_type != PCIROM_CODE_EFI) {
		/* EfiRom balances the sum of the file's own bytes in its last byte; the 0xFF
		 * padding is not covered (docs/option-rom.md §8). */
		out[rom_len - 1] = (uint8_t)(0x100 - igd_pcirom_sum8(out, rom_len - 1));
	}
	*ret_len = total;
	return IGD_OK;
}

/* ---- data images ---- */
enum { DATA_OFF_MAGIC = 4, DATA_OFF_PAYLOAD = 8, DATA_OFF_LENGTH = 0x0C, DATA_OFF_KIND = 0x10 };

igd_status igd_pcirom_data_size(size_t payload_len, size_t *ret)
{
	uint64_t total;
	if (!igd_align_up((uint64_t)PCIROM_DATA_PAYLOAD_OFFSET + payload_len, PCIROM_ALIGN, &total) ||
	    total > PCIROM_MAX_SIZE)
		return IGD_ERR_TOO_LARGE;
	*ret = (size_t)total;
	return IGD_OK;
}

igd_status igd_pcirom_write_data(const pcirom_layout *lay, uint32_t kind, const uint8_t *payload,
			     size_t payload_len, bool last, uint8_t *out, size_t cap,
			     size_t *ret_len)
{
	size_t total, pcir = PCIROM_PCIR_OFFSET;
	igd_status st = igd_pcirom_data_size(payload_len, &total);
	if (st)
		return st;
	if (check_layout(lay))
		return IGD_ERR_INVALID;
	if (total > cap)
		return IGD_ERR_NOSPACE;
	memset(out, 0, PCIROM_DATA_PAYLOAD_OFFSET);
	memset(out + PCIROM_DATA_PAYLOAD_OFFSET, 0, total - PCIROM_DATA_PAYLOAD_OFFSET);
	igd_put_le16(out, cap, 0, PCIROM_SIGNATURE);
	igd_put_le16(out, cap, HDR_INIT_SIZE, (uint16_t)(total / PCIROM_ALIGN));
	memcpy(out + DATA_OFF_MAGIC, PCIROM_DATA_MAGIC, 4);
	igd_put_le32(out, cap, DATA_OFF_PAYLOAD, PCIROM_DATA_PAYLOAD_OFFSET);
	igd_put_le32(out, cap, DATA_OFF_LENGTH, (uint32_t)payload_len);
	igd_put_le32(out, cap, DATA_OFF_KIND, kind);
	igd_put_le16(out, cap, HDR_PCIR_OFFSET, PCIROM_PCIR_OFFSET);
	memcpy(out + pcir, PCIROM_PCIR_SIGNATURE, 4);
	igd_put_le16(out, cap, pcir + PCIR_VENDOR, lay->vendor_id);
	igd_put_le16(out, cap, pcir + PCIR_DEVICE, lay->device_ids[0]);
	igd_put_le16(out, cap, pcir + PCIR_LENGTH, PCIROM_PCIR30_SIZE);
	igd_put_u8(out, cap, pcir + PCIR_REVISION, 3);
	igd_put_le16(out, cap, pcir + PCIR_IMAGE_LENGTH, (uint16_t)(total / PCIROM_ALIGN));
	igd_put_u8(out, cap, pcir + PCIR_CODE_TYPE, PCIROM_CODE_IGDROM_DATA);
	igd_put_u8(out, cap, pcir + PCIR_INDICATOR, last ? PCIROM_INDICATOR_LAST : 0);
	memcpy(out + PCIROM_DATA_PAYLOAD_OFFSET, payload, payload_len);
	*ret_len = total;
	return IGD_OK;
}

igd_status igd_pcirom_data_at(const uint8_t *rom, size_t len, const pcirom_image *img, uint32_t *kind,
			      const uint8_t **ret_payload, size_t *ret_len)
{
	uint32_t pay, plen;
	size_t off = img->offset;
	if (img->code_type != PCIROM_CODE_IGDROM_DATA || !igd_match(rom, len, off + DATA_OFF_MAGIC, PCIROM_DATA_MAGIC, 4) ||
	    igd_get_le32(rom, len, off + DATA_OFF_PAYLOAD, &pay) || igd_get_le32(rom, len, off + DATA_OFF_LENGTH, &plen) ||
	    igd_get_le32(rom, len, off + DATA_OFF_KIND, kind))
		return IGD_ERR_SIGNATURE;
	if (!igd_range_ok(img->size, pay, plen) || !igd_range_ok(len, off, img->size))
		return IGD_ERR_CORRUPT;
	*ret_payload = rom + off + pay;
	*ret_len = plen;
	return IGD_OK;
}

igd_status igd_pcirom_find_data(const uint8_t *rom, size_t len, uint32_t kind,
			    const uint8_t **ret_payload, size_t *ret_len)
{
	size_t off = 0;
	for (unsigned guard = 0; guard < 256; guard++) {
		pcirom_image img;
		uint32_t pay, plen, k;
		if (igd_pcirom_parse_image(rom, len, off, &img, NULL))
			return IGD_ERR_NOT_FOUND;
		if (img.code_type == PCIROM_CODE_IGDROM_DATA &&
		    igd_match(rom, len, off + DATA_OFF_MAGIC, PCIROM_DATA_MAGIC, 4) &&
		    !igd_get_le32(rom, len, off + DATA_OFF_PAYLOAD, &pay) &&
		    !igd_get_le32(rom, len, off + DATA_OFF_LENGTH, &plen) &&
		    !igd_get_le32(rom, len, off + DATA_OFF_KIND, &k) && k == kind) {
			if (!igd_range_ok(img.size, pay, plen))
				return IGD_ERR_CORRUPT;
			*ret_payload = rom + off + pay;
			*ret_len = plen;
			return IGD_OK;
		}
		if (!igd_pcirom_next_offset(&img, len, &off))
			break;
	}
	return IGD_ERR_NOT_FOUND;
}

/* ---- verification ---- */

struct verifier {
	const pcirom_verify_work *work;
	pcirom_finding_fn fn;
	void *ctx;
	pcirom_summary sum;
};

static void report(struct verifier *v, pcirom_severity sev, unsigned image, size_t off,
		   const char *what)
{
	if (sev == PCIROM_ERROR)
		v->sum.errors++;
	else
		v->sum.warnings++;
	if (v->fn)
		v->fn(v->ctx, sev, image, off, what);
}

static void verify_efi_payload(struct verifier *v, const uint8_t *rom, const pcirom_image *img,
			       unsigned n)
{
	const char *why = igd_pcirom_check_efi_load(img);
	size_t start = img->offset + img->efi_image_offset;
	size_t avail = (size_t)img->init_size * PCIROM_ALIGN - img->efi_image_offset;
	pe_info pe;
	igd_where where = { 0, "" };
	const uint8_t *pe_data;
	size_t pe_len;

	if (why) {
		report(v, img->subsystem == PE_SUBSYSTEM_EFI_APPLICATION ? PCIROM_WARNING : PCIROM_ERROR, n, img->offset, why);
		if (img->subsystem == PE_SUBSYSTEM_EFI_APPLICATION || (size_t)img->efi_image_offset >= img->size)
			return;
		avail = img->size - img->efi_image_offset;
	} else if (img->machine != PE_MACHINE_X64) {
		report(v, PCIROM_WARNING, n, img->offset + HDR_MACHINE,
		       "machine type is not X64: OVMF X64 loads it only if no X64 image exists");
	} else {
		v->sum.loadable_images++;
	}
	if (img->compression == PCIROM_COMPRESSION_EFI) {
		uint32_t orig, comp;
		if (igd_efic_get_info(rom + start, avail, &orig, &comp)) {
			report(v, PCIROM_ERROR, n, start, "compressed size runs past the image");
			return;
		}
		if (!v->work || orig > v->work->cap) {
			report(v, PCIROM_WARNING, n, start, "compressed image not checked (no room to decode)");
			return;
		}
		if (igd_efic_decompress(EFIC_FORMAT_EFI, rom + start, avail, v->work->buf, v->work->cap,
				    v->work->scratch, &where)) {
			report(v, PCIROM_ERROR, n, start + where.offset, where.what);
			return;
		}
		if (v->work->scratch->beyond_spec_window)
			report(v, PCIROM_WARNING, n, start,
			       "EFI compression with a 16 KiB window (position class 14): beyond the UEFI "
			       "specification's 8 KiB; EDK2's decoders read it, other firmware may not");
		if (igd_pe_parse(v->work->buf, orig, &pe, &where)) {
			report(v, PCIROM_ERROR, n, start, "decompressed image is not a valid PE");
			return;
		}
		pe_data = v->work->buf;
		pe_len = orig;
	} else if (img->compression == PCIROM_COMPRESSION_NONE) {
		if (igd_pe_parse(rom + start, avail, &pe, &where)) {
			report(v, PCIROM_ERROR, n, start + where.offset, where.what);
			return;
		}
		pe_data = rom + start;
		pe_len = avail;
	} else {
		return;
	}
	if (pe.machine != img->machine)
		report(v, PCIROM_ERROR, n, img->offset + HDR_MACHINE, "header machine type differs from the PE's");
	if (pe.subsystem != img->subsystem)
		report(v, PCIROM_ERROR, n, img->offset + 0x08, "header subsystem differs from the PE's");
	if (v->work && v->work->efi_image)
		v->work->efi_image(v->work->efi_image_ctx, n, pe_data, pe_len);
}

void igd_pcirom_verify(const uint8_t *rom, size_t len, const pcirom_verify_work *work,
		   pcirom_finding_fn fn, void *ctx, pcirom_summary *ret)
{
	struct verifier v = { work, fn, ctx, { 0 } };
	size_t off = 0;
	unsigned n = 0;

	if (len == 0) {
		report(&v, PCIROM_ERROR, 0, 0, "ROM is empty");
		goto done;
	}
	if (len > PCIROM_MAX_SIZE)
		report(&v, PCIROM_WARNING, 0, PCIROM_MAX_SIZE, "ROM is larger than 16 MiB");
	for (;;) {
		pcirom_image img;
		igd_where where = { 0, "" };
		n++;
		if (igd_pcirom_parse_image(rom, len, off, &img, &where)) {
			report(&v, PCIROM_ERROR, n, where.offset, where.what);
			break;
		}
		v.sum.images++;
		v.sum.used_len = off + img.size;
		if (img.pcir_offset & 3)
			report(&v, PCIROM_ERROR, n, off + HDR_PCIR_OFFSET,
			       "PCIR offset not dword-aligned: PciBusDxe stops loading here");
		if (img.pcir_revision == 3 && img.pcir_length != PCIROM_PCIR30_SIZE)
			report(&v, PCIROM_WARNING, n, off + img.pcir_offset + PCIR_LENGTH,
			       "PCIR 3.0 length is not 0x1C");
		if (img.device_list_truncated)
			report(&v, PCIROM_WARNING, n, off + img.pcir_offset + PCIR_DEVLIST,
			       "device list longer than 64 entries (not all shown)");
		if (img.code_type == PCIROM_CODE_EFI) {
			v.sum.efi_images++;
			verify_efi_payload(&v, rom, &img, n);
		} else if (img.code_type == PCIROM_CODE_X86) {
			/* Legacy images: the BIOS checks the sum over the header's size byte. */
			size_t legacy = (size_t)img.legacy_size * PCIROM_ALIGN;
			if (legacy > img.size)
				report(&v, PCIROM_WARNING, n, off + 2,
				       "legacy size byte exceeds the PCIR image length");
			else if (legacy && igd_pcirom_sum8(rom + off, legacy) != 0)
				report(&v, PCIROM_WARNING, n, off,
				       "legacy image checksum is not zero over its size byte");
		} else if (img.code_type == PCIROM_CODE_IGDROM_DATA &&
			   igd_match(rom, len, off + DATA_OFF_MAGIC, PCIROM_DATA_MAGIC, 4)) {
			const uint8_t *payload;
			size_t plen;
			uint32_t kind = 0;
			igd_get_le32(rom, len, off + DATA_OFF_KIND, &kind);
			if (igd_pcirom_find_data(rom + off, img.size, kind, &payload, &plen))
				report(&v, PCIROM_ERROR, n, off + DATA_OFF_PAYLOAD,
				       "igdrom data image payload lies outside the image");
		} else {
			report(&v, PCIROM_WARNING, n, off + img.pcir_offset + 0x14,
			       "code type is neither legacy x86 nor EFI: ignored by OVMF");
		}
		if (!igd_pcirom_next_offset(&img, len, &off)) {
			if (!(img.indicator & PCIROM_INDICATOR_LAST))
				report(&v, PCIROM_WARNING, n, off + img.pcir_offset + 0x15,
				       "last image has no last-image bit (ROM ends here)");
			break;
		}
	}
	if (v.sum.used_len && v.sum.used_len < len) {
		bool all_ff = true;
		for (size_t i = v.sum.used_len; i < len; i++)
			all_ff &= rom[i] == 0xFF || rom[i] == 0x00;
		report(&v, all_ff ? PCIROM_WARNING : PCIROM_ERROR, 0, v.sum.used_len,
		       all_ff ? "padding after the last image" : "data after the last image");
	}
	if (v.sum.efi_images == 0 && v.sum.images)
		report(&v, PCIROM_WARNING, 0, 0, "no EFI image: nothing for OVMF to load");
	else if (v.sum.efi_images && !v.sum.loadable_images)
		/* EFI images, none of which OVMF X64 runs (applications, other machines): the ROM
		 * would silently do nothing, which is an error, not a remark */
		report(&v, PCIROM_ERROR, 0, 0, "no EFI image here is one OVMF X64 would run: the ROM does nothing");
done:
	if (ret)
		*ret = v.sum;
}

/* ---- the host's stolen memory, as recorded in a data image ---- */

void igd_host_dsm_encode(const igd_host_dsm *d, uint8_t out[IGD_HOST_DSM_LEN])
{
	igd_put_le64(out, IGD_HOST_DSM_LEN, 0, d->base);
	igd_put_le64(out, IGD_HOST_DSM_LEN, 8, d->size);
}

igd_status igd_host_dsm_decode(const uint8_t *buf, size_t len, igd_host_dsm *ret, igd_where *where)
{
	igd_host_dsm d;
	if (len != IGD_HOST_DSM_LEN)
		return fail(where, 0, "host stolen-memory record is not 16 bytes", IGD_ERR_CORRUPT);
	igd_get_le64(buf, len, 0, &d.base);
	igd_get_le64(buf, len, 8, &d.size);
	if (!d.base || (d.base & (IGD_BDSM_ALIGN_BYTES - 1)))
		return fail(where, 0, "host stolen-memory base is 0 or not 1 MiB aligned", IGD_ERR_CORRUPT);
	if (d.size & (IGD_BDSM_ALIGN_BYTES - 1) || d.size >= 0x100000000ull || d.base >= 0x100000000ull - d.size)
		return fail(where, 8, "host stolen memory does not end below 4 GiB in whole MiB", IGD_ERR_CORRUPT);
	*ret = d;
	return IGD_OK;
}
