// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * EFI/Tiano encoder, compat mode: reproduces EDK2's encoders bit for bit.  The algorithm is the
 * LZ77 + static Huffman scheme of the UEFI "Compression Algorithm Specification": a suffix
 * tree over a sliding window finds the longest match, a one-step lazy parse chooses literals
 * or matches, and each block of symbols gets canonical Huffman codes (lengths limited to 16).
 * Behaviour that decides the exact output (tie-breaking in the heap, length limiting, block
 * flush points, the Tiano rule for far 3-byte matches) follows tianocore/edk2
 * BaseTools/Source/C/Common/EfiCompress.c (EFI) and BaseTools/Source/C/TianoCompress/
 * TianoCompress.c (Tiano); docs/uefi-compression.md §5 lists it.  All state is in `struct enc`,
 * carved from the caller's work memory: no globals, no allocation.
 */
#include "igd/efi_compress.h"

#include "igd/bytes.h"

enum {
	THRESHOLD = 3,
	MAXMATCH = 256,
	CODE_BIT = 16,
	NC = 0xFF + MAXMATCH + 2 - THRESHOLD, /* 510 */
	NT = CODE_BIT + 3,                    /* 19 */
	TBIT = 5,
	CBIT = 9,
	NP_MAX = 20,
	NPT = NT > NP_MAX ? NT : NP_MAX,
	BLOCK_BUF = 16 * 1024,
	NIL = 0,
};
#define PERC_FLAG ((int32_t)0x80000000u) /* marks a position not yet propagated to parents */

typedef int32_t node;

struct huff {
	uint16_t *freq; /* 2n - 1 entries: internal nodes follow the leaves */
	uint8_t *len;
	uint16_t *code;
	int n;
};

struct enc {
	/* format */
	unsigned wndbit, pbit, np, pos_bytes, flush_margin;
	uint32_t wndsiz;
	uint32_t max_dist;       /* best mode: the farthest match back, in bytes */
	bool far_threshold_rule; /* Tiano: a 3-byte match further than 2 KiB is a literal */
	/* input and output */
	const uint8_t *src, *src_end;
	uint8_t *dst, *dst_end;
	uint32_t comp_size, orig_size;
	uint32_t bit_count, sub_bit_buf;
	/* window and suffix tree */
	uint8_t *text, *level, *child_count;
	node *position, *prev;
	/* a node's parent and its successor in its hash bucket, side by side: the bucket walk
	 * (child) reads both for each node it passes */
	struct link {
		node parent, next;
	} *link;
	node pos, match_pos, avail;
	int32_t remainder, match_len;
	/* block buffer and Huffman state */
	uint8_t *buf;
	uint32_t buf_size, output_pos, output_mask, flag_pos;
	uint16_t c_freq[2 * NC - 1], p_freq[2 * NP_MAX - 1], t_freq[2 * NT - 1];
	uint8_t c_len[NC], pt_len[NPT];
	uint16_t c_code[NC], pt_code[NPT];
	uint16_t left[2 * NC - 1], right[2 * NC - 1];
	int16_t heap[NC + 1];
	int heap_size;
	uint16_t len_count[17];
	efic_progress_fn progress;
	void *progress_ctx;
	/* best mode */
	bool counting;        /* put_bits only counts (block cost evaluation) */
	bool own_codes;       /* best mode: the codes are this encoder's choice, not EDK2's
			       * (make_tree_sorted, tune_c_lengths) */
	uint64_t bits_counted;
	struct best *best;
};

/* The child buckets: EDK2 hashes (node, char) to node + (char << (WNDBIT - 9)) over
 * 3 * WNDSIZ + (WNDSIZ / 512 + 1) * 255 slots, and the root nodes' children (the most looked-up)
 * crowd into a few thousand of them.  Which bucket a child sits in does not change the output:
 * a node's children have distinct first characters, so child(q, c) finds the one node whose
 * parent is q in q's bucket for c whatever else shares it, provided the hash is one-to-one in
 * c for a given q.  Here q is mixed and c added modulo a power of two of at least 256 buckets:
 * one-to-one in c, and the buckets stay short. */
static uint32_t bucket_bits(uint32_t wndsiz)
{
	return wndsiz > (1u << 13) ? 20 : 16;
}

static uint32_t max_hash(uint32_t wndsiz)
{
	return 2 * wndsiz + (1u << bucket_bits(wndsiz)) - 1;
}

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

static size_t layout(uint32_t wndsiz, struct enc *e, uint8_t *base)
{
	size_t off = align8(sizeof(struct enc));
	size_t text = 2 * (size_t)wndsiz + MAXMATCH, inner = wndsiz + 0x100;
	size_t sizes[] = { text, inner, inner, inner * sizeof(node), 2 * (size_t)wndsiz * sizeof(node),
			   ((size_t)max_hash(wndsiz) + 1) * sizeof(struct link), BLOCK_BUF };
	void **slots[] = { (void **)&e->text, (void **)&e->level, (void **)&e->child_count,
			   (void **)&e->position, (void **)&e->prev, (void **)&e->link, (void **)&e->buf };
	for (size_t i = 0; i < IGD_ARRAY_SIZE(sizes); i++) {
		if (base)
			*slots[i] = base + off;
		off = align8(off + sizes[i]);
	}
	return off;
}

static size_t best_layout(uint32_t wndsiz, struct best *b, uint8_t *base);

/* Best mode's window: the specification's 8 KiB for EFI, 16 KiB when asked (15 position
 * classes fit PBIT 4, see efi_compress_best.inc), Tiano's own 512 KiB. */
static uint32_t best_window(efic_format fmt, efic_mode mode)
{
	return fmt == EFIC_FORMAT_TIANO ? 1u << 19 : mode == EFIC_MODE_BEST_WIDE ? 1u << 14 : 1u << 13;
}

size_t igd_efic_compress_work_size(efic_format fmt, efic_mode mode)
{
	struct enc tmp;
	uint32_t wndsiz = fmt == EFIC_FORMAT_TIANO ? 1u << 19 : 1u << 13;
	if (mode == EFIC_MODE_BEST || mode == EFIC_MODE_BEST_WIDE)
		return best_layout(best_window(fmt, mode), NULL, NULL);
	return layout(wndsiz, &tmp, NULL);
}

size_t igd_efic_compress_bound(size_t n)
{
	/* Worst case: every byte a literal with a 16-bit code (2 bytes), plus per-block tables
	 * (under 1 KiB per block of >= 1800 symbols) and the header/terminator. */
	return 2 * n + (n / 1024 + 1) * 1024 + 64;
}

/* ---- bit output ---- */

static void put_bits(struct enc *e, unsigned n, uint32_t x)
{
	if (e->counting) {
		e->bits_counted += n;
		return;
	}
	while (n >= e->bit_count) {
		n -= e->bit_count;
		uint8_t byte = (uint8_t)(e->sub_bit_buf | (n < 32 ? x >> n : 0));
		if (e->dst < e->dst_end)
			*e->dst++ = byte;
		e->comp_size++;
		e->sub_bit_buf = 0;
		e->bit_count = 8;
	}
	e->bit_count -= n;
	e->sub_bit_buf |= (x << e->bit_count) & 0xFF;
}

/* ---- Huffman trees (EDK2 MakeTree/MakeLen/MakeCode semantics) ---- */

static void down_heap(struct enc *e, const uint16_t *freq, int i)
{
	int k = e->heap[i], j;
	while ((j = 2 * i) <= e->heap_size) {
		if (j < e->heap_size && freq[e->heap[j]] > freq[e->heap[j + 1]])
			j++;
		if (freq[k] <= freq[e->heap[j]])
			break;
		e->heap[i] = e->heap[j];
		i = j;
	}
	e->heap[i] = (int16_t)k;
}

static void count_len(struct enc *e, int n, int node_index, int depth)
{
	if (node_index < n) {
		e->len_count[depth < 16 ? depth : 16]++;
	} else {
		count_len(e, n, e->left[node_index], depth + 1);
		count_len(e, n, e->right[node_index], depth + 1);
	}
}

/* Canonical codes for the lengths: within a length, counting up in symbol order from where the
 * shorter lengths ended (what the decoder rebuilds from the lengths alone). */
static void canonical_codes(int n, const uint8_t *len, uint16_t *code)
{
	uint16_t count[17] = { 0 }, start[18] = { 0 };
	for (int i = 0; i < n; i++)
		count[len[i]]++;
	for (int i = 1; i <= 16; i++)
		start[i + 1] = (uint16_t)((start[i] + count[i]) << 1);
	for (int i = 0; i < n; i++)
		code[i] = len[i] ? start[len[i]]++ : 0; /* an unused symbol is never sent */
}

/* Lengths from the depth counts in len_count, limited to 16 by moving codes up from the deepest
 * level until the Kraft sum is exactly 2^16; `order` holds the leaves from least to most
 * frequent, and the least frequent get the longest codes.  Then the canonical codes. */
static void assign_lengths(struct enc *e, int n, const uint16_t *order, uint8_t *len, uint16_t *code)
{
	int i;
	uint32_t cum = 0;
	for (i = 16; i > 0; i--)
		cum += (uint32_t)e->len_count[i] << (16 - i);
	while (cum != (1u << 16)) {
		e->len_count[16]--;
		for (i = 15; i > 0; i--) {
			if (e->len_count[i]) {
				e->len_count[i]--;
				e->len_count[i + 1] += 2;
				break;
			}
		}
		cum--;
	}
	int at = 0;
	for (i = 16; i > 0; i--)
		for (int c = e->len_count[i]; c > 0; c--)
			len[order[at++]] = (uint8_t)i;
	canonical_codes(n, len, code);
}

/* Huffman lengths without a heap, for best mode, where any optimal code will do (compat mode
 * keeps make_tree's heap, whose tie-breaking decides EDK2's exact output): the used leaves
 * sorted by frequency (two byte-wide radix passes, stable), then the two-queue construction
 * (J. van Leeuwen, "On the construction of Huffman trees", ICALP 1976): internal nodes are made
 * in non-decreasing weight, so the two lightest nodes are always at the heads of the leaf
 * queue and the internal queue.  Same contract as make_tree: the root index (>= n, with
 * freq[root] the total) or, for fewer than two used symbols, that symbol. */
static int make_tree_sorted(struct enc *e, int n, uint16_t *freq, uint8_t *len, uint16_t *code)
{
	uint16_t order[NC], tmp[NC], parent[2 * NC];
	uint32_t weight[2 * NC], total = 0;
	uint8_t depth[2 * NC];
	int m = 0;

	for (int i = 0; i < n; i++) {
		len[i] = 0;
		if (freq[i])
			tmp[m++] = (uint16_t)i;
	}
	if (m < 2) {
		int only = m ? tmp[0] : 0;
		code[only] = 0;
		return only;
	}
	for (int shift = 0; shift <= 8; shift += 8) {
		uint16_t start[257] = { 0 };
		const uint16_t *from = shift ? order : tmp;
		uint16_t *to = shift ? tmp : order;
		for (int i = 0; i < m; i++)
			start[((freq[from[i]] >> shift) & 0xFF) + 1]++;
		for (int b = 0; b < 256; b++)
			start[b + 1] = (uint16_t)(start[b + 1] + start[b]);
		for (int i = 0; i < m; i++)
			to[start[(freq[from[i]] >> shift) & 0xFF]++] = from[i];
	}
	memcpy(order, tmp, (size_t)m * sizeof(order[0]));
	for (int i = 0; i < m; i++)
		total += weight[i] = freq[order[i]];
	int leaf = 0, inner = m;
	for (int made = m; made < 2 * m - 1; made++) {
		int two[2];
		for (int t = 0; t < 2; t++)
			two[t] = leaf < m && (inner >= made || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
		weight[made] = weight[two[0]] + weight[two[1]];
		parent[two[0]] = parent[two[1]] = (uint16_t)made;
	}
	memset(e->len_count, 0, sizeof(e->len_count));
	depth[2 * m - 2] = 0;
	for (int i = 2 * m - 3; i >= 0; i--) {
		depth[i] = (uint8_t)(depth[parent[i]] + 1);
		if (i < m)
			e->len_count[depth[i] < 16 ? depth[i] : 16]++;
	}
	assign_lengths(e, n, order, len, code);
	freq[n] = (uint16_t)total;
	return n;
}

/* Returns the root; leaves with frequency 0 get length 0. */
static int make_tree(struct enc *e, int n, uint16_t *freq, uint8_t *len, uint16_t *code)
{
	uint16_t order[NC];
	int sorted = 0, avail = n, i, j, k = 0;

	if (e->own_codes)
		return make_tree_sorted(e, n, freq, len, code);
	e->heap_size = 0;
	e->heap[1] = 0;
	for (i = 0; i < n; i++) {
		len[i] = 0;
		if (freq[i])
			e->heap[++e->heap_size] = (int16_t)i;
	}
	if (e->heap_size < 2) {
		code[e->heap[1]] = 0;
		return e->heap[1];
	}
	for (i = e->heap_size / 2; i >= 1; i--)
		down_heap(e, freq, i);
	do {
		i = e->heap[1];
		if (i < n)
			order[sorted++] = (uint16_t)i;
		e->heap[1] = e->heap[e->heap_size--];
		down_heap(e, freq, 1);
		j = e->heap[1];
		if (j < n)
			order[sorted++] = (uint16_t)j;
		k = avail++;
		freq[k] = (uint16_t)(freq[i] + freq[j]);
		e->heap[1] = (int16_t)k;
		down_heap(e, freq, 1);
		e->left[k] = (uint16_t)i;
		e->right[k] = (uint16_t)j;
	} while (e->heap_size > 1);

	memset(e->len_count, 0, sizeof(e->len_count));
	count_len(e, n, k, 0);
	assign_lengths(e, n, order, len, code);
	return k;
}

/* ---- block output ---- */

/*
 * The C code lengths as T symbols (zero runs: 1-2 as T0 each, 3-18 as T1 + 4 bits, 19 as
 * T0 + T1 with 15, 20+ as T2 + 9 bits).  One walk serves both passes: counting T frequencies
 * (write false) and writing the C set (write true), so the two can never disagree.
 */
static void t_symbol(struct enc *e, bool write, int sym, unsigned extra_bits, uint32_t extra)
{
	if (!write) {
		e->t_freq[sym]++;
		return;
	}
	put_bits(e, e->pt_len[sym], e->pt_code[sym]);
	if (extra_bits)
		put_bits(e, extra_bits, extra);
}

static void c_len_as_t(struct enc *e, bool write)
{
	int n = NC, i = 0;
	if (!write)
		memset(e->t_freq, 0, NT * sizeof(e->t_freq[0]));
	while (n > 0 && e->c_len[n - 1] == 0)
		n--;
	if (write)
		put_bits(e, CBIT, (uint32_t)n);
	while (i < n) {
		int k = e->c_len[i++];
		if (k != 0) {
			t_symbol(e, write, k + 2, 0, 0);
			continue;
		}
		int count = 1;
		while (i < n && e->c_len[i] == 0) {
			i++;
			count++;
		}
		if (count <= 2) {
			for (int r = 0; r < count; r++)
				t_symbol(e, write, 0, 0, 0);
		} else if (count <= 18) {
			t_symbol(e, write, 1, 4, (uint32_t)(count - 3));
		} else if (count == 19) {
			t_symbol(e, write, 0, 0, 0);
			t_symbol(e, write, 1, 4, 15);
		} else {
			t_symbol(e, write, 2, CBIT, (uint32_t)(count - 20));
		}
	}
}

static void write_pt_len(struct enc *e, int n, unsigned nbit, int special)
{
	int i = 0;
	while (n > 0 && e->pt_len[n - 1] == 0)
		n--;
	put_bits(e, nbit, (uint32_t)n);
	while (i < n) {
		int k = e->pt_len[i++];
		if (k <= 6)
			put_bits(e, 3, (uint32_t)k);
		else
			put_bits(e, (unsigned)(k - 3), (1u << (k - 3)) - 2);
		if (i == special) {
			while (i < 6 && e->pt_len[i] == 0)
				i++;
			put_bits(e, 2, (uint32_t)(i - 3) & 3);
		}
	}
}

/* Bits needed for v (0 for 0): the position class.  Best mode asks for it per symbol. */
static unsigned bit_length(uint32_t v)
{
	return v ? 32u - (unsigned)__builtin_clz(v) : 0;
}

static void encode_p(struct enc *e, uint32_t p)
{
	unsigned c = bit_length(p);
	put_bits(e, e->pt_len[c], e->pt_code[c]);
	if (c > 1)
		put_bits(e, c - 1, p & ((1u << (c - 1)) - 1));
}

/* The C code lengths as the block sends them: the T code, then the lengths in it. */
static void send_c_table(struct enc *e)
{
	c_len_as_t(e, false);
	int root = make_tree(e, NT, e->t_freq, e->pt_len, e->pt_code);
	if (root >= NT) {
		write_pt_len(e, NT, TBIT, 3);
	} else {
		put_bits(e, TBIT, 0);
		put_bits(e, TBIT, (uint32_t)root);
	}
	c_len_as_t(e, true);
}

static void tune_c_lengths(struct enc *e);

static void send_block(struct enc *e)
{
	int root = make_tree(e, NC, e->c_freq, e->c_len, e->c_code);
	uint32_t size = e->c_freq[root], pos = 0, flags = 0;

	put_bits(e, 16, size);
	if (root >= NC) {
		if (e->own_codes && !e->counting)
			tune_c_lengths(e);
		send_c_table(e);
	} else {
		put_bits(e, TBIT, 0);
		put_bits(e, TBIT, 0);
		put_bits(e, CBIT, 0);
		put_bits(e, CBIT, (uint32_t)root);
	}
	root = make_tree(e, (int)e->np, e->p_freq, e->pt_len, e->pt_code);
	if (root >= (int)e->np) {
		write_pt_len(e, (int)e->np, e->pbit, -1);
	} else {
		put_bits(e, e->pbit, 0);
		put_bits(e, e->pbit, (uint32_t)root);
	}
	if (e->counting) {
		/* cost evaluation: symbol bits from the frequencies, no buffer walk */
		for (unsigned c = 0; c < NC; c++)
			e->bits_counted += (uint64_t)e->c_freq[c] * e->c_len[c];
		for (unsigned k = 0; k < e->np; k++)
			e->bits_counted += (uint64_t)e->p_freq[k] * (e->pt_len[k] + (k > 1 ? k - 1 : 0));
		size = 0;
	}
	for (uint32_t i = 0; i < size; i++) {
		if (i % 8 == 0)
			flags = e->buf[pos++];
		else
			flags <<= 1;
		if (flags & 0x80) {
			uint32_t c = e->buf[pos++] + 256u, p = 0;
			put_bits(e, e->c_len[c], e->c_code[c]);
			for (unsigned b = 0; b < e->pos_bytes; b++)
				p = p << 8 | e->buf[pos++];
			encode_p(e, p);
		} else {
			uint32_t c = e->buf[pos++];
			put_bits(e, e->c_len[c], e->c_code[c]);
		}
	}
	memset(e->c_freq, 0, NC * sizeof(e->c_freq[0]));
	memset(e->p_freq, 0, e->np * sizeof(e->p_freq[0]));
}

/* One literal (c < 256) or match (c = length + 253, p = distance - 1) into the block buffer. */
static void output(struct enc *e, uint32_t c, uint32_t p)
{
	if ((e->output_mask >>= 1) == 0) {
		e->output_mask = 0x80;
		if (e->output_pos >= e->buf_size - e->flush_margin) {
			send_block(e);
			e->output_pos = 0;
		}
		e->flag_pos = e->output_pos++;
		e->buf[e->flag_pos] = 0;
	}
	e->buf[e->output_pos++] = (uint8_t)c;
	e->c_freq[c]++;
	if (c >= 256) {
		e->buf[e->flag_pos] |= (uint8_t)e->output_mask;
		for (unsigned b = e->pos_bytes; b-- > 0;)
			e->buf[e->output_pos++] = (uint8_t)(p >> (8 * b));
		e->p_freq[bit_length(p)]++;
	}
}

/* ---- sliding window and suffix tree ---- */

static int32_t read_input(struct enc *e, uint8_t *p, int32_t n)
{
	int32_t i = 0;
	while (e->src < e->src_end && i < n)
		p[i++] = *e->src++;
	e->orig_size += (uint32_t)i;
	if (e->progress)
		e->progress(e->progress_ctx, e->orig_size, e->orig_size + (size_t)(e->src_end - e->src));
	return i;
}

static node hash(const struct enc *e, node p, uint8_t c)
{
	uint32_t bits = bucket_bits(e->wndsiz);
	uint32_t mixed = ((uint32_t)p * 0x9E3779B1u) >> (32 - bits);
	return (node)(2 * e->wndsiz + ((mixed + c) & ((1u << bits) - 1)));
}

static node child(struct enc *e, node q, uint8_t c)
{
	node r = e->link[hash(e, q, c)].next;
	e->link[NIL].parent = q; /* sentinel ends the bucket walk */
	while (e->link[r].parent != q)
		r = e->link[r].next;
	return r;
}

static void make_child(struct enc *e, node q, uint8_t c, node r)
{
	node h = hash(e, q, c), t = e->link[h].next;
	e->link[h].next = r;
	e->link[r].next = t;
	e->prev[t] = r;
	e->prev[r] = h;
	e->link[r].parent = q;
	e->child_count[q]++;
}

/* `nw` takes `old`'s place in its hash-bucket list (old's own links are left as they were). */
static void take_place(struct enc *e, node nw, node old)
{
	node t = e->prev[old];
	e->prev[nw] = t;
	e->link[t].next = nw;
	t = e->link[old].next;
	e->link[nw].next = t;
	e->prev[t] = nw;
}

static void split(struct enc *e, node old)
{
	node nw = e->avail;
	e->avail = e->link[nw].next;
	e->child_count[nw] = 0;
	take_place(e, nw, old);
	e->link[nw].parent = e->link[old].parent;
	e->level[nw] = (uint8_t)e->match_len;
	e->position[nw] = e->pos;
	make_child(e, nw, e->text[e->match_pos + e->match_len], old);
	make_child(e, nw, e->text[e->pos + e->match_len], e->pos);
}

static void insert_node(struct enc *e)
{
	node q, r, t;
	const node wnd = (node)e->wndsiz;

	if (e->match_len >= 4) {
		/* After a long match the next string's node is found from match_pos + 1, bottom up. */
		e->match_len--;
		r = (e->match_pos + 1) | wnd;
		while ((q = e->link[r].parent) == NIL)
			r = e->link[r].next;
		while (e->level[q] >= e->match_len) {
			r = q;
			q = e->link[q].parent;
		}
		t = q;
		while (e->position[t] < 0) {
			e->position[t] = e->pos;
			t = e->link[t].parent;
		}
		if (t < wnd)
			e->position[t] = e->pos | PERC_FLAG;
	} else {
		uint8_t c = e->text[e->pos + 1];
		q = e->text[e->pos] + wnd;
		if ((r = child(e, q, c)) == NIL) {
			make_child(e, q, c, e->pos);
			e->match_len = 1;
			return;
		}
		e->match_len = 2;
	}
	for (;;) {
		int32_t j;
		if (r >= wnd) {
			j = MAXMATCH;
			e->match_pos = r;
		} else {
			j = e->level[r];
			e->match_pos = e->position[r] & ~PERC_FLAG;
		}
		if (e->match_pos >= e->pos)
			e->match_pos -= wnd;
		const uint8_t *t1 = &e->text[e->pos + e->match_len];
		const uint8_t *t2 = &e->text[e->match_pos + e->match_len];
		while (e->match_len < j) {
			if (*t1 != *t2) {
				split(e, r);
				return;
			}
			e->match_len++;
			t1++;
			t2++;
		}
		if (e->match_len >= MAXMATCH)
			break;
		e->position[r] = e->pos;
		q = r;
		if ((r = child(e, q, *t1)) == NIL) {
			make_child(e, q, *t1, e->pos);
			return;
		}
		e->match_len++;
	}
	/* A full-length match: the new leaf replaces the old one. */
	take_place(e, e->pos, r);
	e->link[e->pos].parent = q;
	e->link[r].parent = NIL;
	e->link[r].next = e->pos;
}

static void delete_node(struct enc *e)
{
	node q, r, s, t, u;
	const node wnd = (node)e->wndsiz;

	if (e->link[e->pos].parent == NIL)
		return;
	r = e->prev[e->pos];
	s = e->link[e->pos].next;
	e->link[r].next = s;
	e->prev[s] = r;
	r = e->link[e->pos].parent;
	e->link[e->pos].parent = NIL;
	if (r >= wnd || --e->child_count[r] > 1)
		return;
	t = e->position[r] & ~PERC_FLAG;
	if (t >= e->pos)
		t -= wnd;
	s = t;
	q = e->link[r].parent;
	while ((u = e->position[q]) & PERC_FLAG) {
		u &= ~PERC_FLAG;
		if (u >= e->pos)
			u -= wnd;
		if (u > s)
			s = u;
		e->position[q] = s | wnd;
		q = e->link[q].parent;
	}
	if (q < wnd) {
		if (u >= e->pos)
			u -= wnd;
		if (u > s)
			s = u;
		e->position[q] = s | wnd | PERC_FLAG;
	}
	/* r has one child left: unlink that child and put it where r was */
	s = child(e, r, e->text[t + e->level[r]]);
	t = e->prev[s];
	u = e->link[s].next;
	e->link[t].next = u;
	e->prev[u] = t;
	take_place(e, s, r);
	e->link[s].parent = e->link[r].parent;
	e->link[r].parent = NIL;
	e->link[r].next = e->avail;
	e->avail = r;
}

static void next_match(struct enc *e)
{
	e->remainder--;
	if (++e->pos == (node)(2 * e->wndsiz)) {
		memmove(&e->text[0], &e->text[e->wndsiz], e->wndsiz + MAXMATCH);
		e->remainder += read_input(e, &e->text[e->wndsiz + MAXMATCH], (int32_t)e->wndsiz);
		e->pos = (node)e->wndsiz;
	}
	delete_node(e);
	insert_node(e);
}

static void init_slide(struct enc *e)
{
	uint32_t w = e->wndsiz;
	memset(e->text, 0, 2 * (size_t)w + MAXMATCH);
	for (uint32_t i = w; i <= w + 0xFF; i++) {
		e->level[i] = 1;
		e->position[i] = NIL;
	}
	for (uint32_t i = w; i < 2 * w; i++)
		e->link[i].parent = NIL;
	e->avail = 1;
	for (uint32_t i = 1; i < w - 1; i++)
		e->link[i].next = (node)(i + 1);
	e->link[w - 1].next = NIL;
	for (uint32_t i = 2 * w; i <= max_hash(w); i++)
		e->link[i].next = NIL;
}

static void lazy_parse(struct enc *e)
{
	e->remainder = read_input(e, &e->text[e->wndsiz], (int32_t)(e->wndsiz + MAXMATCH));
	e->match_len = 0;
	e->pos = (node)e->wndsiz;
	insert_node(e);
	if (e->match_len > e->remainder)
		e->match_len = e->remainder;
	while (e->remainder > 0) {
		int32_t last_len = e->match_len;
		node last_pos = e->match_pos;
		next_match(e);
		if (e->match_len > e->remainder)
			e->match_len = e->remainder;
		uint32_t dist = (uint32_t)(e->pos - last_pos - 2) & (e->wndsiz - 1);
		if (e->match_len > last_len || last_len < THRESHOLD ||
		    (e->far_threshold_rule && last_len == THRESHOLD && dist > (1u << 11))) {
			output(e, e->text[e->pos - 1], 0);
		} else {
			output(e, (uint32_t)last_len + (256 - THRESHOLD), dist);
			while (--last_len > 0)
				next_match(e);
			if (e->match_len > e->remainder)
				e->match_len = e->remainder;
		}
	}
}

#include "efi_compress_best.inc"

igd_status igd_efic_compress(efic_format fmt, efic_mode mode, const uint8_t *src, size_t n,
			 uint8_t *dst, size_t cap, size_t *ret_len, void *work, size_t work_size)
{
	return igd_efic_compress_progress(fmt, mode, src, n, dst, cap, ret_len, work, work_size, NULL, NULL);
}

igd_status igd_efic_compress_progress(efic_format fmt, efic_mode mode, const uint8_t *src, size_t n,
				  uint8_t *dst, size_t cap, size_t *ret_len, void *work,
				  size_t work_size, efic_progress_fn progress, void *ctx)
{
	struct enc *e = work;
	bool tiano = fmt == EFIC_FORMAT_TIANO;

	if ((fmt != EFIC_FORMAT_EFI && !tiano) || !work || (!src && n) ||
	    (mode != EFIC_MODE_COMPAT && mode != EFIC_MODE_BEST && mode != EFIC_MODE_BEST_WIDE))
		return IGD_ERR_INVALID;
	if (n >= 0xFFFFFFFFull)
		return IGD_ERR_TOO_LARGE;
	if (work_size < igd_efic_compress_work_size(fmt, mode) || ((uintptr_t)work & 7))
		return IGD_ERR_NOSPACE;
	memset(e, 0, sizeof(*e));
	e->wndbit = tiano ? 19 : 13;
	e->wndsiz = 1u << e->wndbit;
	e->np = e->wndbit + 1;
	e->pbit = tiano ? 5 : 4;
	e->pos_bytes = tiano ? 4 : 2;
	e->flush_margin = tiano ? 5 * 8 : 3 * 8; /* room for 8 symbols of the largest kind */
	e->far_threshold_rule = tiano;
	e->progress = progress;
	e->progress_ctx = ctx;
	e->src = src;
	e->src_end = src + n;
	e->dst = dst + (cap >= EFIC_HEADER_SIZE ? EFIC_HEADER_SIZE : cap);
	e->dst_end = dst + cap;
	e->bit_count = 8;
	e->output_mask = 0;
	if (mode == EFIC_MODE_BEST || mode == EFIC_MODE_BEST_WIDE) {
		e->wndsiz = best_window(fmt, mode);
		e->wndbit = e->wndsiz == 1u << 19 ? 19 : e->wndsiz == 1u << 14 ? 14 : 13;
		/* EFI in the specification's window: coded positions up to 8190 (back 8191 bytes) */
		e->max_dist = !tiano && mode == EFIC_MODE_BEST ? e->wndsiz - 1 : e->wndsiz;
		best_compress(e, (uint8_t *)work);
	} else {
		layout(e->wndsiz, e, work);
		e->buf_size = BLOCK_BUF;
		init_slide(e);
		lazy_parse(e);
		send_block(e);
	}
	put_bits(e, 7, 0); /* flush the last partial byte, as EDK2 does */
	if (e->dst < e->dst_end)
		*e->dst++ = 0; /* EDK2's terminator, counted in CompSize */
	e->orig_size = (uint32_t)n;
	*ret_len = (size_t)e->comp_size + 1 + EFIC_HEADER_SIZE;
	if (*ret_len > cap)
		return IGD_ERR_NOSPACE;
	igd_put_le32(dst, cap, 0, e->comp_size + 1);
	igd_put_le32(dst, cap, 4, e->orig_size);
	return IGD_OK;
}
