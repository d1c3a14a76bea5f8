// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/bytes.h"

/* Reads n (1..8) bytes as an integer in the given byte order. */
static igd_status get_uint(const uint8_t *buf, size_t len, size_t off, size_t n, bool big,
			   uint64_t *ret)
{
	uint64_t v = 0;

	if (!buf || !igd_range_ok(len, off, n))
		return IGD_ERR_RANGE;
	for (size_t i = 0; i < n; i++) {
		size_t idx = big ? i : n - 1 - i;
		v = (v << 8) | buf[off + idx];
	}
	*ret = v;
	return IGD_OK;
}

static igd_status put_uint(uint8_t *buf, size_t len, size_t off, size_t n, bool big, uint64_t v)
{
	if (!buf || !igd_range_ok(len, off, n))
		return IGD_ERR_RANGE;
	for (size_t i = 0; i < n; i++) {
		size_t idx = big ? n - 1 - i : i;
		buf[off + idx] = (uint8_t)(v >> (8 * i));
	}
	return IGD_OK;
}

#define DEFINE_GET(name, type, n, big)                                                    \
	igd_status name(const uint8_t *buf, size_t len, size_t off, type *ret)             \
	{                                                                                  \
		uint64_t v;                                                                \
		igd_status st = get_uint(buf, len, off, n, big, &v);                       \
		if (st == IGD_OK)                                                          \
			*ret = (type)v;                                                    \
		return st;                                                                 \
	}
#define DEFINE_PUT(name, type, n, big)                                                    \
	igd_status name(uint8_t *buf, size_t len, size_t off, type v)                      \
	{                                                                                  \
		return put_uint(buf, len, off, n, big, v);                                 \
	}

DEFINE_GET(igd_get_u8, uint8_t, 1, false)
DEFINE_GET(igd_get_le16, uint16_t, 2, false)
DEFINE_GET(igd_get_le32, uint32_t, 4, false)
DEFINE_GET(igd_get_le64, uint64_t, 8, false)
DEFINE_GET(igd_get_be16, uint16_t, 2, true)
DEFINE_GET(igd_get_be32, uint32_t, 4, true)
DEFINE_PUT(igd_put_u8, uint8_t, 1, false)
DEFINE_PUT(igd_put_le16, uint16_t, 2, false)
DEFINE_PUT(igd_put_le32, uint32_t, 4, false)
DEFINE_PUT(igd_put_le64, uint64_t, 8, false)
DEFINE_PUT(igd_put_be16, uint16_t, 2, true)
DEFINE_PUT(igd_put_be32, uint32_t, 4, true)

const uint8_t *igd_ptr(const uint8_t *buf, size_t len, size_t off, size_t n)
{
	if (!buf || !igd_range_ok(len, off, n))
		return NULL;
	return buf + off;
}

bool igd_match(const uint8_t *buf, size_t len, size_t off, const void *magic, size_t n)
{
	const uint8_t *p = igd_ptr(buf, len, off, n);
	return p && memcmp(p, magic, n) == 0;
}
