// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The host profile shared by `igdrom fwcfg` and `igdrom e820` (host_profile.h). */
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


int load_profile(const struct command *cmd, int argc, char **argv, struct profile *pr)
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
		case O_DEVICE: {
			uint16_t id;
			if (!cli_parse_device_id(optarg, &id))
				return cli_usage(cmd, "%s: --device '%s' is not a hex device ID (or 8086:ID)", cmd->name, optarg);
			pr->host.device_id = id;
			explicit = true;
			break;
		}
		case O_GMCH: case O_BDSM: case O_ASLS:
			/* hex, as lspci's config-space dump prints it; GMCH is the 16-bit word at 0x50 */
			if (!cli_parse_uint(optarg, 16, c == O_BDSM ? UINT64_MAX : c == O_GMCH ? 0xFFFF : 0xFFFFFFFF, &v))
				return cli_usage(cmd, "%s: --%s '%s' is not a hex value%s", cmd->name,
						 c == O_GMCH ? "gmch" : c == O_BDSM ? "bdsm" : "asls", optarg,
						 c == O_GMCH ? " of at most 16 bits (the GGC word at config 0x50)" : "");
			if (c == O_GMCH) pr->host.ggc = (uint32_t)v;
			if (c == O_BDSM) pr->host.bdsm = v;
			if (c == O_ASLS) pr->host.asls = (uint32_t)v;
			explicit = true;
			break;
		default:
			return cli_bad_option(cmd, argv, NULL);
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

void free_profile(struct profile *pr)
{
	free(pr->opregion);
	free(pr->ext_vbt);
}

bool write_in_dir(const char *dir, const char *name, const uint8_t *buf, size_t len, char *path,
			 size_t cap)
{
	snprintf(path, cap, "%s/%s", dir, name);
	return cli_output_dir(dir) && cli_write_file(path, buf, len);
}
