/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * The guest firmware's decisions for one Intel display device, as data: which OpRegion to use
 * and where it goes, how much stolen memory, where it goes and what BDSM becomes, each with its
 * reason.  The option-ROM driver gathers the inputs (memory map, config registers, fw_cfg
 * items, the ROM's data image), carries the plan out and logs the reasons; a failed allocation
 * is fed back as an exclusion and the device re-planned.  The placement rule (the address the
 * hypervisor or host chose first, when its pages are free; else anywhere below 4 GiB) is the
 * one `igd_plan_guest` uses for hypervisors.  Contract: docs/firmware-driver.md §4-§6, §12.
 */
#ifndef IGD_PLAN_H
#define IGD_PLAN_H

#include "devices.h"
#include "env.h"
#include "error.h"
#include "opregion.h"

#define IGD_PAGE_SIZE 4096u
#define IGD_FOUR_GIB 0x100000000ull
#define IGD_PLAN_MAX_OPREGION (1u << 20) /* 8 KiB base + extended VBT; anything larger is garbage */

/* ---- the memory map, in the core's words ---- */

typedef enum igd_mem_kind {
	IGD_MEM_FREE,     /* conventional memory: may be claimed */
	IGD_MEM_RESERVED, /* reserved for firmware/OS: an existing reservation */
	IGD_MEM_NVS,      /* ACPI NVS: an existing OpRegion reservation */
	IGD_MEM_IN_USE,   /* anything else (code, data, MMIO, ...) */
} igd_mem_kind;

typedef struct igd_mem_range {
	uint64_t base, len;
	uint8_t kind;      /* igd_mem_kind */
	uint32_t raw_type; /* the firmware's own type, for the log */
} igd_mem_range;

typedef struct igd_mem_map {
	const igd_mem_range *ranges;
	size_t count;
	bool valid; /* false: the firmware could not produce it (the driver logs why) */
} igd_mem_map;

/* ---- placement ---- */

typedef enum igd_place_action {
	IGD_PLACE_ALLOCATE, /* fresh pages anywhere below 4 GiB, `align` aligned */
	IGD_PLACE_CLAIM,    /* allocate exactly the pages [claim_base, claim_base + claim_len) */
	IGD_PLACE_KEEP,     /* the range is already reserved (or outside the map): use it as is */
} igd_place_action;

typedef struct igd_placement {
	uint8_t action;        /* igd_place_action */
	uint64_t addr;         /* CLAIM/KEEP: where the object is (need not be page aligned) */
	uint64_t claim_base, claim_len; /* CLAIM/KEEP: the whole pages it occupies */
	uint64_t align;        /* ALLOCATE: alignment of the fresh range */
	const char *reason;
	uint32_t culprit_type; /* ALLOCATE because of pages in use: the firmware type seen there */
} igd_placement;

/*
 * Where an object of `len` bytes that would like to live at `want` goes: kept or claimed at
 * `want` when the pages it spans are free, or already `kind`, and below 4 GiB; else fresh
 * pages.  `want_align`: the alignment `want` must have (DSM 1 MiB).  `absent_ok`: a range the
 * map does not describe is kept as it is (a hypervisor's own placement outside RAM); without
 * it such a range means "not RAM here" and fresh pages.
 */
void igd_place(const igd_mem_map *map, uint64_t want, uint64_t len, uint64_t want_align,
	       uint64_t alloc_align, igd_mem_kind kind, bool absent_ok, igd_placement *out);

/* ---- one device ---- */

typedef enum igd_opregion_source {
	IGD_OPREGION_NONE,
	IGD_OPREGION_ROM,        /* the data image `igdrom build` put in the ROM */
	IGD_OPREGION_FWCFG,      /* QEMU's etc/igd-opregion */
	IGD_OPREGION_HYPERVISOR, /* already in guest memory at ASLS (bhyve) */
} igd_opregion_source;

/* Exclusions for re-planning after the driver could not carry a decision out. */
#define IGD_PLAN_NO_KEEP_OPREGION (1u << 0) /* claiming the hypervisor's OpRegion pages failed */
#define IGD_PLAN_NO_KEEP_DSM (1u << 1)      /* claiming the hypervisor's stolen memory failed */
#define IGD_PLAN_NO_HOST_DSM (1u << 2)      /* claiming the pages at the host's DSM address failed */

typedef struct igd_device_inputs {
	uint16_t vendor, device;
	uint8_t class_base, class_sub, class_prog;
	uint8_t bus, dev, fn;
	uint16_t gmch;                 /* config 0x50 */
	uint32_t asls;                 /* config 0xFC as found */
	uint32_t bdsm_lo, bdsm_hi;     /* config 0x5C, or 0xC0/0xC4 for the 64-bit layout */
	const uint8_t *rom_opregion;   /* the ROM's OpRegion data image, or NULL */
	size_t rom_opregion_len;
	bool fwcfg_opregion_present;   /* etc/igd-opregion is in the fw_cfg directory */
	uint32_t fwcfg_opregion_size;  /* its size there */
	const uint8_t *fwcfg_opregion; /* its bytes, when the driver read them (igd_plan_read_fwcfg_opregion) */
	const uint8_t *fwcfg_bdsm_size; /* etc/igd-bdsm-size bytes, or NULL */
	size_t fwcfg_bdsm_size_len;
	uint64_t host_dsm_base;        /* where the host's DSM is (ROM record or etc/igd-stolen-base), 0 */
	const char *host_dsm_from;     /* which of the two said so, for the log */
	const uint8_t *at_asls;        /* guest memory at ASLS (identity mapped), or NULL */
	size_t at_asls_len;            /* readable bytes there (up to 1 MiB, below 4 GiB) */
	const igd_mem_map *map;
	unsigned exclude;              /* IGD_PLAN_NO_* */
} igd_device_inputs;

#define IGD_PLAN_MAX_NOTES 4

typedef struct igd_opregion_plan {
	uint8_t source;          /* igd_opregion_source */
	const uint8_t *bytes;    /* the source image */
	size_t len;              /* its length */
	bool relocate;           /* a 2.0 image naming its extended VBT by address, VBT right
				  * behind the 8 KiB: copy it as 2.1 with RVDA = 0x2000 */
	size_t copy_len;         /* bytes the guest copy holds */
	opregion_info info;      /* of the source */
	igd_placement place;
	bool write_asls;         /* false when the OpRegion stays at the ASLS it was found at */
	const char *declined[IGD_PLAN_MAX_NOTES]; /* sources passed over, and why */
	size_t declined_count;
} igd_opregion_plan;

typedef struct igd_dsm_plan {
	bool wanted;             /* false: `skip` says why */
	const char *skip;
	uint64_t size;           /* 1 MiB multiple */
	const char *size_source; /* "GMCH" or "etc/igd-bdsm-size" */
	unsigned gms;            /* GMS field of GMCH */
	bool gms_defined;
	uint64_t gms_size;       /* what GMCH decodes to (0 when undefined or 0) */
	uint8_t layout;          /* igd_bdsm_layout */
	uint64_t old_bdsm;       /* register as found: its low bits are kept */
	uint64_t found_base;     /* base already programmed (hypervisor), 0 when none */
	igd_placement place;
	const char *fwcfg_note;  /* what happened to etc/igd-bdsm-size, or NULL */
	uint64_t host_base;      /* the host's DSM base the plan tried first, 0 when none known */
	bool at_host_base;       /* the placement is at host_base */
	const char *host_miss;   /* host_base known but not used: what that means, or NULL */
	bool write_bdsm;         /* BDSM must be programmed with the placement's address */
} igd_dsm_plan;

typedef struct igd_device_plan {
	bool ours;               /* an Intel display device: plan it */
	const igd_platform *platform; /* NULL: unknown ID (OpRegion only) */
	igd_opregion_plan opregion;
	igd_dsm_plan dsm;
} igd_device_plan;

/* Whether the driver should read an etc/igd-opregion of this size (8 KiB .. 1 MiB). */
bool igd_plan_read_fwcfg_opregion(uint32_t size);

/* Plans one device.  Pure: reads only what `in` points to. */
void igd_plan_device(const igd_device_inputs *in, igd_device_plan *out);

#endif
