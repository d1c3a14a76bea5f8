// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The encoder's two Huffman builders side by side, white box (the encoder's source is included
 * with its entry points renamed): EDK2's heap (compat mode, whose tie-breaking decides EDK2's
 * exact output) and the sorted two-queue construction (best mode).  On every frequency shape
 * both give complete canonical codes no longer than 16 bits and the same total length, also
 * where the optimal tree is deeper than 16 and the limit applies.  Then best mode's tuning of the
 * C lengths against their table: complete codes, never a bigger block, smaller where rare
 * symbols abound. */
#include "helpers.h"

#define igd_efic_compress whitebox_efic_compress
#define igd_efic_compress_progress whitebox_efic_compress_progress
#define igd_efic_compress_work_size whitebox_efic_compress_work_size
#define igd_efic_compress_bound whitebox_efic_compress_bound
#include "../../lib/core/efi_compress.c"

static struct enc e;

/* Builds with one builder and checks the code; returns the total bits of the symbols. */
static uint64_t build(bool sorted, int n, const uint16_t *freq_in, int *used)
{
	uint16_t freq[2 * NC - 1], code[NC];
	uint8_t len[NC];
	uint32_t total = 0, kraft = 0;
	uint64_t bits = 0;

	memset(freq, 0, sizeof(freq));
	memcpy(freq, freq_in, (size_t)n * sizeof(freq[0]));
	e.own_codes = sorted;
	int root = make_tree(&e, n, freq, len, code);
	*used = 0;
	for (int i = 0; i < n; i++) {
		total += freq_in[i];
		*used += freq_in[i] != 0;
	}
	if (*used < 2) { /* no tree: the one symbol (or 0) is sent by itself */
		assert_true(root < n);
		assert_true(*used == 0 || freq_in[root]);
		return 0;
	}
	assert_true(root >= n);
	assert_int_equal(freq[root], total);
	for (int i = 0; i < n; i++) {
		assert_int_equal(len[i] == 0, freq_in[i] == 0);
		assert_true(len[i] <= 16);
		if (len[i])
			kraft += 1u << (16 - len[i]);
		bits += (uint64_t)freq_in[i] * len[i];
	}
	assert_int_equal(kraft, 1u << 16); /* complete: EDK2's decoder refuses anything else */
	/* canonical: within a length, codes count up in symbol order from where the shorter
	 * lengths ended (what the decoder's table rebuilds from the lengths alone) */
	uint32_t next = 0;
	for (int l = 1; l <= 16; l++) {
		for (int i = 0; i < n; i++)
			if (len[i] == l)
				assert_int_equal(code[i], next++);
		next <<= 1;
	}
	return bits;
}

static int deepest(int n, const uint16_t *freq_in)
{
	uint16_t freq[2 * NC - 1], code[NC];
	uint8_t len[NC];
	int max = 0;
	memset(freq, 0, sizeof(freq));
	memcpy(freq, freq_in, (size_t)n * sizeof(freq[0]));
	e.own_codes = true;
	make_tree(&e, n, freq, len, code);
	for (int i = 0; i < n; i++)
		max = len[i] > max ? len[i] : max;
	return max;
}

static void same_total(int n, const uint16_t *freq)
{
	int used_heap, used_sorted;
	uint64_t heap = build(false, n, freq, &used_heap), sorted = build(true, n, freq, &used_sorted);
	assert_int_equal(used_heap, used_sorted);
	assert_int_equal(heap, sorted);
}

static void test_builders_agree(void **state)
{
	(void)state;
	uint16_t f[NC];
	/* Fibonacci frequencies: the optimal tree is 21 deep, so the limit to 16 applies */
	memset(f, 0, sizeof(f));
	f[0] = f[20] = 1;
	for (int k = 2; k < 22; k++)
		f[20 * k] = (uint16_t)(f[20 * (k - 1)] + f[20 * (k - 2)]);
	same_total(NC, f);
	assert_int_equal(deepest(NC, f), 16);
	/* the same with the symbols in reverse order of frequency */
	uint16_t r[NC];
	for (int i = 0; i < NC; i++)
		r[i] = f[NC - 1 - i];
	same_total(NC, r);
	/* all 510 symbols once, all equal, a pair, one, none */
	for (int i = 0; i < NC; i++)
		f[i] = 1;
	same_total(NC, f);
	memset(f, 0, sizeof(f));
	f[3] = 9;
	f[400] = 1;
	same_total(NC, f);
	memset(f, 0, sizeof(f));
	f[509] = 77;
	same_total(NC, f);
	memset(f, 0, sizeof(f));
	same_total(NC, f);
	/* random shapes over the three alphabets, sums within a block's u16 */
	uint32_t x = 1;
	for (int round = 0; round < 300; round++) {
		int n = round % 3 == 0 ? NC : round % 3 == 1 ? NT : 14;
		memset(f, 0, sizeof(f));
		for (int i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			unsigned v = (x >> 16) & 0xFFFF;
			/* mostly unused or rare, a few heavy: deep trees */
			f[i] = (uint16_t)(v % 4 == 0 ? 0 : v % 7 == 0 ? (v >> 4) % (30000 / (unsigned)n + 1) : (v >> 8) % 3);
		}
		same_total(n, f);
	}
}

static uint32_t kraft_of(const uint8_t *len)
{
	uint32_t kraft = 0;
	for (int i = 0; i < NC; i++)
		if (len[i])
			kraft += 1u << (16 - len[i]);
	return kraft;
}

static void test_tuned_lengths(void **state)
{
	(void)state;
	uint32_t x = 3;
	int smaller = 0;
	for (int round = 0; round < 60; round++) {
		memset(&e, 0, sizeof(e));
		e.own_codes = true;
		/* a block as best mode sees it: literals spread, many lengths used once or twice */
		for (int i = 0; i < NC; i++) {
			x = x * 1103515245u + 12345u;
			unsigned v = x >> 16;
			e.c_freq[i] = (uint16_t)(i < 256 ? 20 + v % (40 + 4 * (unsigned)round) : v % 5 < 2 ? 0 : v % 3 + (i < 270 ? 300 : 0));
		}
		uint8_t huff_len[NC];
		make_tree(&e, NC, e.c_freq, e.c_len, e.c_code);
		memcpy(huff_len, e.c_len, NC);
		uint64_t huffman = c_side_bits(&e);
		tune_c_lengths(&e);
		uint64_t tuned = c_side_bits(&e);
		assert_true(tuned <= huffman);
		smaller += tuned < huffman;
		assert_int_equal(kraft_of(e.c_len), 1u << 16);
		uint16_t code[NC];
		canonical_codes(NC, e.c_len, code);
		for (int i = 0; i < NC; i++) {
			assert_int_equal(e.c_len[i] == 0, e.c_freq[i] == 0);
			assert_true(e.c_len[i] <= 16);
			assert_int_equal(e.c_code[i], code[i]);
		}
	}
	assert_true(smaller >= 30); /* the tuning does find smaller blocks on such shapes */
	/* the Lagrangian fill ends at a complete code whatever the table costs */
	for (int round = 0; round < 200; round++) {
		uint16_t f[NC];
		uint32_t t[17];
		uint8_t len[NC];
		for (int i = 0; i < NC; i++) {
			x = x * 1103515245u + 12345u;
			f[i] = (uint16_t)((x >> 16) % 7 == 0 ? (x >> 20) % 2000 : 0);
		}
		f[round % NC] = 1;
		f[(round * 7 + 1) % NC] = 65000;
		for (int l = 0; l <= 16; l++) {
			x = x * 1103515245u + 12345u;
			t[l] = (x >> 16) % 12;
		}
		lengths_for_table_costs(f, t, len);
		assert_int_equal(kraft_of(len), 1u << 16);
		for (int i = 0; i < NC; i++)
			assert_int_equal(len[i] == 0, f[i] == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builders_agree),
		cmocka_unit_test(test_tuned_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
