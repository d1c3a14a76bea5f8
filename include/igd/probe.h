/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Host probe (lib/host, Linux): finds the Intel IGD through sysfs and reads what passthrough
 * depends on.  `root` prefixes every path ("/" on a real host, a fake tree in tests).
 * Config space beyond 64 bytes and BAR0 need root privileges on a real host.
 */
#ifndef IGD_PROBE_H
#define IGD_PROBE_H

#include "devices.h"
#include "opregion.h"

#define IGD_PROBE_MAX_GROUP 16

typedef struct igd_probe {
	char bdf[16];
	uint16_t vendor, device;
	uint32_t class_code;
	const igd_platform *platform;
	char driver[32];            /* bound driver, "" when none */
	int iommu_group;            /* -1 when the device has none (IOMMU off) */
	char group_members[IGD_PROBE_MAX_GROUP][16]; /* other devices in the group */
	size_t group_count;
	bool iommu_enabled;         /* /sys/class/iommu has an entry */
	int iommu_width;            /* guest-physical address bits the IOMMU handles, -1 unknown */
	bool config_full;           /* config space beyond 64 bytes was readable */
	uint32_t ggc;
	bool ggc_from_mmio;         /* MTL+: read from BAR0 0x108040 */
	uint64_t dsm_size, ggms_size;
	bool dsm_size_valid;
	uint64_t bdsm_raw, dsm_base;
	uint32_t asls;
	bool opregion_found;
	char opregion_source[64];
	opregion_info opregion;
	char cmdline[512];
	uint16_t pch_vendor, pch_device; /* 00:1f.0, the PCH's LPC/eSPI bridge (0 when absent):
					  * Intel's GOP checks this ID (issue 15) */
} igd_probe;

/* IGD_ERR_NOT_FOUND when there is no Intel display-class device. */
igd_status igd_probe_host(const char *root, igd_probe *ret);

/* Reads the OpRegion bytes the probe found (debugfs dump or /dev/mem), malloc'd. */
igd_status igd_probe_read_opregion(const char *root, const igd_probe *p, uint8_t **buf,
				   size_t *len);

#endif
