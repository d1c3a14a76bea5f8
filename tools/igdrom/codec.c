// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

/* Progress on a terminal only (stderr), at most every 5 %. */
struct progress {
	const char *name;
	unsigned last;
};

static void show_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	unsigned pct = total ? (unsigned)(done * 100 / total) : 100;
	if (pct >= p->last + 5 || pct == 100) {
		fprintf(stderr, "\r%s: compressing %u%%", p->name, pct);
		p->last = pct;
		if (pct == 100)
			fputc('\n', stderr);
	}
}

bool codec_compress(const char *name, efic_format fmt, efic_mode mode, const uint8_t *in,
		    size_t n, uint8_t **out, size_t *out_len)
{
	size_t ws = igd_efic_compress_work_size(fmt, mode), cap = igd_efic_compress_bound(n);
	void *work = malloc(ws);
	uint8_t *buf = malloc(cap);
	igd_status st;

	if (!work || !buf) {
		free(work);
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: out of memory", name), false;
	}
	struct progress prog = { name, 0 };
	bool tty = isatty(2) && n >= (1u << 20); /* only large inputs take long enough to show */
	st = igd_efic_compress_progress(fmt, mode, in, n, buf, cap, out_len, work, ws,
				    tty ? show_progress : NULL, &prog);
	free(work);
	if (st) {
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: cannot compress: %s", name, igd_strerror(st)), false;
	}
	*out = buf;
	return true;
}

bool codec_decompress(const char *name, efic_format fmt, const uint8_t *in, size_t n, uint8_t **out,
		      size_t *out_len)
{
	bool beyond;
	return codec_decompress_window(name, fmt, in, n, out, out_len, &beyond);
}

bool codec_decompress_window(const char *name, efic_format fmt, const uint8_t *in, size_t n,
			     uint8_t **out, size_t *out_len, bool *beyond_spec)
{
	static efic_scratch scratch;
	uint32_t orig, comp;
	igd_where w = { 0, "" };
	uint8_t *buf;

	if (igd_efic_get_info(in, n, &orig, &comp))
		return cli_error(EXIT_RUNTIME, "%s: offset 0x0: compressed size in the header exceeds the file",
				 name), false;
	buf = malloc(orig ? orig : 1);
	if (!buf)
		return cli_error(EXIT_RUNTIME, "%s: out of memory for %u bytes", name, orig), false;
	if (igd_efic_decompress(fmt, in, n, buf, orig, &scratch, &w)) {
		free(buf);
		return cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", name, w.offset, w.what), false;
	}
	*out = buf;
	*out_len = orig;
	*beyond_spec = scratch.beyond_spec_window;
	return true;
}
