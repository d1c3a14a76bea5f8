// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom fwcfg`: the QEMU fw_cfg blobs (etc/igd-opregion, etc/igd-bdsm-size) for a host profile. */
#include "host_profile.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "igd/e820.h"
#include "igd/fwcfg.h"
#include "igd/guest.h"
#include "igd/opregion.h"
#include "igd/probe.h"


static int run_fwcfg(int argc, char **argv)
{
	struct profile pr;
	int rc = load_profile(&cmd_fwcfg, argc, argv, &pr);
	uint8_t *image = NULL, size_blob[8];
	size_t len;
	uint64_t dsm = 0, ggms = 0;
	igd_where w = { 0, "" };
	char p1[600], p2[600];
	const igd_platform *plat;

	if (rc)
		goto out;
	rc = EXIT_RUNTIME;
	plat = igd_lookup(pr.host.device_id);
	image = malloc(OPREGION_BASE_SIZE + pr.host.ext_vbt_len + pr.host.opregion_len);
	if (!image || igd_opregion_relocate(pr.host.opregion, pr.host.opregion_len, pr.host.ext_vbt,
					pr.host.ext_vbt_len, image,
					OPREGION_BASE_SIZE + pr.host.ext_vbt_len + pr.host.opregion_len, &len, &w)) {
		cli_error(EXIT_RUNTIME, "fwcfg: OpRegion: offset 0x%zx: %s", w.offset, image ? w.what : "out of memory");
		goto out;
	}
	if (plat && plat->bdsm != IGD_BDSM_NONE) {
		igd_gms_size(plat, pr.host.ggc, &dsm);
		igd_ggms_size(plat, pr.host.ggc, &ggms);
	}
	/* QEMU < 10.0 put GMS + GGMS in etc/igd-bdsm-size; 10.0 (5faec6a5) the DSM alone. */
	uint64_t blob_size = pr.qemu_major < 10 ? dsm + ggms : dsm;
	igd_fwcfg_bdsm_size_encode(blob_size, size_blob);
	if (!write_in_dir(pr.out, "igd-opregion.bin", image, len, p1, sizeof(p1)) ||
	    !write_in_dir(pr.out, "igd-bdsm-size.bin", size_blob, sizeof(size_blob), p2, sizeof(p2)))
		goto out;
	info("%s: OpRegion for etc/igd-opregion, %zu bytes\n", p1, len);
	info("%s: etc/igd-bdsm-size = %llu MiB (%s)\n", p2, (unsigned long long)(blob_size >> 20),
	       pr.qemu_major < 10 ? "QEMU < 10.0 counts GTT stolen memory too" : "stolen memory only");
	info("QEMU arguments (only needed when QEMU does not serve these itself):\n"
	       "  -fw_cfg name=etc/igd-opregion,file=%s -fw_cfg name=etc/igd-bdsm-size,file=%s\n", p1, p2);
	rc = EXIT_OK;
out:
	free(image);
	free_profile(&pr);
	return rc;
}

const struct command cmd_fwcfg = {
	.name = "fwcfg",
	.summary = "write etc/igd-opregion and etc/igd-bdsm-size for a host (QEMU contract)",
	.usage = "Usage: igdrom fwcfg [PROFILE] [--qemu-version X.Y] -o DIR\n"
		 "\n"
		 "Writes DIR/igd-opregion.bin (extended VBT made contiguous, version 2.1) and\n"
		 "DIR/igd-bdsm-size.bin (8-byte LE; QEMU < 10.0 added GTT stolen memory) and prints\n"
		 "the -fw_cfg arguments that serve them.\n\n"
		 HOST_PROFILE_USAGE,
	.run = run_fwcfg,
};
