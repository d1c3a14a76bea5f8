// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz the E820 allocator: the input is a script of operations; the table must stay valid. */
#include <stdlib.h>

#include "igd/bytes.h"
#include "igd/e820.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	e820_entry st[32];
	e820_table t;
	igd_e820_init(&t, st, 32);
	igd_e820_add(&t, 0, 0xA0000, E820_RAM);
	igd_e820_add(&t, 0x100000, 0x7FF00000, E820_RAM);
	for (size_t off = 0; off + 13 <= size; off += 13) {
		uint32_t x = 0, a32 = 0, l32 = 0;
		uint64_t r;
		igd_get_le32(data, size, off, &x);
		igd_get_le32(data, size, off + 4, &a32);
		igd_get_le32(data, size, off + 8, &l32);
		uint64_t a = (uint64_t)a32 << 12, l = l32;
		uint64_t align = 1ull << (data[off + 12] % 32);
		switch (x % 4) {
		case 0: igd_e820_add(&t, a, l, 1 + x % 5); break;
		case 1: igd_e820_carve(&t, a, l, 1 + x % 5); break;
		default: igd_e820_alloc(&t, l, align, 2 + x % 3, (e820_policy)(x % 3), a, &r); break;
		}
		if (igd_e820_validate(&t, NULL) != IGD_OK)
			abort();
	}
	return 0;
}
