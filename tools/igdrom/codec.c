// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "codec.h"

#include <stdlib.h>

#include "cli.h"

bool codec_compress(const char *name, efic_format fmt, efic_mode mode, const uint8_t *in,
		    size_t n, uint8_t **out, size_t *out_len)
{
	size_t ws = efic_compress_work_size(fmt, mode), cap = efic_compress_bound(n);
	void *work = malloc(ws);
	uint8_t *buf = malloc(cap);
	igd_status st;

	if (!work || !buf) {
		free(work);
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: out of memory", name), false;
	}
	st = efic_compress(fmt, mode, in, n, buf, cap, out_len, work, ws);
	free(work);
	if (st) {
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: cannot compress: %s", name, igd_strerror(st)), false;
	}
	*out = buf;
	return true;
}

bool codec_decompress(const char *name, efic_format fmt, const uint8_t *in, size_t n,
		      uint8_t **out, size_t *out_len)
{
	static efic_scratch scratch;
	uint32_t orig, comp;
	igd_where w = { 0, "" };
	uint8_t *buf;

	if (efic_get_info(in, n, &orig, &comp))
		return cli_error(EXIT_RUNTIME, "%s: offset 0x0: compressed size in the header exceeds the file",
				 name), false;
	buf = malloc(orig ? orig : 1);
	if (!buf)
		return cli_error(EXIT_RUNTIME, "%s: out of memory for %u bytes", name, orig), false;
	if (efic_decompress(fmt, in, n, buf, orig, &scratch, &w)) {
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", name, w.offset, w.what), false;
	}
	*out = buf;
	*out_len = orig;
	return true;
}
