/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * UEFI compression: the EFI (version 1, UEFI spec "Compression Algorithm Specification") and
 * Tiano (version 2, EDK2) formats.  Same bitstream, different position-code width: 4 bits
 * (window 8 KiB) for EFI, 5 bits (window 512 KiB) for Tiano.
 *
 * The decoder is explicit-capacity and allocation-free: igd_efic_get_info() gives the output size,
 * igd_efic_decompress() writes into the caller's buffer using a caller-provided scratch struct
 * (under 16 KiB, fine on a UEFI stack).  Every malformed stream is an error: the classes of
 * CVE-2017-5731..5735 (table overruns, bad code lengths, match before the output start, bits
 * past the end) are all checked.
 */
#ifndef IGD_EFI_COMPRESS_H
#define IGD_EFI_COMPRESS_H

#include "env.h"
#include "error.h"

typedef enum efic_format { EFIC_FORMAT_EFI = 1, EFIC_FORMAT_TIANO = 2 } efic_format;

#define EFIC_HEADER_SIZE 8 /* u32 compressed size, u32 original size */
#define EFIC_NC 510        /* literal/length alphabet: 256 + MAXMATCH(256) + 2 - THRESHOLD(3) */
#define EFIC_NPT 31        /* largest position/tree alphabet (MAXNP = 2^5 - 1) */
#define EFIC_C_TABLE_BITS 12
#define EFIC_PT_TABLE_BITS 8

typedef struct efic_scratch {
	uint16_t left[2 * EFIC_NC - 1], right[2 * EFIC_NC - 1];
	uint16_t c_table[1u << EFIC_C_TABLE_BITS];
	uint16_t pt_table[1u << EFIC_PT_TABLE_BITS];
	/* the short codes packed, symbol << 6 | length; 0 where a longer code continues in the tree
	 * from c_table's entry, which holds only such roots (one load per symbol on the decoder's
	 * critical path; a literal's entry is below 256 << 6, so one compare tells it) */
	uint16_t c_fast[1u << EFIC_C_TABLE_BITS];
	uint16_t p_fast[1u << EFIC_PT_TABLE_BITS]; /* the same for pt_table's position codes */
	uint8_t c_len[EFIC_NC];
	uint8_t pt_len[EFIC_NPT];
	/* set by igd_efic_decompress: an EFI stream whose position table has a 15th class (a
	 * 16 KiB window), which the specification's 8 KiB window does not have */
	bool beyond_spec_window;
} efic_scratch;

/* Reads the 8-byte header; checks that the compressed size fits in `len`. */
igd_status igd_efic_get_info(const uint8_t *src, size_t len, uint32_t *ret_orig_size,
			 uint32_t *ret_comp_size);

/* Decodes into dst (cap >= original size).  `where->offset` is a byte offset into src. */
igd_status igd_efic_decompress(efic_format fmt, const uint8_t *src, size_t len, uint8_t *dst,
			   size_t cap, efic_scratch *scratch, igd_where *where);

/* Progress: `progress(ctx, done, total)` as work goes on.  For compression `done` counts input
 * bytes; for decompression it counts output bytes that are final (dst[0, done) is never
 * written again), about every EFIC_DECODE_PROGRESS_STEP bytes, so a caller may write them out
 * while the rest decodes. */
typedef void (*efic_progress_fn)(void *ctx, size_t done, size_t total);
#define EFIC_DECODE_PROGRESS_STEP (1u << 20)

/* igd_efic_decompress with progress (NULL: none). */
igd_status igd_efic_decompress_progress(efic_format fmt, const uint8_t *src, size_t len, uint8_t *dst,
				    size_t cap, efic_scratch *scratch, igd_where *where,
				    efic_progress_fn progress, void *ctx);

/* ---- compression ---- */
typedef enum efic_mode {
	EFIC_MODE_COMPAT,    /* byte-identical to EDK2 TianoCompress -e [--uefi] / EfiRom -ec */
	EFIC_MODE_BEST,      /* smaller output inside the specification: EFI keeps its 8 KiB window
			      * (coded positions up to 8190, docs/uefi-compression.md) */
	EFIC_MODE_BEST_WIDE, /* EFI with a 16 KiB window (position class 14): smaller still, read by
			      * EDK2's decoders but beyond the specification; Tiano as BEST */
} efic_mode;

/* Bytes of work memory igd_efic_compress() needs (the caller allocates; ~20 MiB for Tiano's
 * 512 KiB window, ~200 KiB for EFI). */
size_t igd_efic_compress_work_size(efic_format fmt, efic_mode mode);

/* Upper bound of the compressed size of n input bytes (for sizing dst). */
size_t igd_efic_compress_bound(size_t n);

/*
 * Compresses src into dst (8-byte header + bitstream + EDK2's 0x00 terminator).  Fails with
 * IGD_ERR_NOSPACE when dst is too small (*ret_len then holds the size needed) and with
 * IGD_ERR_TOO_LARGE for inputs of 4 GiB or more (the header holds 32-bit sizes).
 */
igd_status igd_efic_compress(efic_format fmt, efic_mode mode, const uint8_t *src, size_t n,
			 uint8_t *dst, size_t cap, size_t *ret_len, void *work, size_t work_size);

/* The same, reporting progress: `progress(ctx, done, n)` after each stretch of input. */
igd_status igd_efic_compress_progress(efic_format fmt, efic_mode mode, const uint8_t *src, size_t n,
				  uint8_t *dst, size_t cap, size_t *ret_len, void *work,
				  size_t work_size, efic_progress_fn progress, void *ctx);

#endif
