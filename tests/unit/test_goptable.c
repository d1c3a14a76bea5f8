// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The GOP table reader (goptable.h) on built images: the synthetic GOPs of tests/goptable (five
 * table layouts, X64 at -Oz and -Os, IA32) and the QEMU tests' GOP stand-in.  Each must give
 * exactly the table Supported() scans, none of the decoy arrays, the Version the entry point
 * stores and the PCH table Start() scans.  The images are built by make (B names the build
 * directory). */
#include "helpers.h"
#include "igd/goptable.h"
#include "igd/pe.h"
#include "../goptable/layouts.h"
#include "../qemu/gop_standin_ids.h"

/* An image make built (B names the build directory, as in make check). */
static uint8_t *load_built(const char *rel, size_t *len)
{
	return load_under("B", "build", rel, len);
}

static void assert_exactly(const gop_ids *got, const uint16_t *want, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (!igd_gop_ids_contain(got, want[i]))
			fail_msg("%s: %04X missing", what, want[i]);
	if (got->count != n)
		fail_msg("%s: %zu IDs, want %zu", what, got->count, n);
}

static void assert_none(const gop_ids *got, const uint16_t *ids, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (igd_gop_ids_contain(got, ids[i]))
			fail_msg("%s: decoy %04X reported", what, ids[i]);
}

static void check_synthetic(const char *rel, int layout, bool ia32)
{
	static const uint16_t scanned[] = { SYNTH_SCANNED_IDS }, old[] = { SYNTH_DECOY_OLD_IDS },
			      newer[] = { SYNTH_DECOY_NEW_IDS }, pch[] = { SYNTH_PCH_IDS };
	size_t len;
	uint8_t *img = load_built(rel, &len);
	igd_gop_table t;
	assert_int_equal(igd_gop_read_table(img, len, &t), IGD_OK);
	if (t.found_by != IGD_GOP_FOUND_BY_CODE)
		fail_msg("%s: not found by code: %s", rel, t.how);
	assert_exactly(&t.ids, scanned, SYNTH_SCANNED_COUNT, rel);
	assert_none(&t.ids, old, sizeof(old) / 2, rel);
	assert_none(&t.ids, newer, sizeof(newer) / 2, rel);
	/* the terminated table has no count in the code; the others do */
	assert_int_equal(t.count_from_code, layout != LAYOUT_TERMINATED);
	assert_int_equal(t.entries, SYNTH_SCANNED_COUNT);
	assert_int_equal(t.stride, layout == LAYOUT_PAIRS    ? 4
				   : layout == LAYOUT_STRUCT ? 8
				   : layout == LAYOUT_NAMED  ? (ia32 ? 12 : 16)
							     : 2);
	assert_true(t.has_version && t.version_from_code);
	assert_int_equal(t.version, SYNTH_BINDING_VERSION);
	assert_exactly(&t.pch, pch, SYNTH_PCH_COUNT, rel);
	assert_non_null(strstr(t.how, "Supported() at RVA"));
	free(img);
}

static void test_synthetic_layouts(void **state)
{
	(void)state;
	static const char *builds[] = { "x64-Oz", "x64-Os", "ia32-Oz" };
	for (size_t b = 0; b < 3; b++)
		for (int layout = 1; layout <= 7; layout++) {
			char rel[64];
			snprintf(rel, sizeof(rel), "goptable/%s-%d.efi", builds[b], layout);
			if (b == 2 && layout == LAYOUT_THIRD_ARG)
				continue; /* IA32 passes the table on the stack: test_ia32_stack_arguments */
			check_synthetic(rel, layout, b == 2);
		}
}

/* What the reader does not follow: IA32 code that passes the table to a helper on the stack
 * (cdecl).  It says so and falls back to the labelled search, which the docs describe. */
static void test_ia32_stack_arguments(void **state)
{
	(void)state;
	size_t len;
	uint8_t *img = load_built("goptable/ia32-Oz-7.efi", &len);
	igd_gop_table t;
	assert_int_equal(igd_gop_read_table(img, len, &t), IGD_OK);
	assert_int_equal(t.found_by, IGD_GOP_FOUND_BY_SEARCH);
	assert_non_null(strstr(t.how, "table search, unverified (Supported() walks no table)"));
	free(img);
}

static void test_standin(void **state)
{
	(void)state;
	static const uint16_t ids[] = { STANDIN_GEN9_IDS, STANDIN_GEN12_IDS }, decoys[] = { STANDIN_DECOY_IDS },
			      pch[] = { STANDIN_PCH_IDS };
	size_t len;
	uint8_t *img = load_built("firmware/gop-standin.efi", &len);
	igd_gop_table t;
	assert_int_equal(igd_gop_read_table(img, len, &t), IGD_OK);
	assert_int_equal(t.found_by, IGD_GOP_FOUND_BY_CODE);
	assert_exactly(&t.ids, ids, STANDIN_ID_COUNT, "stand-in");
	assert_none(&t.ids, decoys, sizeof(decoys) / 2, "stand-in");
	assert_true(t.count_from_code);
	assert_int_equal(t.version, STANDIN_BINDING_VERSION);
	assert_exactly(&t.pch, pch, STANDIN_PCH_COUNT, "stand-in PCH");
	char v[32];
	igd_gop_version_format(t.version, v, sizeof(v));
	assert_string_equal(v, "1.0.10");
	free(img);
}

/* Without relocations the binding cannot be found: the byte search answers, and says so. */
static void test_fallback_labelled(void **state)
{
	(void)state;
	size_t len;
	uint8_t *img = load_built("goptable/x64-Oz-1.efi", &len);
	pe_layout l;
	assert_int_equal(igd_pe_layout(img, len, &l, NULL), IGD_OK);
	/* zero the base-relocation directory entry (PE32+: data directory 5 at optional header + 152) */
	size_t dir = l.info.pe_offset + 24 + 112 + 5 * 8;
	memset(img + dir, 0, 8);
	igd_gop_table t;
	assert_int_equal(igd_gop_read_table(img, len, &t), IGD_OK);
	assert_int_equal(t.found_by, IGD_GOP_FOUND_BY_SEARCH);
	assert_non_null(strstr(t.how, "table search, unverified (no base relocations)"));
	assert_true(t.ids.count > 0); /* the search also finds the decoys: it is unverified */
	free(img);
}

static void test_not_pe_and_truncated(void **state)
{
	(void)state;
	igd_gop_table t;
	uint8_t junk[64];
	memset(junk, 0xEE, sizeof(junk));
	assert_int_equal(igd_gop_read_table(junk, sizeof(junk), &t), IGD_OK);
	assert_int_equal(t.found_by, IGD_GOP_FOUND_NOTHING);
	assert_non_null(strstr(t.how, "not a PE image"));
	assert_int_equal(igd_gop_read_table(NULL, 4, &t), IGD_ERR_INVALID);
	size_t len;
	uint8_t *img = load_built("goptable/x64-Oz-2.efi", &len);
	/* every truncation: never a crash, never IDs from outside the bytes given */
	for (size_t cut = 0; cut < len; cut += 61)
		assert_int_equal(igd_gop_read_table(img, cut, &t), IGD_OK);
	free(img);
}

static void test_relocations_walk(void **state)
{
	(void)state;
	size_t len;
	uint8_t *img = load_built("goptable/ia32-Oz-1.efi", &len);
	pe_layout l;
	assert_int_equal(igd_pe_layout(img, len, &l, NULL), IGD_OK);
	assert_int_equal(l.pointer_size, 4);
	assert_int_equal(l.image_base, 0x10000000u);
	pe_reloc_cursor c = { 0, 0 };
	uint32_t rva, prev = 0;
	unsigned type, n = 0;
	while (igd_pe_next_relocation(img, len, &l, &c, &rva, &type)) {
		assert_int_equal(type, PE_RELOC_HIGHLOW);
		assert_true(rva >= prev);
		prev = rva;
		n++;
	}
	assert_true(n >= 3); /* the binding's three pointers at least */
	char v[32];
	igd_gop_version_format(0x0900043C, v, sizeof(v));
	assert_string_equal(v, "9.0.1084");
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synthetic_layouts), cmocka_unit_test(test_ia32_stack_arguments),
		cmocka_unit_test(test_standin),
		cmocka_unit_test(test_fallback_labelled), cmocka_unit_test(test_not_pe_and_truncated),
		cmocka_unit_test(test_relocations_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
