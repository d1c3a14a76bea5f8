/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Intel IGD device table (generated from data/, IDs from Linux pciids.h) and the facts each
 * platform needs for passthrough: generation, BDSM register layout, stolen-size decoders.
 */
#ifndef IGD_DEVICES_H
#define IGD_DEVICES_H

#include "env.h"
#include "error.h"

#define IGD_VENDOR_INTEL 0x8086

/* IGD PCI config registers (docs/vmm-contracts.md §2). */
#define IGD_CFG_GMCH 0x50    /* GGC: graphics control, u16, read-only mirror of the host bridge */
#define IGD_CFG_BDSM 0x5C    /* base of data stolen memory, u32 (gen 3-10) */
#define IGD_CFG_BDSM64 0xC0  /* u64 (gen 11-12) */
#define IGD_CFG_BGSM 0x70    /* base of GTT stolen memory (gen 6+ host bridge mirror) */
#define IGD_CFG_ASLS 0xFC    /* OpRegion physical address, u32 */
#define IGD_BDSM_MASK 0xFFF00000u /* base bits; bits 19:0 hold lock/reserved bits */
#define IGD_BDSM_ALIGN 0x100000u  /* 1 MiB */

typedef enum igd_bdsm_layout { IGD_BDSM_NONE, IGD_BDSM_BDSM32, IGD_BDSM_BDSM64 } igd_bdsm_layout;
typedef enum igd_gms_kind {
	IGD_GMS_GEN3, /* host bridge 0x52 bits 7:4, table */
	IGD_GMS_SNB,  /* GGC bits 7:3 x 32 MiB */
	IGD_GMS_BDW,  /* GGC bits 15:8 x 32 MiB */
	IGD_GMS_CHV,  /* GGC bits 7:3, Cherryview table */
	IGD_GMS_GEN9, /* GGC bits 15:8; 0xF0-0xFE in 4 MiB steps */
	IGD_GMS_MTL,  /* GGC mirror at MMIO 0x108040; 0-4 x 32 MiB or 0xF0-0xFE x 4 MiB */
} igd_gms_kind;
typedef enum igd_ggms_kind { IGD_GGMS_NONE, IGD_GGMS_SNB, IGD_GGMS_BDW, IGD_GGMS_CHV } igd_ggms_kind;

/* Small fields (uint8_t holding the enums above): the table sits in the option-ROM driver. */
typedef struct igd_platform {
	const char *macro; /* Linux INTEL_<macro>_IDS family */
	const char *name;
	uint8_t gen;
	uint8_t bdsm;      /* igd_bdsm_layout */
	uint8_t gms;       /* igd_gms_kind */
	uint8_t ggms;      /* igd_ggms_kind */
	bool opregion;     /* the host firmware provides an OpRegion */
} igd_platform;

typedef struct __attribute__((packed)) igd_device {
	uint16_t id;
	uint8_t platform; /* index into igd_platforms */
} igd_device;

extern const igd_platform igd_platforms[];
extern const size_t igd_platform_count;
extern const igd_device igd_devices[];
extern const size_t igd_device_count;

/* The platform of an Intel device ID, or NULL when it is not a known IGD. */
const igd_platform *igd_lookup(uint16_t device_id);

/* True for display class 0x0300 (VGA, prog-if 0) or 0x0380 (other): both are IGDs in the
 * wild (IVD-set hosts and non-primary IGDs report 0x0380). */
bool igd_is_display_class(uint8_t base, uint8_t sub, uint8_t prog_if);

/* ---- stolen memory (docs/vmm-contracts.md §6) ---- */

/* DSM size in bytes from GGC (or the host bridge GMCH for gen3, MMIO 0x108040 for MTL).
 * GMS 0 gives 0; encodings the platform does not define give IGD_ERR_INVALID. */
igd_status igd_gms_size(const igd_platform *p, uint32_t ggc, uint64_t *ret);
/* GTT stolen size in bytes from GGC. */
igd_status igd_ggms_size(const igd_platform *p, uint32_t ggc, uint64_t *ret);
/* Raw GMS field of GGC for the platform. */
unsigned igd_gms_field(const igd_platform *p, uint32_t ggc);
/* GGC with the GMS field replaced (QEMU x-igd-gms style override). */
igd_status igd_gms_set(const igd_platform *p, uint32_t ggc, unsigned gms, uint32_t *ret);

/* BDSM base from the register value(s); hi is ignored for the 32-bit layout. */
uint64_t igd_bdsm_base(igd_bdsm_layout layout, uint32_t lo, uint32_t hi);
/* New register value for base, keeping the low lock/reserved bits of the old value. */
igd_status igd_bdsm_encode(igd_bdsm_layout layout, uint64_t old_value, uint64_t base,
			   uint64_t *ret);

#endif
