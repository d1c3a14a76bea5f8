// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/guest.h"

#include "igd/opregion.h"

#define FOUR_GIB 0x100000000ull

static igd_status fail(igd_where *where, size_t off, const char *what, igd_status st)
{
	if (where) {
		where->offset = off;
		where->what = what;
	}
	return st;
}

/* Host address first, then the highest aligned fit below 4 GiB. */
static igd_status place(e820_table *t, uint64_t host, uint64_t len, uint64_t align, uint32_t type,
			uint64_t *gpa, bool *at_host)
{
	*at_host = false;
	if (host && !(host & (align - 1)) && host + len <= FOUR_GIB &&
	    e820_alloc(t, len, align, type, E820_ALLOC_SPECIFIC, host, gpa) == IGD_OK) {
		*at_host = true;
		return IGD_OK;
	}
	return e820_alloc(t, len, align, type, E820_ALLOC_HIGHEST, FOUR_GIB, gpa);
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
	st = opregion_relocate(host->opregion, host->opregion_len, host->ext_vbt, host->ext_vbt_len,
			       opregion_out, cap, &plan.opregion_len, where);
	if (st)
		return st;
	/* Stolen memory first: the larger, 1 MiB-aligned range fragments RAM least. */
	if (plan.platform->bdsm != IGD_BDSM_NONE &&
	    igd_gms_size(plan.platform, host->ggc, &plan.dsm_size) == IGD_OK && plan.dsm_size) {
		uint64_t hbase = igd_bdsm_base(plan.platform->bdsm, (uint32_t)host->bdsm,
					       (uint32_t)(host->bdsm >> 32));
		st = place(e820, hbase, plan.dsm_size, IGD_BDSM_ALIGN, E820_RESERVED, &plan.dsm_gpa,
			   &plan.dsm_at_host_address);
		if (st)
			goto undo;
		st = igd_bdsm_encode(plan.platform->bdsm, host->bdsm, plan.dsm_gpa, &plan.bdsm);
		if (st)
			goto undo;
	} else {
		plan.dsm_size = 0;
	}
	/* At the host address the OpRegion keeps its offset within the page (ASLS need not be
	 * page aligned), so the reservation covers that offset too; elsewhere it starts a page. */
	uint64_t in_page = host->asls & (E820_PAGE - 1), page = host->asls - in_page;
	if (host->asls && page + in_page + plan.opregion_len <= FOUR_GIB &&
	    e820_alloc(e820, in_page + plan.opregion_len, E820_PAGE, E820_NVS, E820_ALLOC_SPECIFIC,
		       page, &plan.opregion_gpa) == IGD_OK) {
		plan.opregion_gpa = host->asls;
		plan.opregion_at_host_address = true;
	} else {
		st = e820_alloc(e820, plan.opregion_len, E820_PAGE, E820_NVS, E820_ALLOC_HIGHEST,
				FOUR_GIB, &plan.opregion_gpa);
		if (st)
			goto undo;
	}
	plan.asls = (uint32_t)plan.opregion_gpa;

	*ret = plan;
	return IGD_OK;
undo:
	memcpy(e820->entries, saved, saved_count * sizeof(e820_entry));
	e820->count = saved_count;
	return fail(where, 0, "no room in guest RAM below 4 GiB", st);
}
