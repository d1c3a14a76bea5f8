// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz the ROM chain parser and verifier, including decompression of compressed images; the
 * PE bytes the verifier hands out are read whole (ASan sees any that lie outside). */
#include <stdlib.h>

#include "igd/efi_compress.h"
#include "igd/pcirom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_pe(void *ctx, unsigned image, const uint8_t *pe, size_t pe_len)
{
	unsigned *sum = ctx;
	*sum += image;
	for (size_t i = 0; i < pe_len; i++)
		*sum += pe[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static efic_scratch scratch;
	static uint8_t out[1 << 20];
	unsigned pe_sum = 0;
	pcirom_verify_work work = { out, sizeof(out), &scratch, read_pe, &pe_sum };
	pcirom_summary sum;
	size_t off = 0;
	unsigned guard = 0;

	igd_pcirom_verify(data, size, &work, NULL, NULL, &sum);
	for (;;) {
		pcirom_image img;
		if (igd_pcirom_parse_image(data, size, off, &img, NULL))
			break;
		(void)igd_pcirom_check_efi_load(&img);
		if (!igd_pcirom_next_offset(&img, size, &off) || ++guard > 100000)
			break;
	}
	return 0;
}
