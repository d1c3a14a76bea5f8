// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/vbt.h"
#include "fail.h"

#include "igd/bytes.h"

static void note(vbt_info *v, vbt_severity sev, size_t off, const char *what)
{
	if (v->issue_count < VBT_MAX_ISSUES)
		v->issues[v->issue_count++] = (vbt_issue){ sev, (uint32_t)off, what };
}

unsigned igd_vbt_child_size(uint16_t bdb)
{
	/* Linux intel_bios.c child_device_expected_size() */
	if (bdb < 106) return 22;
	if (bdb <= 110) return 27;
	if (bdb <= 194) return 33;
	if (bdb == 195) return 37;
	if (bdb <= 215) return 38;
	if (bdb <= 255) return 39;
	if (bdb <= 262) return 40;
	if (bdb <= 264) return 44;
	return 0;
}

static void check_block(vbt_info *v, const uint8_t *buf, size_t len, const vbt_block *b)
{
	size_t data = (size_t)b->offset + 3;
	uint8_t u8;
	uint16_t u16;

	switch (b->id) {
	case BDB_GENERAL_DEFINITIONS: {
		unsigned want = igd_vbt_child_size(v->bdb_version);
		if (igd_get_u8(buf, len, data + 4, &u8) || b->size < 5) {
			note(v, VBT_WARNING, b->offset, "general definitions block shorter than 5 bytes");
			break;
		}
		if (want && u8 != want)
			note(v, VBT_WARNING, data + 4,
			     "child device size does not match the BDB version (Linux logs an error)");
		if (u8 < 33)
			note(v, VBT_WARNING, data + 4, "child device size below 33: Linux ignores the children");
		else if ((b->size - 5) % u8)
			note(v, VBT_WARNING, b->offset, "child table is not a whole number of children");
		break;
	}
	case BDB_GENERIC_DTD:
		if (!igd_get_le16(buf, len, data, &u16) && u16 < 28)
			note(v, VBT_WARNING, data, "generic DTD entry size below 28");
		break;
	case BDB_LFP_DATA_PTRS:
		if (!igd_get_u8(buf, len, data, &u8) && u8 != 3)
			note(v, VBT_WARNING, data, "LFP data pointers: entry count is not 3");
		break;
	default:
		break;
	}
}

static void walk_blocks(vbt_info *v, const uint8_t *buf, size_t len)
{
	size_t bdb = v->bdb_offset;
	size_t end = bdb + v->bdb_size;          /* where bdb_size says the chain ends */
	size_t hard_end = v->vbt_size;            /* no block may pass vbt_size */
	size_t idx = bdb + v->bdb_header_size;

	while (idx + 3 <= end) {
		uint8_t id;
		uint16_t size16;
		uint32_t size;
		size_t data_end;

		igd_get_u8(buf, len, idx, &id);
		igd_get_le16(buf, len, idx + 1, &size16);
		size = size16;
		if (id == BDB_MIPI_SEQUENCE) {
			uint8_t seq_version;
			uint32_t seq_size;
			/* v3+: the u32 after the version byte sizes what follows the 5-byte sub-header;
			 * the block spans 3 + 5 + u32 (Linux walks 3 + u32, docs/opregion-vbt.md §2.3). */
			if (!igd_get_u8(buf, len, idx + 3, &seq_version) && seq_version >= 3) {
				if (seq_version > 3)
					note(v, VBT_WARNING, idx + 3, "MIPI sequence version above 3 (Linux refuses it)");
				if (igd_get_le32(buf, len, idx + 4, &seq_size) || seq_size > 0x10000) {
					note(v, VBT_ERROR, idx, "MIPI sequence v3 size is unreadable or huge");
					v->chain_broken = true;
					return;
				}
				size = 5 + seq_size;
			}
		}
		data_end = idx + 3 + (size_t)size;
		if (data_end > end) {
			if (data_end == end + 1 && data_end <= hard_end) {
				v->last_block_past_bdb_size = true;
				note(v, VBT_WARNING, idx,
				     "last block ends one byte past bdb_size (bdb_size one short): "
				     "Linux and intel_vbt_decode do not see it");
			} else {
				note(v, VBT_ERROR, idx,
				     "block overruns the BDB: it and every later block are unreachable");
				v->chain_broken = true;
				return;
			}
		}
		for (size_t k = 0; k < v->block_count; k++)
			if (v->blocks[k].id == id) {
				note(v, VBT_WARNING, idx, "duplicate block id (consumers use the first)");
				break;
			}
		if (v->block_count == VBT_MAX_BLOCKS) {
			note(v, VBT_ERROR, idx, "more than 96 blocks");
			v->chain_broken = true;
			return;
		}
		v->blocks[v->block_count++] = (vbt_block){ id, (uint32_t)idx, size };
		check_block(v, buf, len, &v->blocks[v->block_count - 1]);
		idx = data_end;
	}
	if (idx < end) {
		bool zero = true;
		for (size_t i = idx; i < end; i++)
			zero &= buf[i] == 0;
		if (!zero)
			note(v, VBT_WARNING, idx, "bytes after the last block that do not form a block");
	}
}

igd_status igd_vbt_parse_header(const uint8_t *buf, size_t len, vbt_info *ret, igd_where *where)
{
	vbt_info *v = ret;
	size_t bdb;

	memset(v, 0, sizeof(*v));
	if (len < VBT_HEADER_SIZE)
		return fail(where, len, "VBT header incomplete (under 48 bytes)", IGD_ERR_TRUNCATED);
	if (!igd_match(buf, len, 0, VBT_SIGNATURE, 4))
		return fail(where, 0, "no $VBT signature", IGD_ERR_SIGNATURE);
	for (size_t i = 0; i < VBT_SIGNATURE_LEN; i++)
		v->signature[i] = (buf[i] >= 0x20 && buf[i] < 0x7f) ? (char)buf[i] : '.';
	igd_get_le16(buf, len, VBT_OFF_VERSION, &v->version);
	igd_get_le16(buf, len, VBT_OFF_HEADER_SIZE, &v->header_size);
	igd_get_le16(buf, len, VBT_OFF_VBT_SIZE, &v->vbt_size);
	igd_get_u8(buf, len, VBT_OFF_CHECKSUM, &v->checksum);
	igd_get_le32(buf, len, VBT_OFF_BDB_OFFSET, &v->bdb_offset);
	if (v->vbt_size > len)
		return fail(where, VBT_OFF_VBT_SIZE, "vbt_size runs past the end of the data",
			    IGD_ERR_TRUNCATED);
	if (v->vbt_size < VBT_HEADER_SIZE)
		return fail(where, VBT_OFF_VBT_SIZE, "vbt_size is smaller than the VBT header",
			    IGD_ERR_CORRUPT);
	len = v->vbt_size; /* nothing past vbt_size belongs to the VBT */
	bdb = v->bdb_offset;
	if (!igd_range_ok(len, bdb, BDB_HEADER_SIZE))
		return fail(where, VBT_OFF_BDB_OFFSET, "BDB header incomplete (bdb_offset too large)",
			    IGD_ERR_TRUNCATED);
	igd_get_le16(buf, len, bdb + 16, &v->bdb_version);
	igd_get_le16(buf, len, bdb + 18, &v->bdb_header_size);
	igd_get_le16(buf, len, bdb + 20, &v->bdb_size);
	if (!igd_range_ok(len, bdb, v->bdb_size))
		return fail(where, bdb + 20, "BDB incomplete (bdb_size runs past vbt_size)",
			    IGD_ERR_TRUNCATED);
	if (v->bdb_header_size < BDB_HEADER_SIZE || v->bdb_header_size > v->bdb_size)
		return fail(where, bdb + 18, "BDB header size is below 22 or beyond bdb_size",
			    IGD_ERR_CORRUPT);
	v->sum = 0;
	for (size_t i = 0; i < len; i++)
		v->sum = (uint8_t)(v->sum + buf[i]);
	return IGD_OK;
}

igd_status igd_vbt_parse(const uint8_t *buf, size_t len, vbt_info *ret, igd_where *where)
{
	vbt_info *v = ret;
	igd_status st = igd_vbt_parse_header(buf, len, v, where);
	size_t bdb;

	if (st)
		return st;
	len = v->vbt_size;
	bdb = v->bdb_offset;
	if (v->header_size != VBT_HEADER_SIZE)
		note(v, VBT_WARNING, VBT_OFF_HEADER_SIZE, "VBT header size is not 48");
	if (v->version != 100)
		note(v, VBT_WARNING, VBT_OFF_VERSION, "VBT version is not 100");
	if (!igd_match(buf, len, bdb, BDB_SIGNATURE, 16))
		note(v, VBT_WARNING, bdb, "BDB signature is not \"BIOS_DATA_BLOCK \"");
	if (v->sum != 0)
		note(v, VBT_WARNING, VBT_OFF_CHECKSUM,
		     "checksum: bytes do not sum to 0 (Intel's GOP checks it; fix-checksum repairs a copy)");
	if (bdb + v->bdb_size < len && bdb + v->bdb_size + 1 != len)
		note(v, VBT_WARNING, bdb + 20, "bdb_size ends before vbt_size");
	if (bdb + v->bdb_size + 1 == len)
		note(v, VBT_WARNING, bdb + 20, "bdb_size is vbt_size - bdb_offset - 1 (one byte short)");
	walk_blocks(v, buf, len);
	return IGD_OK;
}

igd_status igd_vbt_find(const uint8_t *buf, size_t len, size_t from, size_t *ret_off)
{
	for (size_t off = from; off + VBT_HEADER_SIZE <= len; off++) {
		if (buf[off] != '$' || !igd_match(buf, len, off, VBT_SIGNATURE, 4))
			continue;
		uint16_t vbt_size;
		uint32_t bdb;
		if (igd_get_le16(buf, len, off + VBT_OFF_VBT_SIZE, &vbt_size) ||
		    igd_get_le32(buf, len, off + VBT_OFF_BDB_OFFSET, &bdb))
			continue;
		if (vbt_size >= VBT_HEADER_SIZE && vbt_size <= len - off && bdb < vbt_size) {
			*ret_off = off;
			return IGD_OK;
		}
	}
	return IGD_ERR_NOT_FOUND;
}

igd_status igd_vbt_fix_checksum(uint8_t *vbt, size_t len, uint8_t *ret_old)
{
	uint16_t vbt_size;
	uint8_t sum = 0;
	if (igd_get_le16(vbt, len, VBT_OFF_VBT_SIZE, &vbt_size) || vbt_size > len ||
	    vbt_size < VBT_HEADER_SIZE)
		return IGD_ERR_RANGE;
	for (size_t i = 0; i < vbt_size; i++)
		sum = (uint8_t)(sum + vbt[i]);
	if (ret_old)
		*ret_old = vbt[VBT_OFF_CHECKSUM];
	vbt[VBT_OFF_CHECKSUM] = (uint8_t)(vbt[VBT_OFF_CHECKSUM] - sum);
	return IGD_OK;
}

const vbt_block *igd_vbt_find_block(const vbt_info *info, uint8_t id)
{
	for (size_t i = 0; i < info->block_count; i++)
		if (info->blocks[i].id == id)
			return &info->blocks[i];
	return NULL;
}

const char *igd_vbt_block_name(uint8_t id)
{
	/* Names as IGT's intel_vbt_decode and Linux intel_vbt_defs.h give them. */
	switch (id) {
	case 1: return "General features";
	case 2: return "General definitions (child devices)";
	case 3: return "Display toggle";
	case 4: return "Mode support list";
	case 5: return "Generic mode table";
	case 6: return "Extended MMIO registers";
	case 7: return "IO software flags";
	case 8: return "MMIO software flags";
	case 9: return "PSR";
	case 10: return "Mode removal";
	case 11: return "Legacy child devices";
	case 12: return "Driver features";
	case 13: return "Driver persistence";
	case 14: return "Extended table pointers";
	case 15: return "Dot clock override";
	case 16: return "Toggle list";
	case 17: return "SV test functions";
	case 18: return "Driver rotation";
	case 19: return "Display remove";
	case 20: return "OEM customizable modes";
	case 21: return "EFP list";
	case 22: return "SDVO LVDS options";
	case 23: return "SDVO LVDS DTD";
	case 24: return "SDVO LVDS PnP ID";
	case 25: return "SDVO LVDS PPS";
	case 26: return "TV options";
	case 27: return "eDP";
	case 28: return "EFP DTD";
	case 29: return "Toggle list (IVB)";
	case 30: return "Display remove (IVB)";
	case 31: return "Toggle list (HSW+)";
	case 32: return "Display remove (HSW+)";
	case 40: return "LFP options";
	case 41: return "LFP data table pointers";
	case 42: return "LFP data tables";
	case 43: return "LFP backlight";
	case 44: return "LFP power conservation";
	case 45: return "eDP BFI";
	case 46: return "Chromaticity";
	case 50: return "MIPI";
	case 51: return "Fixed set mode";
	case 52: return "MIPI configuration";
	case 53: return "MIPI sequence";
	case 54: return "RGB palette";
	case 55: return "Compression parameters (old)";
	case 56: return "Compression parameters";
	case 57: return "Vswing/pre-emphasis";
	case 58: return "Generic DTD";
	case 252: return "INT15 hook";
	case 253: return "PRD table";
	case 254: return "VBIOS core";
	default: return "unknown";
	}
}

static const uint8_t *block_data(const uint8_t *vbt, const vbt_info *info, uint8_t id,
				 size_t min, size_t *size)
{
	const vbt_block *b = igd_vbt_find_block(info, id);
	if (!b || b->size < min || !igd_range_ok(info->vbt_size, (size_t)b->offset + 3, b->size))
		return NULL;
	*size = b->size;
	return vbt + b->offset + 3;
}

igd_status igd_vbt_decode_children(const uint8_t *vbt, const vbt_info *info, vbt_children *ret)
{
	size_t size;
	const uint8_t *d = block_data(vbt, info, BDB_GENERAL_DEFINITIONS, 5, &size);
	vbt_children c = { 0 };
	if (!d)
		return IGD_ERR_NOT_FOUND;
	c.child_size = d[4];
	if (c.child_size < 26)
		return IGD_ERR_CORRUPT; /* too small to reach aux_channel at +25 */
	for (size_t off = 5; off + c.child_size <= size && c.count < IGD_ARRAY_SIZE(c.child);
	     off += c.child_size) {
		const uint8_t *ch = d + off;
		vbt_child k = { 0 };
		igd_get_le16(ch, c.child_size, 0, &k.handle);
		igd_get_le16(ch, c.child_size, 2, &k.device_type);
		if (k.device_type == 0)
			continue; /* empty slot (Linux skips these) */
		k.dvo_port = ch[16];
		k.ddc_pin = ch[19];
		k.aux_channel = ch[25];
		c.child[c.count++] = k;
	}
	*ret = c;
	return IGD_OK;
}

igd_status igd_vbt_panel_type(const uint8_t *vbt, const vbt_info *info, uint8_t *ret)
{
	size_t size;
	const uint8_t *d = block_data(vbt, info, BDB_LFP_OPTIONS, 1, &size);
	if (!d)
		return IGD_ERR_NOT_FOUND;
	*ret = d[0];
	return IGD_OK;
}

igd_status igd_vbt_build_number(const uint8_t *vbt, const vbt_info *info, char ret[5])
{
	size_t size;
	const uint8_t *d = block_data(vbt, info, BDB_VBIOS_CORE, 10, &size);
	if (!d)
		return IGD_ERR_NOT_FOUND;
	for (int i = 0; i < 4; i++)
		ret[i] = (d[6 + i] >= 0x20 && d[6 + i] < 0x7f) ? (char)d[6 + i] : '?';
	ret[4] = 0;
	return IGD_OK;
}

igd_status igd_vbt_lvds_config(const uint8_t *vbt, const vbt_info *info, uint8_t *ret)
{
	size_t size;
	const uint8_t *d = block_data(vbt, info, BDB_DRIVER_FEATURES, 9, &size);
	uint16_t flags;
	if (!d)
		return IGD_ERR_NOT_FOUND;
	igd_get_le16(d, size, 7, &flags);
	*ret = (uint8_t)((flags >> 11) & 3);
	return IGD_OK;
}

const char *igd_vbt_dvo_port_name(uint8_t port)
{
	static const char *const names[] = {
		"HDMI-A", "HDMI-B", "HDMI-C", "HDMI-D", "LVDS", "TV", "CRT", "DP-B", "DP-C", "DP-D",
		"DP-A", "DP-E", "HDMI-E", "DP-F", "HDMI-F", "DP-G", "HDMI-G", "DP-H", "HDMI-H",
		"DP-I", "HDMI-I", "MIPI-A", "MIPI-B", "MIPI-C", "MIPI-D",
	};
	return port < IGD_ARRAY_SIZE(names) ? names[port] : "unknown";
}

const char *igd_vbt_aux_name(uint8_t aux)
{
	switch (aux) {
	case 0x00: return "none";
	case 0x40: return "A";
	case 0x10: return "B";
	case 0x20: return "C";
	case 0x30: return "D";
	case 0x50: return "E";
	case 0x60: return "F";
	case 0x70: return "G";
	case 0x80: return "H";
	case 0x90: return "I";
	default: return "unknown";
	}
}

igd_status igd_vbt_decode_general(const uint8_t *vbt, const vbt_info *info, vbt_general *ret)
{
	size_t size;
	const uint8_t *d = block_data(vbt, info, BDB_GENERAL_FEATURES, 2, &size);
	vbt_general g = { 0 };
	if (!d)
		return IGD_ERR_NOT_FOUND;
	g.panel_fitting = d[0] & 3;
	g.enable_ssc = (d[1] >> 1) & 1;
	g.ssc_freq_alt = (d[1] >> 2) & 1;
	if (size >= 5) {
		g.int_crt = d[4] & 1;
		g.int_tv = (d[4] >> 1) & 1;
		g.int_efp = (d[4] >> 2) & 1;
		g.dp_ssc = (d[4] >> 3) & 1;
	}
	*ret = g;
	return IGD_OK;
}

igd_status igd_vbt_decode_backlight(const uint8_t *vbt, const vbt_info *info, unsigned panel,
				vbt_backlight *ret)
{
	size_t size;
	const uint8_t *d = block_data(vbt, info, BDB_LFP_BACKLIGHT, 1, &size);
	if (!d)
		return IGD_ERR_NOT_FOUND;
	/* u8 entry_size, then 16 entries: bits 1:0 type, bit 2 active low; u16 PWM Hz; u8 min */
	size_t esize = d[0], off = 1 + (size_t)panel * esize;
	if (panel > 15 || esize < 4 || !igd_range_ok(size, off, 4))
		return IGD_ERR_CORRUPT;
	ret->type = d[off] & 3;
	ret->active_low = (d[off] >> 2) & 1;
	igd_get_le16(d, size, off + 1, &ret->pwm_freq_hz);
	ret->min_brightness = d[off + 3];
	return IGD_OK;
}

igd_status igd_vbt_decode_panel_timing(const uint8_t *vbt, const vbt_info *info, unsigned panel,
				   vbt_timing *ret)
{
	size_t size;
	const uint8_t *d;
	vbt_timing t = { 0 };

	if (panel > 15)
		return IGD_ERR_INVALID;
	if ((d = block_data(vbt, info, BDB_GENERIC_DTD, 2, &size))) {
		uint16_t esize;
		igd_get_le16(d, size, 0, &esize);
		size_t off = 2 + (size_t)panel * esize;
		if (esize < 28 || !igd_range_ok(size, off, 28))
			return IGD_ERR_CORRUPT;
		igd_get_le32(d, size, off, &t.pixel_clock_khz);
		igd_get_le16(d, size, off + 4, &t.hactive);
		igd_get_le16(d, size, off + 6, &t.hblank);
		igd_get_le16(d, size, off + 12, &t.vactive);
		igd_get_le16(d, size, off + 14, &t.vblank);
		t.source_block = BDB_GENERIC_DTD;
		*ret = t;
		return IGD_OK;
	}
	/* Block 41: u8 entries, then 16 x {fp_timing, dvo_timing, pnp_id} x {u16 offset from the
	 * BDB header, u8 size}; the DTD is an 18-byte EDID detailed timing descriptor. */
	const uint8_t *ptrs = block_data(vbt, info, BDB_LFP_DATA_PTRS, 1 + 16 * 9, &size);
	const vbt_block *b42 = igd_vbt_find_block(info, BDB_LFP_DATA);
	uint16_t dtd_off;
	if (!ptrs || !b42)
		return IGD_ERR_NOT_FOUND;
	igd_get_le16(ptrs, size, 1 + (size_t)panel * 9 + 3, &dtd_off);
	size_t abs = (size_t)info->bdb_offset + dtd_off;
	if (abs < (size_t)b42->offset + 3 || abs + 18 > (size_t)b42->offset + 3 + b42->size ||
	    !igd_range_ok(info->vbt_size, abs, 18))
		return IGD_ERR_CORRUPT;
	const uint8_t *dtd = vbt + abs;
	uint16_t clock10k;
	igd_get_le16(dtd, 18, 0, &clock10k);
	t.pixel_clock_khz = clock10k * 10u;
	t.hactive = (uint16_t)(dtd[2] | (dtd[4] & 0xF0) << 4);
	t.hblank = (uint16_t)(dtd[3] | (dtd[4] & 0x0F) << 8);
	t.vactive = (uint16_t)(dtd[5] | (dtd[7] & 0xF0) << 4);
	t.vblank = (uint16_t)(dtd[6] | (dtd[7] & 0x0F) << 8);
	t.source_block = BDB_LFP_DATA;
	*ret = t;
	return IGD_OK;
}

/* Platform names in VBT signatures (the corpus in tests/data shows them) and their
 * generation (data/platforms.tsv).  Prefixes: "SANDYBRIDGE-D", "ALDERLAKE-P" and the like. */
static const struct {
	const char *name;
	uint8_t lo, hi;
} vbt_platforms[] = {
	{ "LAKEPORT", 3, 3 },    { "CALISTOGA", 3, 3 },  { "BEARLAKE", 3, 3 },   { "PINEVIEW", 3, 3 },
	{ "GRANTSDALE", 3, 3 },  { "ALVISO", 3, 3 },     { "CRESTLINE", 4, 4 },  { "BROADWATER", 4, 4 },
	{ "CANTIGA", 4, 4 },     { "EAGLELAKE", 4, 4 },  { "IRONLAKE", 5, 5 },   { "SANDYBRIDGE", 6, 6 },
	{ "SNB/IVB", 6, 7 },     { "IVYBRIDGE", 7, 7 },  { "HASWELL", 7, 7 },    { "VALLEYVIEW", 7, 7 },
	{ "BROADWELL", 8, 8 },   { "CHERRYVIEW", 8, 8 }, { "SKYLAKE", 9, 9 },    { "KABYLAKE", 9, 9 },
	{ "COFFEELAKE", 9, 9 },  { "WHISKEYLAKE", 9, 9 }, { "COMETLAKE", 9, 9 }, { "BROXTON", 9, 9 },
	{ "APOLLOLAKE", 9, 9 },  { "GEMINILAKE", 9, 9 }, { "CANNONLAKE", 10, 10 }, { "ICELAKE", 11, 11 },
	{ "ELKHARTLAKE", 11, 11 }, { "JASPERLAKE", 11, 11 }, { "TIGERLAKE", 12, 12 }, { "ROCKETLAKE", 12, 12 },
	{ "ALDERLAKE", 12, 12 }, { "RAPTORLAKE", 12, 12 }, { "METEORLAKE", 12, 12 }, { "ARROWLAKE", 12, 12 },
	{ "LUNARLAKE", 20, 20 }, { "PANTHERLAKE", 30, 30 },
};

bool igd_vbt_platform_gens(const char *signature, uint8_t *gen_lo, uint8_t *gen_hi)
{
	const char *n = signature;
	if (memcmp(n, VBT_SIGNATURE, 4) != 0)
		return false;
	n += 4;
	while (*n == ' ')
		n++;
	for (size_t i = 0; i < IGD_ARRAY_SIZE(vbt_platforms); i++) {
		size_t k = 0;
		while (vbt_platforms[i].name[k] && vbt_platforms[i].name[k] == n[k])
			k++;
		if (!vbt_platforms[i].name[k]) {
			*gen_lo = vbt_platforms[i].lo;
			*gen_hi = vbt_platforms[i].hi;
			return true;
		}
	}
	return false;
}

igd_vbt_fit igd_vbt_fit_device(const vbt_info *vi, const igd_platform *p)
{
	uint8_t lo, hi;
	if (!p || !igd_vbt_platform_gens(vi->signature, &lo, &hi))
		return IGD_VBT_FIT_UNKNOWN;
	return p->gen >= lo && p->gen <= hi ? IGD_VBT_FITS : IGD_VBT_OTHER_PLATFORM;
}
