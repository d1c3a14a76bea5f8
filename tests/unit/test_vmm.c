// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Hypervisor library: E820 allocator (property-tested), guest planner, register model. */
#include "helpers.h"
#include "igd/e820.h"
#include "igd/guest.h"
#include "igd/opregion.h"
#include "igd/regs.h"
#include "igd/vbt.h"

#define MiB (1024ull * 1024)
#define GiB (1024ull * MiB)

static void std_guest(e820_table *t, e820_entry *st, size_t cap, uint64_t lowmem)
{
	igd_e820_init(t, st, cap);
	assert_int_equal(igd_e820_add(t, 0, 0xA0000, E820_RAM), IGD_OK);
	assert_int_equal(igd_e820_add(t, 0x100000, lowmem - 0x100000, E820_RAM), IGD_OK);
	assert_int_equal(igd_e820_add(t, 4 * GiB, 2 * GiB, E820_RAM), IGD_OK);
}

static void test_e820_basics(void **state)
{
	(void)state;
	e820_entry st[16];
	e820_table t;
	uint64_t a;
	std_guest(&t, st, 16, 2 * GiB);
	assert_int_equal(t.count, 3);
	assert_int_equal(igd_e820_add(&t, 0x90000, 0x20000, E820_RESERVED), IGD_ERR_RANGE); /* overlap */
	assert_int_equal(igd_e820_add(&t, 0xA0000, 0x60000, E820_RESERVED), IGD_OK);
	assert_int_equal(igd_e820_type_at(&t, 0xB0000), E820_RESERVED);
	assert_int_equal(igd_e820_carve(&t, 0xB0000, 0x1000, E820_NVS), IGD_ERR_RANGE); /* not RAM */
	assert_int_equal(igd_e820_alloc(&t, 64 * MiB, MiB, E820_RESERVED, E820_ALLOC_HIGHEST, 4 * GiB, &a), IGD_OK);
	assert_true(a == 2 * GiB - 64 * MiB);
	assert_int_equal(igd_e820_alloc(&t, 8192, 4096, E820_NVS, E820_ALLOC_HIGHEST, 4 * GiB, &a), IGD_OK);
	assert_true(a == 2 * GiB - 64 * MiB - 8192);
	assert_int_equal(igd_e820_alloc(&t, 100, 1, E820_NVS, E820_ALLOC_LOWEST, 0x100000, &a), IGD_OK);
	assert_true(a == 0x100000);
	/* NVS next to NVS merges; a page-rounded 100-byte request took one page */
	assert_int_equal(igd_e820_type_at(&t, 0x100FFF), E820_NVS);
	assert_int_equal(igd_e820_type_at(&t, 0x101000), E820_RAM);
	assert_int_equal(igd_e820_alloc(&t, 1 * MiB, MiB, E820_RESERVED, E820_ALLOC_SPECIFIC, 0x7000000, &a), IGD_OK);
	assert_int_equal(igd_e820_alloc(&t, 1 * MiB, MiB, E820_RESERVED, E820_ALLOC_SPECIFIC, 0x7000000, &a), IGD_ERR_RANGE);
	assert_int_equal(igd_e820_alloc(&t, 8 * GiB, MiB, E820_RESERVED, E820_ALLOC_HIGHEST, 4 * GiB, &a), IGD_ERR_NOT_FOUND);
	assert_int_equal(igd_e820_alloc(&t, MiB, 3, E820_RESERVED, E820_ALLOC_HIGHEST, 4 * GiB, &a), IGD_ERR_INVALID);
	assert_int_equal(igd_e820_validate(&t, NULL), IGD_OK);
	uint8_t blob[16 * 20];
	size_t len, n;
	e820_entry back[16];
	assert_int_equal(igd_e820_encode(t.entries, t.count, blob, sizeof(blob), &len), IGD_OK);
	assert_int_equal(igd_e820_decode(blob, len, back, 16, &n, NULL), IGD_OK);
	assert_int_equal(n, t.count);
	for (size_t i = 0; i < n; i++) {
		assert_true(back[i].addr == t.entries[i].addr && back[i].len == t.entries[i].len);
		assert_int_equal(back[i].type, t.entries[i].type);
	}
	assert_int_equal(igd_e820_decode(blob, len - 1, back, 16, &n, NULL), IGD_ERR_CORRUPT);
}

/* Property test: random allocations never overlap, honour alignment and bounds, keep the
 * table valid (sorted, merged) and conserve the total size. */
static void test_e820_properties(void **state)
{
	(void)state;
	uint32_t x = 12345;
	for (int round = 0; round < 200; round++) {
		e820_entry st[128];
		e820_table t;
		std_guest(&t, st, 128, (1 + round % 3) * GiB);
		uint64_t total = 0;
		for (size_t i = 0; i < t.count; i++)
			total += t.entries[i].len;
		for (int k = 0; k < 40; k++) {
			x = x * 1103515245u + 12345u;
			uint64_t len = ((x >> 8) % 64 + 1) * 4096 * ((x & 1) ? 256 : 1);
			uint64_t align = 1ull << (12 + (x >> 4) % 10);
			uint32_t type = (x >> 2) & 1 ? E820_RESERVED : E820_NVS;
			e820_policy pol = (x >> 3) % 3 == 0 ? E820_ALLOC_LOWEST : E820_ALLOC_HIGHEST;
			uint64_t limit = pol == E820_ALLOC_HIGHEST ? 4 * GiB : 0x100000;
			uint64_t a;
			if (igd_e820_alloc(&t, len, align, type, pol, limit, &a) != IGD_OK)
				continue;
			assert_true((a & (align - 1)) == 0);
			if (pol == E820_ALLOC_HIGHEST)
				assert_true(a + len <= 4 * GiB);
			for (uint64_t p = a; p < a + len; p += 4096)
				assert_int_equal(igd_e820_type_at(&t, p), type);
			assert_int_equal(igd_e820_validate(&t, NULL), IGD_OK);
		}
		uint64_t after = 0;
		for (size_t i = 0; i < t.count; i++)
			after += t.entries[i].len;
		assert_true(after == total);
	}
}

static uint8_t host_opregion[0x2000 + 0x2000];

static void test_planner(void **state)
{
	(void)state;
	uint8_t vbt[7000];
	size_t vlen, olen;
	assert_int_equal(igd_vbt_build_sample("T", 7000, vbt, sizeof(vbt), &vlen), IGD_OK);
	assert_int_equal(igd_opregion_build(vbt, vlen, NULL, host_opregion, sizeof(host_opregion), &olen, NULL), IGD_OK);
	/* a 2.0 host: base only, VBT separately (the case bhyve refuses) */
	static uint8_t base[0x2000];
	memcpy(base, host_opregion, sizeof(base));
	base[0x16] = 0; /* minor 0 */
	igd_host h = { .device_id = 0x9A49, .ggc = 0x0200 /* 64 MiB */, .bdsm = 0x7C000001,
		       .asls = 0x6FFF0018, .opregion = base, .opregion_len = sizeof(base),
		       .ext_vbt = vbt, .ext_vbt_len = vlen };
	e820_entry st[32];
	e820_table t;
	std_guest(&t, st, 32, 3 * GiB);
	static uint8_t out[0x4000];
	igd_guest_plan p;
	assert_int_equal(igd_plan_guest(&h, &t, out, sizeof(out), &p, NULL), IGD_OK);
	assert_true(p.dsm_size == 64 * MiB);
	assert_true(p.dsm_at_host_address);
	assert_true(p.dsm_gpa == 0x7C000000);
	assert_true(p.bdsm == 0x7C000001); /* low lock bit kept */
	assert_true(p.opregion_at_host_address);
	assert_int_equal(p.asls, 0x6FFF0018);
	assert_int_equal(igd_e820_type_at(&t, 0x6FFF0000), E820_NVS);
	assert_int_equal(igd_e820_type_at(&t, 0x6FFF0018 + p.opregion_len - 1), E820_NVS);
	assert_int_equal(igd_e820_type_at(&t, 0x7C000000 + 64 * MiB - 1), E820_RESERVED);
	opregion_info o;
	assert_int_equal(igd_opregion_parse(out, p.opregion_len, &o, NULL), IGD_OK);
	assert_int_equal(o.minor, 1);
	assert_true(o.rvda == 0x2000);
	assert_int_equal(o.vbt_size, 7000);
	/* host addresses taken: highest fit below 4 GiB instead */
	e820_table t2;
	e820_entry st2[32];
	std_guest(&t2, st2, 32, 1 * GiB);
	h.bdsm = 0xC0000000; /* above guest RAM */
	assert_int_equal(igd_plan_guest(&h, &t2, out, sizeof(out), &p, NULL), IGD_OK);
	assert_false(p.dsm_at_host_address);
	assert_true(p.dsm_gpa == 1 * GiB - 64 * MiB);
	assert_false(p.opregion_at_host_address);
	assert_int_equal(p.asls & 0xFFF, 0);
	/* Meteor Lake: no BDSM */
	h.device_id = 0x7D55;
	e820_table t3;
	e820_entry st3[32];
	std_guest(&t3, st3, 32, 1 * GiB);
	assert_int_equal(igd_plan_guest(&h, &t3, out, sizeof(out), &p, NULL), IGD_OK);
	assert_true(p.dsm_size == 0);
	/* no room: table untouched */
	e820_table t4;
	e820_entry st4[32];
	igd_e820_init(&t4, st4, 32);
	igd_e820_add(&t4, 0, 0x9F000, E820_RAM);
	h.device_id = 0x9A49;
	assert_int_equal(igd_plan_guest(&h, &t4, out, sizeof(out), &p, NULL), IGD_ERR_NOT_FOUND);
	assert_int_equal(t4.count, 1);
	h.device_id = 0x1234;
	assert_int_equal(igd_plan_guest(&h, &t4, out, sizeof(out), &p, NULL), IGD_ERR_UNSUPPORTED);
}

static void test_registers(void **state)
{
	(void)state;
	igd_vregs r;
	uint64_t v;
	const igd_platform *tgl = igd_lookup(0x9A49), *skl = igd_lookup(0x1912), *mtl = igd_lookup(0x7D55);
	igd_vregs_init(&r, tgl, 0x02C0 /* GMS 2, GGMS 3 -> 8 MiB */, 0x7C000001, 0x6FFF0018);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0x50, 2, &v), IGD_EMULATED);
	assert_true(v == 0x02C0);
	assert_int_equal(igd_vregs_write(&r, IGD_SPACE_CONFIG, 0x50, 2, 0xFFFF), IGD_EMULATED);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0x50, 2, &v), IGD_EMULATED);
	assert_true(v == 0x02C0); /* read-only */
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0xC0, 8, &v), IGD_EMULATED);
	assert_true(v == 0x7C000001);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0xC4, 4, &v), IGD_EMULATED);
	assert_true(v == 0);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0x5C, 4, &v), IGD_PASSTHROUGH);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0xF0, 8, &v), IGD_EMULATED);
	assert_true(v == 0x7C000000 - 8 * MiB); /* BGSM: guest DSM - GTT stolen */
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_BAR0, IGD_MMIO_GSMBASE, 8, &v), IGD_EMULATED);
	assert_true(v == 0x7C000000 - 8 * MiB);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_BAR0, IGD_MMIO_BDSM, 8, &v), IGD_EMULATED);
	assert_true(v == 0x7C000001);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_BAR0, IGD_MMIO_BDSM + 4, 4, &v), IGD_EMULATED);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_BAR0, IGD_MMIO_GGC, 2, &v), IGD_PASSTHROUGH);
	assert_int_equal(igd_vregs_write(&r, IGD_SPACE_CONFIG, 0xFC, 4, 0x12345000), IGD_EMULATED);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0xFC, 4, &v), IGD_EMULATED);
	assert_true(v == 0x12345000);
	assert_int_equal(igd_vregs_write(&r, IGD_SPACE_CONFIG, 0xC0, 4, 0x50000001), IGD_EMULATED);
	assert_int_equal(igd_vregs_write(&r, IGD_SPACE_CONFIG, 0xC4, 4, 0x1), IGD_EMULATED);
	assert_true(r.bdsm == 0x150000001ull);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0x00, 4, &v), IGD_PASSTHROUGH);
	/* byte access inside a register */
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0xFD, 1, &v), IGD_EMULATED);
	assert_true(v == 0x50);
	/* GMS override shows in config and the BAR0 GGC mirror */
	r.gms_override = true;
	r.gms = 0x05;
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_BAR0, IGD_MMIO_GGC, 2, &v), IGD_EMULATED);
	assert_true(v == 0x05C0);
	/* Skylake: 32-bit BDSM, no BGSM */
	igd_vregs_init(&r, skl, 0x0100, 0x8B800000, 0x1000);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0x5C, 4, &v), IGD_EMULATED);
	assert_true(v == 0x8B800000);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0xF0, 8, &v), IGD_PASSTHROUGH);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_BAR0, IGD_MMIO_BDSM, 4, &v), IGD_EMULATED);
	/* Meteor Lake: no BDSM anywhere */
	igd_vregs_init(&r, mtl, 0x0100, 0, 0x1000);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0x5C, 4, &v), IGD_PASSTHROUGH);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_BAR0, IGD_MMIO_BDSM, 8, &v), IGD_PASSTHROUGH);
	assert_int_equal(igd_vregs_read(&r, IGD_SPACE_CONFIG, 0xFC, 4, &v), IGD_EMULATED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e820_basics),
		cmocka_unit_test(test_e820_properties),
		cmocka_unit_test(test_planner),
		cmocka_unit_test(test_registers),
	};
	return cmocka_run_group_tests_name("vmm", tests, NULL, NULL);
}
