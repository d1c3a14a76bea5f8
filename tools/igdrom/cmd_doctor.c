// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * `igdrom doctor`: checks a host before passthrough, or a guest after it, and says how to
 * fix each problem.  Inside a guest (the CPU reports a hypervisor) it checks what the guest
 * firmware left: ASLS and BDSM programmed, an OpRegion at ASLS, the stolen range reserved in
 * the guest's memory map (/proc/iomem).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "igd/assess.h"
#include "igd/file.h"
#include "igd/pcirom.h"
#include "igd/probe.h"
#include "inspect.h"

static const char doctor_usage[] =
	"Usage: igdrom doctor [--guest | --host] [--sysfs ROOT] [--qemu-version X.Y] [--json]\n"
	"\n"
	"On a host: everything `igdrom probe` checks, plus the kernel command line and the QEMU\n"
	"version.  In a guest (detected from /proc/cpuinfo, or --guest): ASLS and BDSM set, the\n"
	"OpRegion signature at ASLS, and the stolen range reserved in the guest's memory map.\n"
	"Each finding comes with a fix.  Exit status: 0 no problem, 1 problems found, 2 usage.\n";

static bool file_has(const char *root, const char *rel, const char *needle)
{
	char path[512];
	uint8_t *buf;
	size_t len;
	bool found = false;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (igd_file_read(path, 1u << 22, &buf, &len) != IGD_OK)
		return false;
	char *text = malloc(len + 1);
	if (text) {
		memcpy(text, buf, len);
		text[len] = 0;
		found = strstr(text, needle) != NULL;
		free(text);
	}
	free(buf);
	return found;
}

/* Is [base, base + size) inside a /proc/iomem line that names a reservation? */
static bool iomem_reserved(const char *root, uint64_t base, uint64_t size)
{
	char path[512], line[256];
	snprintf(path, sizeof(path), "%s/proc/iomem", root);
	FILE *f = fopen(path, "r");
	bool ok = false;
	if (!f)
		return false;
	while (!ok && fgets(line, sizeof(line), f)) {
		unsigned long long a, b;
		char name[200];
		if (sscanf(line, " %llx-%llx : %199[^\n]", &a, &b, name) != 3)
			continue;
		if (a <= base && b >= base + size - 1 &&
		    (strstr(name, "Reserved") || strstr(name, "reserved") || strstr(name, "Stolen")))
			ok = true;
	}
	fclose(f);
	return ok;
}

#define ADD(bad, ...) do { if (n < cap) { f[n].problem = (bad); snprintf(f[n].text, sizeof(f[n].text), __VA_ARGS__); n++; } } while (0)
/* The ROM the guest sees (sysfs `rom`; a live system enables reading it by writing 1). */
static bool read_guest_rom(const char *root, const igd_probe *p, uint8_t **buf, size_t *len)
{
	char path[4096];
	bool live = strcmp(root, "/") == 0;
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/rom", live ? "" : root, p->bdf);
	if (live) {
		FILE *en = fopen(path, "w");
		if (en) {
			fputs("1", en);
			fclose(en);
		}
	}
	bool ok = igd_file_read(path, 16u << 20, buf, len) == IGD_OK;
	if (live) {
		FILE *en = fopen(path, "w");
		if (en) {
			fputs("0", en);
			fclose(en);
		}
	}
	return ok;
}

static unsigned sysfs_hex(const char *root, const char *bdf, const char *attr)
{
	char path[4096];
	uint8_t *buf;
	size_t len;
	unsigned v = 0;
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/%s", strcmp(root, "/") ? root : "", bdf, attr);
	if (igd_file_read(path, 64, &buf, &len) != IGD_OK)
		return 0;
	char text[65];
	memcpy(text, buf, len < 64 ? len : 64);
	text[len < 64 ? len : 64] = 0;
	sscanf(text, "%x", &v);
	free(buf);
	return v;
}

/* Intel's GOP reads the PCH's ID at 00:1f.0 and stops on one it does not know: Q35's ICH9 LPC
 * (8086:2918) loses the boot screen (issue 15).  Only a ROM with a GOP needs the host's ID. */
static size_t lpc_check(const char *root, const igd_probe *p, igd_finding *f, size_t cap)
{
	size_t n = 0;
	uint8_t *rom;
	size_t len;
	rom_gop all[4];
	size_t gops = 0;
	if (cap == 0)
		return 0;
	if (read_guest_rom(root, p, &rom, &len)) {
		gops = rom_gops(rom, len, all, IGD_ARRAY_SIZE(all));
		free(rom);
	}
	unsigned vendor = sysfs_hex(root, "0000:00:1f.0", "vendor"), device = sysfs_hex(root, "0000:00:1f.0", "device");
	if (!gops) {
		if (vendor)
			ADD(false, "00:1f.0 is %04x:%04x (the ROM carries no GOP, which would check it)", vendor, device);
		return n;
	}
	/* Several GOPs: the firmware starts the next driver when one refuses in Start(), so one
	 * that accepts the PCH is enough; that one is named.  (EDK2 CoreConnectSingleController,
	 * MdeModulePkg/Core/Dxe/Hand/DriverSupport.c: a driver whose Start() fails is dropped and
	 * the scan repeats over the rest; the ROM's own drivers come first, through the PCI bus
	 * driver's Bus Specific Driver Override, in ROM order.) */
	size_t judged = gops < IGD_ARRAY_SIZE(all) ? gops : IGD_ARRAY_SIZE(all);
	for (size_t i = 0; gops > 1 && vendor == 0x8086 && i < judged; i++)
		if (all[i].table.pch.count && igd_gop_ids_contain(&all[i].table.pch, (uint16_t)device)) {
			ADD(false, "00:1f.0 is %04x:%04x, a PCH ID GOP %zu of the ROM's %zu (%.60s) accepts", vendor,
			    device, i + 1, gops, all[i].version);
			return n;
		}
	/* the PCH table read from the GOP, when there is one, decides; else what is known of all
	 * (with several GOPs, none accepted: the first one's table speaks for them) */
	const gop_ids *pch = &all[0].table.pch;
	if (!vendor)
		ADD(true, "no device at 00:1f.0: the ROM's GOP wants an LPC bridge there with the host's PCH ID "
			  "(QEMU x-igd-lpc=on, bhyve -s 31,lpc)");
	else if (pch->count && vendor == 0x8086 && igd_gop_ids_contain(pch, (uint16_t)device))
		ADD(false, "00:1f.0 is %04x:%04x, a PCH ID the ROM's GOP accepts", vendor, device);
	else if (pch->count)
		ADD(true, "00:1f.0 is %04x:%04x%s, not one of the %zu PCH IDs the ROM's GOP accepts: it refuses to start, "
			  "no boot screen; give 00:1f.0 the host's PCH ID (i440fx with x-igd-lpc=on or legacy mode, as "
			  "igdrom vmm-config prints)", vendor, device,
		    vendor == 0x8086 && device == 0x2918 ? " (Q35's ICH9 LPC)" : "", pch->count);
	else if (vendor == 0x8086 && device == 0x2918)
		ADD(true, "00:1f.0 is Q35's ICH9 LPC (8086:2918): the ROM's GOP refuses it, no boot screen; fix: i440fx "
			  "with x-igd-lpc=on (QEMU >= 10.0) or legacy mode, as igdrom vmm-config prints");
	else
		ADD(false, "00:1f.0 is %04x:%04x, an LPC bridge for the ROM's GOP (it must be the host's PCH ID)", vendor,
		    device);
	return n;
}

/* Whether the guest's stolen memory is where the host's is, as the ROM records it. */
static size_t host_address_check(const char *root, const igd_probe *p, igd_finding *f, size_t cap)
{
	size_t n = 0;
	uint8_t *rom;
	size_t len;
	const uint8_t *rec;
	size_t rec_len;
	igd_host_dsm d;
	bool gen11 = p->platform->gen >= 11;
	if (!p->dsm_base || cap == 0)
		return 0;
	if (!read_guest_rom(root, p, &rom, &len)) {
		ADD(false, "the IGD's ROM is not readable here (sysfs rom): cannot compare with the host's stolen-memory address");
		return n;
	}
	bool have = igd_pcirom_find_data(rom, len, PCIROM_DATA_HOST_DSM, &rec, &rec_len) == IGD_OK &&
		    igd_host_dsm_decode(rec, rec_len, &d, NULL) == IGD_OK;
	free(rom);
	if (!have) {
		if (gen11)
			ADD(true, "the ROM records no host stolen-memory address: gen 11+ Windows needs the guest's at the "
				  "host's; rebuild the ROM with igdrom build --host (or --stolen-base)");
		return n;
	}
	if (d.base == p->dsm_base)
		ADD(false, "stolen memory is at the host's address 0x%llx, as the ROM records", (unsigned long long)d.base);
	else
		ADD(gen11, "stolen memory is at 0x%llx, the host's is at 0x%llx (recorded in the ROM)%s; fix: make that "
			   "address guest RAM with the -m and machine options igdrom vmm-config --rom prints for this ROM",
		    (unsigned long long)p->dsm_base, (unsigned long long)d.base,
		    gen11 ? ": gen 11+ Windows fails there (Code 43)" : " (harmless before gen 11)");
	return n;
}


static size_t guest_checks(const char *root, const igd_probe *p, igd_finding *f, size_t cap)
{
	size_t n = 0;
	if (!p->config_full) {
		ADD(true, "config space unreadable beyond 64 bytes: run doctor as root");
		return n;
	}
	if (strcmp(p->bdf, "0000:00:02.0") != 0)
		ADD(true, "the IGD is at %s in the guest: put it at 00:02.0 (addr=2.0), Intel's drivers expect it there", p->bdf);
	if (!p->asls || p->asls == 0xFFFFFFFFu)
		ADD(true, "ASLS is 0: no OpRegion was set up; attach an igdrom ROM (romfile=) and serve etc/igd-opregion "
			  "(x-igd-opregion=on) or build the ROM with --opregion");
	else if (!p->opregion_found)
		ADD(true, "ASLS 0x%08x holds no readable OpRegion: check the igdrom driver's log on port 0x402", p->asls);
	else
		ADD(false, "OpRegion %u.%u at ASLS 0x%08x", p->opregion.major, p->opregion.minor, p->asls);
	if (p->platform && p->platform->bdsm != IGD_BDSM_NONE) {
		if (!p->dsm_base)
			ADD(true, "BDSM is 0: stolen memory was not reserved; GMCH says %llu MiB (a QEMU <= 9.1 zeroes it: "
				  "serve etc/igd-bdsm-size, see igdrom fwcfg)", (unsigned long long)(p->dsm_size >> 20));
		else if (p->dsm_size && !iomem_reserved(root, p->dsm_base, p->dsm_size))
			ADD(true, "stolen memory 0x%llx (+%llu MiB) is not reserved in the guest memory map (/proc/iomem): "
				  "the guest may hand it out as RAM", (unsigned long long)p->dsm_base,
			    (unsigned long long)(p->dsm_size >> 20));
		else
			ADD(false, "stolen memory at 0x%llx, %llu MiB, reserved", (unsigned long long)p->dsm_base,
			    (unsigned long long)(p->dsm_size >> 20));
		n += host_address_check(root, p, f + n, cap - n);
	}
	n += lpc_check(root, p, f + n, cap - n);
	return n;
}

static size_t host_extra(const igd_probe *p, unsigned qmaj, unsigned qmin, igd_finding *f, size_t cap)
{
	size_t n = 0;
	if (p->cmdline[0] && !strstr(p->cmdline, "intel_iommu=on"))
		ADD(true, "kernel command line lacks intel_iommu=on");
	if (p->cmdline[0] && strstr(p->cmdline, "disable_vga=1"))
		ADD(true, "remove disable_vga=1: the IGD's VGA region is needed");
	if (qmaj && (qmaj < 10))
		ADD(true, "QEMU %u.%u: use 10.0 or later (BDSM emulation outside legacy mode, x-igd-lpc/legacy-mode options)",
		    qmaj, qmin);
	if (qmaj && p->platform && p->platform->bdsm == IGD_BDSM_NONE && (qmaj < 10 || (qmaj == 10 && qmin < 1)))
		ADD(true, "%s needs QEMU 10.1 or later", p->platform->name);
	return n;
}

static int run_doctor(int argc, char **argv)
{
	static const struct option longopts[] = { { "guest", no_argument, NULL, 'g' },
						   { "host", no_argument, NULL, 'h' },
						   { "sysfs", required_argument, NULL, 's' },
						   { "qemu-version", required_argument, NULL, 'q' },
						   { "json", no_argument, NULL, 'j' },
						   { NULL, 0, NULL, 0 } };
	bool json = false;
	const char *root = "/";
	int mode = -1, c;
	unsigned qmaj = 0, qmin = 0;
	igd_probe p;
	igd_finding f[24];
	size_t n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if ((c == 'g' && mode == 0) || (c == 'h' && mode == 1))
			return cli_usage(&cmd_doctor, "doctor: --guest and --host are alternatives");
		if (c == 'g') mode = 1;
		else if (c == 'h') mode = 0;
		else if (c == 's') root = optarg;
		else if (c == 'j') json = true;
		else if (c == 'q') {
			char tail;
			if (sscanf(optarg, "%u.%u%c", &qmaj, &qmin, &tail) != 2)
				return cli_usage(&cmd_doctor, "doctor: --qemu-version '%s': wants X.Y (as qemu-system-x86_64 "
						 "--version prints it, e.g. 10.1)", optarg);
		} else return cli_bad_option(&cmd_doctor, argv, NULL);
	}
	if (optind != argc)
		return cli_usage(&cmd_doctor, "doctor: unexpected argument '%s'", argv[optind]);
	if (mode < 0)
		mode = file_has(root, "proc/cpuinfo", " hypervisor") ? 1 : 0;
	igd_status pst = igd_probe_host(root, &p);
	if (pst == IGD_ERR_UNSUPPORTED)
		return cli_error(EXIT_RUNTIME, "doctor: reads Linux sysfs, which this OS does not have; on FreeBSD see "
				 "the README's bhyve section");
	if (pst != IGD_OK) {
		const char *fix = mode ? "assign the IGD to this VM (vfio-pci host=0000:00:02.0, addr=2.0)"
				       : "no Intel integrated GPU on this machine, or it is disabled in firmware setup";
		if (json) {
			printf("{\"mode\":\"%s\",\"bdf\":null,\"device\":null,\"problems\":true,\"findings\":"
			       "[{\"problem\":true,\"text\":\"no Intel IGD visible\"},{\"problem\":true,\"text\":",
			       mode ? "guest" : "host");
			json_str(fix);
			printf("}]}\n");
			return EXIT_RUNTIME;
		}
		printf("doctor (%s): no Intel IGD visible\n", mode ? "guest" : "host");
		printf("  fix:  %s\n", fix);
		return EXIT_RUNTIME;
	}
	if (mode) {
		n = guest_checks(root, &p, f, 24);
	} else {
		if (!qmaj) {
			FILE *q = popen("qemu-system-x86_64 --version 2>/dev/null", "r");
			char line[200];
			if (q && fgets(line, sizeof(line), q))
				sscanf(line, "QEMU emulator version %u.%u", &qmaj, &qmin);
			if (q)
				pclose(q);
		}
		n = igd_assess_host(&p, f, 24);
		n += host_extra(&p, qmaj, qmin, f + n, 24 - n);
	}
	bool problems = false;
	for (size_t i = 0; i < n; i++)
		problems |= f[i].problem;
	if (json) {
		printf("{\"mode\":\"%s\",\"bdf\":\"%s\",\"device\":%u,", mode ? "guest" : "host", p.bdf, p.device);
		if (!mode && qmaj)
			printf("\"qemu_version\":\"%u.%u\",", qmaj, qmin);
		else if (!mode)
			printf("\"qemu_version\":null,");
		printf("\"problems\":%s,\"findings\":[", problems ? "true" : "false");
		for (size_t i = 0; i < n; i++) {
			printf("%s{\"problem\":%s,\"text\":", i ? "," : "", f[i].problem ? "true" : "false");
			json_str(f[i].text);
			printf("}");
		}
		printf("]}\n");
		return problems ? EXIT_RUNTIME : EXIT_OK;
	}
	printf("doctor (%s): %s 8086:%04x %s\n", mode ? "guest" : "host", p.bdf, p.device,
	       p.platform ? p.platform->name : "unknown platform");
	for (size_t i = 0; i < n; i++)
		printf("  %s %s\n", f[i].problem ? "fix: " : "ok:  ", f[i].text);
	printf("%s\n", problems ? "problems found" : "no problems found");
	return problems ? EXIT_RUNTIME : EXIT_OK;
}

const struct command cmd_doctor = {
	.name = "doctor",
	.summary = "check a host before passthrough or a guest after it, with fixes",
	.usage = doctor_usage,
	.run = run_doctor,
};
