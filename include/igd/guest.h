/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Guest layout planner for hypervisors (the bhyve contract, docs/vmm-contracts.md §5): from the
 * host's facts and the guest's E820 table, decide where stolen memory and the OpRegion go,
 * reserve them, produce the OpRegion bytes to copy and the register values to emulate.
 * Policy: the host address first (GPA == HPA keeps gen 12 GuC and Windows happy,
 * docs/vmm-contracts.md §9 items 5-6), else the highest fit below 4 GiB; stolen memory 1 MiB
 * aligned and Reserved, the OpRegion page aligned and NVS.
 */
#ifndef IGD_GUEST_H
#define IGD_GUEST_H

#include "devices.h"
#include "e820.h"
#include "env.h"
#include "error.h"

typedef struct igd_host {
	uint16_t device_id;
	uint32_t ggc;             /* GMCH/GGC (config 0x50), or MMIO 0x108040 on MTL+ */
	uint64_t bdsm;            /* host BDSM register value (low lock bits kept) */
	uint32_t asls;            /* host ASLS: where the OpRegion is */
	const uint8_t *opregion;  /* host OpRegion bytes (8 KiB base, or base + extended VBT) */
	size_t opregion_len;
	const uint8_t *ext_vbt;   /* extended VBT read separately (2.0 hosts), or NULL */
	size_t ext_vbt_len;
} igd_host;

typedef struct igd_guest_plan {
	const igd_platform *platform;
	uint64_t dsm_size;        /* 0: no stolen memory (MTL+, GMS 0) */
	uint64_t dsm_gpa;
	bool dsm_at_host_address;
	uint64_t opregion_gpa;
	size_t opregion_len;      /* bytes written to the caller's buffer */
	bool opregion_at_host_address;
	uint32_t asls;            /* value to present at config 0xFC */
	uint64_t bdsm;            /* value to present at 0x5C / 0xC0 */
} igd_guest_plan;

/*
 * Plans the guest: fills `opregion_out` (cap >= 8 KiB + extended VBT) with the relocated
 * OpRegion, carves the reservations out of `e820` and returns the plan.  On failure the
 * table is left as it was.
 */
igd_status igd_plan_guest(const igd_host *host, e820_table *e820, uint8_t *opregion_out,
			  size_t cap, igd_guest_plan *ret, igd_where *where);

#endif
