// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom probe`: what this host offers for IGD passthrough, with a verdict and hints. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "igd/probe.h"
#include "igd/assess.h"

static const char probe_usage[] =
	"Usage: igdrom probe [--sysfs ROOT] [--json]\n"
	"\n"
	"Finds the Intel IGD through sysfs and reports what passthrough depends on: device and\n"
	"platform, bound driver, IOMMU and its group, GMCH with the stolen-memory size, BDSM, ASLS,\n"
	"the OpRegion (debugfs i915_opregion, else /dev/mem at ASLS) and the kernel command line;\n"
	"then a verdict with hints.  Run as root: config space beyond 64 bytes needs it.\n"
	"\n"
	"  --sysfs ROOT   read ROOT/sys, ROOT/proc instead of the running system (tests, dumps)\n"
	"  --json         machine-readable output\n"
	"\n"
	"Exit status (as doctor's): 0 ready, 1 not ready, no IGD or an error, 2 usage.\n";

static void print_json(const igd_probe *p, const igd_finding *f, size_t n, bool ready)
{
	printf("{\"bdf\":\"%s\",\"vendor\":%u,\"device\":%u,\"class\":%u,\"platform\":", p->bdf, p->vendor,
	       p->device, p->class_code);
	if (p->platform)
		json_str(p->platform->name);
	else
		printf("null");
	printf(",\"generation\":%u,\"bdsm_layout\":\"%s\",\"driver\":", p->platform ? p->platform->gen : 0,
	       !p->platform ? "unknown" : p->platform->bdsm == IGD_BDSM_BDSM64 ? "64-bit 0xC0"
				  : p->platform->bdsm == IGD_BDSM_BDSM32 ? "32-bit 0x5C" : "none");
	json_str(p->driver);
	printf(",\"iommu\":%s,\"iommu_group\":%d,\"group_others\":%zu,\"ggc\":%u,\"stolen_bytes\":%llu,"
	       "\"stolen_valid\":%s,\"gtt_stolen_bytes\":%llu,\"bdsm\":%llu,\"dsm_base\":%llu,\"asls\":%u,"
	       "\"opregion\":",
	       p->iommu_enabled ? "true" : "false", p->iommu_group, p->group_count, p->ggc,
	       (unsigned long long)p->dsm_size, p->dsm_size_valid ? "true" : "false",
	       (unsigned long long)p->ggms_size, (unsigned long long)p->bdsm_raw,
	       (unsigned long long)p->dsm_base, p->asls);
	if (p->opregion_found)
		printf("{\"source\":\"%s\",\"version\":\"%u.%u\",\"vbt_size\":%u,\"extended\":%s}", p->opregion_source,
		       p->opregion.major, p->opregion.minor, p->opregion.vbt_size,
		       p->opregion.vbt_kind == OPREGION_VBT_EXTENDED ? "true" : "false");
	else
		printf("null");
	printf(",\"cmdline\":");
	json_str(p->cmdline);
	if (p->pch_vendor)
		printf(",\"pch\":\"%04x:%04x\"", p->pch_vendor, p->pch_device);
	else
		printf(",\"pch\":null");
	printf(",\"verdict\":\"%s\",\"findings\":[", ready ? "ready" : "not ready");
	for (size_t i = 0; i < n; i++) {
		printf("%s{\"problem\":%s,\"text\":", i ? "," : "", f[i].problem ? "true" : "false");
		json_str(f[i].text);
		printf("}");
	}
	printf("]}\n");
}

static int run_probe(int argc, char **argv)
{
	static const struct option longopts[] = { { "sysfs", required_argument, NULL, 's' },
						   { "json", no_argument, NULL, 'j' },
						   { NULL, 0, NULL, 0 } };
	const char *root = "/";
	bool json = false;
	igd_probe p;
	igd_finding f[16];
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 's')
			root = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_bad_option(&cmd_probe, argv, NULL);
	}
	if (optind != argc)
		return cli_usage(&cmd_probe, "probe: unexpected argument '%s'", argv[optind]);
	igd_status st = igd_probe_host(root, &p);
	if (st == IGD_ERR_UNSUPPORTED)
		return cli_error(EXIT_RUNTIME, "probe: reads Linux sysfs, which this OS does not have: build the ROM "
				 "from files (igdrom build --gop/--vbt), see the README's bhyve section");
	if (st == IGD_ERR_TOO_LARGE)
		return cli_error(EXIT_USAGE, "probe: --sysfs %.60s...: path too long", root);
	if (st != IGD_OK) {
		struct stat sb;
		if (strcmp(root, "/") && (stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode)))
			return cli_error(EXIT_USAGE, "probe: --sysfs %s: no such directory", root);
		if (json)
			printf("{\"verdict\":\"no IGD\",\"findings\":[]}\n");
		if (!strcmp(root, "/"))
			return cli_error(EXIT_RUNTIME, "probe: no Intel integrated GPU (vendor 8086, class 0300/0380) on this host");
		return cli_error(EXIT_RUNTIME, "probe: no Intel integrated GPU (vendor 8086, class 0300/0380) in %s/sys/bus/pci",
				 root);
	}
	size_t n = igd_assess_host(&p, f, 16);
	bool ready = true;
	for (size_t i = 0; i < n; i++)
		ready &= !f[i].problem;
	if (json) {
		print_json(&p, f, n, ready);
		return ready ? EXIT_OK : EXIT_RUNTIME;
	}
	printf("IGD %s: 8086:%04x class %06x, %s (gen %u), driver %s\n", p.bdf, p.device, p.class_code,
	       p.platform ? p.platform->name : "unknown platform", p.platform ? p.platform->gen : 0,
	       p.driver[0] ? p.driver : "none");
	printf("IOMMU: %s, group %d", p.iommu_enabled ? "on" : "off", p.iommu_group);
	for (size_t i = 0; i < p.group_count; i++)
		printf("%s%s", i ? " " : " with ", p.group_members[i]);
	printf("\n");
	if (p.config_full || p.ggc_from_mmio) {
		printf("GMCH 0x%04x%s: stolen memory %s%llu MiB, GTT stolen %llu MiB\n", p.ggc,
		       p.ggc_from_mmio ? " (BAR0 0x108040)" : "", p.dsm_size_valid ? "" : "UNDEFINED ",
		       (unsigned long long)(p.dsm_size >> 20), (unsigned long long)(p.ggms_size >> 20));
		if (p.platform && p.platform->bdsm != IGD_BDSM_NONE)
			printf("BDSM (%s) 0x%llx: host stolen memory at 0x%llx\n",
			       p.platform->bdsm == IGD_BDSM_BDSM64 ? "0xC0, 64-bit" : "0x5C, 32-bit",
			       (unsigned long long)p.bdsm_raw, (unsigned long long)p.dsm_base);
		printf("ASLS 0x%08x\n", p.asls);
	}
	if (p.opregion_found)
		printf("OpRegion (%s): version %u.%u, MBOX 0x%x, VBT %u bytes%s\n", p.opregion_source,
		       p.opregion.major, p.opregion.minor, p.opregion.mbox, p.opregion.vbt_size,
		       p.opregion.vbt_kind == OPREGION_VBT_EXTENDED ? " (extended)" : "");
	if (p.cmdline[0])
		printf("kernel command line: %s\n", p.cmdline);
	if (p.pch_vendor) /* what a guest's 00:1f.0 must show for Intel's GOP (issue 15) */
		printf("PCH at 00:1f.0: %04x:%04x\n", p.pch_vendor, p.pch_device);
	printf("verdict: %s\n", ready ? "ready for passthrough" : "not ready");
	for (size_t i = 0; i < n; i++)
		printf("  %s %s\n", f[i].problem ? "fix: " : "note:", f[i].text);
	/* the verdict is the exit status, as doctor's: a script can test readiness */
	return ready ? EXIT_OK : EXIT_RUNTIME;
}

const struct command cmd_probe = {
	.name = "probe",
	.summary = "report this host's IGD, IOMMU, stolen memory and OpRegion, with a verdict",
	.usage = probe_usage,
	.run = run_probe,
};
