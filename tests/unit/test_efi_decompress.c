// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The EFI/Tiano decoder against every EDK2 TianoCompress vector, and malformed streams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "igd/efi_compress.h"
#include "igd/file.h"

static const char *shared(void)
{
	const char *s = getenv("SHARED");
	return s ? s : "../shared";
}

static uint8_t *load(const char *rel, size_t *len)
{
	char path[512];
	uint8_t *buf;
	snprintf(path, sizeof(path), "%s/%s", shared(), rel);
	if (igd_file_read(path, 64u << 20, &buf, len) != IGD_OK)
		fail_msg("cannot read %s", path);
	return buf;
}

static efic_scratch scratch;

static void decode_manifest(efic_format fmt)
{
	size_t mlen, count = 0;
	uint8_t *raw = load("vectors/compress/MANIFEST.tsv", &mlen);
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
		uint8_t *orig = load(in, &ilen);
		uint8_t *comp = load(fmt == EFIC_FORMAT_EFI ? efi : tiano, &clen);
		uint32_t osz, csz;
		assert_int_equal(efic_get_info(comp, clen, &osz, &csz), IGD_OK);
		assert_int_equal(osz, ilen);
		uint8_t *out = malloc(osz + 1);
		igd_where w = { 0, NULL };
		igd_status st = efic_decompress(fmt, comp, clen, out, osz, &scratch, &w);
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

static void test_malformed(void **state)
{
	(void)state;
	size_t clen;
	uint8_t *comp = load("vectors/compress/out/gpl3.txt.efi.cmp", &clen);
	uint32_t osz, csz;
	uint8_t *out;
	assert_int_equal(efic_get_info(comp, clen, &osz, &csz), IGD_OK);
	out = malloc(osz);

	/* header claims more compressed bytes than given */
	assert_int_equal(efic_get_info(comp, 8 + csz - 1, &osz, &csz), IGD_ERR_TRUNCATED);
	assert_int_equal(efic_get_info(comp, 7, &osz, &csz), IGD_ERR_TRUNCATED);
	/* output buffer too small */
	assert_int_equal(efic_decompress(EFIC_FORMAT_EFI, comp, clen, out, osz - 1, &scratch, NULL),
			 IGD_ERR_NOSPACE);
	/* compressed size cut: stream runs out before the output is complete */
	uint8_t *cut = malloc(clen);
	memcpy(cut, comp, clen);
	uint32_t half = csz / 2;
	memcpy(cut, &half, 4);
	assert_int_not_equal(efic_decompress(EFIC_FORMAT_EFI, cut, clen, out, osz, &scratch, NULL),
			     IGD_OK);
	/* every single-byte corruption of the first 64 data bytes is either rejected or decodes to
	 * something of the right size: never a crash (ASan run) */
	for (size_t i = 8; i < 72; i++) {
		memcpy(cut, comp, clen);
		cut[i] ^= 0x5A;
		(void)efic_decompress(EFIC_FORMAT_EFI, cut, clen, out, osz, &scratch, NULL);
	}
	/* a stream whose first block is empty (symbol count 0) is refused */
	uint8_t empty_block[12] = { 4, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0 };
	igd_where w = { 0, NULL };
	assert_int_equal(efic_decompress(EFIC_FORMAT_EFI, empty_block, sizeof(empty_block), out, osz,
					 &scratch, &w),
			 IGD_ERR_CORRUPT);
	assert_non_null(w.what);
	assert_int_equal(efic_decompress((efic_format)7, comp, clen, out, osz, &scratch, NULL),
			 IGD_ERR_INVALID);
	free(cut);
	free(out);
	free(comp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efi_vectors),
		cmocka_unit_test(test_tiano_vectors),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests_name("efi_decompress", tests, NULL, NULL);
}
