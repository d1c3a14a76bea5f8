// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The host's readiness for IGD passthrough (include/igd/assess.h). */
#include "igd/assess.h"

#include <stdio.h>
#include <string.h>

size_t igd_assess_host(const igd_probe *p, igd_finding *f, size_t cap)
{
	size_t n = 0;
#define ADD(bad, ...) do { if (n < cap) { f[n].problem = (bad); snprintf(f[n].text, sizeof(f[n].text), __VA_ARGS__); n++; } } while (0)
	if (!p->platform)
		ADD(true, "device ID %04x is not in igdrom's table (Linux pciids.h): stolen memory cannot be decoded", p->device);
	if (!p->iommu_enabled)
		ADD(true, "IOMMU is off: add intel_iommu=on to the kernel command line and enable VT-d in firmware");
	if (strcmp(p->driver, "vfio-pci") != 0)
		ADD(true, "IGD is bound to %s: bind it to vfio-pci (driver_override, or vfio-pci.ids=8086:%04x and blacklist i915)",
		    p->driver[0] ? p->driver : "no driver", p->device);
	if (p->iommu_group >= 0 && p->group_count)
		ADD(true, "IOMMU group %d also holds %zu other device(s) (e.g. %s): they must be assigned together or isolated",
		    p->iommu_group, p->group_count, p->group_members[0]);
	if ((p->class_code >> 8) == 0x0380)
		ADD(false, "class 0x0380: the IGD is not the primary display (IVD set); the GOP and Linux early-quirks expect VGA class");
	if (!p->config_full && !p->ggc_from_mmio)
		ADD(true, "config space beyond 64 bytes unreadable: run as root for GMCH/BDSM/ASLS");
	else if (p->platform && p->dsm_size_valid && p->dsm_size == 0 && p->platform->bdsm != IGD_BDSM_NONE)
		ADD(true, "GMCH says 0 bytes of stolen memory: set DVMT pre-allocated memory in firmware setup");
	else if (p->platform && !p->dsm_size_valid)
		ADD(true, "GMCH 0x%04x holds a stolen-memory size this platform does not define", p->ggc);
	if (!p->opregion_found)
		ADD(true, "no OpRegion readable (ASLS 0x%08x): the IGD must be the boot display, and debugfs or /dev/mem readable",
		    p->asls);
	else if (p->opregion.vbt_kind == OPREGION_VBT_EXTENDED_PHYSICAL)
		ADD(false, "OpRegion 2.0 with an extended VBT in host memory: VFIO relocates it for QEMU; bhyve needs `igdrom opregion relocate`");
	if (p->platform && p->platform->bdsm == IGD_BDSM_NONE)
		ADD(false, "%s keeps stolen memory in BAR2: no BDSM to program; needs QEMU >= 10.1", p->platform->name);
#undef ADD
	return n;
}
