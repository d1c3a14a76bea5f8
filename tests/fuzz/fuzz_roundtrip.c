// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Round-trip oracle (lz4's round_trip_fuzzer is the model): compress in both modes and both
 * formats, decompress, compare.  The first byte picks format and mode; input capped at 64 KiB. */
#include <stdlib.h>

#include "igd/efi_compress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static efic_scratch scratch;
	if (size < 1 || size > 65537)
		return 0;
	efic_format fmt = (data[0] & 1) ? EFIC_FORMAT_TIANO : EFIC_FORMAT_EFI;
	/* bits 1-2: compat, best (the specification's window), best 16 KiB */
	efic_mode mode = (data[0] >> 1) % 3 == 2 ? EFIC_MODE_BEST_WIDE : (data[0] >> 1) % 3 == 1 ? EFIC_MODE_BEST
											  : EFIC_MODE_COMPAT;
	const uint8_t *in = data + 1;
	size_t n = size - 1, ws = igd_efic_compress_work_size(fmt, mode), cap = igd_efic_compress_bound(n), len;
	/* work memory once per (format, mode): tens of MiB for Tiano, allocated and faulted in
	 * only the first time */
	static void *works[2][3];
	void **slot = &works[fmt == EFIC_FORMAT_TIANO][mode];
	if (!*slot)
		*slot = malloc(ws);
	void *work = *slot;
	uint8_t *c = malloc(cap), *d = malloc(n + 1);
	if (!work || !c || !d)
		abort();
	if (igd_efic_compress(fmt, mode, in, n, c, cap, &len, work, ws) != IGD_OK)
		abort();
	if (igd_efic_decompress(fmt, c, len, d, n, &scratch, NULL) != IGD_OK || memcmp(d, in, n) != 0)
		abort();
	if (fmt == EFIC_FORMAT_EFI && mode != EFIC_MODE_BEST_WIDE && scratch.beyond_spec_window)
		abort(); /* compat and best stay inside the specification's window */
	free(c);
	free(d);
	return 0;
}
