// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * Fuzz the EFI/Tiano decoder: first byte picks the format, output capped at 4 MiB (progress is
 * reported every MiB).  The input is
 * also decoded by the decoder built without its fast loop (the careful loop alone): both must
 * agree on success and, when they succeed, on every byte; and bytes the progress reports call
 * final must not change afterwards.
 */
#include <stdlib.h>
#include <string.h>

#include "igd/efi_compress.h"

igd_status careful_efic_decompress(efic_format fmt, const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
				   efic_scratch *s, igd_where *where);
igd_status careful_efic_get_info(const uint8_t *src, size_t len, uint32_t *ret_orig_size,
				 uint32_t *ret_comp_size);
igd_status careful_efic_decompress_progress(efic_format fmt, const uint8_t *src, size_t len, uint8_t *dst,
					    size_t cap, efic_scratch *s, igd_where *where, efic_progress_fn progress,
					    void *ctx);
#define EFIC_FAST_LOOP 0
#define igd_efic_decompress careful_efic_decompress
#define igd_efic_get_info careful_efic_get_info
#define igd_efic_decompress_progress careful_efic_decompress_progress
#include "../../lib/core/efi_decompress.c"
#undef igd_efic_decompress
#undef igd_efic_get_info
#undef igd_efic_decompress_progress

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes each progress report calls final, summed as they are reported: they must still
 * sum the same once decoding is over. */
struct reported {
	const uint8_t *dst;
	size_t done;
	uint64_t sum;
};

static void on_progress(void *ctx, size_t done, size_t total)
{
	struct reported *r = ctx;
	if (done < r->done || done > total)
		abort();
	for (; r->done < done; r->done++)
		r->sum = r->sum * 31 + r->dst[r->done];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static efic_scratch scratch;
	static uint8_t out[4 << 20], careful_out[4 << 20];
	uint32_t orig, comp;
	if (size < 1)
		return 0;
	efic_format fmt = (data[0] & 1) ? EFIC_FORMAT_TIANO : EFIC_FORMAT_EFI;
	if (igd_efic_get_info(data + 1, size - 1, &orig, &comp) == IGD_OK && orig <= sizeof(out)) {
		struct reported rep = { out, 0, 0 };
		igd_status fast = igd_efic_decompress_progress(fmt, data + 1, size - 1, out, sizeof(out), &scratch, NULL,
							       on_progress, &rep);
		uint64_t again = 0;
		for (size_t i = 0; i < rep.done; i++)
			again = again * 31 + out[i];
		if (again != rep.sum)
			abort(); /* a byte reported final changed afterwards */
		igd_status careful = careful_efic_decompress(fmt, data + 1, size - 1, careful_out, sizeof(careful_out),
							     &scratch, NULL);
		if (fast != careful || (fast == IGD_OK && memcmp(out, careful_out, orig) != 0))
			abort(); /* the fast loop decoded differently */
	}
	return 0;
}
