// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * Decoder for the UEFI/Tiano compression bitstream.  Format facts: UEFI specification,
 * "Compression Algorithm Specification" (block = u16 symbol count, then the code-length tree
 * (TBIT 5), the literal/length code lengths (CBIT 9), the position code lengths (PBIT 4 or 5));
 * EDK2 MdePkg/Library/BaseUefiDecompressLib for the canonical decoding tables.  All state lives
 * in the caller's efic_scratch and the local bit reader: no globals, no allocation.
 */
#include "igd/efi_compress.h"
#include "fail.h"

#include "igd/bytes.h"

enum {
	MAXMATCH = 256,
	THRESHOLD = 3,
	CODE_BIT = 16,
	CBIT = 9,
	TBIT = 5,
	NT = CODE_BIT + 3,
	MAXNP = 31,
	EFI_SPEC_NP = 14, /* position classes of the specification's EFI format (WNDBIT 13 + 1) */
};

struct bitreader {
	const uint8_t *src;
	size_t len, pos;      /* compressed bytes available and next byte */
	uint64_t bits;        /* upcoming bits, MSB first; bytes past the end read as 0 */
	unsigned avail;       /* valid bits in `bits` (>= 32 between calls) */
	uint64_t loaded;      /* bytes moved into `bits`, zeros past the end included */
};

/* Bits handed to the decoder so far. */
static inline uint64_t consumed_bits(const struct bitreader *br)
{
	return br->loaded * 8 - br->avail;
}

/* Eight bytes, most significant first: one load and a byte swap where the host allows. */
static inline uint64_t load_be64(const uint8_t *p)
{
	uint64_t v;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, p, 8);
	v = __builtin_bswap64(v);
#else
	v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
#endif
	return v;
}

static inline void refill(struct bitreader *br)
{
	if (br->pos + 8 <= br->len && br->avail <= 56) {
		/* eight bytes at once while the input lasts; bits past `avail` are the next bytes'
		 * own bits, so OR-ing them again on the next refill changes nothing */
		uint64_t v = load_be64(br->src + br->pos);
		br->bits |= v >> br->avail;
		unsigned take = (64 - br->avail) / 8;
		br->pos += take;
		br->loaded += take;
		br->avail += take * 8;
		return;
	}
	while (br->avail <= 56) {
		uint64_t b = br->pos < br->len ? br->src[br->pos++] : 0;
		br->bits |= b << (56 - br->avail);
		br->avail += 8;
		br->loaded++;
	}
}

/* The next 32 bits, MSB first (what EDK2 keeps in mBitBuf). */
static inline uint32_t peek32(const struct bitreader *br)
{
	return (uint32_t)(br->bits >> 32);
}

static inline void fill(struct bitreader *br, unsigned n)
{
	br->bits = n < 64 ? br->bits << n : 0;
	br->avail -= n;
	if (br->avail < 32)
		refill(br);
}

static uint32_t get_bits(struct bitreader *br, unsigned n)
{
	uint32_t v = n ? peek32(br) >> (32 - n) : 0;
	fill(br, n);
	return v;
}

/* n entries of v, four at a time (a table fill is most of building a block's tables) */
static void fill16(uint16_t *p, uint16_t v, size_t n)
{
	uint64_t four = 0x0001000100010001ull * v;
	size_t i = 0;
	for (; i + 4 <= n; i += 4)
		memcpy(p + i, &four, 8);
	for (; i < n; i++)
		p[i] = v;
}

/*
 * Canonical Huffman decoding table: the first `table_bits` bits index `table`; longer codes
 * continue in a binary tree held in left/right, nodes numbered from `nchar`.  Rejects lengths
 * above 16 and length sets that do not form a complete code (Kraft sum != 1).  With `fast`,
 * the short codes are written there only (packed), and `table` holds the tree roots.
 */
static igd_status make_table(efic_scratch *s, unsigned nchar, const uint8_t *bitlen,
			     unsigned table_bits, uint16_t *table, uint16_t *fast)
{
	uint16_t count[17] = { 0 }, weight[17], start[18];
	unsigned avail = nchar, ju = 16 - table_bits;
	unsigned table_size = 1u << table_bits;
	uint32_t idx;

	for (unsigned i = 0; i < nchar; i++) {
		if (bitlen[i] > 16)
			return IGD_ERR_CORRUPT;
		count[bitlen[i]]++;
	}
	start[0] = 0;
	start[1] = 0;
	for (unsigned i = 1; i <= 16; i++)
		start[i + 1] = (uint16_t)(start[i] + (count[i] << (16 - i)));
	if (start[17] != 0) /* sum of 2^(16-len) must be exactly 2^16 */
		return IGD_ERR_CORRUPT;
	for (unsigned i = 1; i <= table_bits; i++) {
		start[i] = (uint16_t)(start[i] >> ju);
		weight[i] = (uint16_t)(1u << (table_bits - i));
	}
	for (unsigned i = table_bits + 1; i <= 16; i++)
		weight[i] = (uint16_t)(1u << (16 - i));
	/* Entries past the short codes become tree roots; clear them (EDK2 skips this when the
	 * index is 0, which leaves stale nodes from the previous block in reach). */
	idx = (uint32_t)start[table_bits + 1] >> ju;
	fill16(table + idx, 0, table_size - idx);
	if (fast)
		fill16(fast + idx, 0, table_size - idx);

	uint16_t mask = (uint16_t)(1u << (15 - table_bits));
	for (unsigned ch = 0; ch < nchar; ch++) {
		unsigned len = bitlen[ch];
		uint32_t next;
		if (len == 0)
			continue;
		next = (uint32_t)start[len] + weight[len];
		if (len <= table_bits) {
			if (next > table_size)
				return IGD_ERR_CORRUPT;
			/* with a packed table, the decoder reads `table` only where a longer code
			 * continues: the short codes go to the packed table alone */
			if (fast)
				fill16(fast + start[len], (uint16_t)(ch << 6 | len), next - start[len]);
			else
				fill16(table + start[len], (uint16_t)ch, next - start[len]);
		} else {
			uint32_t code = start[len];
			uint16_t *p = &table[code >> ju];
			for (unsigned k = len - table_bits; k; k--) {
				if (*p == 0) {
					if (avail >= 2 * EFIC_NC - 1)
						return IGD_ERR_CORRUPT;
					s->left[avail] = s->right[avail] = 0;
					*p = (uint16_t)avail++;
				}
				if (*p < nchar || *p >= 2 * EFIC_NC - 1)
					return IGD_ERR_CORRUPT;
				p = (code & mask) ? &s->right[*p] : &s->left[*p];
				code <<= 1;
			}
			*p = (uint16_t)ch;
		}
		start[len] = (uint16_t)next;
	}
	return IGD_OK;
}

/* The packed form of a decoding table (make_table writes it beside the table): symbol << 6 |
 * length for each code that fits the table (lengths 1 to 12), 0 where a longer code continues
 * in the tree (and for a single-code set, whose length is 0).  The length in the low 6 bits is
 * what an x86 64-bit shift takes of its count: `bits << (e & 63)` is one shift on the path from
 * one symbol to the next. */
#define FAST_SYM(e) ((unsigned)(e) >> 6)
#define FAST_LEN(e) ((unsigned)(e) & 63)
/* a literal's entry: 1 to (255 << 6 | 12); 0 wraps to the top */
#define FAST_IS_LITERAL(e) ((uint16_t)((e) - 1) < (256u << 6) - 1)
/* 509 << 6 fits 16 bits; the fast loop's four literal lookups fit the 56 bits of a refill */
_Static_assert((EFIC_NC - 1) << 6 <= 0xFFFF && EFIC_C_TABLE_BITS <= 14 && EFIC_PT_TABLE_BITS <= 14,
	       "fast table entries and lookups");

/* Walks the tree below a table entry, reading the bits after the table's from `upcoming` (MSB
 * first); `sym` >= limit means "internal node". */
static igd_status walk_tree_bits(const efic_scratch *s, uint64_t upcoming, unsigned table_bits,
				 unsigned limit, uint16_t *sym)
{
	uint64_t mask = 1ull << (63 - table_bits);
	unsigned steps = 0;
	while (*sym >= limit) {
		if (*sym >= 2 * EFIC_NC - 1 || ++steps > 16)
			return IGD_ERR_CORRUPT;
		*sym = (upcoming & mask) ? s->right[*sym] : s->left[*sym];
		mask >>= 1;
	}
	return IGD_OK;
}

static igd_status walk_tree(const efic_scratch *s, const struct bitreader *br, unsigned table_bits,
			    unsigned limit, uint16_t *sym)
{
	/* the 32 bits EDK2 looks at: a walk needing more is corrupt */
	return walk_tree_bits(s, (uint64_t)peek32(br) << 32, table_bits, limit, sym);
}

static igd_status read_pt_len(efic_scratch *s, struct bitreader *br, unsigned nn, unsigned nbit,
			      int special, uint16_t *fast)
{
	unsigned number = get_bits(br, nbit), i = 0;

	if (number == 0) {
		uint16_t c = (uint16_t)get_bits(br, nbit);
		if (c >= nn)
			return IGD_ERR_CORRUPT;
		for (unsigned k = 0; k < IGD_ARRAY_SIZE(s->pt_table); k++)
			s->pt_table[k] = c;
		if (fast) /* a single code has length 0: the table answers */
			memset(fast, 0, sizeof(s->p_fast));
		memset(s->pt_len, 0, nn);
		return IGD_OK;
	}
	if (number > nn)
		return IGD_ERR_CORRUPT;
	while (i < number) {
		unsigned c = peek32(br) >> 29;
		if (c == 7) {
			uint32_t mask = 1u << 28;
			while (peek32(br) & mask) {
				mask >>= 1;
				if (++c > 16)
					return IGD_ERR_CORRUPT;
			}
		}
		fill(br, c < 7 ? 3 : c - 3);
		s->pt_len[i++] = (uint8_t)c;
		if ((int)i == special) {
			unsigned zeros = get_bits(br, 2);
			while (zeros-- && i < nn)
				s->pt_len[i++] = 0;
		}
	}
	while (i < nn)
		s->pt_len[i++] = 0;
	return make_table(s, nn, s->pt_len, EFIC_PT_TABLE_BITS, s->pt_table, fast);
}

static igd_status read_c_len(efic_scratch *s, struct bitreader *br)
{
	unsigned number = get_bits(br, CBIT), i = 0;

	if (number == 0) {
		uint16_t c = (uint16_t)get_bits(br, CBIT);
		if (c >= EFIC_NC)
			return IGD_ERR_CORRUPT;
		memset(s->c_len, 0, EFIC_NC);
		for (unsigned k = 0; k < IGD_ARRAY_SIZE(s->c_table); k++)
			s->c_table[k] = c;
		memset(s->c_fast, 0, sizeof(s->c_fast));
		return IGD_OK;
	}
	if (number > EFIC_NC)
		return IGD_ERR_CORRUPT;
	while (i < number) {
		uint16_t c = s->pt_table[peek32(br) >> 24];
		if (walk_tree(s, br, EFIC_PT_TABLE_BITS, NT, &c))
			return IGD_ERR_CORRUPT;
		fill(br, s->pt_len[c]);
		if (c <= 2) {
			unsigned run = c == 0 ? 1 : c == 1 ? get_bits(br, 4) + 3 : get_bits(br, CBIT) + 20;
			if (run > EFIC_NC - i)
				return IGD_ERR_CORRUPT;
			while (run--)
				s->c_len[i++] = 0;
		} else {
			s->c_len[i++] = (uint8_t)(c - 2);
		}
	}
	while (i < EFIC_NC)
		s->c_len[i++] = 0;
	return make_table(s, EFIC_NC, s->c_len, EFIC_C_TABLE_BITS, s->c_table, s->c_fast);
}

igd_status igd_efic_get_info(const uint8_t *src, size_t len, uint32_t *ret_orig_size,
			 uint32_t *ret_comp_size)
{
	uint32_t comp, orig;
	if (igd_get_le32(src, len, 0, &comp) || igd_get_le32(src, len, 4, &orig))
		return IGD_ERR_TRUNCATED;
	if (comp > len - EFIC_HEADER_SIZE)
		return IGD_ERR_TRUNCATED;
	*ret_orig_size = orig;
	*ret_comp_size = comp;
	return IGD_OK;
}

/* A position class p: distances 1 and 2 for classes 0 and 1, else p - 1 extra bits (the next
 * bits of `upcoming`, MSB first) below a leading 1; match_distance is the distance less one
 * (0 repeats the byte before). */
static inline unsigned extra_bits(unsigned p)
{
	return p > 1 ? p - 1 : 0;
}

static inline size_t match_distance(unsigned p, uint64_t upcoming)
{
	return p > 1 ? ((size_t)1 << (p - 1)) + (size_t)(upcoming >> (64 - (p - 1))) : p;
}

/* 0 leaves only the careful loop: the decoder fuzz target builds that too and compares */
#ifndef EFIC_FAST_LOOP
#define EFIC_FAST_LOOP 1
#endif

enum {
	/* the fast loop reads 8 bytes at a refill without checking the input: a symbol (62 bits at
	 * most) needs two refills at most, which this keeps inside the input */
	FAST_IN_SLACK = 24,
	/* and copies matches 8 bytes at a time, 16 at least: up to 16 bytes past a match */
	FAST_OUT_SLACK = MAXMATCH + 16,
};

/*
 * The symbol loop while at least FAST_IN_SLACK input bytes and FAST_OUT_SLACK output bytes are
 * left: one refill per symbol gives 56 bits or more, which hold a literal/length code (16 bits at
 * most), a position code (16) and, but for a corrupt position class, its extra bits.  Symbols
 * are decoded in runs that fit the slack, so the ends are checked once per run.  Returns false
 * on corrupt data, with the bit state current.  Same output as the careful loop.
 */
static bool decode_fast(const efic_scratch *s, struct bitreader *br, uint64_t *bits_io, unsigned *avail_io,
			uint8_t *dst, size_t orig, size_t *out_io, unsigned *block_left_io)
{
	const uint8_t *src = br->src;
	const size_t pos_limit = br->len - FAST_IN_SLACK, pos_start = br->pos;
	const size_t out_limit = orig - FAST_OUT_SLACK;
	size_t pos = br->pos, out = *out_io, run = 0;
	uint64_t bits = *bits_io;
	unsigned avail = *avail_io, block_left = *block_left_io;
	bool ok = false;
	/* all 64 bits of `bits` are stream bits after a refill (the byte at `pos` belongs at bit
	 * `avail` from the top): `avail` grows by whole bytes and may stop short of 64 */
#define FAST_REFILL()                                          \
	do {                                                   \
		bits |= load_be64(src + pos) >> avail;         \
		pos += (63 - avail) >> 3;                      \
		avail |= 56;                                   \
	} while (0)
#define TAKE(n)                \
	do {                   \
		unsigned t_ = (n); \
		bits <<= t_;       \
		avail -= t_;       \
	} while (0)

	while (block_left && pos <= pos_limit && out <= out_limit) {
		/* a run of symbols that cannot leave the slack: 8 input bytes and MAXMATCH output
		 * bytes per symbol at most */
		run = block_left;
		if (run > (pos_limit - pos) / 8 + 1)
			run = (pos_limit - pos) / 8 + 1;
		if (run > (out_limit - out) / MAXMATCH + 1)
			run = (out_limit - out) / MAXMATCH + 1;
		block_left -= (unsigned)run;
		while (run) {
			FAST_REFILL();
			uint16_t e = s->c_fast[bits >> (64 - EFIC_C_TABLE_BITS)], c;
			if (FAST_IS_LITERAL(e)) {
				/* literals: four fit the 56 bits of a refill (12 bits at most each),
				 * with the table's 12 bits looked at still valid for the fourth */
				for (int k = 0;; k++) {
					TAKE(FAST_LEN(e));
					dst[out++] = (uint8_t)FAST_SYM(e);
					run--;
					if (k == 3 || !run)
						break;
					e = s->c_fast[bits >> (64 - EFIC_C_TABLE_BITS)];
					if (!FAST_IS_LITERAL(e))
						break;
				}
				continue;
			}
			run--;
			if (e) {
				c = (uint16_t)FAST_SYM(e);
				TAKE(FAST_LEN(e));
			} else {
				c = s->c_table[bits >> (64 - EFIC_C_TABLE_BITS)];
				if (c >= EFIC_NC && walk_tree_bits(s, bits, EFIC_C_TABLE_BITS, EFIC_NC, &c))
					goto done;
				TAKE(s->c_len[c]);
				if (c < 256) {
					dst[out++] = (uint8_t)c;
					continue;
				}
			}
			size_t n = (size_t)c - (256 - THRESHOLD), dist;
			uint16_t p = s->p_fast[bits >> (64 - EFIC_PT_TABLE_BITS)];
			if (p) {
				TAKE(FAST_LEN(p));
				p = (uint16_t)FAST_SYM(p);
			} else {
				p = s->pt_table[bits >> (64 - EFIC_PT_TABLE_BITS)];
				if (p >= MAXNP && walk_tree_bits(s, bits, EFIC_PT_TABLE_BITS, MAXNP, &p))
					goto done;
				TAKE(s->pt_len[p]);
			}
			if (extra_bits(p) > avail) /* only a corrupt class has more than are left */
				FAST_REFILL();
			dist = match_distance(p, bits);
			TAKE(extra_bits(p));
			if (dist >= out)
				goto done; /* match would start before the output (CVE-2017-5732 class) */
			const uint8_t *from = dst + out - dist - 1;
			uint8_t *to = dst + out;
			out += n;
			if (dist >= 15) {
				/* each 16-byte step reads bytes already final (the source lies 16 or
				 * more behind); one step always (most matches are short), up to 15
				 * bytes past the match, inside the slack */
				memcpy(to, from, 16);
				for (size_t k = 16; k < n; k += 16)
					memcpy(to + k, from + k, 16);
			} else if (dist >= 7) {
				/* the same in 8-byte steps for a source 8 to 15 bytes behind */
				memcpy(to, from, 8);
				memcpy(to + 8, from + 8, 8);
				for (size_t k = 16; k < n; k += 8)
					memcpy(to + k, from + k, 8);
			} else if (dist == 0) {
				/* a run of one byte (the zero padding of PE images) */
				uint64_t v = 0x0101010101010101ull * *from;
				for (size_t k = 0; k < n; k += 8)
					memcpy(to + k, &v, 8);
			} else {
				while (n--)
					*to++ = *from++; /* overlapping: a short pattern repeats */
			}
		}
	}
	ok = true;
done:
#undef TAKE
#undef FAST_REFILL
	block_left += (unsigned)run; /* symbols of the run not decoded (after corrupt data) */
	br->loaded += pos - pos_start;
	br->pos = pos;
	br->bits = bits;
	br->avail = avail;
	if (avail < 32) /* the careful loop keeps 32 bits or more */
		refill(br);
	*bits_io = br->bits;
	*avail_io = br->avail;
	*out_io = out;
	*block_left_io = block_left;
	return ok;
}

igd_status igd_efic_decompress(efic_format fmt, const uint8_t *src, size_t len, uint8_t *dst,
			   size_t cap, efic_scratch *s, igd_where *where)
{
	return igd_efic_decompress_progress(fmt, src, len, dst, cap, s, where, NULL, NULL);
}

igd_status igd_efic_decompress_progress(efic_format fmt, const uint8_t *src, size_t len, uint8_t *dst,
				    size_t cap, efic_scratch *s, igd_where *where,
				    efic_progress_fn progress, void *ctx)
{
	struct bitreader br = { 0 };
	uint32_t orig, comp;
	unsigned pbit = fmt == EFIC_FORMAT_TIANO ? 5 : 4;
	size_t out = 0;
	unsigned block_left = 0;
	size_t next_report = EFIC_DECODE_PROGRESS_STEP; /* output bytes before the next report */

	if (fmt != EFIC_FORMAT_EFI && fmt != EFIC_FORMAT_TIANO)
		return fail(where, 0, "unknown compression format", IGD_ERR_INVALID);
	if (igd_efic_get_info(src, len, &orig, &comp))
		return fail(where, 0, "compressed size in the header exceeds the data", IGD_ERR_TRUNCATED);
	if (orig > cap)
		return fail(where, 4, "original size exceeds the output buffer", IGD_ERR_NOSPACE);
	s->beyond_spec_window = false;
	br.src = src + EFIC_HEADER_SIZE;
	br.len = comp;
	refill(&br);

	/* The symbol loop keeps the bit buffer in locals (it dominates the run time); the rare
	 * block headers go through the struct. */
	uint64_t bits = br.bits;
	unsigned avail = br.avail;
#define SYNC_OUT() (br.bits = bits, br.avail = avail)
#define SYNC_IN() (bits = br.bits, avail = br.avail)
#define CONSUME(n)                                                                      \
	do {                                                                            \
		unsigned n_ = (n);                                                      \
		bits <<= n_;                                                            \
		avail -= n_;                                                            \
		if (avail < 32) {                                                       \
			SYNC_OUT();                                                     \
			refill(&br);                                                    \
			SYNC_IN();                                                      \
		}                                                                       \
	} while (0)

	while (out < orig) {
		uint16_t c;
		if (block_left == 0) {
			SYNC_OUT();
			block_left = get_bits(&br, 16);
			if (block_left == 0 || read_pt_len(s, &br, NT, TBIT, 3, NULL) || read_c_len(s, &br) ||
			    read_pt_len(s, &br, MAXNP, pbit, -1, s->p_fast)) {
				SYNC_IN();
				goto corrupt; /* an empty block cannot make progress */
			}
			/* EFI's specification has 14 position classes (an 8 KiB window); a code for
			 * class 14 or above, or a single-code table naming one, is a wider window */
			if (fmt == EFIC_FORMAT_EFI) {
				bool any = false;
				for (unsigned k = 0; k < MAXNP; k++) {
					any |= s->pt_len[k] != 0;
					s->beyond_spec_window |= k >= EFI_SPEC_NP && s->pt_len[k] != 0;
				}
				s->beyond_spec_window |= !any && s->pt_table[0] >= EFI_SPEC_NP;
			}
			SYNC_IN();
		}
	/* a symbol: its table entry with the length, else the table and the tree below it */
#define DECODE(sym, fast, table, lens, table_bits, limit)                                   \
	do {                                                                               \
		uint16_t e_ = (fast)[bits >> (64 - (table_bits))];                         \
		if (e_) {                                                                  \
			(sym) = (uint16_t)FAST_SYM(e_);                                    \
			CONSUME(FAST_LEN(e_));                                             \
		} else {                                                                   \
			(sym) = (table)[bits >> (64 - (table_bits))];                      \
			if ((sym) >= (limit)) {                                            \
				SYNC_OUT();                                                \
				if (walk_tree(s, &br, (table_bits), (limit), &(sym)))      \
					goto corrupt;                                      \
			}                                                                  \
			CONSUME((lens)[sym]);                                              \
		}                                                                          \
	} while (0)
		if (progress && out >= next_report) {
			/* bytes before `out` are final: matches read them, the 16-byte copies write
			 * only at `out` and beyond */
			progress(ctx, out, orig);
			next_report = out + EFIC_DECODE_PROGRESS_STEP;
		}
		if (EFIC_FAST_LOOP && br.pos + FAST_IN_SLACK <= br.len && orig - out >= FAST_OUT_SLACK) {
			/* far from both ends: the fast loop; it returns here near an end or at the
			 * block's end */
			if (!decode_fast(s, &br, &bits, &avail, dst, orig, &out, &block_left))
				goto corrupt;
			continue;
		}
		block_left--;
		DECODE(c, s->c_fast, s->c_table, s->c_len, EFIC_C_TABLE_BITS, EFIC_NC);
		uint16_t f;
		if (c < 256) {
			dst[out++] = (uint8_t)c;
			/* a run of literals with short codes stays in this loop */
			while (block_left && out < orig && FAST_IS_LITERAL(f = s->c_fast[bits >> (64 - EFIC_C_TABLE_BITS)])) {
				CONSUME(FAST_LEN(f));
				dst[out++] = (uint8_t)FAST_SYM(f);
				block_left--;
			}
			continue;
		}
		size_t n = (size_t)c - (256 - THRESHOLD), dist;
		uint16_t p;
		DECODE(p, s->p_fast, s->pt_table, s->pt_len, EFIC_PT_TABLE_BITS, MAXNP);
		dist = match_distance(p, bits);
		CONSUME(extra_bits(p));
		if (dist >= out)
			goto corrupt; /* match would start before the output (CVE-2017-5732 class) */
		size_t from = out - dist - 1;
		if (n > orig - out)
			n = orig - out;
		if (dist + 1 >= 8 && n + 8 <= orig - out) {
			/* 8-byte steps, the last one running up to 7 bytes past the match (still inside
			 * the output, rewritten later): each source step lies wholly before its
			 * destination, so it holds final bytes.  Most matches are short and this beats
			 * a memcpy call. */
			for (size_t k = 0; k < n; k += 8)
				memcpy(dst + out + k, dst + from + k, 8);
			out += n;
		} else if (dist + 1 >= n) {
			memcpy(dst + out, dst + from, n); /* no overlap */
			out += n;
		} else {
			while (n--)
				dst[out++] = dst[from++]; /* overlapping: runs repeat */
		}
	}
#undef DECODE
#undef CONSUME
#undef SYNC_IN
	SYNC_OUT();
#undef SYNC_OUT
	if (consumed_bits(&br) > (uint64_t)comp * 8)
		return fail(where, EFIC_HEADER_SIZE + comp,
			    "compressed data ends before the output is complete", IGD_ERR_TRUNCATED);
	if (progress)
		progress(ctx, orig, orig);
	return IGD_OK;
corrupt:
	br.avail = avail; /* the tree walks may have left the struct current: take the locals */
	return fail(where, EFIC_HEADER_SIZE + (size_t)(consumed_bits(&br) / 8),
		    "corrupt compressed data (bad code table or match)", IGD_ERR_CORRUPT);
}
