// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * The driver's decisions (include/igd/plan.h), one row per QEMU scenario's situation and more:
 * OpRegion source precedence, bhyve keep/relocate (aligned and unaligned ASLS), GMCH 0 with
 * and without etc/igd-bdsm-size, 64-bit BDSM, Meteor Lake, unknown IDs, extended VBT, 2.0
 * naming its VBT by address, garbage and oversized fw_cfg items, the memory map unavailable,
 * and re-planning after a failed claim.
 */
#include "helpers.h"
#include "igd/bytes.h"
#include "igd/opregion.h"
#include "igd/pcirom.h"
#include "igd/plan.h"
#include "igd/vbt.h"

#define MiB (1024ull * 1024)

static uint8_t small_op[OPREGION_BASE_SIZE], big_op[OPREGION_BASE_SIZE + 8192], v20_op[sizeof(big_op)];
static uint8_t garbage[OPREGION_BASE_SIZE];
static size_t small_len, big_len;

static void build_fixtures(void)
{
	uint8_t vbt[8192];
	size_t vlen;
	assert_int_equal(igd_vbt_build_sample("TEST", 0, vbt, sizeof(vbt), &vlen), IGD_OK);
	assert_int_equal(igd_opregion_build(vbt, vlen, NULL, small_op, sizeof(small_op), &small_len, NULL), IGD_OK);
	assert_int_equal(igd_vbt_build_sample("TEST", 7000, vbt, sizeof(vbt), &vlen), IGD_OK);
	assert_int_equal(igd_opregion_build(vbt, vlen, NULL, big_op, sizeof(big_op), &big_len, NULL), IGD_OK);
	/* the same as a 2.0 host image: OVER 2.0 and RVDA a physical address (VFIO's blob layout) */
	memcpy(v20_op, big_op, big_len);
	igd_put_le32(v20_op, sizeof(v20_op), OPREGION_OFF_OVER, 0x02000000);
	igd_put_le64(v20_op, sizeof(v20_op), OPREGION_OFF_RVDA, 0x7A6F6000);
	for (size_t i = 0; i < sizeof(garbage); i++)
		garbage[i] = (uint8_t)(i * 37 + 11);
}

/* A guest: RAM [1 MiB, 2 GiB) free except boot-services data at [1 GiB, 1 GiB + 16 MiB),
 * a reserved range at [0x30000000, 0x32000000) and NVS at [0x3FF00000, 0x3FF02000). */
static const igd_mem_range ranges[] = {
	{ 0x100000, 0x3FF00000 - 0x100000, IGD_MEM_FREE, 7 },
	{ 0x3FF00000, 0x2000, IGD_MEM_NVS, 10 },
	{ 0x3FF02000, 0x40000000 - 0x3FF02000, IGD_MEM_FREE, 7 },
	{ 0x40000000, 16 * MiB, IGD_MEM_IN_USE, 4 },
	{ 0x41000000, 0x80000000 - 0x41000000, IGD_MEM_FREE, 7 },
};
static igd_mem_range with_reserved[IGD_ARRAY_SIZE(ranges) + 2];

static void base_inputs(igd_device_inputs *in, const igd_mem_map *map, uint16_t device)
{
	memset(in, 0, sizeof(*in));
	in->vendor = 0x8086;
	in->device = device;
	in->class_base = 3;
	in->dev = 2;
	in->gmch = 0x0100; /* gen 9 GMS 1 = 32 MiB */
	in->map = map;
}

static void test_placement(void **state)
{
	(void)state;
	const igd_mem_map map = { ranges, IGD_ARRAY_SIZE(ranges), true };
	igd_placement p;
	static const struct {
		uint64_t want, len, want_align;
		uint8_t kind, action;
		uint64_t claim_base, claim_len;
	} rows[] = {
		{ 0, 8192, 1, IGD_MEM_NVS, IGD_PLACE_ALLOCATE, 0, 0 },                       /* nothing given */
		{ 0x2000000, 8192, 1, IGD_MEM_NVS, IGD_PLACE_CLAIM, 0x2000000, 8192 },       /* free, aligned */
		{ 0x2000018, 8192, 1, IGD_MEM_NVS, IGD_PLACE_CLAIM, 0x2000000, 12288 },      /* bhyve's offset 0x18 */
		{ 0x3FF00000, 8192, 1, IGD_MEM_NVS, IGD_PLACE_KEEP, 0x3FF00000, 8192 },      /* already NVS */
		{ 0x40000000, 8192, 1, IGD_MEM_NVS, IGD_PLACE_ALLOCATE, 0, 0 },              /* in use */
		{ 0x3FFFF000, 0x2000, 1, IGD_MEM_NVS, IGD_PLACE_ALLOCATE, 0, 0 },            /* half free, half used */
		{ 0x7FFFF000, 0x2000, 1, IGD_MEM_NVS, IGD_PLACE_ALLOCATE, 0, 0 },            /* runs off the end of RAM */
		{ 0xC0000000, 32 * MiB, MiB, IGD_MEM_RESERVED, IGD_PLACE_KEEP, 0xC0000000, 32 * MiB }, /* not RAM */
		{ 0xFFFFF000, 8192, 1, IGD_MEM_NVS, IGD_PLACE_ALLOCATE, 0, 0 },              /* crosses 4 GiB */
		{ 0x10080000, 32 * MiB, MiB, IGD_MEM_RESERVED, IGD_PLACE_ALLOCATE, 0, 0 },  /* DSM not 1 MiB aligned */
		{ 0x10000000, 32 * MiB, MiB, IGD_MEM_RESERVED, IGD_PLACE_CLAIM, 0x10000000, 32 * MiB },
	};
	for (size_t i = 0; i < IGD_ARRAY_SIZE(rows); i++) {
		igd_place(&map, rows[i].want, rows[i].len, rows[i].want_align, rows[i].want_align, rows[i].kind, true, &p);
		if (p.action != rows[i].action)
			fail_msg("row %zu: action %u, want %u (%s)", i, p.action, rows[i].action, p.reason);
		assert_non_null(p.reason);
		if (p.action != IGD_PLACE_ALLOCATE) {
			assert_int_equal(p.addr, rows[i].want);
			assert_int_equal(p.claim_base, rows[i].claim_base);
			assert_int_equal(p.claim_len, rows[i].claim_len);
		}
	}
	/* in use: the culprit's type is reported for the log */
	igd_place(&map, 0x40000000, 8192, 1, 4096, IGD_MEM_NVS, true, &p);
	assert_int_equal(p.culprit_type, 4);
	/* no map: never claim blind */
	const igd_mem_map bad = { NULL, 0, false };
	igd_place(&bad, 0x2000000, 8192, 1, 4096, IGD_MEM_NVS, true, &p);
	assert_int_equal(p.action, IGD_PLACE_ALLOCATE);
	assert_non_null(strstr(p.reason, "no memory map"));
}

static void test_opregion_sources(void **state)
{
	(void)state;
	const igd_mem_map map = { ranges, IGD_ARRAY_SIZE(ranges), true };
	igd_device_inputs in;
	igd_device_plan plan;

	/* ROM first, even with fw_cfg and ASLS present */
	base_inputs(&in, &map, 0x3E92);
	in.rom_opregion = small_op;
	in.rom_opregion_len = small_len;
	in.fwcfg_opregion_present = true;
	in.fwcfg_opregion_size = (uint32_t)big_len;
	in.fwcfg_opregion = big_op;
	igd_plan_device(&in, &plan);
	assert_true(plan.ours);
	assert_int_equal(plan.opregion.source, IGD_OPREGION_ROM);
	assert_int_equal(plan.opregion.place.action, IGD_PLACE_ALLOCATE);
	assert_true(plan.opregion.write_asls);
	/* fw_cfg next; extended VBT: copy length is base + RVDS */
	in.rom_opregion = NULL;
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.opregion.source, IGD_OPREGION_FWCFG);
	assert_int_equal(plan.opregion.info.vbt_kind, OPREGION_VBT_EXTENDED);
	assert_int_equal(plan.opregion.copy_len, big_len);
	assert_false(plan.opregion.relocate);
	/* a 2.0 blob naming its VBT by address: relocated as 2.1, same length */
	in.fwcfg_opregion = v20_op;
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.opregion.info.vbt_kind, OPREGION_VBT_EXTENDED_PHYSICAL);
	assert_true(plan.opregion.relocate);
	assert_int_equal(plan.opregion.copy_len, big_len);
	/* garbage fw_cfg: declined with a reason, nothing else: no OpRegion */
	in.fwcfg_opregion = garbage;
	in.fwcfg_opregion_size = sizeof(garbage);
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.opregion.source, IGD_OPREGION_NONE);
	assert_int_equal(plan.opregion.declined_count, 1);
	/* oversized (2 MiB) and undersized items are not even read */
	assert_false(igd_plan_read_fwcfg_opregion(2u << 20));
	assert_false(igd_plan_read_fwcfg_opregion(4096));
	assert_true(igd_plan_read_fwcfg_opregion(8192));
	in.fwcfg_opregion = NULL;
	in.fwcfg_opregion_size = 2u << 20;
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.opregion.source, IGD_OPREGION_NONE);
	assert_non_null(strstr(plan.opregion.declined[0], "8 KiB..1 MiB"));
	/* an unknown device ID still gets the OpRegion, but no stolen memory */
	base_inputs(&in, &map, 0x1234);
	in.rom_opregion = small_op;
	in.rom_opregion_len = small_len;
	igd_plan_device(&in, &plan);
	assert_true(plan.ours);
	assert_null(plan.platform);
	assert_int_equal(plan.opregion.source, IGD_OPREGION_ROM);
	assert_false(plan.dsm.wanted);
	/* not ours: another vendor, or not display class */
	in.vendor = 0x1234;
	igd_plan_device(&in, &plan);
	assert_false(plan.ours);
	base_inputs(&in, &map, 0x3E92);
	in.class_base = 2;
	igd_plan_device(&in, &plan);
	assert_false(plan.ours);
	/* class 0x0380 at another address is ours */
	base_inputs(&in, &map, 0x3E92);
	in.class_sub = 0x80;
	in.dev = 3;
	igd_plan_device(&in, &plan);
	assert_true(plan.ours);
}

static void test_bhyve(void **state)
{
	(void)state;
	const igd_mem_map map = { ranges, IGD_ARRAY_SIZE(ranges), true };
	static uint8_t guest[0x3000];
	igd_device_inputs in;
	igd_device_plan plan;
	static const struct {
		uint32_t asls;
		unsigned exclude;
		uint8_t action;
		bool write_asls;
	} rows[] = {
		{ 0x2000000, 0, IGD_PLACE_CLAIM, false },                          /* free pages: kept */
		{ 0x2000018, 0, IGD_PLACE_CLAIM, false },                          /* unaligned, free: kept */
		{ 0x3FF00000, 0, IGD_PLACE_KEEP, false },                          /* already NVS */
		{ 0x40000000, 0, IGD_PLACE_ALLOCATE, true },                       /* in use: relocated */
		{ 0x2000018, IGD_PLAN_NO_KEEP_OPREGION, IGD_PLACE_ALLOCATE, true }, /* the claim failed */
	};
	for (size_t i = 0; i < IGD_ARRAY_SIZE(rows); i++) {
		base_inputs(&in, &map, 0x3E92);
		memcpy(guest, small_op, small_len);
		in.asls = rows[i].asls;
		in.at_asls = guest;
		in.at_asls_len = sizeof(guest);
		in.exclude = rows[i].exclude;
		igd_plan_device(&in, &plan);
		assert_int_equal(plan.opregion.source, IGD_OPREGION_HYPERVISOR);
		if (plan.opregion.place.action != rows[i].action)
			fail_msg("row %zu: action %u (%s)", i, plan.opregion.place.action, plan.opregion.place.reason);
		assert_int_equal(plan.opregion.write_asls, rows[i].write_asls);
		if (!rows[i].write_asls)
			assert_int_equal(plan.opregion.place.addr, rows[i].asls);
	}
	/* no signature at ASLS: declined */
	base_inputs(&in, &map, 0x3E92);
	memset(guest, 0, sizeof(guest));
	in.asls = 0x2000000;
	in.at_asls = guest;
	in.at_asls_len = sizeof(guest);
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.opregion.source, IGD_OPREGION_NONE);
	/* BDSM pre-programmed on free pages: claimed there, no register write needed */
	base_inputs(&in, &map, 0x3E92);
	in.bdsm_lo = 0x10000000 | 1; /* lock bit kept */
	igd_plan_device(&in, &plan);
	assert_true(plan.dsm.wanted);
	assert_int_equal(plan.dsm.found_base, 0x10000000);
	assert_int_equal(plan.dsm.place.action, IGD_PLACE_CLAIM);
	assert_int_equal(plan.dsm.place.addr, 0x10000000);
	assert_int_equal(plan.dsm.old_bdsm, 0x10000001);
	/* ... in use: fresh 1 MiB-aligned pages */
	in.bdsm_lo = 0x40000000;
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.dsm.place.action, IGD_PLACE_ALLOCATE);
	assert_int_equal(plan.dsm.place.align, MiB);
	/* ... the claim failed: re-planned fresh */
	in.bdsm_lo = 0x10000000;
	in.exclude = IGD_PLAN_NO_KEEP_DSM;
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.dsm.place.action, IGD_PLACE_ALLOCATE);
	/* an existing reservation (bhyve's etc/e820 type 2) is kept */
	memcpy(with_reserved, ranges, sizeof(ranges));
	with_reserved[0].len = 0x30000000 - 0x100000;
	with_reserved[IGD_ARRAY_SIZE(ranges)] = (igd_mem_range){ 0x30000000, 32 * MiB, IGD_MEM_RESERVED, 0 };
	with_reserved[IGD_ARRAY_SIZE(ranges) + 1] = (igd_mem_range){ 0x32000000, 0x3FF00000 - 0x32000000, IGD_MEM_FREE, 7 };
	const igd_mem_map map2 = { with_reserved, IGD_ARRAY_SIZE(with_reserved), true };
	base_inputs(&in, &map2, 0x3E92);
	in.bdsm_lo = 0x30000000;
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.dsm.place.action, IGD_PLACE_KEEP);
}

static void test_stolen_size(void **state)
{
	(void)state;
	const igd_mem_map map = { ranges, IGD_ARRAY_SIZE(ranges), true };
	igd_device_inputs in;
	igd_device_plan plan;
	static const uint8_t size48[8] = { 0, 0, 0, 3, 0, 0, 0, 0 }, size0[8] = { 0 }, short7[7] = { 0, 0, 0, 3 };

	base_inputs(&in, &map, 0x3E92);
	igd_plan_device(&in, &plan);
	assert_true(plan.dsm.wanted);
	assert_int_equal(plan.dsm.size, 32 * MiB);
	assert_string_equal(plan.dsm.size_source, "GMCH");
	assert_int_equal(plan.dsm.layout, IGD_BDSM_BDSM32);
	assert_int_equal(plan.dsm.place.action, IGD_PLACE_ALLOCATE);
	/* GMCH 0, no etc/igd-bdsm-size: nothing reserved, BDSM untouched */
	in.gmch = 0;
	igd_plan_device(&in, &plan);
	assert_false(plan.dsm.wanted);
	assert_non_null(strstr(plan.dsm.skip, "size is 0"));
	/* GMCH 0 with a valid etc/igd-bdsm-size (48 MiB) */
	in.fwcfg_bdsm_size = size48;
	in.fwcfg_bdsm_size_len = 8;
	igd_plan_device(&in, &plan);
	assert_true(plan.dsm.wanted);
	assert_int_equal(plan.dsm.size, 48 * MiB);
	assert_string_equal(plan.dsm.size_source, "etc/igd-bdsm-size");
	/* ... invalid ones: 0, or not 8 bytes */
	in.fwcfg_bdsm_size = size0;
	igd_plan_device(&in, &plan);
	assert_false(plan.dsm.wanted);
	assert_non_null(plan.dsm.fwcfg_note);
	in.fwcfg_bdsm_size = short7;
	in.fwcfg_bdsm_size_len = 7;
	igd_plan_device(&in, &plan);
	assert_false(plan.dsm.wanted);
	/* GMCH wins over etc/igd-bdsm-size when it is non-zero */
	in.gmch = 0x0100;
	in.fwcfg_bdsm_size = size48;
	in.fwcfg_bdsm_size_len = 8;
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.dsm.size, 32 * MiB);
	/* Tiger Lake: the 64-bit BDSM at 0xC0, old value from both dwords */
	base_inputs(&in, &map, 0x9A49);
	in.bdsm_lo = 7;
	in.bdsm_hi = 0;
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.dsm.layout, IGD_BDSM_BDSM64);
	assert_int_equal(plan.dsm.old_bdsm, 7);
	assert_int_equal(plan.dsm.found_base, 0);
	/* Meteor Lake: no BDSM register, nothing to do */
	base_inputs(&in, &map, 0x7D55);
	igd_plan_device(&in, &plan);
	assert_true(plan.ours);
	assert_false(plan.dsm.wanted);
	assert_non_null(strstr(plan.dsm.skip, "BAR2"));
	/* 4 MiB-step GMS (0xF1 = 8 MiB) on gen 9 */
	base_inputs(&in, &map, 0x3E92);
	in.gmch = 0xF100;
	igd_plan_device(&in, &plan);
	assert_int_equal(plan.dsm.size, 8 * MiB);
}

static void test_host_address(void **state)
{
	(void)state;
	const igd_mem_map map = { ranges, IGD_ARRAY_SIZE(ranges), true };
	igd_device_inputs in;
	igd_device_plan plan;
	static const struct {
		uint64_t host;
		uint32_t found;
		unsigned exclude;
		uint8_t action;
		bool at_host, write, miss;
	} rows[] = {
		{ 0x30000000, 0, 0, IGD_PLACE_CLAIM, true, true, false },        /* free RAM: exactly there */
		{ 0x40000000, 0, 0, IGD_PLACE_ALLOCATE, false, true, true },      /* in use: fallback, Code 43 note */
		{ 0xC0000000, 0, 0, IGD_PLACE_ALLOCATE, false, true, true },      /* PCI hole: not RAM, fallback */
		{ 0x7FF00000, 0, 0, IGD_PLACE_ALLOCATE, false, true, true },      /* runs off the end of RAM */
		{ 0x30000000, 0, IGD_PLAN_NO_HOST_DSM, IGD_PLACE_ALLOCATE, false, true, true }, /* the claim failed */
		{ 0x30000000, 0x10000000, 0, IGD_PLACE_CLAIM, false, false, true }, /* the hypervisor's choice wins */
	};
	for (size_t i = 0; i < IGD_ARRAY_SIZE(rows); i++) {
		base_inputs(&in, &map, 0x9A49); /* Tiger Lake: gen 12 */
		in.host_dsm_base = rows[i].host;
		in.host_dsm_from = "test";
		in.bdsm_lo = rows[i].found;
		in.exclude = rows[i].exclude;
		igd_plan_device(&in, &plan);
		if (plan.dsm.place.action != rows[i].action || plan.dsm.at_host_base != rows[i].at_host ||
		    plan.dsm.write_bdsm != rows[i].write || (plan.dsm.host_miss != NULL) != rows[i].miss)
			fail_msg("row %zu: action %u at_host %d write %d miss %d (%s)", i, plan.dsm.place.action,
				 plan.dsm.at_host_base, plan.dsm.write_bdsm, plan.dsm.host_miss != NULL, plan.dsm.place.reason);
		if (rows[i].at_host)
			assert_int_equal(plan.dsm.place.addr, rows[i].host);
		if (rows[i].miss)
			assert_non_null(strstr(plan.dsm.host_miss, "Code 43"));
	}
	/* gen 9: the same preference, a milder note */
	base_inputs(&in, &map, 0x3E92);
	in.host_dsm_base = 0x40000000;
	igd_plan_device(&in, &plan);
	assert_null(strstr(plan.dsm.host_miss, "Code 43"));
	/* the record's format */
	uint8_t rec[IGD_HOST_DSM_LEN];
	igd_host_dsm d = { 0x30000000, 32 * MiB }, back;
	igd_host_dsm_encode(&d, rec);
	assert_int_equal(igd_host_dsm_decode(rec, sizeof(rec), &back, NULL), IGD_OK);
	assert_int_equal(back.base, d.base);
	assert_int_equal(back.size, d.size);
	assert_int_not_equal(igd_host_dsm_decode(rec, 15, &back, NULL), IGD_OK);
	d.base = 0x30080000; /* not 1 MiB aligned */
	igd_host_dsm_encode(&d, rec);
	assert_int_not_equal(igd_host_dsm_decode(rec, sizeof(rec), &back, NULL), IGD_OK);
	d.base = 0xFFF00000; /* ends above 4 GiB */
	igd_host_dsm_encode(&d, rec);
	assert_int_not_equal(igd_host_dsm_decode(rec, sizeof(rec), &back, NULL), IGD_OK);
}

int main(void)
{
	build_fixtures();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placement),
		cmocka_unit_test(test_opregion_sources),
		cmocka_unit_test(test_bhyve),
		cmocka_unit_test(test_stolen_size),
		cmocka_unit_test(test_host_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
