// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The guest firmware's decisions for one device (include/igd/plan.h). */
#include "igd/plan.h"

#include "igd/bytes.h"
#include "igd/fwcfg.h"

#define PAGE_MASK ((uint64_t)IGD_PAGE_SIZE - 1)

typedef enum range_state { RANGE_FREE, RANGE_SAME, RANGE_IN_USE, RANGE_MIXED, RANGE_ABSENT } range_state;

/* [base, end) against the map: all free, all `kind` (or reserved/NVS), partly in use,
 * a mix of free and taken, or not in the map at all. */
static range_state classify(const igd_mem_map *m, uint64_t base, uint64_t end, igd_mem_kind kind,
			    uint32_t *culprit)
{
	uint64_t covered = 0;
	bool any = false, all_free = true, all_same = true;
	for (size_t i = 0; i < m->count; i++) {
		const igd_mem_range *r = &m->ranges[i];
		uint64_t rs = r->base, re = r->base + r->len;
		if (re <= base || rs >= end || re < rs)
			continue;
		any = true;
		covered += (re < end ? re : end) - (rs > base ? rs : base);
		if (r->kind != IGD_MEM_FREE)
			all_free = false;
		if (r->kind != kind && r->kind != IGD_MEM_RESERVED && r->kind != IGD_MEM_NVS) {
			all_same = false;
			if (r->kind != IGD_MEM_FREE)
				*culprit = r->raw_type;
		}
	}
	if (!any)
		return RANGE_ABSENT;
	if (covered != end - base)
		return RANGE_MIXED;
	if (all_free)
		return RANGE_FREE;
	if (all_same)
		return RANGE_SAME;
	return RANGE_IN_USE; /* taken pages, or free ones beside a reservation */
}

void igd_place(const igd_mem_map *map, uint64_t want, uint64_t len, uint64_t want_align,
	       uint64_t alloc_align, igd_mem_kind kind, bool absent_ok, igd_placement *out)
{
	memset(out, 0, sizeof(*out));
	out->action = IGD_PLACE_ALLOCATE;
	out->align = alloc_align;
	if (!want) {
		out->reason = "no address given: fresh pages below 4 GiB";
		return;
	}
	if (want_align > 1 && (want & (want_align - 1))) {
		out->reason = "the address given is not aligned as the register needs: fresh pages below 4 GiB";
		return;
	}
	uint64_t first = want & ~PAGE_MASK;
	if (len > IGD_FOUR_GIB || want > IGD_FOUR_GIB - len) {
		out->reason = "the range at the address given ends above 4 GiB: fresh pages below 4 GiB";
		return;
	}
	uint64_t end = (want + len + PAGE_MASK) & ~PAGE_MASK;
	if (!map->valid) {
		out->reason = "no memory map to check the address given against: fresh pages below 4 GiB";
		return;
	}
	uint32_t culprit = 0;
	out->addr = want;
	out->claim_base = first;
	out->claim_len = end - first;
	switch (classify(map, first, end, kind, &culprit)) {
	case RANGE_FREE:
		out->action = IGD_PLACE_CLAIM;
		out->reason = "the pages at the address given are free: reserved there";
		return;
	case RANGE_SAME:
		out->action = IGD_PLACE_KEEP;
		out->reason = "the pages at the address given are already reserved: kept";
		return;
	case RANGE_ABSENT:
		if (absent_ok) {
			out->action = IGD_PLACE_KEEP;
			out->reason = "the address given is outside the memory map (not RAM the OS could reuse): kept";
			return;
		}
		out->reason = "the address given is not guest RAM (outside the memory map): fresh pages below 4 GiB";
		break;
	case RANGE_MIXED:
		out->reason = "the pages at the address given are only partly RAM: fresh pages below 4 GiB";
		break;
	default:
		out->reason = "the pages at the address given are in use: fresh pages below 4 GiB";
		out->culprit_type = culprit;
		break;
	}
	out->addr = out->claim_base = out->claim_len = 0;
}

bool igd_plan_read_fwcfg_opregion(uint32_t size)
{
	return size >= OPREGION_BASE_SIZE && size <= IGD_PLAN_MAX_OPREGION;
}

static void decline(igd_opregion_plan *p, const char *why)
{
	if (p->declined_count < IGD_PLAN_MAX_NOTES)
		p->declined[p->declined_count++] = why;
}

/* A candidate OpRegion: valid, and how many bytes the guest copy takes. */
static bool take_source(igd_opregion_plan *p, uint8_t source, const uint8_t *buf, size_t len,
			const char *invalid)
{
	opregion_info o;
	if (igd_opregion_parse(buf, len, &o, NULL) != IGD_OK) {
		decline(p, invalid);
		return false;
	}
	p->source = source;
	p->bytes = buf;
	p->len = len;
	p->info = o;
	p->copy_len = o.image_len;
	/* VFIO's layout for a 2.0 host: the extended VBT behind the 8 KiB, RVDA still an address. */
	if (o.vbt_kind == OPREGION_VBT_EXTENDED_PHYSICAL && o.rvds <= len - OPREGION_BASE_SIZE && o.rvds) {
		p->relocate = true;
		p->copy_len = OPREGION_BASE_SIZE + o.rvds;
	}
	return true;
}

static void plan_opregion(const igd_device_inputs *in, igd_opregion_plan *p)
{
	const igd_mem_map none = { NULL, 0, false };
	const igd_mem_map *map = in->map ? in->map : &none;

	p->write_asls = true;
	/* 1. the ROM's own copy: the user built it for this host */
	if (in->rom_opregion &&
	    take_source(p, IGD_OPREGION_ROM, in->rom_opregion, in->rom_opregion_len, "the ROM's OpRegion is invalid"))
		goto allocate;
	/* 2. QEMU's etc/igd-opregion */
	if (in->fwcfg_opregion_present) {
		if (!igd_plan_read_fwcfg_opregion(in->fwcfg_opregion_size))
			decline(p, "fw_cfg etc/igd-opregion is not 8 KiB..1 MiB");
		else if (in->fwcfg_opregion &&
			 take_source(p, IGD_OPREGION_FWCFG, in->fwcfg_opregion, in->fwcfg_opregion_size,
				     "fw_cfg etc/igd-opregion is not an OpRegion"))
			goto allocate;
	}
	/* 3. the one the hypervisor placed at ASLS (bhyve): it may sit at any offset in its page */
	if (in->asls && in->at_asls) {
		size_t len = in->at_asls_len < OPREGION_BASE_SIZE ? in->at_asls_len : OPREGION_BASE_SIZE;
		uint64_t rvda = 0;
		uint32_t rvds = 0;
		if (!igd_match(in->at_asls, len, 0, OPREGION_SIGNATURE, 16)) {
			decline(p, "ASLS points at no OpRegion signature");
			return;
		}
		/* the 8 KiB base decides the full length (RVDA + RVDS when extended) */
		igd_get_le64(in->at_asls, len, OPREGION_OFF_RVDA, &rvda);
		igd_get_le32(in->at_asls, len, OPREGION_OFF_RVDS, &rvds);
		if (rvda >= OPREGION_BASE_SIZE && rvda <= IGD_PLAN_MAX_OPREGION && rvds <= IGD_PLAN_MAX_OPREGION - rvda &&
		    rvda + rvds <= in->at_asls_len)
			len = (size_t)(rvda + rvds);
		if (!take_source(p, IGD_OPREGION_HYPERVISOR, in->at_asls, len, "the OpRegion at ASLS is invalid"))
			return;
		if (p->relocate || (in->exclude & IGD_PLAN_NO_KEEP_OPREGION)) {
			igd_place(map, 0, p->copy_len, 1, IGD_PAGE_SIZE, IGD_MEM_NVS, true, &p->place);
			p->place.reason = p->relocate ? "2.0 OpRegion with its VBT by address: relocated as 2.1"
						      : "claiming the pages at ASLS failed: relocated";
			return;
		}
		igd_place(map, in->asls, p->copy_len, 1, IGD_PAGE_SIZE, IGD_MEM_NVS, true, &p->place);
		p->write_asls = p->place.action == IGD_PLACE_ALLOCATE;
		return;
	}
	return;
allocate:
	igd_place(map, 0, p->copy_len, 1, IGD_PAGE_SIZE, IGD_MEM_NVS, true, &p->place);
	p->place.reason = "copied into fresh ACPI NVS pages below 4 GiB";
}

static void plan_dsm(const igd_device_inputs *in, const igd_platform *pf, igd_dsm_plan *d)
{
	const igd_mem_map none = { NULL, 0, false };
	const igd_mem_map *map = in->map ? in->map : &none;
	uint64_t size = 0;

	if (!pf) {
		d->skip = "device ID not in the table: stolen memory not set up";
		return;
	}
	d->layout = pf->bdsm;
	if (pf->bdsm == IGD_BDSM_NONE) {
		d->skip = "no BDSM register (stolen memory is in BAR2): skipped";
		return;
	}
	d->gms = igd_gms_field(pf, in->gmch);
	d->gms_defined = igd_gms_size(pf, in->gmch, &size) == IGD_OK;
	if (!d->gms_defined)
		size = 0;
	d->gms_size = size;
	d->size_source = "GMCH";
	if (size == 0 && in->fwcfg_bdsm_size) {
		uint64_t v = 0;
		/* QEMU < 10.0 counts GTT stolen memory in it: up to 8 MiB more, harmless here */
		if (in->fwcfg_bdsm_size_len == 8 && igd_fwcfg_bdsm_size_parse(in->fwcfg_bdsm_size, 8, &v) == IGD_OK &&
		    v && v < IGD_FOUR_GIB) {
			size = v;
			d->size_source = FWCFG_IGD_BDSM_SIZE;
			d->fwcfg_note = "GMCH says 0: the size comes from etc/igd-bdsm-size";
		} else {
			d->fwcfg_note = "etc/igd-bdsm-size is invalid (not 8 bytes, 0, or 4 GiB and more): ignored";
		}
	}
	if (size == 0) {
		d->skip = "stolen memory size is 0 and no etc/igd-bdsm-size: BDSM not programmed";
		return;
	}
	d->wanted = true;
	d->size = (size + IGD_BDSM_ALIGN - 1) & ~(uint64_t)(IGD_BDSM_ALIGN - 1);
	d->old_bdsm = pf->bdsm == IGD_BDSM_BDSM32 ? in->bdsm_lo : ((uint64_t)in->bdsm_hi << 32 | in->bdsm_lo);
	d->found_base = igd_bdsm_base(pf->bdsm, in->bdsm_lo, in->bdsm_hi);
	d->host_base = in->host_dsm_base;
	if (d->found_base && !(in->exclude & IGD_PLAN_NO_KEEP_DSM)) {
		/* the hypervisor chose (bhyve tries the host address itself) and emulates the register */
		igd_place(map, d->found_base, d->size, IGD_BDSM_ALIGN, IGD_BDSM_ALIGN, IGD_MEM_RESERVED, true, &d->place);
	} else if (d->host_base && !(in->exclude & IGD_PLAN_NO_HOST_DSM)) {
		/* the guest's DSM where the host's is: what gen 11+ Windows needs (GuC, GSMBASE/BGSM) */
		igd_place(map, d->host_base, d->size, IGD_BDSM_ALIGN, IGD_BDSM_ALIGN, IGD_MEM_RESERVED, false, &d->place);
	} else {
		igd_place(map, 0, d->size, IGD_BDSM_ALIGN, IGD_BDSM_ALIGN, IGD_MEM_RESERVED, true, &d->place);
		if (d->found_base)
			d->place.reason = "claiming the pages at the programmed BDSM failed: fresh pages below 4 GiB";
		else if (d->host_base)
			d->place.reason = "claiming the pages at the host's address failed: fresh pages below 4 GiB";
	}
	d->at_host_base = d->host_base && d->place.action != IGD_PLACE_ALLOCATE && d->place.addr == d->host_base;
	if (d->host_base && !d->at_host_base)
		d->host_miss = pf->gen >= 11
			? "stolen memory is not at the host's address: gen 11+ Windows drivers fail there (Code 43: the GuC "
			  "does not boot); fix: give the guest RAM at that address (the -m and machine options igdrom "
			  "vmm-config prints for this ROM)"
			: "stolen memory is not at the host's address (harmless before gen 11; igdrom vmm-config prints "
			  "the memory options that put it there)";
	d->write_bdsm = !(d->found_base && d->place.action != IGD_PLACE_ALLOCATE && d->place.addr == d->found_base);
}

void igd_plan_device(const igd_device_inputs *in, igd_device_plan *out)
{
	memset(out, 0, sizeof(*out));
	if (in->vendor != IGD_VENDOR_INTEL || !igd_is_display_class(in->class_base, in->class_sub, in->class_prog))
		return;
	out->ours = true;
	out->platform = igd_lookup(in->device);
	/* The OpRegion needs no generation data: every Intel display device gets one
	 * (docs/firmware-driver.md §12 item 2). */
	plan_opregion(in, &out->opregion);
	plan_dsm(in, out->platform, &out->dsm);
}
