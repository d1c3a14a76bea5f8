// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The encoder: compat byte-identical to every EDK2 vector; best smaller and decodable; both
 * formats round-trip; buffer and argument errors. */
#include "helpers.h"
#include "igd/efi_compress.h"

static efic_scratch scratch;

static uint8_t *compress(efic_format fmt, efic_mode mode, const uint8_t *in, size_t n, size_t *len)
{
	size_t ws = igd_efic_compress_work_size(fmt, mode), cap = igd_efic_compress_bound(n);
	void *work = malloc(ws);
	uint8_t *out = malloc(cap);
	assert_int_equal(igd_efic_compress(fmt, mode, in, n, out, cap, len, work, ws), IGD_OK);
	free(work);
	return out;
}

static void roundtrip(efic_format fmt, efic_mode mode, const uint8_t *in, size_t n)
{
	size_t len;
	uint8_t *c = compress(fmt, mode, in, n, &len);
	uint8_t *d = malloc(n + 1);
	uint32_t orig, comp;
	assert_int_equal(igd_efic_get_info(c, len, &orig, &comp), IGD_OK);
	assert_int_equal(orig, n);
	assert_int_equal(comp + 8, len); /* exact container, as UEFITool requires */
	assert_int_equal(igd_efic_decompress(fmt, c, len, d, n, &scratch, NULL), IGD_OK);
	assert_memory_equal(d, in, n);
	free(c);
	free(d);
}

static void test_compat_vectors(void **state)
{
	(void)state;
	size_t mlen, count = 0;
	uint8_t *raw = load_testdata("vectors/compress/MANIFEST.tsv", &mlen);
	char *man = malloc(mlen + 1);
	memcpy(man, raw, mlen);
	man[mlen] = 0;
	free(raw);
	for (char *line = strtok(man, "\n"); line; line = strtok(NULL, "\n")) {
		char in[256], efi[256], tiano[256];
		if (sscanf(line, "%255s %255s %255s", in, efi, tiano) != 3 || !strcmp(in, "input"))
			continue;
		size_t n, elen, tlen, len;
		uint8_t *src = load_testdata(in, &n), *e = load_testdata(efi, &elen), *t = load_testdata(tiano, &tlen);
		uint8_t *c = compress(EFIC_FORMAT_EFI, EFIC_MODE_COMPAT, src, n, &len);
		if (len != elen || memcmp(c, e, len))
			fail_msg("%s: EFI compat output differs from EDK2", in);
		free(c);
		c = compress(EFIC_FORMAT_TIANO, EFIC_MODE_COMPAT, src, n, &len);
		if (len != tlen || memcmp(c, t, len))
			fail_msg("%s: Tiano compat output differs from EDK2", in);
		free(c);
		roundtrip(EFIC_FORMAT_EFI, EFIC_MODE_BEST, src, n);
		free(src);
		free(e);
		free(t);
		count++;
	}
	assert_int_equal(count, 26);
	free(man);
}

static void test_best_smaller_and_wide_window(void **state)
{
	(void)state;
	/* 4 KiB of noise repeated 12 KiB later: only a window above 8 KiB can match it. */
	static uint8_t in[20000];
	uint32_t x = 1;
	for (size_t i = 0; i < sizeof(in); i++) {
		x = x * 1103515245u + 12345u;
		in[i] = (uint8_t)(x >> 16);
	}
	memcpy(in + 12000 + 4000, in + 4000, 4000);
	size_t lc, lb, lw;
	uint8_t *c = compress(EFIC_FORMAT_EFI, EFIC_MODE_COMPAT, in, sizeof(in), &lc);
	uint8_t *b = compress(EFIC_FORMAT_EFI, EFIC_MODE_BEST, in, sizeof(in), &lb);
	uint8_t *w = compress(EFIC_FORMAT_EFI, EFIC_MODE_BEST_WIDE, in, sizeof(in), &lw);
	/* the specification's 8 KiB window cannot reach the repeat; the 16 KiB one can */
	assert_true(lb + 3000 > lc && lb <= lc);
	assert_true(lw + 3000 < lc); /* the 4000-byte repeat became a few matches */
	/* and the decoder tells the two apart */
	uint8_t *d = malloc(sizeof(in));
	assert_int_equal(igd_efic_decompress(EFIC_FORMAT_EFI, b, lb, d, sizeof(in), &scratch, NULL), IGD_OK);
	assert_false(scratch.beyond_spec_window);
	assert_int_equal(igd_efic_decompress(EFIC_FORMAT_EFI, w, lw, d, sizeof(in), &scratch, NULL), IGD_OK);
	assert_true(scratch.beyond_spec_window);
	assert_memory_equal(d, in, sizeof(in));
	assert_int_equal(igd_efic_decompress(EFIC_FORMAT_EFI, c, lc, d, sizeof(in), &scratch, NULL), IGD_OK);
	assert_false(scratch.beyond_spec_window); /* EDK2's own streams are inside */
	roundtrip(EFIC_FORMAT_EFI, EFIC_MODE_BEST, in, sizeof(in));
	roundtrip(EFIC_FORMAT_EFI, EFIC_MODE_BEST_WIDE, in, sizeof(in));
	roundtrip(EFIC_FORMAT_TIANO, EFIC_MODE_BEST, in, sizeof(in));
	free(c);
	free(b);
	free(w);
	free(d);
}

static void test_roundtrip_shapes(void **state)
{
	(void)state;
	static uint8_t buf[70000];
	const size_t sizes[] = { 0, 1, 2, 3, 255, 256, 257, 4096, 8193, 16385, 65536, 70000 };
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		for (size_t i = 0; i < n; i++) /* runs, text-like and noise mixed */
			buf[i] = (uint8_t)(i % 3000 < 1000 ? 0u : i % 3000 < 2000 ? (size_t)(uint8_t)"igdrom "[i % 7] : (i * 2654435761u) >> 24);
		for (int f = 1; f <= 2; f++)
			for (int m = 0; m <= 2; m++)
				roundtrip((efic_format)f, (efic_mode)m, buf, n);
	}
}

/* 600 KB of random A/C/G/T: about 4.5 matches of rising length a position, more than the match
 * pool holds on average over a 256 KiB+ segment.  The pool once ran full there and a position
 * took the previous one's slot; the stream then decoded to other bytes (from byte 476,437). */
static void test_best_pool_full(void **state)
{
	(void)state;
	size_t n = 600000;
	uint8_t *in = malloc(n);
	uint32_t x = 1;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		in[i] = (uint8_t)"ACGT"[(x >> 16) & 3];
	}
	roundtrip(EFIC_FORMAT_EFI, EFIC_MODE_BEST, in, n);
	roundtrip(EFIC_FORMAT_EFI, EFIC_MODE_BEST_WIDE, in, n);
	free(in);
}

static void test_errors(void **state)
{
	(void)state;
	uint8_t in[100] = { 0 }, out[16];
	size_t len, ws = igd_efic_compress_work_size(EFIC_FORMAT_EFI, EFIC_MODE_COMPAT);
	void *work = malloc(ws);
	assert_int_equal(igd_efic_compress(EFIC_FORMAT_EFI, EFIC_MODE_COMPAT, in, sizeof(in), out, 4, &len,
				       work, ws), IGD_ERR_NOSPACE);
	assert_true(len > 4); /* the size needed is reported */
	assert_int_equal(igd_efic_compress(EFIC_FORMAT_EFI, EFIC_MODE_COMPAT, in, sizeof(in), out,
				       sizeof(out), &len, work, ws - 1), IGD_ERR_NOSPACE);
	assert_int_equal(igd_efic_compress((efic_format)3, EFIC_MODE_COMPAT, in, sizeof(in), out,
				       sizeof(out), &len, work, ws), IGD_ERR_INVALID);
	assert_int_equal(igd_efic_compress(EFIC_FORMAT_EFI, EFIC_MODE_COMPAT, NULL, 5, out, sizeof(out),
				       &len, work, ws), IGD_ERR_INVALID);
	free(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compat_vectors),
		cmocka_unit_test(test_best_smaller_and_wide_window),
		cmocka_unit_test(test_roundtrip_shapes),
		cmocka_unit_test(test_best_pool_full),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests_name("efi_compress", tests, NULL, NULL);
}
