// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Precision and recall of the GOP table reader (goptable.h) against the byte search (gop.h) on
 * the built synthetic GOPs and the GOP stand-in, whose true tables are in their headers.
 * Usage: bench_goptable BUILD_DIR */
#include <stdio.h>
#include <stdlib.h>

#include "igd/file.h"
#include "igd/goptable.h"
#include "../tests/goptable/layouts.h"
#include "../tests/qemu/gop_standin_ids.h"

struct score {
	size_t reported, right, truth, by_code, files;
};

static void count(struct score *s, const gop_ids *got, const uint16_t *truth, size_t n)
{
	s->files++;
	s->reported += got->count;
	s->truth += n;
	for (size_t i = 0; i < n; i++)
		s->right += igd_gop_ids_contain(got, truth[i]);
}

static void print(const char *what, const struct score *s)
{
	printf("  %-12s precision %.2f, recall %.2f (%zu IDs reported, %zu right, of %zu)\n", what,
	       s->reported ? (double)s->right / (double)s->reported : 0.0, s->truth ? (double)s->right / (double)s->truth : 0.0,
	       s->reported, s->right, s->truth);
}

int main(int argc, char **argv)
{
	static const uint16_t synth[] = { SYNTH_SCANNED_IDS }, standin[] = { STANDIN_GEN9_IDS, STANDIN_GEN12_IDS };
	static const char *builds[] = { "x64-Oz", "x64-Os", "ia32-Oz" };
	struct score reader = { 0 }, search = { 0 };
	if (argc != 2) {
		fprintf(stderr, "usage: bench_goptable BUILD_DIR\n");
		return 2;
	}
	for (size_t b = 0; b <= 3; b++)
		for (int layout = 1; layout <= (b < 3 ? 7 : 1); layout++) {
			char path[512];
			if (b < 3)
				snprintf(path, sizeof(path), "%s/goptable/%s-%d.efi", argv[1], builds[b], layout);
			else
				snprintf(path, sizeof(path), "%s/firmware/gop-standin.efi", argv[1]);
			uint8_t *img;
			size_t len;
			if (igd_file_read(path, 16u << 20, &img, &len) != IGD_OK) {
				fprintf(stderr, "bench_goptable: cannot read %s\n", path);
				return 1;
			}
			const uint16_t *truth = b < 3 ? synth : standin;
			size_t n = b < 3 ? SYNTH_SCANNED_COUNT : STANDIN_ID_COUNT;
			static igd_gop_table t;
			static gop_ids bytes;
			igd_gop_read_table(img, len, &t);
			igd_gop_supported_ids(img, len, &bytes);
			count(&reader, &t.ids, truth, n);
			reader.by_code += t.found_by == IGD_GOP_FOUND_BY_CODE;
			count(&search, &bytes, truth, n);
			free(img);
		}
	printf("  %zu binaries (7 table layouts x X64 -Oz, X64 -Os, IA32 -Oz; the GOP stand-in), each with decoy ID arrays\n",
	       reader.files);
	print("code reader", &reader);
	printf("  %-12s found by following Supported() in %zu of %zu\n", "", reader.by_code, reader.files);
	print("byte search", &search);
	return 0;
}
