// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom e820`: a bhyve-style guest plan (etc/e820, the OpRegion copy, ASLS/BDSM values) for a host profile. */
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


static int run_e820(int argc, char **argv)
{
	struct profile pr;
	int rc = load_profile(&cmd_e820, argc, argv, &pr);
	e820_entry entries[64];
	e820_table t;
	igd_guest_plan plan;
	igd_where w = { 0, "" };
	uint8_t *image = NULL, blob[64 * E820_ENTRY_SIZE];
	size_t cap, blen;
	char p1[600], p2[600];

	if (rc)
		goto out;
	rc = EXIT_RUNTIME;
	/* A guest like bhyve builds: RAM below 640 KiB, from 1 MiB up to lowmem (at most 3 GiB,
	 * leaving the PCI hole), the rest above 4 GiB. */
	uint64_t ram = pr.ram_mb << 20, low = ram < (3ull << 30) ? ram : (3ull << 30);
	igd_e820_init(&t, entries, 64);
	igd_e820_add(&t, 0, 0xA0000, E820_RAM);
	igd_e820_add(&t, 0x100000, low - 0x100000, E820_RAM);
	if (ram > low)
		igd_e820_add(&t, 4ull << 30, ram - low, E820_RAM);
	cap = OPREGION_BASE_SIZE + pr.host.ext_vbt_len + pr.host.opregion_len;
	image = malloc(cap);
	if (!image || igd_plan_guest(&pr.host, &t, image, cap, &plan, &w)) {
		cli_error(EXIT_RUNTIME, "e820: offset 0x%zx: %s", w.offset, image ? w.what : "out of memory");
		goto out;
	}
	igd_e820_encode(t.entries, t.count, blob, sizeof(blob), &blen);
	if (!write_in_dir(pr.out, "etc-e820.bin", blob, blen, p1, sizeof(p1)) ||
	    !write_in_dir(pr.out, "opregion-guest.bin", image, plan.opregion_len, p2, sizeof(p2)))
		goto out;
	printf("guest E820 (%s):\n", p1);
	for (size_t i = 0; i < t.count; i++)
		printf("  0x%012llx-0x%012llx %s\n", (unsigned long long)t.entries[i].addr,
		       (unsigned long long)(t.entries[i].addr + t.entries[i].len - 1),
		       igd_e820_type_name(t.entries[i].type));
	printf("OpRegion: GPA 0x%08llx (%s), %zu bytes -> copy %s there\n",
	       (unsigned long long)plan.opregion_gpa, plan.opregion_at_host_address ? "host address" : "relocated",
	       plan.opregion_len, p2);
	if (plan.dsm_size)
		printf("stolen memory: GPA 0x%08llx (%s), %llu MiB, Reserved\n", (unsigned long long)plan.dsm_gpa,
		       plan.dsm_at_host_address ? "host address" : "relocated",
		       (unsigned long long)(plan.dsm_size >> 20));
	else
		printf("stolen memory: none to reserve (%s)\n",
		       plan.platform->bdsm == IGD_BDSM_NONE ? "no BDSM on this platform" : "GMS is 0");
	printf("registers: ASLS (0xFC) = 0x%08x", plan.asls);
	if (plan.dsm_size)
		printf(", BDSM (%s) = 0x%llx", plan.platform->bdsm == IGD_BDSM_BDSM64 ? "0xC0" : "0x5C",
		       (unsigned long long)plan.bdsm);
	printf("\n");
	rc = EXIT_OK;
out:
	free(image);
	free_profile(&pr);
	return rc;
}

const struct command cmd_e820 = {
	.name = "e820",
	.summary = "plan a guest (bhyve contract): etc/e820, OpRegion copy, register values",
	.usage = "Usage: igdrom e820 [PROFILE] [--ram-mb N] -o DIR\n"
		 "\n"
		 "Plans the guest the way bhyve does (host addresses first, else highest fit below\n"
		 "4 GiB): writes DIR/etc-e820.bin (etc/e820 format) and DIR/opregion-guest.bin, and\n"
		 "prints the table and the ASLS/BDSM values to emulate.\n\n"
		 HOST_PROFILE_USAGE,
	.run = run_e820,
};
