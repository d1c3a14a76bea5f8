/* SPDX-License-Identifier: BSD-2-Clause-Patent */
/* Host wrappers around the allocation-free codec: they allocate work and output buffers. */
#ifndef IGDROM_CODEC_H
#define IGDROM_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/efi_compress.h"

/* Compresses and decodes the stream back to check it; says whether an EFI stream uses a window
 * wider than the specification's (beyond_spec may be NULL).  On failure print
 * "igdrom: NAME: ..." and return false. */
bool codec_compress(const char *name, efic_format fmt, efic_mode mode, const uint8_t *in,
		    size_t n, uint8_t **out, size_t *out_len, bool *beyond_spec);
/* Decodes into a malloc'd buffer, saying whether an EFI stream uses a window wider than the
 * specification's. */
bool codec_decompress_window(const char *name, efic_format fmt, const uint8_t *in, size_t n,
			     uint8_t **out, size_t *out_len, bool *beyond_spec);
/* Decodes straight into the file out_path (atomically: nothing is left on failure), writing
 * behind the decoder from a second thread. */
bool codec_decompress_to_file(const char *name, efic_format fmt, const uint8_t *in, size_t n,
			      const char *out_path, size_t *out_len, bool *beyond_spec);

#endif
