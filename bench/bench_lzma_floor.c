// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * `make bench`: the floor under listing a firmware image.  Finds the largest LZMA section with
 * igdrom's walker, then times liblzma alone decoding it (best of 5, wall clock, output buffer
 * touched as the walker's is).  Any lister that must decode that stream, igdrom included,
 * needs at least this long; the ratio to UEFIExtract can be no better than its time over this.
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "igd/file.h"
#include "igd/fwimage.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	uint8_t *img;
	size_t len;
	fw_tree t;
	if (argc != 2 || igd_file_read(argv[1], 1u << 30, &img, &len) != IGD_OK || igd_fw_parse(img, len, &t) != IGD_OK) {
		fprintf(stderr, "usage: bench_lzma_floor IMAGE (a readable firmware image)\n");
		return 2;
	}
	/* The largest LZMA section of the image itself (a node's body is its decoded data; the
	 * stream is the section's own body, re-read from the image). */
	ffs_section big = { 0 };
	const uint8_t *base = NULL;
	for (size_t i = 0; i < t.count; i++) {
		const fw_node *n = &t.nodes[i];
		ffs_section s;
		size_t cur = 0;
		if (n->kind == FW_SECTION && n->in_image && n->note && !strcmp(n->note, "LZMA") &&
		    igd_ffs_next_section(img + n->offset, n->size, &cur, &s, NULL) == IGD_OK && s.body_size > big.body_size) {
			big = s;
			base = img + n->offset;
		}
	}
	if (!base || big.body_size < 13) {
		printf("0 0 0\n");
		return 0;
	}
	const uint8_t *stream = base + big.body_offset;
	uint64_t size = 0;
	for (int i = 0; i < 8; i++)
		size |= (uint64_t)stream[5 + i] << (8 * i);
	double best = 1e9;
	for (int run = 0; run < 5; run++) {
		double t0 = now_ms();
		uint8_t *out = malloc((size_t)size);
		lzma_stream s = LZMA_STREAM_INIT;
		if (!out || lzma_alone_decoder(&s, UINT64_MAX) != LZMA_OK)
			return 1;
		s.next_in = stream;
		s.avail_in = big.body_size;
		s.next_out = out;
		s.avail_out = (size_t)size;
		lzma_ret r = lzma_code(&s, LZMA_FINISH);
		lzma_end(&s);
		free(out);
		if (r != LZMA_OK && r != LZMA_STREAM_END)
			return 1;
		double ms = now_ms() - t0;
		best = ms < best ? ms : best;
	}
	printf("%zu %llu %.0f\n", big.body_size, (unsigned long long)size, best);
	igd_fw_tree_free(&t);
	free(img);
	return 0;
}
