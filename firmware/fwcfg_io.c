// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "fwcfg_io.h"

#include "igd/bytes.h"
#include "igd/fwcfg.h"
#include "port_io.h"

#define FWCFG_PORT_SELECTOR 0x510
#define FWCFG_PORT_DATA 0x511
#define FWCFG_PORT_DMA_HIGH 0x514
#define FWCFG_PORT_DMA_LOW 0x518
#define FWCFG_DMA_ERROR (1u << 0)
#define FWCFG_DMA_READ (1u << 1)
#define FWCFG_DMA_SELECT (1u << 3)

static void read_pio(uint16_t select, uint8_t *buf, size_t len)
{
	outw(FWCFG_PORT_SELECTOR, select);
	for (size_t i = 0; i < len; i++)
		buf[i] = inb(FWCFG_PORT_DATA);
}

static uint32_t bswap32(uint32_t v)
{
	return __builtin_bswap32(v);
}

/* FWCfgDmaAccess, all fields big-endian. */
struct dma_access {
	uint32_t control;
	uint32_t length;
	uint64_t address;
} __attribute__((aligned(16)));

static bool read_dma(uint16_t select, uint8_t *buf, size_t len)
{
	volatile struct dma_access d;
	uint64_t addr = (uint64_t)(uintptr_t)&d;
	uint32_t control;

	d.control = bswap32((uint32_t)select << 16 | FWCFG_DMA_SELECT | FWCFG_DMA_READ);
	d.length = bswap32((uint32_t)len);
	d.address = __builtin_bswap64((uint64_t)(uintptr_t)buf);
	__asm__ volatile("" ::: "memory");
	outl(FWCFG_PORT_DMA_HIGH, bswap32((uint32_t)(addr >> 32)));
	outl(FWCFG_PORT_DMA_LOW, bswap32((uint32_t)addr));
	/* QEMU completes the transfer during the port write; the loop covers asynchronous hosts. */
	do {
		__asm__ volatile("" ::: "memory");
		control = bswap32(d.control);
	} while (control & ~FWCFG_DMA_ERROR);
	return !(control & FWCFG_DMA_ERROR);
}

void fwcfg_io_read(const fwcfg_io *io, uint16_t select, void *buf, size_t len)
{
	if (io->dma && len <= UINT32_MAX && read_dma(select, buf, len))
		return;
	read_pio(select, buf, len);
}

bool fwcfg_io_probe(fwcfg_io *io)
{
	uint8_t sig[4], id[4];
	uint32_t count, features;

	memset(io, 0, sizeof(*io));
	read_pio(FWCFG_KEY_SIGNATURE, sig, 4);
	if (memcmp(sig, "QEMU", 4) != 0)
		return false;
	io->present = true;
	read_pio(FWCFG_KEY_ID, id, 4);
	igd_get_le32(id, 4, 0, &features);
	io->dma = (features & FWCFG_ID_DMA) != 0;
	read_pio(FWCFG_KEY_FILE_DIR, io->dir, 4);
	igd_get_be32(io->dir, 4, 0, &count);
	if (count > (sizeof(io->dir) - 4) / FWCFG_DIR_ENTRY_SIZE)
		count = (sizeof(io->dir) - 4) / FWCFG_DIR_ENTRY_SIZE;
	/* Re-read from the start so the count and entries come from one selection. */
	read_pio(FWCFG_KEY_FILE_DIR, io->dir, 4 + (size_t)count * FWCFG_DIR_ENTRY_SIZE);
	igd_put_be32(io->dir, sizeof(io->dir), 0, count);
	io->dir_len = 4 + (size_t)count * FWCFG_DIR_ENTRY_SIZE;
	return true;
}

bool fwcfg_io_find(const fwcfg_io *io, const char *name, uint16_t *select, uint32_t *size)
{
	return io->present && igd_fwcfg_dir_find(io->dir, io->dir_len, name, select, size) == IGD_OK;
}
