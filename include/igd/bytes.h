/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * The only way the core reads or writes input bytes: little-endian integers at an offset,
 * with the range `[off, off + n)` checked against the buffer length, including wrap-around of
 * `off + n` (libfdt's fdt_offset_ptr and coreboot's region.c follow the same rule).  On
 * failure the output is untouched and IGD_ERR_RANGE is returned.
 */
#ifndef IGD_BYTES_H
#define IGD_BYTES_H

#include "env.h"
#include "error.h"

/* True when [off, off + n) lies within a buffer of `len` bytes. */
static inline bool igd_range_ok(size_t len, size_t off, size_t n)
{
	return off <= len && n <= len - off;
}

igd_status igd_get_u8(const uint8_t *buf, size_t len, size_t off, uint8_t *ret);
igd_status igd_get_le16(const uint8_t *buf, size_t len, size_t off, uint16_t *ret);
igd_status igd_get_le32(const uint8_t *buf, size_t len, size_t off, uint32_t *ret);
igd_status igd_get_le64(const uint8_t *buf, size_t len, size_t off, uint64_t *ret);
igd_status igd_get_be16(const uint8_t *buf, size_t len, size_t off, uint16_t *ret);
igd_status igd_get_be32(const uint8_t *buf, size_t len, size_t off, uint32_t *ret);

igd_status igd_put_u8(uint8_t *buf, size_t len, size_t off, uint8_t v);
igd_status igd_put_le16(uint8_t *buf, size_t len, size_t off, uint16_t v);
igd_status igd_put_le32(uint8_t *buf, size_t len, size_t off, uint32_t v);
igd_status igd_put_le64(uint8_t *buf, size_t len, size_t off, uint64_t v);
igd_status igd_put_be16(uint8_t *buf, size_t len, size_t off, uint16_t v);
igd_status igd_put_be32(uint8_t *buf, size_t len, size_t off, uint32_t v);

/* Checked pointer to n bytes at off (NULL when out of range). */
const uint8_t *igd_ptr(const uint8_t *buf, size_t len, size_t off, size_t n);

/* True when the n bytes at off equal `magic` (false when out of range). */
bool igd_match(const uint8_t *buf, size_t len, size_t off, const void *magic, size_t n);

/* Overflow-checked helpers used by parsers before they compute a bound. */
static inline bool igd_add_ok(size_t a, size_t b, size_t *sum)
{
	if (a > SIZE_MAX - b)
		return false;
	*sum = a + b;
	return true;
}

/* Round v up to a multiple of the power of two `align`; false on overflow. */
static inline bool igd_align_up(uint64_t v, uint64_t align, uint64_t *ret)
{
	if (v > UINT64_MAX - (align - 1))
		return false;
	*ret = (v + align - 1) & ~(align - 1);
	return true;
}

#endif
