// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/fwcfg.h"

#include "igd/bytes.h"

igd_status igd_fwcfg_dir_find(const uint8_t *dir, size_t len, const char *name, uint16_t *ret_select,
			  uint32_t *ret_size)
{
	uint32_t count;
	size_t name_len = 0;

	while (name[name_len])
		name_len++;
	if (name_len == 0 || name_len >= FWCFG_NAME_MAX)
		return IGD_ERR_INVALID;
	if (igd_get_be32(dir, len, 0, &count))
		return IGD_ERR_TRUNCATED;
	if (count > (len - 4) / FWCFG_DIR_ENTRY_SIZE)
		return IGD_ERR_TRUNCATED;
	for (uint32_t i = 0; i < count; i++) {
		size_t e = 4 + (size_t)i * FWCFG_DIR_ENTRY_SIZE;
		const uint8_t *n = dir + e + 8;
		if (memcmp(n, name, name_len) == 0 && n[name_len] == 0) {
			igd_get_be32(dir, len, e, ret_size);
			igd_get_be16(dir, len, e + 4, ret_select);
			return IGD_OK;
		}
	}
	return IGD_ERR_NOT_FOUND;
}

igd_status igd_fwcfg_bdsm_size_parse(const uint8_t *buf, size_t len, uint64_t *ret)
{
	uint64_t v;
	if (len != 8)
		return IGD_ERR_CORRUPT;
	igd_get_le64(buf, len, 0, &v);
	if (v == 0)
		return IGD_ERR_CORRUPT;
	*ret = v;
	return IGD_OK;
}

void igd_fwcfg_bdsm_size_encode(uint64_t size, uint8_t out[8])
{
	igd_put_le64(out, 8, 0, size);
}

igd_status igd_e820_decode(const uint8_t *buf, size_t len, e820_entry *out, size_t cap,
		       size_t *ret_count, igd_where *where)
{
	size_t n = len / E820_ENTRY_SIZE;
	if (len % E820_ENTRY_SIZE) {
		if (where) {
			where->offset = n * E820_ENTRY_SIZE;
			where->what = "e820 table is not a whole number of 20-byte records";
		}
		return IGD_ERR_CORRUPT;
	}
	if (n > cap)
		return IGD_ERR_NOSPACE;
	for (size_t i = 0; i < n; i++) {
		e820_entry e;
		size_t o = i * E820_ENTRY_SIZE;
		igd_get_le64(buf, len, o, &e.addr);
		igd_get_le64(buf, len, o + 8, &e.len);
		igd_get_le32(buf, len, o + 16, &e.type);
		if (e.len == 0 || e.addr + e.len < e.addr) {
			if (where) {
				where->offset = o;
				where->what = "e820 entry is empty or wraps past 2^64";
			}
			return IGD_ERR_CORRUPT;
		}
		out[i] = e;
	}
	*ret_count = n;
	return IGD_OK;
}

igd_status igd_e820_encode(const e820_entry *in, size_t count, uint8_t *out, size_t cap,
		       size_t *ret_len)
{
	if (count > cap / E820_ENTRY_SIZE)
		return IGD_ERR_NOSPACE;
	for (size_t i = 0; i < count; i++) {
		size_t o = i * E820_ENTRY_SIZE;
		igd_put_le64(out, cap, o, in[i].addr);
		igd_put_le64(out, cap, o + 8, in[i].len);
		igd_put_le32(out, cap, o + 16, in[i].type);
	}
	*ret_len = count * E820_ENTRY_SIZE;
	return IGD_OK;
}

const char *igd_e820_type_name(uint32_t type)
{
	switch (type) {
	case E820_RAM: return "RAM";
	case E820_RESERVED: return "reserved";
	case E820_ACPI: return "ACPI";
	case E820_NVS: return "NVS";
	case E820_UNUSABLE: return "unusable";
	default: return "unknown";
	}
}
