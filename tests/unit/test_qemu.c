// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The QEMU release table and the layout chosen per release, device and ROM content. */
#include "helpers.h"
#include "igd/qemu.h"

static const char *prop(const igd_qemu_plan *p, const char *name)
{
	for (size_t i = 0; i < p->prop_count; i++)
		if (!strcmp(p->props[i].name, name))
			return p->props[i].value;
	return NULL;
}

static void plan(unsigned maj, unsigned min, uint16_t id, unsigned gms, bool gop, igd_qemu_plan *p)
{
	igd_qemu_target t = { maj, min, id, igd_lookup(id), gms, gop };
	igd_qemu_plan_for(&t, p);
}

static void test_features(void **state)
{
	(void)state;
	static const struct {
		unsigned maj, min;
		bool lpc, legacy_prop, upt_stolen, zeroed, opregion_on;
	} rows[] = {
		/* x-igd-lpc and x-igd-legacy-mode appear in 10.0, the OpRegion default in 10.1,
		 * GMS stops being zeroed in 9.2 (docs/qemu-versions.md). */
		{ 7, 2, false, false, false, true, false },  { 8, 2, false, false, false, true, false },
		{ 9, 1, false, false, false, true, false },  { 9, 2, false, false, false, false, false },
		{ 10, 0, true, true, true, false, false },   { 10, 1, true, true, true, false, true },
		{ 11, 0, true, true, true, false, true },
	};
	for (size_t i = 0; i < IGD_ARRAY_SIZE(rows); i++) {
		igd_qemu_features f = igd_qemu_features_of(rows[i].maj, rows[i].min);
		assert_true(f.opregion_prop && f.gms_prop);
		assert_int_equal(f.lpc_prop, rows[i].lpc);
		assert_int_equal(f.legacy_mode_prop, rows[i].legacy_prop);
		assert_int_equal(f.stolen_outside_legacy, rows[i].upt_stolen);
		assert_int_equal(f.gms_zeroed, rows[i].zeroed);
		assert_int_equal(f.opregion_default_on, rows[i].opregion_on);
	}
}

static void test_qemu_gen(void **state)
{
	(void)state;
	assert_int_equal(igd_qemu_gen(10, 1, 0x5A84), 9);  /* Apollo Lake before the 0x0a00 Haswell prefix */
	assert_int_equal(igd_qemu_gen(10, 1, 0x0A16), 7);  /* Haswell */
	assert_int_equal(igd_qemu_gen(10, 1, 0x46D1), 12); /* Alder Lake-N */
	assert_int_equal(igd_qemu_gen(10, 1, 0x7D55), -1); /* Meteor Lake: unknown to 10.1 */
	assert_int_equal(igd_qemu_gen(9, 2, 0x46D1), -1);  /* 9.2 refused ADL ("unsupported in legacy mode") */
	assert_int_equal(igd_qemu_gen(9, 2, 0x9A49), 12);
	assert_int_equal(igd_qemu_gen(9, 2, 0x0A16), 6);
	assert_int_equal(igd_qemu_gen(7, 2, 0x9A49), 8);   /* "assume newer is compatible" */
	assert_int_equal(igd_qemu_gen(7, 2, 0x2A42), -1);
}

static void test_plans(void **state)
{
	(void)state;
	igd_qemu_plan p;
	/* 10.0, no GOP: q35 UPT, OpRegion asked for. */
	plan(10, 0, 0x9A49, 0, false, &p);
	assert_int_equal(p.machine, IGD_MACHINE_Q35);
	assert_false(p.legacy_mode || p.lpc_bridge);
	assert_true(p.stolen_ok);
	assert_string_equal(prop(&p, "x-igd-legacy-mode"), "off");
	assert_string_equal(prop(&p, "x-igd-opregion"), "on");
	assert_null(prop(&p, "x-igd-lpc"));
	/* 10.1 with a GOP: i440fx, host LPC IDs, OpRegion on by default. */
	plan(10, 1, 0x9A49, 0, true, &p);
	assert_int_equal(p.machine, IGD_MACHINE_I440FX);
	assert_true(p.lpc_bridge && !p.legacy_mode);
	assert_string_equal(prop(&p, "x-igd-lpc"), "on");
	assert_null(prop(&p, "x-igd-opregion"));
	assert_int_equal(p.warn_count, 0);
	/* 8.2 Skylake: legacy mode, GMS override from the host (2 x 32 MiB), no 10.0 property. */
	plan(8, 2, 0x1912, 2, false, &p);
	assert_int_equal(p.machine, IGD_MACHINE_I440FX);
	assert_true(p.legacy_mode && p.lpc_bridge && p.stolen_ok);
	assert_string_equal(prop(&p, "x-igd-gms"), "0x2");
	assert_null(prop(&p, "x-igd-legacy-mode"));
	assert_null(prop(&p, "x-igd-lpc"));
	/* a host GMS x-igd-gms cannot take (more than 0x10) falls back to 0x2 */
	plan(8, 2, 0x1912, 0x20, false, &p);
	assert_string_equal(prop(&p, "x-igd-gms"), "0x2");
	plan(8, 2, 0x1912, 0x10, false, &p);
	assert_string_equal(prop(&p, "x-igd-gms"), "0x10");
	/* 9.2: GMS not zeroed, no override */
	plan(9, 2, 0x1912, 2, false, &p);
	assert_null(prop(&p, "x-igd-gms"));
	assert_true(p.stolen_ok);
	/* gen 12 before 10.0: QEMU's gen 8 model cannot program the 64-bit BDSM */
	plan(8, 2, 0x9A49, 0, false, &p);
	assert_false(p.stolen_ok);
	assert_true(p.warn_count >= 1);
	/* 9.2 with Tiger Lake works (known ID, gen 12), with Alder Lake-N it does not */
	plan(9, 2, 0x9A49, 0, false, &p);
	assert_true(p.stolen_ok);
	plan(9, 2, 0x46D1, 0, false, &p);
	assert_false(p.stolen_ok);
	/* Meteor Lake on 10.0: warned to need 10.1 */
	plan(10, 0, 0x7D55, 0, false, &p);
	assert_true(p.warn_count >= 1);
	assert_non_null(strstr(p.warn[0], "10.1"));
	/* unknown device on 10.1 */
	plan(10, 1, 0x1234, 0, false, &p);
	assert_true(p.warn_count == 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_qemu_gen),
		cmocka_unit_test(test_plans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
