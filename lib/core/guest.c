// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/guest.h"
#include "fail.h"

#include "igd/opregion.h"
#include "igd/plan.h"

#define FOUR_GIB 0x100000000ull

/* The guest's E820 table in the placement code's words: RAM is what may be claimed. */
static void as_mem_map(const e820_table *t, igd_mem_range *r, size_t cap, igd_mem_map *m)
{
	m->ranges = r;
	m->count = 0;
	m->valid = true;
	for (size_t i = 0; i < t->count && m->count < cap; i++) {
		const e820_entry *e = &t->entries[i];
		uint8_t kind = e->type == E820_RAM ? IGD_MEM_FREE
			     : e->type == E820_RESERVED ? IGD_MEM_RESERVED
			     : e->type == E820_NVS ? IGD_MEM_NVS : IGD_MEM_IN_USE;
		r[m->count++] = (igd_mem_range){ e->addr, e->len, kind, e->type };
	}
}

/* The firmware driver's rule (igd_place): the host address when its pages are free guest RAM
 * below 4 GiB, else the highest aligned fit below 4 GiB.  A hypervisor takes only a claim:
 * a range that is already reserved, or outside its RAM, belongs to something else. */
static igd_status place(e820_table *t, uint64_t host, uint64_t len, uint64_t host_align, uint64_t align,
			uint32_t type, igd_mem_kind kind, uint64_t *gpa, bool *at_host)
{
	igd_mem_range r[64];
	igd_mem_map m;
	igd_placement p;
	uint64_t got;

	*at_host = false;
	as_mem_map(t, r, IGD_ARRAY_SIZE(r), &m);
	igd_place(&m, host, len, host_align, align, kind, false, &p);
	if (p.action == IGD_PLACE_CLAIM &&
	    igd_e820_alloc(t, p.claim_len, E820_PAGE, type, E820_ALLOC_SPECIFIC, p.claim_base, &got) == IGD_OK) {
		*gpa = p.addr;
		*at_host = true;
		return IGD_OK;
	}
	return igd_e820_alloc(t, len, align, type, E820_ALLOC_HIGHEST, FOUR_GIB, gpa);
}

igd_status igd_plan_guest(const igd_host *host, e820_table *e820, uint8_t *opregion_out,
			  size_t cap, igd_guest_plan *ret, igd_where *where)
{
	igd_guest_plan plan = { 0 };
	e820_entry saved[64];
	size_t saved_count = e820->count;
	igd_status st;

	if (e820->count > IGD_ARRAY_SIZE(saved))
		return fail(where, 0, "guest E820 table has more than 64 entries", IGD_ERR_TOO_LARGE);
	memcpy(saved, e820->entries, e820->count * sizeof(e820_entry));
	plan.platform = igd_lookup(host->device_id);
	if (!plan.platform)
		return fail(where, 0, "device ID is not a known Intel IGD", IGD_ERR_UNSUPPORTED);

	/* OpRegion: one contiguous 2.1 image (extended VBT relocated behind the base). */
	st = igd_opregion_relocate(host->opregion, host->opregion_len, host->ext_vbt, host->ext_vbt_len,
			       opregion_out, cap, &plan.opregion_len, where);
	if (st)
		return st;
	/* Stolen memory first: the larger, 1 MiB-aligned range fragments RAM least. */
	if (plan.platform->bdsm != IGD_BDSM_NONE &&
	    igd_gms_size(plan.platform, host->ggc, &plan.dsm_size) == IGD_OK && plan.dsm_size) {
		uint64_t hbase = igd_bdsm_base(plan.platform->bdsm, (uint32_t)host->bdsm,
					       (uint32_t)(host->bdsm >> 32));
		st = place(e820, hbase, plan.dsm_size, IGD_BDSM_ALIGN, IGD_BDSM_ALIGN, E820_RESERVED, IGD_MEM_RESERVED,
			   &plan.dsm_gpa, &plan.dsm_at_host_address);
		if (st)
			goto undo;
		st = igd_bdsm_encode(plan.platform->bdsm, host->bdsm, plan.dsm_gpa, &plan.bdsm);
		if (st)
			goto undo;
	} else {
		plan.dsm_size = 0;
	}
	/* At the host address the OpRegion keeps its offset within the page (ASLS need not be
	 * page aligned): the claim covers the pages it spans; elsewhere it starts a page. */
	st = place(e820, host->asls, plan.opregion_len, 1, E820_PAGE, E820_NVS, IGD_MEM_NVS, &plan.opregion_gpa,
		   &plan.opregion_at_host_address);
	if (st)
		goto undo;
	plan.asls = (uint32_t)plan.opregion_gpa;

	*ret = plan;
	return IGD_OK;
undo:
	memcpy(e820->entries, saved, saved_count * sizeof(e820_entry));
	e820->count = saved_count;
	return fail(where, 0, "no room in guest RAM below 4 GiB", st);
}
