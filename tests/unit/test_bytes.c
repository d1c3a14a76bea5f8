// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The checked byte reader/writer: every boundary (offset 0, last byte, one past, wrap-around
 * near SIZE_MAX), both byte orders, untouched outputs on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "igd/bytes.h"

static const uint8_t buf[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };

static void test_offset_zero(void **state)
{
	(void)state;
	uint8_t b;
	uint16_t w;
	uint32_t d;
	uint64_t q;
	assert_int_equal(igd_get_u8(buf, 8, 0, &b), IGD_OK);
	assert_int_equal(b, 0x11);
	assert_int_equal(igd_get_le16(buf, 8, 0, &w), IGD_OK);
	assert_int_equal(w, 0x2211);
	assert_int_equal(igd_get_le32(buf, 8, 0, &d), IGD_OK);
	assert_int_equal(d, 0x44332211);
	assert_int_equal(igd_get_le64(buf, 8, 0, &q), IGD_OK);
	assert_true(q == 0x8877665544332211ull);
	assert_int_equal(igd_get_be16(buf, 8, 0, &w), IGD_OK);
	assert_int_equal(w, 0x1122);
	assert_int_equal(igd_get_be32(buf, 8, 0, &d), IGD_OK);
	assert_int_equal(d, 0x11223344);
}

static void test_last_byte_and_one_past(void **state)
{
	(void)state;
	uint8_t b = 0xAB;
	uint16_t w = 0xABCD;
	uint32_t d = 0xDEADBEEF;
	uint64_t q = 7;
	assert_int_equal(igd_get_u8(buf, 8, 7, &b), IGD_OK);
	assert_int_equal(b, 0x88);
	assert_int_equal(igd_get_le16(buf, 8, 6, &w), IGD_OK);
	assert_int_equal(w, 0x8877);
	assert_int_equal(igd_get_le32(buf, 8, 4, &d), IGD_OK);
	assert_int_equal(d, 0x88776655);
	/* one past: every width fails and leaves the output alone */
	b = 0xAB;
	assert_int_equal(igd_get_u8(buf, 8, 8, &b), IGD_ERR_RANGE);
	assert_int_equal(b, 0xAB);
	w = 0xABCD;
	assert_int_equal(igd_get_le16(buf, 8, 7, &w), IGD_ERR_RANGE);
	assert_int_equal(w, 0xABCD);
	d = 0xDEADBEEF;
	assert_int_equal(igd_get_le32(buf, 8, 5, &d), IGD_ERR_RANGE);
	assert_int_equal(d, 0xDEADBEEF);
	assert_int_equal(igd_get_le64(buf, 8, 1, &q), IGD_ERR_RANGE);
	assert_true(q == 7);
	assert_int_equal(igd_get_le16(buf, 0, 0, &w), IGD_ERR_RANGE);
	assert_int_equal(igd_get_u8(NULL, 8, 0, &b), IGD_ERR_RANGE);
}

static void test_wraparound(void **state)
{
	(void)state;
	uint32_t d = 1;
	uint16_t w = 1;
	/* off + n wraps to a small number: must still be refused */
	assert_int_equal(igd_get_le32(buf, 8, SIZE_MAX, &d), IGD_ERR_RANGE);
	assert_int_equal(igd_get_le32(buf, 8, SIZE_MAX - 2, &d), IGD_ERR_RANGE);
	assert_int_equal(igd_get_le16(buf, SIZE_MAX, SIZE_MAX, &w), IGD_ERR_RANGE);
	assert_int_equal(d, 1);
	assert_false(igd_range_ok(8, SIZE_MAX, 2));
	assert_false(igd_range_ok(SIZE_MAX, SIZE_MAX - 1, 2));
	assert_true(igd_range_ok(SIZE_MAX, SIZE_MAX - 1, 1));
	assert_true(igd_range_ok(8, 8, 0));
	assert_false(igd_range_ok(8, 9, 0));
	assert_null(igd_ptr(buf, 8, 4, SIZE_MAX - 2));
	assert_non_null(igd_ptr(buf, 8, 4, 4));
	size_t sum;
	assert_false(igd_add_ok(SIZE_MAX, 1, &sum));
	assert_true(igd_add_ok(SIZE_MAX - 1, 1, &sum));
	assert_true(sum == SIZE_MAX);
	uint64_t a;
	assert_false(igd_align_up(UINT64_MAX - 10, 512, &a));
	assert_true(igd_align_up(513, 512, &a));
	assert_true(a == 1024);
}

static void test_writers(void **state)
{
	(void)state;
	uint8_t out[8] = { 0 };
	assert_int_equal(igd_put_le32(out, 8, 4, 0x01020304), IGD_OK);
	assert_memory_equal(out + 4, "\x04\x03\x02\x01", 4);
	assert_int_equal(igd_put_be32(out, 8, 0, 0x01020304), IGD_OK);
	assert_memory_equal(out, "\x01\x02\x03\x04", 4);
	assert_int_equal(igd_put_le64(out, 8, 0, 0x1122334455667788ull), IGD_OK);
	assert_memory_equal(out, "\x88\x77\x66\x55\x44\x33\x22\x11", 8);
	assert_int_equal(igd_put_le16(out, 8, 7, 0xFFFF), IGD_ERR_RANGE);
	assert_int_equal(out[7], 0x11); /* nothing written on failure */
	assert_int_equal(igd_put_le64(out, 8, SIZE_MAX - 3, 0), IGD_ERR_RANGE);
	assert_int_equal(igd_put_u8(out, 8, 7, 0x5A), IGD_OK);
	assert_int_equal(out[7], 0x5A);
	assert_int_equal(igd_put_be16(out, 8, 0, 0xA1B2), IGD_OK);
	assert_memory_equal(out, "\xA1\xB2", 2);
}

static void test_match_and_strerror(void **state)
{
	(void)state;
	assert_true(igd_match(buf, 8, 1, "\x22\x33", 2));
	assert_false(igd_match(buf, 8, 7, "\x88\x00", 2));
	assert_false(igd_match(buf, 8, SIZE_MAX, "\x11", 1));
	for (int e = 0; e < IGD_ERR__COUNT; e++)
		assert_string_not_equal(igd_strerror((igd_status)e), "unknown error");
	assert_string_equal(igd_strerror((igd_status)999), "unknown error");
	assert_string_equal(igd_strerror(IGD_OK), "success");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offset_zero),
		cmocka_unit_test(test_last_byte_and_one_past),
		cmocka_unit_test(test_wraparound),
		cmocka_unit_test(test_writers),
		cmocka_unit_test(test_match_and_strerror),
	};
	return cmocka_run_group_tests_name("bytes", tests, NULL, NULL);
}
