// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * `igdrom fwcfg` and `igdrom e820`: the hypervisor-side blobs for a host profile, either probed
 * (--sysfs ROOT, or the running host) or given (--device --gmch --bdsm --asls --opregion).
 */
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

struct profile {
	igd_host host;
	uint8_t *opregion;    /* owned */
	uint8_t *ext_vbt;     /* owned */
	unsigned qemu_major, qemu_minor;
	uint64_t ram_mb;
	const char *out;
};

static int load_profile(const struct command *cmd, int argc, char **argv, struct profile *pr)
{
	enum { O_SYSFS = 256, O_DEVICE, O_GMCH, O_BDSM, O_ASLS, O_OPREGION, O_EXT, O_QEMU, O_RAM };
	static const struct option longopts[] = {
		{ "sysfs", required_argument, NULL, O_SYSFS }, { "device", required_argument, NULL, O_DEVICE },
		{ "gmch", required_argument, NULL, O_GMCH }, { "bdsm", required_argument, NULL, O_BDSM },
		{ "asls", required_argument, NULL, O_ASLS }, { "opregion", required_argument, NULL, O_OPREGION },
		{ "ext-vbt", required_argument, NULL, O_EXT }, { "qemu-version", required_argument, NULL, O_QEMU },
		{ "ram-mb", required_argument, NULL, O_RAM }, { "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sysfs = NULL, *opregion_path = NULL, *ext_path = NULL;
	bool explicit = false;
	uint64_t v;
	int c;

	memset(pr, 0, sizeof(*pr));
	pr->qemu_major = 10;
	pr->qemu_minor = 1;
	pr->ram_mb = 4096;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': pr->out = optarg; break;
		case O_SYSFS: sysfs = optarg; break;
		case O_OPREGION: opregion_path = optarg; explicit = true; break;
		case O_EXT: ext_path = optarg; break;
		case O_QEMU:
			if (sscanf(optarg, "%u.%u", &pr->qemu_major, &pr->qemu_minor) != 2)
				return cli_usage(cmd, "%s: --qemu-version wants X.Y", cmd->name);
			break;
		case O_RAM:
			if (!cli_parse_uint(optarg, 10, 1u << 24, &pr->ram_mb) || pr->ram_mb < 64)
				return cli_usage(cmd, "%s: --ram-mb wants a number >= 64", cmd->name);
			break;
		case O_DEVICE: case O_GMCH: case O_BDSM: case O_ASLS:
			if (!cli_parse_uint(optarg, 16, c == O_BDSM ? UINT64_MAX : 0xFFFFFFFF, &v))
				return cli_usage(cmd, "%s: '%s' is not a hex value", cmd->name, optarg);
			if (c == O_DEVICE) pr->host.device_id = (uint16_t)v;
			if (c == O_GMCH) pr->host.ggc = (uint32_t)v;
			if (c == O_BDSM) pr->host.bdsm = v;
			if (c == O_ASLS) pr->host.asls = (uint32_t)v;
			explicit = true;
			break;
		default:
			return cli_usage(cmd, "%s: unknown option", cmd->name);
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "%s: unexpected argument '%s'", cmd->name, argv[optind]);
	if (!pr->out)
		return cli_usage(cmd, "%s: -o is required", cmd->name);
	if (explicit && (!pr->host.device_id || !opregion_path))
		return cli_usage(cmd, "%s: an explicit profile needs at least --device and --opregion", cmd->name);
	if (!explicit) {
		igd_probe p;
		if (igd_probe_host(sysfs ? sysfs : "/", &p))
			return cli_error(EXIT_RUNTIME, "%s: no Intel IGD found to take a profile from", cmd->name);
		if (!p.opregion_found)
			return cli_error(EXIT_RUNTIME, "%s: the host's OpRegion is not readable (see igdrom probe)", cmd->name);
		pr->host.device_id = p.device;
		pr->host.ggc = p.ggc;
		pr->host.bdsm = p.bdsm_raw;
		pr->host.asls = p.asls;
		if (igd_probe_read_opregion(sysfs ? sysfs : "/", &p, &pr->opregion, &pr->host.opregion_len))
			return cli_error(EXIT_RUNTIME, "%s: cannot read the OpRegion (%s)", cmd->name, p.opregion_source);
	} else if (!cli_read_file(opregion_path, 1u << 20, &pr->opregion, &pr->host.opregion_len)) {
		return EXIT_RUNTIME;
	}
	pr->host.opregion = pr->opregion;
	if (ext_path) {
		if (!cli_read_file(ext_path, 1u << 20, &pr->ext_vbt, &pr->host.ext_vbt_len))
			return EXIT_RUNTIME;
		pr->host.ext_vbt = pr->ext_vbt;
	}
	return EXIT_OK;
}

static void free_profile(struct profile *pr)
{
	free(pr->opregion);
	free(pr->ext_vbt);
}

static bool write_in_dir(const char *dir, const char *name, const uint8_t *buf, size_t len, char *path,
			 size_t cap)
{
	snprintf(path, cap, "%s/%s", dir, name);
	return cli_write_file(path, buf, len);
}

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

const struct command cmd_fwcfg = {
	.name = "fwcfg",
	.summary = "write etc/igd-opregion and etc/igd-bdsm-size for a host (QEMU contract)",
	.usage = "Usage: igdrom fwcfg [PROFILE] [--qemu-version X.Y] -o DIR\n"
		 "\n"
		 "Writes DIR/igd-opregion.bin (extended VBT made contiguous, version 2.1) and\n"
		 "DIR/igd-bdsm-size.bin (8-byte LE; QEMU < 10.0 added GTT stolen memory) and prints\n"
		 "the -fw_cfg arguments that serve them.\n\n"
		 "Host profile (default: probe the running host): --sysfs ROOT, or --device ID\n"
		 "--gmch HEX [--bdsm HEX] [--asls HEX] --opregion FILE [--ext-vbt FILE] (hex values).\n",
	.run = run_fwcfg,
};

const struct command cmd_e820 = {
	.name = "e820",
	.summary = "plan a guest (bhyve contract): etc/e820, OpRegion copy, register values",
	.usage = "Usage: igdrom e820 [PROFILE] [--ram-mb N] -o DIR\n"
		 "\n"
		 "Plans the guest the way bhyve does (host addresses first, else highest fit below\n"
		 "4 GiB): writes DIR/etc-e820.bin (etc/e820 format) and DIR/opregion-guest.bin, and\n"
		 "prints the table and the ASLS/BDSM values to emulate.\n\n"
		 "Host profile (default: probe the running host): --sysfs ROOT, or --device ID\n"
		 "--gmch HEX [--bdsm HEX] [--asls HEX] --opregion FILE [--ext-vbt FILE] (hex values).\n",
	.run = run_e820,
};
