// SPDX-License-Identifier: BSD-2-Clause-Patent
/* OpRegion and VBT: the real dump, builder round trips, extended layout, mangled headers. */
#include "helpers.h"
#include "igd/bytes.h"
#include "igd/opregion.h"
#include "igd/vbt.h"

static uint8_t out[0x2000 + 0x10000];

static void test_real_opregion(void **state)
{
	(void)state;
	size_t len;
	uint8_t *op = load_testdata("corpus/opregion/skl-hd530-opregion.bin", &len);
	opregion_info o;
	assert_int_equal(igd_opregion_parse(op, len, &o, NULL), IGD_OK);
	assert_int_equal(o.major, 2);
	assert_int_equal(o.minor, 0);
	assert_int_equal(o.size_kib, 8);
	assert_int_equal(o.mbox, 0x1F);
	assert_int_equal(o.pcon, 0x181);
	assert_int_equal(o.clid, 3);
	assert_string_equal(o.vver, "1046");
	assert_int_equal(o.vbt_kind, OPREGION_VBT_MAILBOX4);
	assert_int_equal(o.vbt_offset, 0x400);
	assert_int_equal(o.vbt_max, 6144);
	assert_int_equal(o.vbt_size, 4284);

	/* round trip: extract, build, extract: same VBT bytes */
	vbt_info vi;
	assert_int_equal(igd_vbt_parse(op + 0x400, o.vbt_max, &vi, NULL), IGD_OK);
	assert_int_equal(vi.bdb_version, 206);
	size_t olen;
	assert_int_equal(igd_opregion_build(op + 0x400, vi.vbt_size, NULL, out, sizeof(out), &olen, NULL), IGD_OK);
	assert_int_equal(olen, 0x2000);
	opregion_info o2;
	assert_int_equal(igd_opregion_parse(out, olen, &o2, NULL), IGD_OK);
	assert_int_equal(o2.major, 2);
	assert_int_equal(o2.minor, 1);
	assert_int_equal(o2.vbt_size, 4284);
	assert_memory_equal(out + o2.vbt_offset, op + 0x400, 4284);
	assert_string_equal(o2.vver, "1046"); /* block 254 build number */
	free(op);
}

static void test_extended_build_and_relocate(void **state)
{
	(void)state;
	uint8_t vbt[7000];
	size_t vlen, olen;
	opregion_info o;
	assert_int_equal(igd_vbt_build_sample("TEST", 7000, vbt, sizeof(vbt), &vlen), IGD_OK);
	assert_int_equal(vlen, 7000);
	assert_int_equal(igd_opregion_build(vbt, vlen, NULL, out, sizeof(out), &olen, NULL), IGD_OK);
	assert_int_equal(olen, 0x2000 + 7168); /* RVDS aligned up to 512 */
	assert_int_equal(igd_opregion_parse(out, olen, &o, NULL), IGD_OK);
	assert_int_equal(o.vbt_kind, OPREGION_VBT_EXTENDED);
	assert_true(o.rvda == 0x2000);
	assert_int_equal(o.rvds, 7168);
	assert_int_equal(o.vbt_size, 7000);
	assert_memory_equal(out + 0x2000, vbt, 7000);
	/* too short for its RVDS: refused */
	assert_int_equal(igd_opregion_parse(out, olen - 1, &o, NULL), IGD_ERR_TRUNCATED);

	/* 2.0 base + separately read extended VBT -> contiguous 2.1 */
	uint8_t base[0x2000];
	memcpy(base, out, sizeof(base));
	igd_put_le32(base, sizeof(base), OPREGION_OFF_OVER, 0x02000000);
	igd_put_le64(base, sizeof(base), OPREGION_OFF_RVDA, 0xDEAD0000); /* host physical */
	assert_int_equal(igd_opregion_parse(base, sizeof(base), &o, NULL), IGD_OK);
	assert_int_equal(o.vbt_kind, OPREGION_VBT_EXTENDED_PHYSICAL);
	static uint8_t rel[0x2000 + 7000];
	assert_int_equal(igd_opregion_relocate(base, sizeof(base), vbt, vlen, rel, sizeof(rel), &olen, NULL), IGD_OK);
	assert_int_equal(igd_opregion_parse(rel, olen, &o, NULL), IGD_OK);
	assert_int_equal(o.major, 2);
	assert_int_equal(o.minor, 1);
	assert_int_equal(o.vbt_kind, OPREGION_VBT_EXTENDED);
	assert_int_equal(o.vbt_size, 7000);
	assert_int_equal(igd_opregion_relocate(base, sizeof(base), vbt, vlen, rel, 100, &olen, NULL), IGD_ERR_NOSPACE);
}

static void test_opregion_mangled(void **state)
{
	(void)state;
	uint8_t vbt[600];
	size_t vlen, olen;
	opregion_info o;
	igd_where w = { 0, NULL };
	assert_int_equal(igd_vbt_build_sample("X", 0, vbt, sizeof(vbt), &vlen), IGD_OK);
	assert_int_equal(igd_opregion_build(vbt, vlen, NULL, out, sizeof(out), &olen, NULL), IGD_OK);
	assert_int_equal(igd_opregion_parse(out, 0x1FFF, &o, &w), IGD_ERR_TRUNCATED);
	out[3] ^= 1;
	assert_int_equal(igd_opregion_parse(out, olen, &o, &w), IGD_ERR_SIGNATURE);
	assert_int_equal(w.offset, 0);
	out[3] ^= 1;
	/* 2.1 with RVDA inside the base */
	igd_put_le64(out, olen, OPREGION_OFF_RVDA, 0x1000);
	igd_put_le32(out, olen, OPREGION_OFF_RVDS, 0x100);
	assert_int_equal(igd_opregion_parse(out, olen, &o, &w), IGD_ERR_CORRUPT);
	assert_int_equal(w.offset, OPREGION_OFF_RVDA);
	/* RVDA + RVDS wrapping */
	igd_put_le64(out, olen, OPREGION_OFF_RVDA, UINT64_MAX - 4);
	assert_int_equal(igd_opregion_parse(out, olen, &o, &w), IGD_ERR_TRUNCATED);
	/* garbage in mailbox 4: not an error, just no VBT */
	igd_put_le64(out, olen, OPREGION_OFF_RVDA, 0);
	memset(out + 0x400, 0xAA, 64);
	assert_int_equal(igd_opregion_parse(out, olen, &o, &w), IGD_OK);
	assert_int_equal(o.vbt_kind, OPREGION_VBT_NONE);
	/* 7 KiB mailbox when MBOX bit 4 is clear */
	igd_put_le32(out, olen, OPREGION_OFF_MBOX, 0x0D);
	assert_int_equal(igd_opregion_parse(out, olen, &o, &w), IGD_OK);
	assert_int_equal(o.vbt_max, 7168);
}

static void test_vbt_header_mangling(void **state)
{
	(void)state;
	uint8_t v[600];
	size_t len;
	vbt_info vi;
	igd_where w = { 0, NULL };
	assert_int_equal(igd_vbt_build_sample("X", 0, v, sizeof(v), &len), IGD_OK);
	assert_int_equal(igd_vbt_parse(v, len, &vi, &w), IGD_OK);
	assert_int_equal(vi.sum, 0);
	assert_int_equal(vi.issue_count, 0);
	assert_int_equal(vi.block_count, 4);
	/* every truncation of the header or BDB is an error, never a read past len (ASan run) */
	for (size_t cut = 0; cut < len; cut++)
		assert_int_not_equal(igd_vbt_parse(v, cut, &vi, &w), IGD_OK);
	uint8_t m[600];
	memcpy(m, v, len);
	igd_put_le16(m, len, VBT_OFF_VBT_SIZE, (uint16_t)(len + 1));
	assert_int_equal(igd_vbt_parse(m, len, &vi, &w), IGD_ERR_TRUNCATED);
	assert_int_equal(w.offset, VBT_OFF_VBT_SIZE);
	memcpy(m, v, len);
	igd_put_le32(m, len, VBT_OFF_BDB_OFFSET, 0xFFFFFFF0u);
	assert_int_equal(igd_vbt_parse(m, len, &vi, &w), IGD_ERR_TRUNCATED);
	memcpy(m, v, len);
	igd_put_le16(m, len, 48 + 20, 0xFFFF);
	assert_int_equal(igd_vbt_parse(m, len, &vi, &w), IGD_ERR_TRUNCATED);
	memcpy(m, v, len);
	igd_put_le16(m, len, 48 + 18, 3);
	assert_int_equal(igd_vbt_parse(m, len, &vi, &w), IGD_ERR_CORRUPT);
	/* a block that overruns: warning-level parse, chain broken, error recorded */
	memcpy(m, v, len);
	igd_put_le16(m, len, 48 + 22 + 1, 2000);
	assert_int_equal(igd_vbt_parse(m, len, &vi, &w), IGD_OK);
	assert_true(vi.chain_broken);
	assert_int_equal(vi.block_count, 0);
	/* checksum: a wrong byte is a warning; fix repairs it */
	memcpy(m, v, len);
	m[VBT_OFF_CHECKSUM] ^= 0x5A;
	assert_int_equal(igd_vbt_parse(m, len, &vi, &w), IGD_OK);
	assert_int_not_equal(vi.sum, 0);
	uint8_t old;
	assert_int_equal(igd_vbt_fix_checksum(m, len, &old), IGD_OK);
	assert_int_equal(old, v[VBT_OFF_CHECKSUM] ^ 0x5A);
	assert_memory_equal(m, v, len);
	/* bdb_size one byte short: the last block is still found, with a warning */
	memcpy(m, v, len);
	igd_put_le16(m, len, 48 + 20, (uint16_t)(len - 48 - 1));
	assert_int_equal(igd_vbt_parse(m, len, &vi, &w), IGD_OK);
	assert_true(vi.last_block_past_bdb_size);
	assert_int_equal(vi.block_count, 4);
}

static void test_mipi_v3_size_rule(void **state)
{
	(void)state;
	/* VBT with block 53 (MIPI sequence v3, u32 size 4 after a 5-byte sub-header) then block 1 */
	uint8_t v[48 + 22 + 3 + 5 + 4 + 3 + 7] = { 0 };
	size_t len = sizeof(v), at = 70;
	vbt_info vi;
	memcpy(v, "$VBT TEST            ", 20);
	igd_put_le16(v, len, 20, 100);
	igd_put_le16(v, len, 22, 48);
	igd_put_le16(v, len, 24, (uint16_t)len);
	igd_put_le32(v, len, 28, 48);
	memcpy(v + 48, "BIOS_DATA_BLOCK ", 16);
	igd_put_le16(v, len, 64, 230);
	igd_put_le16(v, len, 66, 22);
	igd_put_le16(v, len, 68, (uint16_t)(len - 48));
	v[at] = 53;                      /* id; u16 size 0 (ignored for v3) */
	v[at + 3] = 3;                   /* sequence version */
	igd_put_le32(v, len, at + 4, 4); /* bytes after the sub-header */
	at += 3 + 5 + 4;
	v[at] = 1;
	igd_put_le16(v, len, at + 1, 7);
	igd_vbt_fix_checksum(v, len, NULL);
	assert_int_equal(igd_vbt_parse(v, len, &vi, NULL), IGD_OK);
	assert_int_equal(vi.block_count, 2);
	assert_int_equal(vi.blocks[0].id, 53);
	assert_int_equal(vi.blocks[0].size, 9);
	assert_int_equal(vi.blocks[1].id, 1);
	assert_false(vi.chain_broken);
}

static void test_decoders(void **state)
{
	(void)state;
	uint8_t v[600];
	size_t len;
	vbt_info vi;
	vbt_children kids;
	char build[5];
	uint8_t u8;
	assert_int_equal(igd_vbt_build_sample("X", 0, v, sizeof(v), &len), IGD_OK);
	assert_int_equal(igd_vbt_parse(v, len, &vi, NULL), IGD_OK);
	assert_int_equal(igd_vbt_decode_children(v, &vi, &kids), IGD_OK);
	assert_int_equal(kids.count, 4);
	assert_int_equal(kids.child_size, 33);
	assert_string_equal(igd_vbt_dvo_port_name(kids.child[0].dvo_port), "DP-B");
	assert_string_equal(igd_vbt_aux_name(kids.child[3].aux_channel), "E");
	assert_int_equal(kids.child[0].device_type, 0x68C6);
	assert_int_equal(igd_vbt_build_number(v, &vi, build), IGD_OK);
	assert_string_equal(build, "1000");
	assert_int_equal(igd_vbt_lvds_config(v, &vi, &u8), IGD_OK);
	assert_int_equal(u8, 0);
	assert_int_equal(igd_vbt_panel_type(v, &vi, &u8), IGD_ERR_NOT_FOUND);
	assert_int_equal(igd_vbt_child_size(186), 33);
	assert_int_equal(igd_vbt_child_size(195), 37);
	assert_int_equal(igd_vbt_child_size(230), 39);
	assert_int_equal(igd_vbt_child_size(263), 44);
	assert_int_equal(igd_vbt_child_size(300), 0);
	assert_string_equal(igd_vbt_block_name(58), "Generic DTD");
	size_t off;
	uint8_t rom[1024] = { 0x55, 0xAA };
	memcpy(rom + 300, v, len < 700 ? len : 700);
	assert_int_equal(igd_vbt_find(rom, sizeof(rom), 0, &off), IGD_OK);
	assert_int_equal(off, 300);
	assert_int_equal(igd_vbt_find(rom, 299 + 48, 0, &off), IGD_ERR_NOT_FOUND);
}

static void test_negative_fixture(void **state)
{
	(void)state;
	size_t len;
	uint8_t *b = load_testdata("corpus/negative/not-a-vbt-c001c0de.bin", &len);
	vbt_info vi;
	igd_where w = { 1, NULL };
	assert_int_equal(igd_vbt_parse(b, len, &vi, &w), len < 48 ? IGD_ERR_TRUNCATED : IGD_ERR_SIGNATURE);
	assert_int_equal(w.offset, len < 48 ? len : 0);
	free(b);
}

static void test_vbt_platform(void **state)
{
	(void)state;
	static const struct { const char *sig; bool known; uint8_t lo, hi; } rows[] = {
		{ "$VBT SKYLAKE        ", true, 9, 9 },     { "$VBT SNB/IVB-DESKTOP", true, 6, 7 },
		{ "$VBT ALDERLAKE-P    ", true, 12, 12 },   { "$VBT VALLEYVIEW     ", true, 7, 7 },
		{ "$VBT JASPERLAKE     ", true, 11, 11 },   { "$VBT LAKEPORT-G     ", true, 3, 3 },
		{ "$VBT PANTHERLAKE    ", true, 30, 30 },   { "$VBT TEST           ", false, 0, 0 },
		{ "NOTAVBT             ", false, 0, 0 },
	};
	for (size_t i = 0; i < IGD_ARRAY_SIZE(rows); i++) {
		uint8_t lo = 0, hi = 0;
		bool k = igd_vbt_platform_gens(rows[i].sig, &lo, &hi);
		assert_int_equal(k, rows[i].known);
		if (k) {
			assert_int_equal(lo, rows[i].lo);
			assert_int_equal(hi, rows[i].hi);
		}
	}
	vbt_info vi = { 0 };
	memcpy(vi.signature, "$VBT SKYLAKE        ", 21);
	assert_int_equal(igd_vbt_fit_device(&vi, igd_lookup(0x1912)), IGD_VBT_FITS);  /* Skylake */
	assert_int_equal(igd_vbt_fit_device(&vi, igd_lookup(0x3E92)), IGD_VBT_FITS);  /* Coffee Lake, gen 9 too */
	assert_int_equal(igd_vbt_fit_device(&vi, igd_lookup(0x0A16)), IGD_VBT_OTHER_PLATFORM); /* Haswell */
	assert_int_equal(igd_vbt_fit_device(&vi, NULL), IGD_VBT_FIT_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vbt_platform),
		cmocka_unit_test(test_real_opregion),
		cmocka_unit_test(test_extended_build_and_relocate),
		cmocka_unit_test(test_opregion_mangled),
		cmocka_unit_test(test_vbt_header_mangling),
		cmocka_unit_test(test_mipi_v3_size_rule),
		cmocka_unit_test(test_decoders),
		cmocka_unit_test(test_negative_fixture),
	};
	return cmocka_run_group_tests_name("opregion_vbt", tests, NULL, NULL);
}
