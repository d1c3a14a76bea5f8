// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/fv.h"
#include "fail.h"

#include "igd/bytes.h"

void igd_fv_guid_format(const uint8_t g[16], char out[37])
{
	static const char hex[] = "0123456789ABCDEF";
	/* registry format: first three fields little-endian */
	static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	int o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[g[order[i]] >> 4];
		out[o++] = hex[g[order[i]] & 15];
	}
	out[o] = 0;
}

bool igd_fv_guid_parse(const char *t, uint8_t out[16])
{
	static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	uint8_t g[16];
	int i = 0;
	for (const char *p = t; *p && i < 32;) {
		if (*p == '-') {
			p++;
			continue;
		}
		int v = (*p >= '0' && *p <= '9') ? *p - '0' : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10
			: (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10 : -1;
		if (v < 0)
			return false;
		if (i & 1)
			g[order[i / 2]] |= (uint8_t)v;
		else
			g[order[i / 2]] = (uint8_t)(v << 4);
		i++;
		p++;
		if (i == 32 && *p)
			return false;
	}
	if (i != 32)
		return false;
	memcpy(out, g, 16);
	return true;
}

bool igd_fv_guid_equal(const uint8_t a[16], const char *text)
{
	uint8_t b[16];
	return igd_fv_guid_parse(text, b) && memcmp(a, b, 16) == 0;
}

/* ---- flash descriptor ---- */

igd_status igd_fd_parse(const uint8_t *buf, size_t len, fd_region regions[FD_REGION_COUNT])
{
	uint32_t sig, flmap0;
	if (igd_get_le32(buf, len, 0x10, &sig) || sig != FD_SIGNATURE)
		return IGD_ERR_SIGNATURE;
	igd_get_le32(buf, len, 0x14, &flmap0);
	size_t frba = ((flmap0 >> 16) & 0xFF) << 4;
	for (unsigned i = 0; i < FD_REGION_COUNT; i++) {
		uint32_t flreg;
		regions[i].present = false;
		if (igd_get_le32(buf, len, frba + 4 * i, &flreg))
			continue;
		uint32_t base = flreg & 0x7FFF, limit = (flreg >> 16) & 0x7FFF;
		if (limit < base || (i > 0 && base == 0 && limit == 0))
			continue;
		size_t off = (size_t)base << 12, size = ((size_t)limit + 1 - base) << 12;
		if (!igd_range_ok(len, off, size))
			continue; /* a region past the end of a partial dump */
		regions[i] = (fd_region){ true, off, size };
	}
	return IGD_OK;
}

const char *igd_fd_region_name(unsigned i)
{
	static const char *const names[FD_REGION_COUNT] = { "Descriptor", "BIOS", "ME", "GbE", "PDR",
							    "DevExp", "BIOS2", "region 7", "EC", "region 9" };
	return i < FD_REGION_COUNT ? names[i] : "unknown";
}

/* ---- capsules ---- */

igd_status igd_fv_capsule_parse(const uint8_t *buf, size_t len, fv_capsule *ret)
{
	static const struct { const char *guid, *kind; } known[] = {
		{ "3B6686BD-0D76-4030-B70E-B5519E2FC5A0", "EFI capsule" },
		{ "6DCBD5ED-E82D-4C44-BDA1-7194199AD92A", "FMP capsule" },
		{ "539182B9-ABB5-4391-B69A-E3A943F72FCC", "Intel capsule" },
		{ "4A3CA68B-7723-48FB-803D-578CC1FEC44D", "AMI Aptio signed capsule" },
		{ "14EEBB90-890A-43DB-AED1-5D3C4588A418", "AMI Aptio capsule" },
		{ "E20BAFD3-9914-4F4F-9537-3129E090EB3C", "Lenovo capsule" },
		{ "25B5FE76-8243-4A5C-A9BD-7EE3246198B5", "Lenovo capsule" },
	};
	fv_capsule c = { 0 };
	if (len < 28)
		return IGD_ERR_TRUNCATED;
	memcpy(c.guid, buf, 16);
	for (size_t i = 0; i < IGD_ARRAY_SIZE(known); i++)
		if (igd_fv_guid_equal(c.guid, known[i].guid))
			c.kind = known[i].kind;
	if (!c.kind)
		return IGD_ERR_SIGNATURE;
	igd_get_le32(buf, len, 16, &c.header_size);
	igd_get_le32(buf, len, 20, &c.flags);
	igd_get_le32(buf, len, 24, &c.image_size);
	if (c.header_size < 28 || c.header_size > len || c.image_size < c.header_size)
		return IGD_ERR_CORRUPT;
	if (c.image_size > len)
		c.image_size = (uint32_t)len; /* a truncated capsule: parse what is there */
	*ret = c;
	return IGD_OK;
}

/* ---- volumes ---- */

igd_status igd_fv_parse_volume(const uint8_t *buf, size_t len, size_t off, fv_volume *ret,
			   igd_where *where)
{
	fv_volume v = { 0 };
	uint64_t length;
	uint16_t sum = 0;
	static const char *const ffs2[] = { "8C8CE578-8A3D-4F1C-9935-896185C32DD3",
					   "7A9354D9-0468-444A-81CE-0BF617D890DF",
					   "AD3FFFFF-D28B-44C4-9F13-9EA98A97F9F0",
					   "D6A1CD70-4B33-4994-A6EA-375F2CCC5437",
					   "4F494156-AED6-4D64-A537-B8A5557BCEEC" };

	if (!igd_range_ok(len, off, FV_HEADER_MIN))
		return fail(where, off, "volume header runs past the end", IGD_ERR_TRUNCATED);
	if (!igd_match(buf, len, off + FV_SIGNATURE_OFFSET, FV_SIGNATURE, 4))
		return fail(where, off + FV_SIGNATURE_OFFSET, "no _FVH signature", IGD_ERR_SIGNATURE);
	v.offset = off;
	memcpy(v.fs_guid, buf + off + 0x10, 16);
	igd_get_le64(buf, len, off + 0x20, &length);
	igd_get_le32(buf, len, off + 0x2C, &v.attributes);
	igd_get_le16(buf, len, off + 0x30, &v.header_length);
	igd_get_le16(buf, len, off + 0x34, &v.ext_header_offset);
	igd_get_u8(buf, len, off + 0x37, &v.revision);
	if (v.header_length < FV_HEADER_MIN || (v.header_length & 1) || length < v.header_length)
		return fail(where, off + 0x30, "volume header length is out of range", IGD_ERR_CORRUPT);
	if (length > len - off)
		return fail(where, off + 0x20, "volume length runs past the end of the image", IGD_ERR_TRUNCATED);
	v.length = (size_t)length;
	for (size_t i = 0; i < v.header_length; i += 2) {
		uint16_t w;
		igd_get_le16(buf, len, off + i, &w);
		sum = (uint16_t)(sum + w);
	}
	v.checksum_ok = sum == 0;
	v.erase_polarity = (v.attributes & 0x800) != 0;
	v.ffs3 = igd_fv_guid_equal(v.fs_guid, "5473C07A-3DCB-4DCA-BD6F-1E9689E7349A");
	v.known_fs = v.ffs3;
	for (size_t i = 0; i < IGD_ARRAY_SIZE(ffs2); i++)
		v.known_fs |= igd_fv_guid_equal(v.fs_guid, ffs2[i]);
	v.files_offset = off + v.header_length;
	if (v.revision >= 2 && v.ext_header_offset) {
		uint32_t ext_size;
		size_t ext = off + v.ext_header_offset;
		if (v.ext_header_offset < v.header_length || !igd_range_ok(off + v.length, ext, 20) ||
		    igd_get_le32(buf, len, ext + 16, &ext_size) || ext_size < 20 ||
		    !igd_range_ok(off + v.length, ext, ext_size))
			return fail(where, off + 0x34, "extended header lies outside the volume", IGD_ERR_CORRUPT);
		memcpy(v.name, buf + ext, 16);
		v.files_offset = (ext + ext_size + 7) & ~(size_t)7;
	}
	if (v.files_offset > off + v.length)
		return fail(where, off + 0x30, "files start past the end of the volume", IGD_ERR_CORRUPT);
	*ret = v;
	return IGD_OK;
}

/* ---- files ---- */

const char *igd_ffs_type_name(uint8_t t)
{
	switch (t) {
	case 0x01: return "raw";
	case 0x02: return "freeform";
	case 0x03: return "SEC core";
	case 0x04: return "PEI core";
	case 0x05: return "DXE core";
	case 0x06: return "PEI module";
	case 0x07: return "DXE driver";
	case 0x08: return "combined PEI/DXE";
	case 0x09: return "application";
	case 0x0A: return "MM module";
	case 0x0B: return "volume image";
	case 0x0C: return "combined MM/DXE";
	case 0x0D: return "MM core";
	case 0x0E: return "MM standalone";
	case 0x0F: return "MM core standalone";
	case 0xF0: return "pad";
	default: return t >= 0xC0 && t <= 0xDF ? "OEM" : "other";
	}
}

igd_status igd_ffs_next_file(const uint8_t *buf, const fv_volume *vol, size_t *cursor, ffs_file *ret,
			 igd_where *where)
{
	size_t end = vol->offset + vol->length, off = *cursor;
	ffs_file f = { 0 };
	uint8_t erased = vol->erase_polarity ? 0xFF : 0x00;
	uint32_t size24 = 0;

	if (off >= end || end - off < 24)
		return IGD_ERR_NOT_FOUND;
	/* Erased space: the rest of the volume is free. */
	bool blank = true;
	for (size_t i = 0; i < 24 && blank; i++)
		blank = buf[off + i] == erased;
	if (blank)
		return IGD_ERR_NOT_FOUND;
	f.offset = off;
	memcpy(f.name, buf + off, 16);
	f.type = buf[off + 0x12];
	f.attributes = buf[off + 0x13];
	size24 = (uint32_t)buf[off + 0x14] | (uint32_t)buf[off + 0x15] << 8 | (uint32_t)buf[off + 0x16] << 16;
	f.state = vol->erase_polarity ? (uint8_t)~buf[off + 0x17] : buf[off + 0x17];
	f.header_size = 24;
	f.size = size24;
	if (vol->ffs3 && (f.attributes & 0x01) && size24 == 0) {
		uint64_t ext;
		if (igd_get_le64(buf, end, off + 24, &ext))
			return fail(where, off, "large file header runs past the volume", IGD_ERR_TRUNCATED);
		f.header_size = 32;
		if (ext > end - off)
			return fail(where, off + 24, "file size runs past the end of the volume", IGD_ERR_CORRUPT);
		f.size = (size_t)ext;
	}
	if (f.size < f.header_size || f.size > end - off)
		return fail(where, off + 0x14, "file size runs past the end of the volume", IGD_ERR_CORRUPT);
	/* IntegrityCheck.Header: 8-bit sum over the header with the File byte and State as 0 */
	uint8_t sum = 0;
	for (size_t i = 0; i < f.header_size; i++)
		if (i != 0x11 && i != 0x17)
			sum = (uint8_t)(sum + buf[off + i]);
	f.header_checksum_ok = sum == 0;
	if (f.attributes & 0x40) {
		uint8_t dsum = buf[off + 0x11];
		for (size_t i = f.header_size; i < f.size; i++)
			dsum = (uint8_t)(dsum + buf[off + i]);
		f.data_checksum_ok = dsum == 0;
	} else {
		f.data_checksum_ok = buf[off + 0x11] == 0xAA || buf[off + 0x11] == 0x5A;
	}
	*cursor = (off + f.size + 7) & ~(size_t)7;
	*ret = f;
	return IGD_OK;
}

/* ---- sections ---- */

const char *igd_section_type_name(uint8_t t)
{
	switch (t) {
	case 0x01: return "compressed";
	case 0x02: return "GUID defined";
	case 0x03: return "disposable";
	case 0x10: return "PE32 image";
	case 0x11: return "PIC image";
	case 0x12: return "TE image";
	case 0x13: return "DXE dependency";
	case 0x14: return "version";
	case 0x15: return "UI";
	case 0x16: return "16-bit";
	case 0x17: return "volume image";
	case 0x18: return "freeform subtype GUID";
	case 0x19: return "raw";
	case 0x1B: return "PEI dependency";
	case 0x1C: return "MM dependency";
	default: return "other";
	}
}

igd_status igd_ffs_next_section(const uint8_t *buf, size_t end, size_t *cursor, ffs_section *ret,
			    igd_where *where)
{
	size_t off = *cursor;
	ffs_section s = { 0 };
	uint32_t size24;

	if (off >= end || end - off < 4)
		return IGD_ERR_NOT_FOUND;
	size24 = (uint32_t)buf[off] | (uint32_t)buf[off + 1] << 8 | (uint32_t)buf[off + 2] << 16;
	s.offset = off;
	s.type = buf[off + 3];
	s.header_size = 4;
	s.size = size24;
	if (size24 == 0xFFFFFF) {
		uint32_t ext;
		if (igd_get_le32(buf, end, off + 4, &ext))
			return fail(where, off, "extended section header runs past its parent", IGD_ERR_TRUNCATED);
		s.header_size = 8;
		s.size = ext;
	}
	if (s.size < s.header_size || s.size > end - off)
		return fail(where, off, "section size runs past its parent", IGD_ERR_CORRUPT);
	s.body_offset = off + s.header_size;
	s.body_size = s.size - s.header_size;
	if (s.type == SECTION_COMPRESSION) {
		if (s.body_size < 5)
			return fail(where, off, "compression section header incomplete", IGD_ERR_CORRUPT);
		igd_get_le32(buf, end, s.body_offset, &s.uncompressed_length);
		s.compression_type = buf[s.body_offset + 4];
		s.body_offset += 5;
		s.body_size -= 5;
	} else if (s.type == SECTION_GUID_DEFINED) {
		if (s.body_size < 20)
			return fail(where, off, "GUID-defined section header incomplete", IGD_ERR_CORRUPT);
		memcpy(s.guid, buf + s.body_offset, 16);
		igd_get_le16(buf, end, s.body_offset + 16, &s.data_offset);
		igd_get_le16(buf, end, s.body_offset + 18, &s.guid_attributes);
		if (s.data_offset < s.header_size + 20 || s.data_offset > s.size)
			return fail(where, off + s.header_size + 16, "GUID-defined data offset out of range", IGD_ERR_CORRUPT);
		s.body_offset = off + s.data_offset;
		s.body_size = s.size - s.data_offset;
	} else if (s.type == SECTION_FREEFORM_SUBTYPE_GUID) {
		if (s.body_size < 16)
			return fail(where, off, "freeform subtype section header incomplete", IGD_ERR_CORRUPT);
		memcpy(s.guid, buf + s.body_offset, 16);
		s.body_offset += 16;
		s.body_size -= 16;
	} else if (s.type == SECTION_VERSION) {
		if (s.body_size < 2)
			return fail(where, off, "version section header incomplete", IGD_ERR_CORRUPT);
	}
	*cursor = (off + s.size + 3) & ~(size_t)3;
	*ret = s;
	return IGD_OK;
}
