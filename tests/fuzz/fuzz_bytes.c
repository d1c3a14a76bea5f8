// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz the checked reader: offsets come from the input itself, as in a real parser. */
#include "igd/bytes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t off = 0, q;
	uint32_t d;
	uint16_t w;
	uint8_t b;
	if (size < 8)
		return 0;
	igd_get_le64(data, size, 0, &off);
	for (size_t k = 0; k < 4; k++) {
		size_t o = (size_t)(off >> (16 * k)) ^ k;
		igd_get_u8(data, size, o, &b);
		igd_get_le16(data, size, o, &w);
		igd_get_be16(data, size, o, &w);
		igd_get_le32(data, size, o, &d);
		igd_get_be32(data, size, o, &d);
		igd_get_le64(data, size, o, &q);
		igd_get_le32(data, size, SIZE_MAX - k, &d);
		igd_match(data, size, o, "$VBT", 4);
		(void)igd_ptr(data, size, o, (size_t)q);
	}
	return 0;
}
