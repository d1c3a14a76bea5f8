// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz the ROM chain parser and verifier, including decompression of compressed images. */
#include <stdlib.h>

#include "igd/efi_compress.h"
#include "igd/pcirom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static efic_scratch scratch;
	static uint8_t out[1 << 20];
	pcirom_verify_work work = { out, sizeof(out), &scratch };
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
