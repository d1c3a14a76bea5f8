// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * Fuzz the EFI/Tiano decoder: first byte picks the format, output capped at 1 MiB.  The input is
 * also decoded by the decoder built without its fast loop (the careful loop alone): both must
 * agree on success and, when they succeed, on every byte.
 */
#include <stdlib.h>
#include <string.h>

#include "igd/efi_compress.h"

igd_status careful_efic_decompress(efic_format fmt, const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
				   efic_scratch *s, igd_where *where);
igd_status careful_efic_get_info(const uint8_t *src, size_t len, uint32_t *ret_orig_size,
				 uint32_t *ret_comp_size);
#define EFIC_FAST_LOOP 0
#define igd_efic_decompress careful_efic_decompress
#define igd_efic_get_info careful_efic_get_info
#include "../../lib/core/efi_decompress.c"
#undef igd_efic_decompress
#undef igd_efic_get_info

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static efic_scratch scratch;
	static uint8_t out[1 << 20], careful_out[1 << 20];
	uint32_t orig, comp;
	if (size < 1)
		return 0;
	efic_format fmt = (data[0] & 1) ? EFIC_FORMAT_TIANO : EFIC_FORMAT_EFI;
	if (igd_efic_get_info(data + 1, size - 1, &orig, &comp) == IGD_OK && orig <= sizeof(out)) {
		igd_status fast = igd_efic_decompress(fmt, data + 1, size - 1, out, sizeof(out), &scratch, NULL);
		igd_status careful = careful_efic_decompress(fmt, data + 1, size - 1, careful_out, sizeof(careful_out),
							     &scratch, NULL);
		if (fast != careful || (fast == IGD_OK && memcmp(out, careful_out, orig) != 0))
			abort(); /* the fast loop decoded differently */
	}
	return 0;
}
