// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Round-trip oracle (lz4's round_trip_fuzzer is the model): compress in both modes and both
 * formats, decompress, compare.  The first byte picks format and mode, and whether the encoder
 * is the library's or a copy built with 2 KiB parse segments (so that best mode's segment ends
 * and a full match pool, which real inputs reach only past hundreds of KiB, are reached by
 * inputs of a few KiB: the pool once corrupted streams there); input capped at 64 KiB. */
#include <stdlib.h>
#include <string.h>

#include "igd/efi_compress.h"

igd_status small_segments_efic_compress(efic_format fmt, efic_mode mode, const uint8_t *src, size_t n,
					uint8_t *dst, size_t cap, size_t *ret_len, void *work, size_t work_size);
igd_status small_segments_efic_compress_progress(efic_format fmt, efic_mode mode, const uint8_t *src,
						 size_t n, uint8_t *dst, size_t cap, size_t *ret_len, void *work,
						 size_t work_size, efic_progress_fn progress, void *ctx);
size_t small_segments_efic_compress_work_size(efic_format fmt, efic_mode mode);
size_t small_segments_efic_compress_bound(size_t n);
#define EFIC_BEST_SEGMENT 2048
#define igd_efic_compress small_segments_efic_compress
#define igd_efic_compress_progress small_segments_efic_compress_progress
#define igd_efic_compress_work_size small_segments_efic_compress_work_size
#define igd_efic_compress_bound small_segments_efic_compress_bound
#include "../../lib/core/efi_compress.c"
#undef igd_efic_compress
#undef igd_efic_compress_progress
#undef igd_efic_compress_work_size
#undef igd_efic_compress_bound

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
	bool small = data[0] & 8;
	const uint8_t *in = data + 1;
	size_t n = size - 1, cap = igd_efic_compress_bound(n), len;
	size_t ws = small ? small_segments_efic_compress_work_size(fmt, mode) : igd_efic_compress_work_size(fmt, mode);
	/* work memory once per (encoder, format, mode): tens of MiB for Tiano, allocated and
	 * faulted in only the first time */
	static void *works[2][2][3];
	void **slot = &works[small][fmt == EFIC_FORMAT_TIANO][mode];
	if (!*slot)
		*slot = malloc(ws);
	void *work = *slot;
	uint8_t *c = malloc(cap), *d = malloc(n + 1);
	if (!work || !c || !d)
		abort();
	if ((small ? small_segments_efic_compress : igd_efic_compress)(fmt, mode, in, n, c, cap, &len, work, ws) !=
	    IGD_OK)
		abort();
	if (igd_efic_decompress(fmt, c, len, d, n, &scratch, NULL) != IGD_OK || memcmp(d, in, n) != 0)
		abort();
	if (fmt == EFIC_FORMAT_EFI && mode != EFIC_MODE_BEST_WIDE && scratch.beyond_spec_window)
		abort(); /* compat and best stay inside the specification's window */
	free(c);
	free(d);
	return 0;
}
