// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/opregion.h"
#include "fail.h"

#include "igd/bytes.h"
#include "igd/vbt.h"

_Static_assert(OPREGION_OFF_RVDA == 0x3BA, "RVDA is at 0x3BA (VFIO OPREGION_RVDA)");
_Static_assert(OPREGION_OFF_RVDS == 0x3C2, "RVDS is at 0x3C2 (VFIO OPREGION_RVDS)");
_Static_assert(OPREGION_MBOX4_OFFSET + OPREGION_MBOX4_SIZE == OPREGION_OFF_PHED,
	       "mailbox 4 ends where mailbox 5 starts");

static void copy_text(char *dst, const uint8_t *src, size_t n)
{
	size_t i;
	for (i = 0; i < n && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '.';
	dst[i] = 0;
}

igd_status igd_opregion_parse(const uint8_t *buf, size_t len, opregion_info *ret, igd_where *where)
{
	opregion_info o = { 0 };
	uint32_t over;

	if (len < OPREGION_BASE_SIZE)
		return fail(where, len, "OpRegion shorter than 8 KiB", IGD_ERR_TRUNCATED);
	if (!igd_match(buf, len, 0, OPREGION_SIGNATURE, 16))
		return fail(where, 0, "no IntelGraphicsMem signature", IGD_ERR_SIGNATURE);
	igd_get_le32(buf, len, OPREGION_OFF_SIZE, &o.size_kib);
	igd_get_le32(buf, len, OPREGION_OFF_OVER, &over);
	o.revision = (uint8_t)(over >> 8);
	o.minor = (uint8_t)(over >> 16);
	o.major = (uint8_t)(over >> 24);
	igd_get_le32(buf, len, OPREGION_OFF_MBOX, &o.mbox);
	igd_get_le32(buf, len, OPREGION_OFF_PCON, &o.pcon);
	igd_get_le32(buf, len, OPREGION_OFF_CLID, &o.clid);
	igd_get_le32(buf, len, OPREGION_OFF_DRDY, &o.drdy);
	igd_get_le32(buf, len, OPREGION_OFF_ARDY, &o.ardy);
	igd_get_le64(buf, len, OPREGION_OFF_RVDA, &o.rvda);
	igd_get_le32(buf, len, OPREGION_OFF_RVDS, &o.rvds);
	igd_get_le32(buf, len, OPREGION_OFF_CSTS, &o.csts);
	igd_get_le32(buf, len, OPREGION_OFF_CHPD, &o.chpd);
	for (int i = 0; i < 8; i++) {
		igd_get_le32(buf, len, OPREGION_OFF_DIDL + 4 * i, &o.didl[i]);
		igd_get_le32(buf, len, OPREGION_OFF_CADL + 4 * i, &o.cadl[i]);
	}
	igd_get_le32(buf, len, OPREGION_OFF_SCIC, &o.scic);
	igd_get_le32(buf, len, OPREGION_OFF_PARM, &o.parm);
	for (int i = 0; i < 4; i++)
		igd_get_le32(buf, len, OPREGION_OFF_SCIC + 4 * i, &o.bcl[i]);
	igd_get_le32(buf, len, OPREGION_OFF_TCHE, &o.tche);
	igd_get_le32(buf, len, OPREGION_OFF_BCLP, &o.bclp);
	igd_get_le32(buf, len, OPREGION_OFF_PFIT, &o.pfit);
	igd_get_le32(buf, len, OPREGION_OFF_CBLV, &o.cblv);
	for (int i = 0; i < 20; i++)
		igd_get_le16(buf, len, OPREGION_OFF_BCLM + 2 * i, &o.bclm[i]);
	igd_get_le32(buf, len, OPREGION_OFF_PHED, &o.phed);
	copy_text(o.vver, buf + OPREGION_OFF_VVER, 16);
	copy_text(o.gver, buf + OPREGION_OFF_GVER, 16);
	o.image_len = OPREGION_BASE_SIZE;

	/* Linux intel_opregion_setup(): extended VBT only for 2.0+ with ASLE, RVDA and RVDS set. */
	if (o.major >= 2 && (o.mbox & OPREGION_MBOX_ASLE) && o.rvda && o.rvds) {
		bool relative = o.major > 2 || o.minor >= 1;
		o.vbt_max = o.rvds;
		if (!relative) {
			o.vbt_kind = OPREGION_VBT_EXTENDED_PHYSICAL;
		} else {
			if (o.rvda < OPREGION_BASE_SIZE)
				return fail(where, OPREGION_OFF_RVDA, "RVDA points inside the 8 KiB OpRegion",
					    IGD_ERR_CORRUPT);
			if (o.rvda > len || o.rvds > len - o.rvda)
				return fail(where, OPREGION_OFF_RVDS,
					    "extended VBT (RVDA + RVDS) lies outside the image",
					    IGD_ERR_TRUNCATED);
			o.vbt_kind = OPREGION_VBT_EXTENDED;
			o.vbt_offset = (size_t)o.rvda;
			o.image_len = (size_t)o.rvda + o.rvds;
		}
	} else {
		o.vbt_kind = OPREGION_VBT_MAILBOX4;
		o.vbt_offset = OPREGION_MBOX4_OFFSET;
		o.vbt_max = (o.mbox & OPREGION_MBOX_ASLE_EXT) ? OPREGION_MBOX4_SIZE
							       : OPREGION_MBOX4_SIZE_OLD;
	}
	if (o.vbt_kind == OPREGION_VBT_MAILBOX4 || o.vbt_kind == OPREGION_VBT_EXTENDED) {
		vbt_info vi;
		if (igd_vbt_parse_header(buf + o.vbt_offset, o.vbt_max, &vi, NULL) == IGD_OK)
			o.vbt_size = vi.vbt_size;
		else if (o.vbt_kind == OPREGION_VBT_MAILBOX4)
			o.vbt_kind = OPREGION_VBT_NONE;
	}
	*ret = o;
	return IGD_OK;
}

size_t igd_opregion_build_size(size_t vbt_size)
{
	if (vbt_size <= OPREGION_MBOX4_SIZE)
		return OPREGION_BASE_SIZE;
	/* vbt_size is a u16 field, so this cannot overflow */
	return OPREGION_BASE_SIZE + ((vbt_size + OPREGION_EXT_ALIGN - 1) & ~(size_t)(OPREGION_EXT_ALIGN - 1));
}

igd_status igd_opregion_build(const uint8_t *vbt, size_t vbt_len, const opregion_build_opts *opts,
			  uint8_t *out, size_t cap, size_t *ret_len, igd_where *where)
{
	vbt_info vi;
	size_t total;
	uint8_t major = 2, minor = 1;
	/* ASLE defaults used by coreboot and Slim Bootloader: BCLM[0..10] in 10 % steps. */
	static const uint16_t bclm[11] = { 0x0000, 0x0A19, 0x1433, 0x1E4C, 0x2866, 0x327F,
					   0x3C99, 0x46B2, 0x50CC, 0x5AE5, 0x64FF };
	char build[5];
	igd_status st = igd_vbt_parse(vbt, vbt_len, &vi, where);

	if (st)
		return st;
	if (opts && (opts->major || opts->minor)) {
		major = opts->major;
		minor = opts->minor;
	}
	total = igd_opregion_build_size(vi.vbt_size);
	if (vi.vbt_size > OPREGION_MBOX4_SIZE && (major < 2 || (major == 2 && minor == 0)))
		/* 2.0 names an extended VBT by physical address, which an image cannot know
		 * (docs/opregion-vbt.md §1.8): offsets, RVDA = 0x2000, begin with 2.1 */
		return fail(where, VBT_OFF_VBT_SIZE,
			    "VBT exceeds 6 KiB: its OpRegion must be 2.1 or later (2.0 names the extended VBT by "
			    "physical address)", IGD_ERR_TOO_LARGE);
	if (total > cap)
		return IGD_ERR_NOSPACE;

	memset(out, 0, total);
	memcpy(out, OPREGION_SIGNATURE, 16);
	igd_put_le32(out, cap, OPREGION_OFF_SIZE, OPREGION_BASE_SIZE / 1024);
	igd_put_le32(out, cap, OPREGION_OFF_OVER, (uint32_t)major << 24 | (uint32_t)minor << 16);
	igd_put_le32(out, cap, OPREGION_OFF_MBOX,
		     OPREGION_MBOX_ACPI | OPREGION_MBOX_ASLE | OPREGION_MBOX_VBT |
			     OPREGION_MBOX_ASLE_EXT);
	if (igd_vbt_build_number(vbt, &vi, build) == IGD_OK)
		memcpy(out + OPREGION_OFF_VVER, build, 4);
	igd_put_le32(out, cap, OPREGION_OFF_CLID, (opts && opts->lid_closed) ? 0 : 1);
	igd_put_le32(out, cap, OPREGION_OFF_BCLP, 0xFF);
	igd_put_le32(out, cap, OPREGION_OFF_PFIT, 0x80000006);
	igd_put_le32(out, cap, OPREGION_OFF_CBLV, 0x80000064);
	for (size_t i = 0; i < IGD_ARRAY_SIZE(bclm); i++)
		igd_put_le16(out, cap, OPREGION_OFF_BCLM + 2 * i, (uint16_t)(0x8000 | bclm[i]));
	if (vi.vbt_size <= OPREGION_MBOX4_SIZE) {
		memcpy(out + OPREGION_MBOX4_OFFSET, vbt, vi.vbt_size);
	} else {
		/* coreboot/SBL: VBT right after the 8 KiB, RVDS padded to 512 (2.1: offset). */
		memcpy(out + OPREGION_BASE_SIZE, vbt, vi.vbt_size);
		igd_put_le64(out, cap, OPREGION_OFF_RVDA, OPREGION_BASE_SIZE);
		igd_put_le32(out, cap, OPREGION_OFF_RVDS, (uint32_t)(total - OPREGION_BASE_SIZE));
	}
	*ret_len = total;
	return IGD_OK;
}

igd_status igd_opregion_relocate(const uint8_t *base, size_t base_len, const uint8_t *ext,
			     size_t ext_len, uint8_t *out, size_t cap, size_t *ret_len,
			     igd_where *where)
{
	opregion_info o;
	size_t total;
	igd_status st;

	if (base_len < OPREGION_BASE_SIZE)
		return fail(where, base_len, "OpRegion shorter than 8 KiB", IGD_ERR_TRUNCATED);
	if (!igd_match(base, base_len, 0, OPREGION_SIGNATURE, 16))
		return fail(where, 0, "no IntelGraphicsMem signature", IGD_ERR_SIGNATURE);
	if (!ext || ext_len == 0) {
		st = igd_opregion_parse(base, base_len, &o, where);
		if (st)
			return st;
		total = o.image_len;
		if (total > cap)
			return IGD_ERR_NOSPACE;
		memcpy(out, base, total);
		*ret_len = total;
		return IGD_OK;
	}
	if (ext_len > UINT32_MAX || !igd_add_ok(OPREGION_BASE_SIZE, ext_len, &total))
		return fail(where, 0, "extended VBT too large", IGD_ERR_TOO_LARGE);
	if (total > cap)
		return IGD_ERR_NOSPACE;
	memcpy(out, base, OPREGION_BASE_SIZE);
	memcpy(out + OPREGION_BASE_SIZE, ext, ext_len);
	/* VFIO's rule (vfio_pci_igd.c): a 2.0 OpRegion becomes 2.1 so RVDA can be relative. */
	uint32_t over;
	igd_get_le32(out, cap, OPREGION_OFF_OVER, &over);
	if ((over >> 24) < 2 || ((over >> 24) == 2 && ((over >> 16) & 0xFF) == 0))
		igd_put_le32(out, cap, OPREGION_OFF_OVER, (over & 0xFFFF) | 0x02010000);
	igd_put_le64(out, cap, OPREGION_OFF_RVDA, OPREGION_BASE_SIZE);
	igd_put_le32(out, cap, OPREGION_OFF_RVDS, (uint32_t)ext_len);
	uint32_t mbox;
	igd_get_le32(out, cap, OPREGION_OFF_MBOX, &mbox);
	igd_put_le32(out, cap, OPREGION_OFF_MBOX, mbox | OPREGION_MBOX_ASLE);
	st = igd_opregion_parse(out, total, &o, where);
	if (st)
		return st;
	*ret_len = total;
	return IGD_OK;
}
