/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * IGD register emulation model: for each guest access to config space or BAR0, whether the
 * VMM should pass it through or answer from its emulated state, and with what value.  A pure
 * function of (state, register, access, value): any VMM can call it from its trap handler.
 * Registers: config GMCH 0x50 (read-only, optional GMS override), BDSM 0x5C / 0xC0-0xC7,
 * BGSM 0xF0 (gen 12), ASLS 0xFC; BAR0 mirrors GGC 0x108040, BDSM 0x1080C0 and GSMBASE
 * 0x108100 (docs/vmm-contracts.md §2, §4).
 */
#ifndef IGD_REGS_H
#define IGD_REGS_H

#include "devices.h"
#include "env.h"

#define IGD_CFG_BGSM64 0xF0        /* gen 12: GTT stolen base, 64-bit */
#define IGD_MMIO_GGC 0x108040
#define IGD_MMIO_BDSM 0x1080C0
#define IGD_MMIO_GSMBASE 0x108100

typedef enum igd_space { IGD_SPACE_CONFIG, IGD_SPACE_BAR0 } igd_space;
typedef enum igd_verdict { IGD_PASSTHROUGH, IGD_EMULATED } igd_verdict;

typedef struct igd_vregs {
	const igd_platform *platform;
	uint32_t host_ggc;
	bool gms_override;     /* present GMS `gms` instead of the host's (QEMU x-igd-gms) */
	unsigned gms;
	uint64_t bdsm;         /* guest BDSM register value */
	uint32_t asls;         /* guest ASLS */
	uint64_t ggms_size;    /* GTT stolen size; BGSM/GSMBASE = BDSM base - this */
} igd_vregs;

/* Initialises the state from the platform, host GGC and the planned guest values. */
void igd_vregs_init(igd_vregs *r, const igd_platform *p, uint32_t host_ggc, uint64_t bdsm,
		    uint32_t asls);

/*
 * A read of `size` bytes (1, 2, 4 or 8) at `off`.  IGD_EMULATED: *value is the answer.
 * IGD_PASSTHROUGH: forward to the device.  Accesses that straddle an emulated register are
 * emulated byte by byte over the overlapping part and passed through elsewhere only when
 * no byte is emulated (a straddling access is answered from the emulated bytes, the rest 0).
 */
igd_verdict igd_vregs_read(const igd_vregs *r, igd_space space, uint64_t off, unsigned size,
			   uint64_t *value);

/* A write: IGD_EMULATED means the state absorbed it (read-only registers ignore it). */
igd_verdict igd_vregs_write(igd_vregs *r, igd_space space, uint64_t off, unsigned size,
			    uint64_t value);

#endif
