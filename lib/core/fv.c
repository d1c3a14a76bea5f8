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

bool igd_fv_guid_equal(const uint8_t a[16], const uint8_t b[16])
{
	return memcmp(a, b, 16) == 0;
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
	static const struct { uint8_t guid[16]; const char *kind; } known[] = {
		{ IGD_GUID(0x3B6686BD, 0x0D76, 0x4030, 0xB7, 0x0E, 0xB5, 0x51, 0x9E, 0x2F, 0xC5, 0xA0), "EFI capsule" },
		{ IGD_GUID(0x6DCBD5ED, 0xE82D, 0x4C44, 0xBD, 0xA1, 0x71, 0x94, 0x19, 0x9A, 0xD9, 0x2A), "FMP capsule" },
		{ IGD_GUID(0x539182B9, 0xABB5, 0x4391, 0xB6, 0x9A, 0xE3, 0xA9, 0x43, 0xF7, 0x2F, 0xCC), "Intel capsule" },
		{ IGD_GUID(0x4A3CA68B, 0x7723, 0x48FB, 0x80, 0x3D, 0x57, 0x8C, 0xC1, 0xFE, 0xC4, 0x4D), "AMI Aptio signed capsule" },
		{ IGD_GUID(0x14EEBB90, 0x890A, 0x43DB, 0xAE, 0xD1, 0x5D, 0x3C, 0x45, 0x88, 0xA4, 0x18), "AMI Aptio capsule" },
		{ IGD_GUID(0xE20BAFD3, 0x9914, 0x4F4F, 0x95, 0x37, 0x31, 0x29, 0xE0, 0x90, 0xEB, 0x3C), "Lenovo capsule" },
		{ IGD_GUID(0x25B5FE76, 0x8243, 0x4A5C, 0xA9, 0xBD, 0x7E, 0xE3, 0x24, 0x61, 0x98, 0xB5), "Lenovo capsule" },
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
	static const uint8_t ffs2[][16] = { IGD_GUID(0x8C8CE578, 0x8A3D, 0x4F1C, 0x99, 0x35, 0x89, 0x61, 0x85, 0xC3, 0x2D, 0xD3),
					   IGD_GUID(0x7A9354D9, 0x0468, 0x444A, 0x81, 0xCE, 0x0B, 0xF6, 0x17, 0xD8, 0x90, 0xDF),
					   IGD_GUID(0xAD3FFFFF, 0xD28B, 0x44C4, 0x9F, 0x13, 0x9E, 0xA9, 0x8A, 0x97, 0xF9, 0xF0),
					   IGD_GUID(0xD6A1CD70, 0x4B33, 0x4994, 0xA6, 0xEA, 0x37, 0x5F, 0x2C, 0xCC, 0x54, 0x37),
					   IGD_GUID(0x4F494156, 0xAED6, 0x4D64, 0xA5, 0x37, 0xB8, 0xA5, 0x55, 0x7B, 0xCE, 0xEC) };

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
	v.ffs3 = igd_fv_guid_equal(v.fs_guid, (const uint8_t[16])IGD_GUID(0x5473C07A, 0x3DCB, 0x4DCA, 0xBD, 0x6F, 0x1E, 0x96, 0x89, 0xE7, 0x34, 0x9A));
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

igd_status igd_ffs_next_file(const uint8_t *buf, size_t len, const fv_volume *vol, size_t *cursor,
			     ffs_file *ret, igd_where *where)
{
	size_t end = vol->offset + vol->length, off = *cursor;
	ffs_file f = { 0 };
	uint8_t erased = vol->erase_polarity ? 0xFF : 0x00, state = 0, file_sum = 0;
	uint8_t size24[3];

	/* the volume was parsed from this buffer, but the caller's word is not proof */
	if (vol->offset > len || vol->length > len - vol->offset)
		return fail(where, vol->offset, "volume runs past the end of the buffer", IGD_ERR_RANGE);
	if (off >= end || end - off < FFS_HEADER_SIZE)
		return IGD_ERR_NOT_FOUND;
	/* Erased space: the rest of the volume is free. */
	bool blank = true;
	for (size_t i = 0; i < FFS_HEADER_SIZE && blank; i++)
		blank = buf[off + i] == erased;
	if (blank)
		return IGD_ERR_NOT_FOUND;
	f.offset = off;
	memcpy(f.name, buf + off + FFS_OFF_NAME, 16);
	igd_get_u8(buf, end, off + FFS_OFF_TYPE, &f.type);
	igd_get_u8(buf, end, off + FFS_OFF_ATTRIBUTES, &f.attributes);
	igd_get_u8(buf, end, off + FFS_OFF_STATE, &state);
	igd_get_u8(buf, end, off + FFS_OFF_FILE_CHECKSUM, &file_sum);
	memcpy(size24, buf + off + FFS_OFF_SIZE, 3);
	f.state = vol->erase_polarity ? (uint8_t)~state : state;
	f.header_size = FFS_HEADER_SIZE;
	f.size = (size_t)size24[0] | (size_t)size24[1] << 8 | (size_t)size24[2] << 16;
	if (vol->ffs3 && (f.attributes & FFS_ATTR_LARGE_FILE) && f.size == 0) {
		uint64_t ext;
		if (igd_get_le64(buf, end, off + FFS_OFF_EXTENDED_SIZE, &ext))
			return fail(where, off, "large file header runs past the volume", IGD_ERR_TRUNCATED);
		f.header_size = FFS_HEADER2_SIZE;
		if (ext > end - off)
			return fail(where, off + FFS_OFF_EXTENDED_SIZE, "file size runs past the end of the volume",
				    IGD_ERR_CORRUPT);
		f.size = (size_t)ext;
	}
	if (f.size < f.header_size || f.size > end - off)
		return fail(where, off + FFS_OFF_SIZE, "file size runs past the end of the volume", IGD_ERR_CORRUPT);
	/* IntegrityCheck.Header: 8-bit sum over the header with the File byte and State as 0 */
	uint8_t sum = 0;
	for (size_t i = 0; i < f.header_size; i++)
		if (i != FFS_OFF_FILE_CHECKSUM && i != FFS_OFF_STATE)
			sum = (uint8_t)(sum + buf[off + i]);
	f.header_checksum_ok = sum == 0;
	if (f.attributes & FFS_ATTR_CHECKSUM) {
		uint8_t dsum = file_sum;
		for (size_t i = f.header_size; i < f.size; i++)
			dsum = (uint8_t)(dsum + buf[off + i]);
		f.data_checksum_ok = dsum == 0;
	} else {
		f.data_checksum_ok = file_sum == FFS_FIXED_CHECKSUM || file_sum == FFS_FIXED_CHECKSUM_REV1;
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
	size24 = (uint32_t)buf[off + SECTION_OFF_SIZE] | (uint32_t)buf[off + SECTION_OFF_SIZE + 1] << 8 |
		 (uint32_t)buf[off + SECTION_OFF_SIZE + 2] << 16;
	s.offset = off;
	s.type = buf[off + SECTION_OFF_TYPE];
	s.header_size = SECTION_HEADER_SIZE;
	s.size = size24;
	if (size24 == 0xFFFFFF) {
		uint32_t ext;
		if (igd_get_le32(buf, end, off + SECTION_OFF_EXTENDED_SIZE, &ext))
			return fail(where, off, "extended section header runs past its parent", IGD_ERR_TRUNCATED);
		s.header_size = SECTION_HEADER2_SIZE;
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

/* ---- any of them ---- */

bool igd_fw_is_image(const uint8_t *buf, size_t len)
{
	fd_region r[FD_REGION_COUNT];
	fv_capsule c;
	fv_volume v;
	if (igd_fd_parse(buf, len, r) == IGD_OK || igd_fv_capsule_parse(buf, len, &c) == IGD_OK)
		return true;
	return igd_fv_parse_volume(buf, len, 0, &v, NULL) == IGD_OK;
}
