// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz the EFI/Tiano decoder: first byte picks the format, output capped at 1 MiB. */
#include "igd/efi_compress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static efic_scratch scratch;
	static uint8_t out[1 << 20];
	uint32_t orig, comp;
	if (size < 1)
		return 0;
	efic_format fmt = (data[0] & 1) ? EFIC_FORMAT_TIANO : EFIC_FORMAT_EFI;
	if (igd_efic_get_info(data + 1, size - 1, &orig, &comp) == IGD_OK && orig <= sizeof(out))
		igd_efic_decompress(fmt, data + 1, size - 1, out, sizeof(out), &scratch, NULL);
	return 0;
}
