// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The EFI/Tiano decoder against every EDK2 TianoCompress vector, and malformed streams. */
#include "helpers.h"
#include "igd/efi_compress.h"

static efic_scratch scratch;

static void decode_manifest(efic_format fmt)
{
	size_t mlen, count = 0;
	uint8_t *raw = load_testdata("vectors/compress/MANIFEST.tsv", &mlen);
	char *man = malloc(mlen + 1);
	memcpy(man, raw, mlen);
	man[mlen] = 0;
	free(raw);
	char *line = strtok(man, "\n");
	for (line = strtok(NULL, "\n"); line; line = strtok(NULL, "\n")) {
		char in[256], efi[256], tiano[256];
		if (sscanf(line, "%255s %255s %255s", in, efi, tiano) != 3)
			continue;
		size_t ilen, clen;
		uint8_t *orig = load_testdata(in, &ilen);
		uint8_t *comp = load_testdata(fmt == EFIC_FORMAT_EFI ? efi : tiano, &clen);
		uint32_t osz, csz;
		assert_int_equal(igd_efic_get_info(comp, clen, &osz, &csz), IGD_OK);
		assert_int_equal(osz, ilen);
		uint8_t *out = malloc(osz + 1);
		igd_where w = { 0, NULL };
		igd_status st = igd_efic_decompress(fmt, comp, clen, out, osz, &scratch, &w);
		if (st)
			fail_msg("%s: %s at 0x%zx", in, w.what, w.offset);
		assert_memory_equal(out, orig, ilen);
		free(out);
		free(orig);
		free(comp);
		count++;
	}
	assert_true(count >= 26);
	free(man);
}

static void test_efi_vectors(void **state)
{
	(void)state;
	decode_manifest(EFIC_FORMAT_EFI);
}

static void test_tiano_vectors(void **state)
{
	(void)state;
	decode_manifest(EFIC_FORMAT_TIANO);
}

/* Progress (the write-behind contract): reports grow, come about every step, end at the total,
 * and the bytes a report calls final are the final bytes. */
struct progress_check {
	const uint8_t *dst, *expected;
	size_t last, reports;
	bool bytes_final;
};

static void check_progress(void *ctx, size_t done, size_t total)
{
	struct progress_check *c = ctx;
	assert_true(done >= c->last && done <= total);
	c->bytes_final &= memcmp(c->dst, c->expected, done) == 0;
	c->last = done;
	c->reports++;
}

static void test_progress(void **state)
{
	(void)state;
	size_t n = 0, cap = 0;
	uint8_t *in = NULL;
	/* 6 MB from the PE corpus (with repeats, so matches reach back) */
	static const char *const files[] = { "corpus/pe/Shell.efi", "corpus/pe/DxeCore.efi", "corpus/pe/UiApp.efi" };
	for (int r = 0; r < 6; r++)
		for (size_t f = 0; f < 3; f++) {
			size_t len;
			uint8_t *d = load_testdata(files[f], &len);
			if (n + len > cap)
				in = realloc(in, cap = (n + len) * 2);
			memcpy(in + n, d, len);
			n += len;
			free(d);
		}
	size_t ws = igd_efic_compress_work_size(EFIC_FORMAT_EFI, EFIC_MODE_COMPAT), clen;
	void *work = malloc(ws);
	uint8_t *comp = malloc(igd_efic_compress_bound(n)), *out = malloc(n);
	assert_int_equal(igd_efic_compress(EFIC_FORMAT_EFI, EFIC_MODE_COMPAT, in, n, comp, igd_efic_compress_bound(n),
				       &clen, work, ws), IGD_OK);
	struct progress_check c = { out, in, 0, 0, true };
	assert_int_equal(igd_efic_decompress_progress(EFIC_FORMAT_EFI, comp, clen, out, n, &scratch, NULL,
						      check_progress, &c), IGD_OK);
	assert_memory_equal(out, in, n);
	assert_true(c.bytes_final);
	assert_int_equal(c.last, n);
	assert_true(c.reports >= n / EFIC_DECODE_PROGRESS_STEP);
	free(work);
	free(comp);
	free(out);
	free(in);
}

static void test_malformed(void **state)
{
	(void)state;
	size_t clen;
	uint8_t *comp = load_testdata("vectors/compress/out/gpl3.txt.efi.cmp", &clen);
	uint32_t osz, csz;
	uint8_t *out;
	assert_int_equal(igd_efic_get_info(comp, clen, &osz, &csz), IGD_OK);
	out = malloc(osz);

	/* header claims more compressed bytes than given */
	assert_int_equal(igd_efic_get_info(comp, 8 + csz - 1, &osz, &csz), IGD_ERR_TRUNCATED);
	assert_int_equal(igd_efic_get_info(comp, 7, &osz, &csz), IGD_ERR_TRUNCATED);
	/* output buffer too small */
	assert_int_equal(igd_efic_decompress(EFIC_FORMAT_EFI, comp, clen, out, osz - 1, &scratch, NULL),
			 IGD_ERR_NOSPACE);
	/* compressed size cut: stream runs out before the output is complete */
	uint8_t *cut = malloc(clen);
	memcpy(cut, comp, clen);
	uint32_t half = csz / 2;
	memcpy(cut, &half, 4);
	assert_int_not_equal(igd_efic_decompress(EFIC_FORMAT_EFI, cut, clen, out, osz, &scratch, NULL),
			     IGD_OK);
	/* every single-byte corruption of the first 64 data bytes is either rejected or decodes to
	 * something of the right size: never a crash (ASan run) */
	for (size_t i = 8; i < 72; i++) {
		memcpy(cut, comp, clen);
		cut[i] ^= 0x5A;
		(void)igd_efic_decompress(EFIC_FORMAT_EFI, cut, clen, out, osz, &scratch, NULL);
	}
	/* a stream whose first block is empty (symbol count 0) is refused */
	uint8_t empty_block[12] = { 4, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0 };
	igd_where w = { 0, NULL };
	assert_int_equal(igd_efic_decompress(EFIC_FORMAT_EFI, empty_block, sizeof(empty_block), out, osz,
					 &scratch, &w),
			 IGD_ERR_CORRUPT);
	assert_non_null(w.what);
	assert_int_equal(igd_efic_decompress((efic_format)7, comp, clen, out, osz, &scratch, NULL),
			 IGD_ERR_INVALID);
	free(cut);
	free(out);
	free(comp);
}

/* A tiny MSB-first bit writer to craft streams for each CVE-2017-5731..5735 class. */
struct bw {
	uint8_t buf[256];
	size_t bits;
};

static void put(struct bw *w, unsigned n, uint32_t v)
{
	for (unsigned i = n; i-- > 0;) {
		if ((v >> i) & 1)
			w->buf[8 + w->bits / 8] |= (uint8_t)(0x80 >> (w->bits % 8));
		w->bits++;
	}
}

/* Header for a stream of `orig` bytes whose bits are all in the buffer. */
static size_t finish(struct bw *w, uint32_t orig)
{
	uint32_t comp = (uint32_t)((w->bits + 7) / 8);
	memcpy(w->buf, &comp, 4);
	memcpy(w->buf + 4, &orig, 4);
	return 8 + comp;
}

static igd_status decode(struct bw *w, uint32_t orig)
{
	static uint8_t out[4096];
	size_t len = finish(w, orig);
	return igd_efic_decompress(EFIC_FORMAT_EFI, w->buf, len, out, sizeof(out), &scratch, NULL);
}

static void test_cve_classes(void **state)
{
	(void)state;
	struct bw w;

	/* sanity: one literal 'A' (the README vector "A"): T n=0 sym 0, C n=0 sym 0x41, P n=0 */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 1); put(&w, 5, 0); put(&w, 5, 0); put(&w, 9, 0); put(&w, 9, 0x41); put(&w, 4, 0); put(&w, 4, 0);
	assert_int_equal(decode(&w, 1), IGD_OK);

	/* code length above 16 in the T set ("111" then 14 ones): MakeTable overflow class */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 1); put(&w, 5, 1);
	put(&w, 3, 7); put(&w, 14, 0x3FFF); put(&w, 1, 0);
	assert_int_equal(decode(&w, 1), IGD_ERR_CORRUPT);

	/* T count above its alphabet (NT = 19): table overrun class */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 1); put(&w, 5, 25);
	for (int i = 0; i < 25; i++) put(&w, 3, 1);
	assert_int_equal(decode(&w, 1), IGD_ERR_CORRUPT);

	/* single-symbol T set naming a symbol outside the alphabet */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 1); put(&w, 5, 0); put(&w, 5, 30);
	assert_int_equal(decode(&w, 1), IGD_ERR_CORRUPT);

	/* C count above 510 */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 1); put(&w, 5, 0); put(&w, 5, 3); put(&w, 9, 511);
	assert_int_equal(decode(&w, 1), IGD_ERR_CORRUPT);

	/* single C symbol outside the alphabet */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 1); put(&w, 5, 0); put(&w, 5, 0); put(&w, 9, 0); put(&w, 9, 510);
	assert_int_equal(decode(&w, 1), IGD_ERR_CORRUPT);

	/* over-subscribed T lengths (three codes of length 1): Kraft sum above 1 */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 1); put(&w, 5, 3); put(&w, 3, 1); put(&w, 3, 1); put(&w, 3, 1); put(&w, 2, 0);
	assert_int_equal(decode(&w, 1), IGD_ERR_CORRUPT);

	/* a match reaching before the start of the output: first symbol is the match
	 * (C sole symbol 256 = length 3, P sole symbol 0 = distance 1, nothing written yet) */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 1); put(&w, 5, 0); put(&w, 5, 0); put(&w, 9, 0); put(&w, 9, 256); put(&w, 4, 0); put(&w, 4, 0);
	assert_int_equal(decode(&w, 3), IGD_ERR_CORRUPT);

	/* a sole literal costs no bits: the same header gives any number of 'A's, bounded by the
	 * output size */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 2); put(&w, 5, 0); put(&w, 5, 0); put(&w, 9, 0); put(&w, 9, 0x41); put(&w, 4, 0); put(&w, 4, 0);
	assert_int_equal(decode(&w, 2), IGD_OK);

	/* a sole P symbol of 14 names a distance of at least 8 KiB into an empty output: refused
	 * before any copy */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 2); put(&w, 5, 0); put(&w, 5, 0); put(&w, 9, 0); put(&w, 9, 256); put(&w, 4, 0); put(&w, 4, 14);
	put(&w, 13, 0);
	assert_int_equal(decode(&w, 3), IGD_ERR_CORRUPT);

	/* the hang regression: output full must stop the decoder even mid-block */
	memset(&w, 0, sizeof(w));
	put(&w, 16, 0xFFFF); put(&w, 5, 0); put(&w, 5, 0); put(&w, 9, 0); put(&w, 9, 0x41); put(&w, 4, 0); put(&w, 4, 0);
	assert_int_equal(decode(&w, 3), IGD_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efi_vectors),
		cmocka_unit_test(test_tiano_vectors),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_cve_classes),
	};
	return cmocka_run_group_tests_name("efi_decompress", tests, NULL, NULL);
}
