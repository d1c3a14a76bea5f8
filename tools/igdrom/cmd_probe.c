// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom probe`: what this host offers for IGD passthrough, with a verdict and hints. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "igd/probe.h"
#include "findings.h"

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
	"Exit status: 0 an IGD was found (see the verdict), 1 no IGD or an error, 2 usage.\n";

size_t assess(const igd_probe *p, struct finding *f, size_t cap)
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

static void print_json(const igd_probe *p, const struct finding *f, size_t n, bool ready)
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
	struct finding f[16];
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 's')
			root = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_usage(&cmd_probe, "probe: unknown option");
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
	size_t n = assess(&p, f, 16);
	bool ready = true;
	for (size_t i = 0; i < n; i++)
		ready &= !f[i].problem;
	if (json) {
		print_json(&p, f, n, ready);
		return EXIT_OK;
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
	printf("verdict: %s\n", ready ? "ready for passthrough" : "not ready");
	for (size_t i = 0; i < n; i++)
		printf("  %s %s\n", f[i].problem ? "fix: " : "note:", f[i].text);
	return EXIT_OK;
}

const struct command cmd_probe = {
	.name = "probe",
	.summary = "report this host's IGD, IOMMU, stolen memory and OpRegion, with a verdict",
	.usage = probe_usage,
	.run = run_probe,
};
