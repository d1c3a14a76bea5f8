// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Reading a GOP driver's device-ID table and version string from its bytes (gop.h). */
#include "helpers.h"
#include "igd/devices.h"
#include "igd/gop.h"

static void put16(uint8_t *b, size_t off, uint16_t v)
{
	b[off] = (uint8_t)v;
	b[off + 1] = (uint8_t)(v >> 8);
}

/* Filler that is never a known IGD ID, so only what a test writes can match. */
static void fill(uint8_t *b, size_t len)
{
	memset(b, 0xEE, len);
}

static void test_u16_array(void **state)
{
	(void)state;
	static const uint16_t ids[] = { 0x5916, 0x5917, 0x591B, 0x5912, 0x3E92 };
	uint8_t b[256];
	gop_ids got;
	fill(b, sizeof(b));
	for (size_t i = 0; i < 5; i++)
		put16(b, 101 + 2 * i, ids[i]); /* odd offset: packed data */
	assert_int_equal(igd_gop_supported_ids(b, sizeof(b), &got), IGD_OK);
	assert_int_equal(got.count, 5);
	assert_int_equal(got.first_offset, 101);
	/* ascending, no duplicates */
	assert_int_equal(got.id[0], 0x3E92);
	assert_int_equal(got.id[1], 0x5912);
	assert_int_equal(got.id[4], 0x591B);
	assert_true(igd_gop_ids_contain(&got, 0x5917));
	assert_false(igd_gop_ids_contain(&got, 0x5902));
}

static void test_strided_structs(void **state)
{
	(void)state;
	uint8_t b[512];
	gop_ids got;
	/* {u16 vendor; u16 device}: stride 4, the vendor words are not IGD IDs */
	fill(b, sizeof(b));
	for (size_t i = 0; i < 3; i++) {
		put16(b, 16 + 4 * i, 0x8086);
		put16(b, 18 + 4 * i, (uint16_t)(0x9A40 + 9 * i)); /* 9A40 9A49 9A52: only two are known */
	}
	assert_int_equal(igd_gop_supported_ids(b, sizeof(b), &got), IGD_OK);
	assert_int_equal(got.count, 0); /* 9A52 is no IGD: the run is two long, too short */
	put16(b, 26, 0x9A60);
	assert_int_equal(igd_gop_supported_ids(b, sizeof(b), &got), IGD_OK);
	assert_int_equal(got.count, 3);
	assert_int_equal(got.first_offset, 18);
	/* 24-byte structs with the ID first: four entries needed at wide strides */
	fill(b, sizeof(b));
	static const uint16_t adl[] = { 0x4680, 0x4682, 0x4688, 0x468A };
	for (size_t i = 0; i < 3; i++)
		put16(b, 200 + 24 * i, adl[i]);
	assert_int_equal(igd_gop_supported_ids(b, sizeof(b), &got), IGD_OK);
	assert_int_equal(got.count, 0);
	put16(b, 200 + 24 * 3, adl[3]);
	assert_int_equal(igd_gop_supported_ids(b, sizeof(b), &got), IGD_OK);
	assert_int_equal(got.count, 4);
	assert_int_equal(got.first_offset, 200);
	/* beyond the widest stride nothing is a table */
	fill(b, sizeof(b));
	for (size_t i = 0; i < 4; i++)
		put16(b, i * (GOP_MAX_STRIDE + 2), adl[i]);
	assert_int_equal(igd_gop_supported_ids(b, sizeof(b), &got), IGD_OK);
	assert_int_equal(got.count, 0);
}

static void test_edges(void **state)
{
	(void)state;
	uint8_t b[8];
	gop_ids got;
	/* a table ending on the last byte is read in full; one byte short loses the last ID */
	put16(b, 0, 0x3E90);
	put16(b, 2, 0x3E91);
	put16(b, 4, 0x3E92);
	put16(b, 6, 0x3E98);
	assert_int_equal(igd_gop_supported_ids(b, 8, &got), IGD_OK);
	assert_int_equal(got.count, 4);
	assert_int_equal(igd_gop_supported_ids(b, 7, &got), IGD_OK);
	assert_int_equal(got.count, 3);
	assert_int_equal(igd_gop_supported_ids(b, 5, &got), IGD_OK);
	assert_int_equal(got.count, 0);
	assert_int_equal(igd_gop_supported_ids(b, 0, &got), IGD_OK);
	assert_int_equal(got.count, 0);
	assert_true(got.first_offset == SIZE_MAX);
	assert_int_equal(igd_gop_supported_ids(NULL, 8, &got), IGD_ERR_INVALID);
	assert_int_equal(igd_gop_supported_ids(b, 8, NULL), IGD_ERR_INVALID);
}

static void test_random_bytes_hold_no_table(void **state)
{
	(void)state;
	static uint8_t b[1 << 18];
	uint32_t x = 2463534242u; /* xorshift32: deterministic noise */
	gop_ids got;
	for (size_t i = 0; i < sizeof(b); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (uint8_t)x;
	}
	assert_int_equal(igd_gop_supported_ids(b, sizeof(b), &got), IGD_OK);
	assert_int_equal(got.count, 0);
}

static void test_every_known_id_fits(void **state)
{
	(void)state;
	/* the device table itself, as u16s: every known ID comes back and the list is capped */
	static uint8_t b[2 * 1024];
	gop_ids got;
	size_t n = 0;
	for (uint32_t id = 0; id <= 0xFFFF && n < 1024; id++)
		if (igd_lookup((uint16_t)id))
			put16(b, 2 * n++, (uint16_t)id);
	assert_true(n < GOP_MAX_IDS);
	assert_int_equal(igd_gop_supported_ids(b, 2 * n, &got), IGD_OK);
	assert_int_equal(got.count, n);
}

static void test_work_bound(void **state)
{
	(void)state;
	/* 1 MiB of one ID over and over: no driver looks like this, and scanning every stride of
	 * it would cost ~32 lookups per byte; the search gives up with no IDs */
	static uint8_t b[1 << 20];
	gop_ids got;
	for (size_t i = 0; i < sizeof(b); i += 2)
		put16(b, i, 0x3E92);
	assert_int_equal(igd_gop_supported_ids(b, sizeof(b), &got), IGD_ERR_TOO_LARGE);
	assert_int_equal(got.count, 0);
	assert_true(got.first_offset == SIZE_MAX);
}

static size_t put_utf16(uint8_t *b, size_t at, const char *s)
{
	for (; *s; s++, at += 2) {
		b[at] = (uint8_t)*s;
		b[at + 1] = 0;
	}
	b[at] = b[at + 1] = 0;
	return at + 2;
}

static void test_version(void **state)
{
	(void)state;
	static const char s[] = "xxIntel(R) GOP Driver [21.0.1061]\0";
	uint8_t b[2 * sizeof(s)];
	char v[64];
	for (size_t i = 0; i < sizeof(s); i++) {
		b[2 * i] = (uint8_t)s[i];
		b[2 * i + 1] = 0;
	}
	assert_true(igd_gop_version(b, sizeof(b), v, sizeof(v)));
	assert_string_equal(v, "Intel(R) GOP Driver [21.0.1061]");
	/* the output is cut to its capacity, NUL-terminated */
	assert_true(igd_gop_version(b, sizeof(b), v, 8));
	assert_string_equal(v, "Intel(R");
	/* a string cut by the end of the image still counts, shorter */
	assert_true(igd_gop_version(b, 4 + 2 * 19, v, sizeof(v)));
	assert_string_equal(v, "Intel(R) GOP Driver");
	assert_false(igd_gop_version(b, 4 + 2 * 18, v, sizeof(v)));
	assert_string_equal(v, "");
	assert_false(igd_gop_version((const uint8_t *)"Intel(R) GOP Driver", 19, v, sizeof(v))); /* ASCII, not UTF-16 */
	assert_false(igd_gop_version(b, sizeof(b), v, 0));
	/* found after near misses (the first character, then a prefix) and at an odd offset */
	uint8_t m[256];
	memset(m, 'I', sizeof(m));
	size_t at = put_utf16(m, 1, "Intel(R) GOP");
	assert_true(at % 2 == 1);
	at = put_utf16(m, at, "Intel(R) GOP Driver [9.0.1]");
	assert_true(igd_gop_version(m, at, v, sizeof(v)));
	assert_string_equal(v, "Intel(R) GOP Driver [9.0.1]");
}

static void test_version_build_string(void **state)
{
	(void)state;
	uint8_t img[512] = { 0 };
	char v[128];
	/* the real form: the bare name, then the build number as the next string */
	size_t at = put_utf16(img, 64, "Intel(R) GOP Driver");
	put_utf16(img, at + 4, "1084");
	assert_true(igd_gop_version(img, sizeof(img), v, sizeof(v)));
	assert_string_equal(v, "Intel(R) GOP Driver (build 1084)");
	/* a following string that is not a build number is left out */
	memset(img, 0, sizeof(img));
	at = put_utf16(img, 64, "Intel(R) GOP Driver");
	put_utf16(img, at, "Copyright");
	assert_true(igd_gop_version(img, sizeof(img), v, sizeof(v)));
	assert_string_equal(v, "Intel(R) GOP Driver");
	/* the bracketed form stays as it is */
	memset(img, 0, sizeof(img));
	at = put_utf16(img, 10, "Intel(R) GOP Driver [9.0.1084]");
	put_utf16(img, at, "1084");
	assert_true(igd_gop_version(img, sizeof(img), v, sizeof(v)));
	assert_string_equal(v, "Intel(R) GOP Driver [9.0.1084]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_build_string),
		cmocka_unit_test(test_u16_array),
		cmocka_unit_test(test_strided_structs),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_random_bytes_hold_no_table),
		cmocka_unit_test(test_every_known_id_fits),
		cmocka_unit_test(test_work_bound),
		cmocka_unit_test(test_version),
	};
	return cmocka_run_group_tests_name("gop", tests, NULL, NULL);
}
