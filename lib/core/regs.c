// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/regs.h"

void igd_vregs_init(igd_vregs *r, const igd_platform *p, uint32_t host_ggc, uint64_t bdsm,
		    uint32_t asls)
{
	memset(r, 0, sizeof(*r));
	r->platform = p;
	r->host_ggc = host_ggc;
	r->bdsm = bdsm;
	r->asls = asls;
	if (p)
		igd_ggms_size(p, host_ggc, &r->ggms_size);
}

struct reg {
	uint64_t off;
	unsigned width;
	bool writable;
	uint64_t value;
};

static uint32_t ggc_value(const igd_vregs *r)
{
	uint32_t v = r->host_ggc;
	if (r->gms_override && r->platform)
		igd_gms_set(r->platform, r->host_ggc, r->gms, &v);
	return v & 0xFFFF;
}

static uint64_t gsm_base(const igd_vregs *r)
{
	/* GTT stolen memory sits directly below DSM (docs/vmm-contracts.md §6.2); present the guest
	 * address so gen 12 Windows does not program host addresses into the GTT. */
	uint64_t base = igd_bdsm_base(IGD_BDSM_BDSM64, (uint32_t)r->bdsm, (uint32_t)(r->bdsm >> 32));
	return base >= r->ggms_size ? base - r->ggms_size : 0;
}

/* The emulated registers of this platform in `space`; returns how many. */
static size_t registers(const igd_vregs *r, igd_space space, struct reg out[4])
{
	size_t n = 0;
	const igd_platform *p = r->platform;
	if (!p)
		return 0;
	if (space == IGD_SPACE_CONFIG) {
		out[n++] = (struct reg){ IGD_CFG_GMCH, 2, false, ggc_value(r) };
		out[n++] = (struct reg){ IGD_CFG_ASLS, 4, true, r->asls };
		if (p->bdsm == IGD_BDSM_BDSM32)
			out[n++] = (struct reg){ IGD_CFG_BDSM, 4, true, (uint32_t)r->bdsm };
		else if (p->bdsm == IGD_BDSM_BDSM64)
			out[n++] = (struct reg){ IGD_CFG_BDSM64, 8, true, r->bdsm };
		if (p->gen == 12 && p->bdsm == IGD_BDSM_BDSM64)
			out[n++] = (struct reg){ IGD_CFG_BGSM64, 8, false, gsm_base(r) };
	} else {
		if (p->bdsm != IGD_BDSM_NONE)
			out[n++] = (struct reg){ IGD_MMIO_BDSM, p->bdsm == IGD_BDSM_BDSM64 ? 8u : 4u, false,
						 p->bdsm == IGD_BDSM_BDSM64 ? r->bdsm : (uint32_t)r->bdsm };
		if (r->gms_override)
			out[n++] = (struct reg){ IGD_MMIO_GGC, 2, false, ggc_value(r) };
		if (p->gen == 12 && p->bdsm == IGD_BDSM_BDSM64)
			out[n++] = (struct reg){ IGD_MMIO_GSMBASE, 8, false, gsm_base(r) };
	}
	return n;
}

igd_verdict igd_vregs_read(const igd_vregs *r, igd_space space, uint64_t off, unsigned size,
			   uint64_t *value)
{
	struct reg regs[4];
	size_t n = registers(r, space, regs);
	uint64_t v = 0;
	bool hit = false;
	if (size == 0 || size > 8 || off + size < off)
		return IGD_PASSTHROUGH;
	for (unsigned b = 0; b < size; b++) {
		for (size_t i = 0; i < n; i++) {
			if (off + b >= regs[i].off && off + b < regs[i].off + regs[i].width) {
				unsigned shift = (unsigned)(off + b - regs[i].off) * 8;
				v |= ((regs[i].value >> shift) & 0xFF) << (8 * b);
				hit = true;
			}
		}
	}
	if (!hit)
		return IGD_PASSTHROUGH;
	*value = v;
	return IGD_EMULATED;
}

igd_verdict igd_vregs_write(igd_vregs *r, igd_space space, uint64_t off, unsigned size,
			    uint64_t value)
{
	struct reg regs[4];
	size_t n = registers(r, space, regs);
	bool hit = false;
	if (size == 0 || size > 8 || off + size < off)
		return IGD_PASSTHROUGH;
	for (unsigned b = 0; b < size; b++) {
		uint8_t byte = (uint8_t)(value >> (8 * b));
		for (size_t i = 0; i < n; i++) {
			if (off + b < regs[i].off || off + b >= regs[i].off + regs[i].width)
				continue;
			hit = true;
			if (!regs[i].writable)
				continue; /* read-only: the write is absorbed, nothing reaches the device */
			unsigned shift = (unsigned)(off + b - regs[i].off) * 8;
			uint64_t mask = (uint64_t)0xFF << shift;
			if (regs[i].off == IGD_CFG_ASLS)
				r->asls = (uint32_t)((r->asls & ~mask) | ((uint64_t)byte << shift));
			else
				r->bdsm = (r->bdsm & ~mask) | ((uint64_t)byte << shift);
		}
	}
	return hit ? IGD_EMULATED : IGD_PASSTHROUGH;
}
