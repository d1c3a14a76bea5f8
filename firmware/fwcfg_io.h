/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * QEMU fw_cfg transport on x86 (qemu docs/specs/fw_cfg.rst): selector 0x510, data 0x511, DMA
 * address 0x514/0x518 (big-endian).  Used by the driver and by the QEMU test application.
 */
#ifndef IGDROM_FW_FWCFG_IO_H
#define IGDROM_FW_FWCFG_IO_H

#include "igd/env.h"
#include "igd/error.h"

typedef struct fwcfg_io {
	bool present, dma;
	uint8_t dir[4 + 64 * 64]; /* the directory, up to 64 entries */
	size_t dir_len;
} fwcfg_io;

/* Probes the signature, the feature bits and reads the file directory. */
bool fwcfg_io_probe(fwcfg_io *io);
/* Finds a file; false when absent. */
bool fwcfg_io_find(const fwcfg_io *io, const char *name, uint16_t *select, uint32_t *size);
/* Reads `len` bytes of item `select` from its start into buf (DMA when offered). */
void fwcfg_io_read(const fwcfg_io *io, uint16_t select, void *buf, size_t len);

#endif
