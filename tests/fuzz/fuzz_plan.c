// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * Fuzz the driver's plan (include/igd/plan.h).  Input: 32 bytes of device registers and
 * flags, up to 8 memory-map ranges of 17 bytes, then the rest as one OpRegion candidate that
 * plays the ROM's copy, the fw_cfg item or the memory at ASLS (chosen by a flag).  The plan
 * must never point outside what it was given, and what it claims must cover the object.
 */
#include <stdlib.h>

#include "igd/bytes.h"
#include "igd/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_place(const igd_placement *p, uint64_t len)
{
	if (!p->reason)
		abort();
	if (p->action == IGD_PLACE_CLAIM || p->action == IGD_PLACE_KEEP) {
		if (p->claim_base & (IGD_PAGE_SIZE - 1) || p->claim_len & (IGD_PAGE_SIZE - 1))
			abort();
		if (p->addr < p->claim_base || p->addr + len > p->claim_base + p->claim_len)
			abort();
		if (p->claim_base + p->claim_len > IGD_FOUR_GIB)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	igd_device_inputs in;
	igd_device_plan plan;
	igd_mem_range ranges[8];
	igd_mem_map map = { ranges, 0, true };
	uint32_t w[8] = { 0 };

	if (size < 32)
		return 0;
	for (size_t i = 0; i < 8; i++)
		igd_get_le32(data, size, i * 4, &w[i]);
	memset(&in, 0, sizeof(in));
	in.vendor = 0x8086;
	in.device = (uint16_t)w[0];
	in.class_base = 3;
	in.class_sub = (w[0] >> 16) & 1 ? 0x80 : 0;
	in.gmch = (uint16_t)w[1];
	in.asls = w[2];
	in.bdsm_lo = w[3];
	in.bdsm_hi = w[4] & 0xF;
	in.exclude = (w[5] >> 28) & 3;
	map.valid = !((w[5] >> 27) & 1);
	size_t nr = w[5] & 7, off = 32;
	for (size_t i = 0; i < nr && off + 17 <= size; i++, off += 17) {
		uint64_t b = 0, l = 0;
		igd_get_le64(data, size, off, &b);
		igd_get_le64(data, size, off + 8, &l);
		ranges[map.count++] = (igd_mem_range){ b & 0x1FFFFFFFFull, l & 0xFFFFFFFFull, (uint8_t)(data[off + 16] % 4), data[off + 16] };
	}
	in.map = &map;
	const uint8_t *op = data + off;
	size_t op_len = size - off;
	switch (w[6] % 4) {
	case 0: in.rom_opregion = op; in.rom_opregion_len = op_len; break;
	case 1: in.fwcfg_opregion_present = true; in.fwcfg_opregion = op; in.fwcfg_opregion_size = (uint32_t)op_len; break;
	case 2: in.at_asls = op; in.at_asls_len = op_len; break;
	default: break;
	}
	if (w[7] & 1) {
		in.fwcfg_bdsm_size = op;
		in.fwcfg_bdsm_size_len = op_len < 8 ? op_len : (w[7] & 2 ? 8 : op_len);
	}
	igd_plan_device(&in, &plan);
	if (!plan.ours)
		abort();
	const igd_opregion_plan *o = &plan.opregion;
	if (o->source != IGD_OPREGION_NONE) {
		if (o->bytes != op || o->len > op_len || o->copy_len < OPREGION_BASE_SIZE)
			abort();
		if (!o->relocate && o->copy_len > o->len)
			abort();
		check_place(&o->place, o->copy_len);
	}
	if (plan.dsm.wanted) {
		if (!plan.dsm.size || plan.dsm.size & (IGD_BDSM_ALIGN - 1))
			abort();
		check_place(&plan.dsm.place, plan.dsm.size);
	}
	return 0;
}
