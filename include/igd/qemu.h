/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * What each QEMU release offers an assigned IGD, and the guest layout that works on it: the
 * decisions behind `igdrom vmm-config` for QEMU, libvirt and Proxmox VE, kept here so every
 * front end (and a hypervisor manager that links libigd) makes the same ones.
 * Facts: docs/vmm-contracts.md §3 and §8; the property table is docs/qemu-versions.md.
 */
#ifndef IGD_QEMU_H
#define IGD_QEMU_H

#include "devices.h"
#include "env.h"

/* The vfio-pci IGD properties and behaviours of one QEMU release. */
typedef struct igd_qemu_features {
	bool opregion_prop;        /* x-igd-opregion exists */
	bool opregion_default_on;  /* ... and is on by default for IGDs (10.1) */
	bool gms_prop;             /* x-igd-gms exists */
	bool lpc_prop;             /* x-igd-lpc exists (10.0) */
	bool legacy_mode_prop;     /* x-igd-legacy-mode exists (10.0) */
	bool stolen_outside_legacy; /* BDSM emulated and etc/igd-bdsm-size served in UPT mode too (10.0) */
	bool gms_zeroed;           /* the guest's GGC shows GMS 0 unless x-igd-gms is set (<= 9.1) */
	uint8_t legacy_gen_max;    /* legacy mode only up to this generation (10.1: 9), 0 = no limit */
} igd_qemu_features;

igd_qemu_features igd_qemu_features_of(unsigned major, unsigned minor);

/* The generation QEMU itself assigns to a device ID (hw/vfio/igd.c igd_gen() of that
 * release); -1 when QEMU does not know it.  Legacy mode and BDSM emulation depend on it. */
int igd_qemu_gen(unsigned major, unsigned minor, uint16_t device_id);

typedef enum igd_qemu_machine { IGD_MACHINE_Q35, IGD_MACHINE_I440FX } igd_qemu_machine;
typedef enum igd_qemu_prop_type { IGD_PROP_BOOL, IGD_PROP_UNSIGNED, IGD_PROP_STRING } igd_qemu_prop_type;

typedef struct igd_qemu_prop {
	const char *name;
	char value[12];
	igd_qemu_prop_type type; /* as libvirt's <qemu:property type=...> wants it */
} igd_qemu_prop;

#define IGD_QEMU_MAX_PROPS 4
#define IGD_QEMU_MAX_NOTES 8

typedef struct igd_qemu_plan {
	igd_qemu_machine machine;
	bool legacy_mode;   /* QEMU's legacy mode engages (and with it the LPC bridge at 00:1f.0) */
	bool lpc_bridge;    /* 00:1f.0 carries the host's LPC IDs (legacy mode or x-igd-lpc) */
	bool stolen_ok;     /* the guest firmware can reserve and program stolen memory */
	igd_qemu_prop props[IGD_QEMU_MAX_PROPS];
	size_t prop_count;
	const char *why[IGD_QEMU_MAX_NOTES];     /* reasons for the choices above */
	size_t why_count;
	const char *warn[IGD_QEMU_MAX_NOTES];    /* what will not work, and what to change */
	size_t warn_count;
} igd_qemu_plan;

/* Inputs of the plan: the device, the host GMS field (for x-igd-gms on QEMU <= 9.1; 0 when
 * unknown), and whether the ROM carries Intel's GOP (which needs the host's LPC ID at 00:1f.0). */
typedef struct igd_qemu_target {
	unsigned major, minor;
	uint16_t device_id;
	const igd_platform *platform; /* NULL when the ID is unknown */
	unsigned host_gms;
	bool rom_has_gop;
} igd_qemu_target;

void igd_qemu_plan_for(const igd_qemu_target *t, igd_qemu_plan *plan);

/*
 * Guest RAM that makes the host's stolen memory [base, base + size) guest RAM below 4 GiB,
 * with room above it for the firmware's own allocations.  QEMU splits RAM at a point that
 * depends on the machine and on -m (hw/i386/pc_q35.c, pc_piix.c, unchanged 7.2-10.1):
 * q35 keeps all RAM low while -m < 2.75 GiB, else splits at 2 GiB; i440fx keeps all RAM low
 * while -m < 3.5 GiB, else splits at 3 GiB; max-ram-below-4g can only lower those points,
 * so the lever is -m.  `want_mib`: the RAM the user wants (0: the least that works).
 */
typedef struct igd_qemu_memory {
	bool possible;        /* false: no -m on this machine puts the range in low RAM */
	unsigned ram_mib;     /* -m */
	unsigned max_ram_mib; /* the most -m may be on this machine (0: no limit) */
	const char *why;
} igd_qemu_memory;

#define IGD_QEMU_FIRMWARE_ROOM (128ull << 20) /* above DSM: OVMF allocates top-down in low RAM */

void igd_qemu_memory_for(igd_qemu_machine machine, uint64_t base, uint64_t size, unsigned want_mib,
			 igd_qemu_memory *out);

#endif
