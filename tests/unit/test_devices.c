// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Device table and stolen-memory decode, pinned against the formulas of docs/vmm-contracts.md §6. */
#include "helpers.h"
#include "igd/devices.h"

#define MiB (1024ull * 1024)

static const igd_platform *plat(uint16_t id)
{
	const igd_platform *p = igd_lookup(id);
	assert_non_null(p);
	return p;
}

static void test_table(void **state)
{
	(void)state;
	assert_int_equal(igd_device_count, 352);
	for (size_t i = 1; i < igd_device_count; i++)
		assert_true(igd_devices[i - 1].id < igd_devices[i].id);
	for (size_t i = 0; i < igd_device_count; i++)
		assert_ptr_equal(igd_lookup(igd_devices[i].id), &igd_platforms[igd_devices[i].platform]);
	assert_string_equal(plat(0x3E92)->name, "Coffee Lake");
	assert_int_equal(plat(0x3E92)->bdsm, IGD_BDSM_BDSM32);
	assert_int_equal(plat(0x9A49)->bdsm, IGD_BDSM_BDSM64);
	assert_int_equal(plat(0xA780)->gen, 12);
	assert_int_equal(plat(0x7D55)->bdsm, IGD_BDSM_NONE);
	assert_int_equal(plat(0xB0A2)->bdsm, IGD_BDSM_NONE);
	assert_int_equal(plat(0x22B0)->gms, IGD_GMS_CHV);
	assert_int_equal(plat(0x0A84)->gen, 9);  /* BXT, not Haswell despite the 0x0Axx prefix */
	assert_int_equal(plat(0x0A16)->gen, 7);  /* Haswell ULT */
	assert_null(igd_lookup(0x56A0));         /* DG2: discrete, not in the IGD table */
	assert_null(igd_lookup(0x0000));
	assert_null(igd_lookup(0xFFFF));
	assert_true(igd_is_display_class(3, 0, 0));
	assert_true(igd_is_display_class(3, 0x80, 0));
	assert_false(igd_is_display_class(3, 0, 1));
	assert_false(igd_is_display_class(2, 0, 0));
}

static void test_gms_every_value(void **state)
{
	(void)state;
	uint64_t s;
	/* SNB layout, 5 bits at 7:3, x 32 MiB */
	for (unsigned g = 0; g < 32; g++) {
		assert_int_equal(igd_gms_size(plat(0x0102), g << 3, &s), IGD_OK);
		assert_true(s == g * 32 * MiB);
	}
	/* BDW: 8 bits at 15:8, x 32 MiB */
	for (unsigned g = 0; g < 256; g++) {
		assert_int_equal(igd_gms_size(plat(0x1616), g << 8, &s), IGD_OK);
		assert_true(s == g * 32 * MiB);
	}
	/* gen9+: < 0xF0 x 32 MiB, 0xF0..0xFE in 4 MiB steps from 4 MiB, 0xFF undefined */
	for (unsigned g = 0; g < 256; g++) {
		igd_status st = igd_gms_size(plat(0x9A49), g << 8, &s);
		if (g < 0xF0) {
			assert_int_equal(st, IGD_OK);
			assert_true(s == g * 32 * MiB);
		} else if (g <= 0xFE) {
			assert_int_equal(st, IGD_OK);
			assert_true(s == (g - 0xEF) * 4 * MiB);
		} else {
			assert_int_equal(st, IGD_ERR_INVALID);
		}
	}
	/* CHV: its own table (QEMU gets this wrong) */
	static const unsigned chv[30] = { 0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384,
					  416, 448, 480, 512, 8, 12, 16, 20, 24, 28, 36, 40, 44, 48,
					  52, 56, 60 };
	for (unsigned g = 0; g < 32; g++) {
		igd_status st = igd_gms_size(plat(0x22B1), g << 3, &s);
		if (g < 30) {
			assert_int_equal(st, IGD_OK);
			assert_true(s == chv[g] * MiB);
		} else {
			assert_int_equal(st, IGD_ERR_INVALID);
		}
	}
	/* MTL: 0..4 x 32 MiB, 0xF0..0xFE 4 MiB steps, rest undefined */
	for (unsigned g = 0; g < 256; g++) {
		igd_status st = igd_gms_size(plat(0x7D55), g << 8, &s);
		if (g <= 4) {
			assert_int_equal(st, IGD_OK);
			assert_true(s == g * 32 * MiB);
		} else if (g >= 0xF0 && g <= 0xFE) {
			assert_int_equal(st, IGD_OK);
			assert_true(s == (g - 0xEF) * 4 * MiB);
		} else {
			assert_int_equal(st, IGD_ERR_INVALID);
		}
	}
	/* gen3 table */
	static const unsigned gen3[16] = { 0, 1, 4, 8, 16, 32, 48, 64, 128, 256, 96, 160, 224, 352 };
	for (unsigned g = 0; g < 16; g++) {
		igd_status st = igd_gms_size(plat(0x2A42), g << 4, &s);
		if (g <= 0xD) {
			assert_int_equal(st, IGD_OK);
			assert_true(s == gen3[g] * MiB);
		} else {
			assert_int_equal(st, IGD_ERR_INVALID);
		}
	}
	uint32_t ggc;
	assert_int_equal(igd_gms_set(plat(0x3E92), 0xFFC3, 0x02, &ggc), IGD_OK);
	assert_int_equal(ggc, 0x02C3);
	assert_int_equal(igd_gms_field(plat(0x3E92), ggc), 2);
	assert_int_equal(igd_gms_set(plat(0x0102), 0, 0x20, &ggc), IGD_ERR_INVALID);
}

static void test_ggms(void **state)
{
	(void)state;
	uint64_t s;
	igd_ggms_size(plat(0x0102), 2 << 8, &s);
	assert_true(s == 2 * MiB);
	for (unsigned g = 0; g < 4; g++) {
		igd_ggms_size(plat(0x3E92), g << 6, &s);
		assert_true(s == (g ? (1u << g) * MiB : 0));
		igd_ggms_size(plat(0x22B0), g << 8, &s);
		assert_true(s == (g ? (1ull << (20 + g)) : 0));
	}
}

static void test_bdsm(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(igd_bdsm_base(IGD_BDSM_BDSM32, 0x8B800001, 0xFFFF) == 0x8B800000);
	assert_true(igd_bdsm_base(IGD_BDSM_BDSM64, 0x8B800001, 0x1) == 0x18B800000ull);
	assert_true(igd_bdsm_base(IGD_BDSM_NONE, 0x8B800001, 0x1) == 0);
	assert_int_equal(igd_bdsm_encode(IGD_BDSM_BDSM32, 0x00000007, 0x7C000000, &v), IGD_OK);
	assert_true(v == 0x7C000007);
	assert_int_equal(igd_bdsm_encode(IGD_BDSM_BDSM32, 0, 0x7C080000, &v), IGD_ERR_INVALID);
	assert_int_equal(igd_bdsm_encode(IGD_BDSM_BDSM32, 0, 0x100000000ull, &v), IGD_ERR_INVALID);
	assert_int_equal(igd_bdsm_encode(IGD_BDSM_BDSM64, 0xFFFFFFFF00000001ull, 0x100000000ull, &v), IGD_OK);
	assert_true(v == 0x100000001ull);
	assert_int_equal(igd_bdsm_encode(IGD_BDSM_NONE, 0, 0x100000, &v), IGD_ERR_UNSUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_gms_every_value),
		cmocka_unit_test(test_ggms),
		cmocka_unit_test(test_bdsm),
	};
	return cmocka_run_group_tests_name("devices", tests, NULL, NULL);
}
