// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * `igdrom vmm-config`: the configuration for QEMU, libvirt, Proxmox VE or bhyve that fits this
 * host and ROM, with the reason for each choice and the pitfalls of the chosen QEMU version.
 * Facts: docs/users.md §2-3 and docs/vmm-contracts.md §3, §8 (which QEMU version has which option).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "igd/devices.h"
#include "igd/probe.h"
#include "igd/pcirom.h"
#include "igd/qemu.h"
#include "igd/opregion.h"
#include "igd/vbt.h"
#include "inspect.h"

static const char vmm_config_usage[] =
	"Usage: igdrom vmm-config --vmm qemu|libvirt|proxmox|bhyve [options]\n"
	"\n"
	"Prints the configuration that passes this host's IGD to a UEFI guest with an igdrom ROM,\n"
	"the reason for each choice and the known pitfalls of the QEMU version.\n"
	"\n"
	"  --vmm NAME            qemu, libvirt, proxmox or bhyve\n"
	"  --qemu-version X.Y    QEMU the VM runs on (default: the installed one, else 10.1)\n"
	"  --rom FILE            the ROM (default igd.rom; Proxmox wants it in /usr/share/kvm)\n"
	"  --host BDF            host address of the IGD (default: probed, else 0000:00:02.0)\n"
	"  --device ID           IGD device ID, hex (default: probed)\n"
	"  --sysfs ROOT          probe this sysfs tree instead of the running host\n"
	"  --vmid N              Proxmox VM id (default 100)\n"
	"  --no-notes            print only the configuration\n"
	"  --json                one JSON object: the configuration as a string, the machine, the\n"
	"                        QEMU properties, the notes as a list (warnings stay on stderr)\n"
	"\n"
	"When the ROM is readable and carries Intel's GOP, a note says whether the GOP lists the\n"
	"device; a warning goes to stderr when it does not (it would not start on it).\n";

struct cfg {
	const char *vmm, *rom;
	char host[16];     /* DDDD:BB:DD.F */
	unsigned qmaj, qmin, vmid;
	uint16_t device;
	const igd_platform *platform;
	bool notes;
	int iommu_width;
	unsigned host_gms;  /* the host's GMS field, 0 when unknown */
	bool rom_readable, rom_has_gop;
	rom_gop gops[4];        /* the ROM's GOPs (gop_count may exceed 4: the rest are not kept) */
	size_t gop_count;
	uint16_t pch_vendor, pch_device; /* the host's 00:1f.0, 0 when unknown */
	igd_qemu_plan plan;
	igd_host_dsm host_dsm;  /* the ROM's record of the host's stolen memory (base 0: none) */
	igd_qemu_memory mem;    /* the guest RAM that makes it RAM */
	unsigned ram_mib;       /* -m */
};

static void detect_qemu(struct cfg *c)
{
	FILE *f = popen("qemu-system-x86_64 --version 2>/dev/null", "r");
	char line[256];
	if (f && fgets(line, sizeof(line), f))
		sscanf(line, "QEMU emulator version %u.%u", &c->qmaj, &c->qmin);
	if (f)
		pclose(f);
}

/* Host addresses as lspci prints them: DDDD:BB:DD.F or BB:DD.F, hex. */
static bool parse_bdf(const char *s, char out[16])
{
	unsigned dom = 0, bus, dev, fn;
	int n = -1;
	if (sscanf(s, "%4x:%2x:%2x.%1x%n", &dom, &bus, &dev, &fn, &n) == 4 && n == (int)strlen(s) && strlen(s) == 12)
		;
	else if (n = -1, dom = 0, sscanf(s, "%2x:%2x.%1x%n", &bus, &dev, &fn, &n) == 3 && n == (int)strlen(s) && strlen(s) == 7)
		;
	else
		return false;
	if (dev > 0x1f || fn > 7 || strspn(s, "0123456789abcdefABCDEF:.") != strlen(s))
		return false;
	snprintf(out, 16, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	return true;
}

/* A word for a POSIX shell: as is when it is plainly safe, else in single quotes. */
static void shell_word(const char *s, char *out, size_t cap)
{
	if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789,._+:@%/=-") == strlen(s)) {
		snprintf(out, cap, "%s", s);
		return;
	}
	size_t k = 0;
	if (k + 1 < cap)
		out[k++] = '\'';
	for (; *s && k + 5 < cap; s++) {
		if (*s == '\'') {
			memcpy(out + k, "'\\''", 4);
			k += 4;
		} else {
			out[k++] = *s;
		}
	}
	if (k + 1 < cap)
		out[k++] = '\'';
	out[k] = 0;
}

/* A value inside a QEMU option string: commas are doubled (QEMU's own escape). */
static void qemu_value(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	for (; *s && k + 3 < cap; s++) {
		out[k++] = *s;
		if (*s == ',')
			out[k++] = ',';
	}
	out[k] = 0;
}

/* Where the configuration goes: stdout, or with --json a buffer that becomes one string of
 * the document, the notes collected apart. */
static FILE *out;
static bool json_notes_on;
static char json_notes[48][600];
static size_t json_note_count;

static void xml_text(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '\'': fputs("&apos;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

/* A note: a shell comment, or in libvirt's XML an XML comment ("--" may not occur in one). */
static void note_line(const struct cfg *c, const char *text)
{
	if (json_notes_on) {
		if (json_note_count < sizeof(json_notes) / sizeof(json_notes[0]))
			snprintf(json_notes[json_note_count++], sizeof(json_notes[0]), "%s", text);
		return;
	}
	if (!c->notes)
		return;
	if (strcmp(c->vmm, "libvirt") != 0) {
		fprintf(out, "# - %s\n", text);
		return;
	}
	fputs("  <!-- ", out);
	for (const char *p = text; *p; p++) {
		fputc(*p, out);
		if (*p == '-' && (p[1] == '-' || p[1] == 0))
			fputc(' ', out);
	}
	fputs(" -->\n", out);
}

static void heading(const struct cfg *c, const char *text)
{
	if (!c->notes || json_notes_on)
		return;
	if (strcmp(c->vmm, "libvirt") != 0)
		fprintf(out, "#\n# %s\n", text);
	else
		fprintf(out, "  <!-- %s -->\n", text);
}

static void notef(const struct cfg *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void notef(const struct cfg *c, const char *fmt, ...)
{
	char buf[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	note_line(c, buf);
}

/* The reasons and pitfalls shared by every QEMU-based output. */
static void plan_notes(const struct cfg *c)
{
	const igd_qemu_plan *p = &c->plan;
	heading(c, "Why:");
	for (size_t i = 0; i < p->why_count; i++)
		note_line(c, p->why[i]);
	note_line(c, "guest address 00:02.0: Intel's GOP and the Windows driver expect the IGD there");
	note_line(c, "the ROM goes on the IGD itself; OVMF's PCI bus driver loads it from the ROM BAR");
	if (c->rom_has_gop) {
		for (size_t i = 0; i < c->gop_count && i < 4; i++)
			if (c->device && igd_gop_ids_contain(&c->gops[i].table.ids, c->device))
				notef(c, "the ROM's GOP (%s) lists this device%s", c->gops[i].version,
				      c->gops[i].table.found_by == IGD_GOP_FOUND_BY_CODE ? " in the table its Supported() scans"
											 : " (by a table search, unverified)");
		for (size_t i = 0; i < c->gop_count && i < 4 && c->pch_vendor; i++)
			if (c->gops[i].table.pch.count && igd_gop_ids_contain(&c->gops[i].table.pch, c->pch_device))
				notef(c, "the host's PCH %04x:%04x is one the GOP accepts: QEMU's LPC bridge copies its ID to the "
					 "guest's 00:1f.0", c->pch_vendor, c->pch_device);
	} else if (c->rom_readable) {
		note_line(c, "the ROM has no GOP: no boot screen before the guest's driver loads");
	}
	if (c->host_dsm.base) {
		notef(c, "the ROM records the host's stolen memory at 0x%llx: the driver puts the guest's there when it is "
			 "free guest RAM (gen 11+ Windows needs that)", (unsigned long long)c->host_dsm.base);
		if (c->mem.possible && c->mem.max_ram_mib)
			notef(c, "%s: -m %u here, at most %u", c->mem.why, c->ram_mib, c->mem.max_ram_mib);
		else
			note_line(c, c->mem.why);
	}
	char head[64];
	snprintf(head, sizeof(head), "Pitfalls for QEMU %u.%u:", c->qmaj, c->qmin);
	heading(c, head);
	for (size_t i = 0; i < p->warn_count; i++)
		note_line(c, p->warn[i]);
	if (c->platform && c->platform->gen >= 12)
		note_line(c, "gen 12 Windows reads GSMBASE/BGSM, which QEMU does not emulate: a black band or GuC "
			     "failure means guest and host stolen memory differ");
	note_line(c, "'Invalid PCI ROM header signature: expecting 0xaa55, got 0x0000' on the host is harmless");
	if (c->iommu_width > 0)
		notef(c, "if OVMF logs vfio_container_dma_map ... = -22, add -cpu host,host-phys-bits-limit=%d", c->iommu_width);
	else
		note_line(c, "if OVMF logs vfio_container_dma_map ... = -22, limit -cpu host,host-phys-bits-limit= to "
			     "the IOMMU address width");
	note_line(c, "for support: -debugcon file:igd.log -global isa-debugcon.iobase=0x402 captures the igdrom "
		     "driver's log");
}

static const char *bus_of(const struct cfg *c)
{
	return c->plan.machine == IGD_MACHINE_Q35 ? "pcie.0" : "pci.0";
}

static void emit_qemu(const struct cfg *c)
{
	char rom[1024], dev[1600], word[3300];
	qemu_value(c->rom, rom, sizeof(rom));
	int n = snprintf(dev, sizeof(dev), "vfio-pci,host=%s,id=hostdev0,bus=%s,addr=2.0", c->host, bus_of(c));
	for (size_t i = 0; i < c->plan.prop_count && n > 0 && (size_t)n < sizeof(dev); i++)
		n += snprintf(dev + n, sizeof(dev) - (size_t)n, ",%s=%s", c->plan.props[i].name, c->plan.props[i].value);
	if (n > 0 && (size_t)n < sizeof(dev))
		snprintf(dev + n, sizeof(dev) - (size_t)n, ",romfile=%s", rom);
	shell_word(dev, word, sizeof(word));
	fprintf(out, "cp /usr/share/OVMF/OVMF_VARS_4M.fd igd-guest_VARS.fd\n"
	       "qemu-system-x86_64 -machine %s,accel=kvm -cpu host -m %u \\\n"
	       "  -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \\\n"
	       "  -drive if=pflash,format=raw,file=igd-guest_VARS.fd \\\n"
	       "  -vga none -display none \\\n"
	       "  -netdev user,id=net0 -device virtio-net-pci,netdev=net0,addr=3.0 \\\n"
	       "  -device %s\n",
	       c->plan.machine == IGD_MACHINE_Q35 ? "q35" : "pc", c->ram_mib, word);
	plan_notes(c);
	note_line(c, "igd-guest_VARS.fd: the guest's own copy of OVMF's variable store (boot entries, Secure Boot "
		     "keys); OVMF_CODE stays read-only and shared");
	note_line(c, "the NIC is placed at 00:03.0 so that nothing takes the IGD's slot 2 (i440fx puts its "
		     "default NIC there once the VGA device is gone)");
}

static void emit_libvirt(const struct cfg *c)
{
	unsigned dom = 0, bus = 0, slot = 2, fn = 0;
	char rom[4096];
	/* libvirt's schema wants an absolute ROM path */
	if (c->rom[0] == '/' || !getcwd(rom, sizeof(rom) - strlen(c->rom) - 2))
		snprintf(rom, sizeof(rom), "%s", c->rom);
	else
		strcat(strcat(rom, "/"), c->rom);
	sscanf(c->host, "%x:%x:%x.%x", &dom, &bus, &slot, &fn);
	fprintf(out, "<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
	       "  <name>igd-guest</name>\n  <memory unit='MiB'>%u</memory>\n"
	       "  <os firmware='efi'>\n    <type arch='x86_64' machine='%s'>hvm</type>\n  </os>\n"
	       "  <devices>\n"
	       "    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
	       "      <source>\n        <address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>\n"
	       "      </source>\n      <alias name='ua-igd'/>\n      <rom file='",
	       c->ram_mib, c->plan.machine == IGD_MACHINE_Q35 ? "q35" : "pc", dom, bus, slot, fn);
	xml_text(rom);
	fprintf(out, "'/>\n"
	       "      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
	       "    </hostdev>\n    <video>\n      <model type='none'/>\n    </video>\n  </devices>\n");
	if (c->plan.prop_count) {
		/* libvirt >= 8 hands QEMU -device as JSON, which -set cannot reach: qemu:override is
		 * libvirt's own way to set a device property (libvirt 8.2 and later). */
		fprintf(out, "  <qemu:override>\n    <qemu:device alias='ua-igd'>\n      <qemu:frontend>\n");
		for (size_t i = 0; i < c->plan.prop_count; i++) {
			const igd_qemu_prop *q = &c->plan.props[i];
			if (q->type == IGD_PROP_BOOL)
				fprintf(out, "        <qemu:property name='%s' type='bool' value='%s'/>\n", q->name,
				       strcmp(q->value, "on") ? "false" : "true");
			else if (q->type == IGD_PROP_UNSIGNED)
				fprintf(out, "        <qemu:property name='%s' type='unsigned' value='%lu'/>\n", q->name,
				       strtoul(q->value, NULL, 16));
			else
				fprintf(out, "        <qemu:property name='%s' type='string' value='%s'/>\n", q->name, q->value);
		}
		fprintf(out, "      </qemu:frontend>\n    </qemu:device>\n  </qemu:override>\n");
	}
	plan_notes(c);
	note_line(c, "the user alias ua-igd names the hostdev for qemu:override (libvirt 8.2 or later)");
	fprintf(out, "</domain>\n");
}

static void emit_proxmox(const struct cfg *c)
{
	const char *slash = strrchr(c->rom, '/');
	const char *name = slash ? slash + 1 : c->rom;
	char args[600] = "";
	size_t n = 0;
	bool q35 = c->plan.machine == IGD_MACHINE_Q35;
	/* On q35 Proxmox places hostpci0 behind a port; -set moves it to 00:02.0.  On i440fx
	 * legacy-igd=1 makes Proxmox place it at 00:02.0 itself (and asks for --vga none). */
	if (q35)
		n += (size_t)snprintf(args + n, sizeof(args) - n, " -set device.hostpci0.bus=pcie.0 -set device.hostpci0.addr=2.0");
	for (size_t i = 0; i < c->plan.prop_count && n < sizeof(args); i++)
		n += (size_t)snprintf(args + n, sizeof(args) - n, " -set device.hostpci0.%s=%s", c->plan.props[i].name,
				      c->plan.props[i].value);
	fprintf(out, "cp %s /usr/share/kvm/%s\n", c->rom, name);
	fprintf(out, "qm set %u --machine %s --bios ovmf --vga none --memory %u \\\n  --hostpci0 %s,%sromfile=%s", c->vmid,
	       q35 ? "q35" : "pc", c->ram_mib, c->host, q35 ? "" : "legacy-igd=1,", name);
	if (n)
		fprintf(out, " \\\n  --args '%s'", args + 1);
	fprintf(out, "\n");
	plan_notes(c);
	note_line(c, "Proxmox VE 8 runs QEMU 8.x/9.x, Proxmox VE 9 QEMU 10.x: give --qemu-version as `kvm --version` "
		     "prints it");
	if (!q35)
		note_line(c, "legacy-igd=1: Proxmox puts the IGD at 00:02.0 on i440fx's root bus (it needs machine pc and "
			     "vga none); on QEMU >= 10.0 x-igd-legacy-mode=off keeps QEMU's VBIOS legacy mode off");
	note_line(c, "romfile= is looked up in /usr/share/kvm, hence the copy; --args only for what hostpci has no "
		     "option for");
	note_line(c, "add a disk and network as usual (qm set --scsi0/--net0); add an EFI disk (--efidisk0) so OVMF keeps "
		     "its variables");
}

static void emit_bhyve(const struct cfg *c)
{
	unsigned dom = 0, bus = 0, slot = 2, fn = 0;
	char rom[1100];
	sscanf(c->host, "%x:%x:%x.%x", &dom, &bus, &slot, &fn);
	shell_word(c->rom, rom, sizeof(rom));
	fprintf(out, "bhyve -c 4 -m 4G -S -H -w \\\n"
	       "  -s 0,hostbridge -s 31,lpc \\\n"
	       "  -s 2,passthru,%u/%u/%u,rom=%s \\\n"
	       "  -l bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI.fd \\\n"
	       "  guest\n", bus, slot, fn, rom);
	if (!c->notes)
		return;
	heading(c, "Why:");
	note_line(c, "-S wires guest memory, which passthrough requires; -s 31,lpc gives the GOP its LPC bridge at 0:1f.0");
	note_line(c, "the host: pptdevs=\"0/2/0\" in /boot/loader.conf (and vmm_load=\"YES\"), then reboot, so that "
		     "ppt(4) holds the IGD");
	note_line(c, "bhyve pre-programs ASLS/BDSM and publishes etc/e820; igdrom's driver honours that contract, so an "
		     "unmodified OVMF works (no Beckhoff OVMF branch needed for the reservations)");
	if (c->platform && c->platform->bdsm == IGD_BDSM_BDSM64)
		note_line(c, "gen 11-12: bhyve writes the 64-bit BDSM at 0xC0 and emulates its BAR0 mirror for devices in "
			     "its own table (pci_gvt-d.c); an ID newer than your bhyve gets no stolen memory from bhyve, the "
			     "ROM's driver then reserves it");
	else if (c->platform && c->platform->bdsm == IGD_BDSM_NONE)
		note_line(c, "Meteor Lake and later: no BDSM in config space; stolen memory lives in the GPU's BAR2, "
			     "nothing to reserve");
	else if (c->platform)
		note_line(c, "gen 6-10: bhyve writes the 32-bit BDSM at 0x5C");
	note_line(c, "bhyve refuses OpRegion 2.0 hosts with an extended VBT: `igdrom opregion relocate` makes the "
		     "contiguous 2.1 image, `igdrom build --opregion` can carry it in the ROM");
	note_line(c, "build the ROM from files on FreeBSD (probe, doctor and build --host read Linux sysfs): see the "
		     "README's bhyve section");
}

/* What the ROM carries decides the machine (Intel's GOP needs the host's PCH ID at 00:1f.0).
 * The mistake that costs users the boot display, a GOP from another iGPU family, is warned
 * about here. */
static void read_rom(struct cfg *c)
{
	uint8_t *rom;
	size_t len;
	if (access(c->rom, R_OK) != 0) {
		fprintf(stderr, "igdrom: vmm-config: warning: %s: no such ROM here yet (build it with igdrom build); the "
			"configuration assumes it carries no GOP\n", c->rom);
		return;
	}
	if (!cli_read_file(c->rom, 16u << 20, &rom, &len))
		return;
	c->rom_readable = true;
	c->gop_count = rom_gops(rom, len, c->gops, 4);
	c->rom_has_gop = c->gop_count > 0;
	const uint8_t *rec;
	size_t rec_len;
	if (igd_pcirom_find_data(rom, len, PCIROM_DATA_HOST_DSM, &rec, &rec_len) != IGD_OK ||
	    igd_host_dsm_decode(rec, rec_len, &c->host_dsm, NULL) != IGD_OK)
		c->host_dsm.base = 0;
	/* the VBT of the OpRegion the ROM carries, against the device */
	opregion_info oi;
	vbt_info vi;
	if (c->device && igd_pcirom_find_data(rom, len, PCIROM_DATA_OPREGION, &rec, &rec_len) == IGD_OK &&
	    igd_opregion_parse(rec, rec_len, &oi, NULL) == IGD_OK &&
	    (oi.vbt_kind == OPREGION_VBT_MAILBOX4 || oi.vbt_kind == OPREGION_VBT_EXTENDED) &&
	    igd_vbt_parse_header(rec + oi.vbt_offset, oi.vbt_max, &vi, NULL) == IGD_OK &&
	    igd_vbt_fit_device(&vi, igd_lookup(c->device)) == IGD_VBT_OTHER_PLATFORM)
		fprintf(stderr, "igdrom: vmm-config: warning: %s: its VBT is \"%s\", made for another platform than 8086:%04x "
			"(%s): Intel's GOP hangs or fails on it; rebuild with this board's VBT\n", c->rom, vi.signature,
			c->device, igd_lookup(c->device)->name);
	free(rom);
	/* the GOPs against the device and the host's PCH (every GOP, not the first: issue 18) */
	size_t kept = c->gop_count < 4 ? c->gop_count : 4;
	bool listed = false, lists_known = false;
	for (size_t i = 0; i < kept; i++) {
		listed |= igd_gop_ids_contain(&c->gops[i].table.ids, c->device);
		lists_known |= c->gops[i].table.ids.count > 0;
	}
	if (c->rom_has_gop && c->device && lists_known && !listed)
		fprintf(stderr, "igdrom: vmm-config: warning: %s: %s does not list 8086:%04x and will not start on it: "
			"rebuild with the GOP from this board's firmware (igdrom extract --device)\n", c->rom,
			kept == 1 ? "its GOP" : "none of its GOPs", c->device);
	if (c->gop_count > 1)
		fprintf(stderr, "igdrom: vmm-config: warning: %s: %zu GOP drivers in one ROM: they fight over the device "
			"(only one output may light up); rebuild with the one that lists your device\n", c->rom, c->gop_count);
	for (size_t i = 0; i < kept && c->pch_vendor; i++) {
		const gop_ids *pch = &c->gops[i].table.pch;
		if (pch->count && (c->pch_vendor != 0x8086 || !igd_gop_ids_contain(pch, c->pch_device)))
			fprintf(stderr, "igdrom: vmm-config: warning: %s: its GOP (%s) accepts %zu PCH IDs at 00:1f.0 and the "
				"host's %04x:%04x is not among them: it will refuse the guest's LPC bridge, no boot screen; "
				"take the GOP from this board's firmware\n", c->rom, c->gops[i].version, pch->count,
				c->pch_vendor, c->pch_device);
	}
}

static int vmm_config(int argc, char **argv);

/* --json: every outcome is one document on stdout, a usage error included. */
static int run_vmm_config(int argc, char **argv)
{
	cli_json_errors = cli_wants_json(argc, argv);
	out = stdout;
	json_notes_on = false;
	json_note_count = 0;
	int rc = vmm_config(argc, argv);
	if (rc != EXIT_OK)
		cli_json_error_flush(NULL);
	return rc;
}

static int vmm_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vmm", required_argument, NULL, 'v' }, { "qemu-version", required_argument, NULL, 'q' },
		{ "rom", required_argument, NULL, 'r' }, { "host", required_argument, NULL, 'H' },
		{ "device", required_argument, NULL, 'd' }, { "sysfs", required_argument, NULL, 's' },
		{ "vmid", required_argument, NULL, 'i' }, { "no-notes", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static struct cfg c;
	bool json = false;
	const char *sysfs = NULL;
	bool host_given = false;
	uint64_t v;
	int ch;

	memset(&c, 0, sizeof(c));
	c.rom = "igd.rom";
	c.vmid = 100;
	c.notes = !cli_quiet;
	c.iommu_width = -1;
	snprintf(c.host, sizeof(c.host), "0000:00:02.0");
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'v': c.vmm = optarg; break;
		case 'q':
			if (sscanf(optarg, "%u.%u", &c.qmaj, &c.qmin) != 2)
				return cli_usage(&cmd_vmm_config, "vmm-config: --qemu-version wants X.Y");
			break;
		case 'r': c.rom = optarg; break;
		case 'H':
			if (!parse_bdf(optarg, c.host))
				return cli_usage(&cmd_vmm_config, "vmm-config: --host '%s': wants DDDD:BB:DD.F or BB:DD.F (hex, as lspci prints it)", optarg);
			host_given = true;
			break;
		case 'd':
			if (!cli_parse_device_id(optarg, &c.device))
				return cli_usage(&cmd_vmm_config, "vmm-config: --device wants a hex ID (or 8086:ID)");
			break;
		case 's': sysfs = optarg; break;
		case 'i':
			if (!cli_parse_uint(optarg, 10, 999999999, &v))
				return cli_usage(&cmd_vmm_config, "vmm-config: --vmid wants a number");
			c.vmid = (unsigned)v;
			break;
		case 'n': c.notes = false; break;
		case 'j': json = true; break;
		default: return cli_bad_option(&cmd_vmm_config, argv, NULL);
		}
	}
	if (optind != argc || !c.vmm)
		return cli_usage(&cmd_vmm_config, "vmm-config: --vmm is required");
	if (!c.device || sysfs) {
		igd_probe p;
		if (igd_probe_host(sysfs ? sysfs : "/", &p) == IGD_OK) {
			if (!c.device)
				c.device = p.device;
			c.pch_vendor = p.pch_vendor;
			c.pch_device = p.pch_device;
			c.iommu_width = p.iommu_width;
			/* x-igd-gms counts 32 MiB units */
			if (p.dsm_size_valid && p.dsm_size && p.dsm_size % (32u << 20) == 0)
				c.host_gms = (unsigned)(p.dsm_size >> 25);
			if (!host_given)
				snprintf(c.host, sizeof(c.host), "%.15s", p.bdf);
		}
	}
	c.platform = c.device ? igd_lookup(c.device) : NULL;
	if (!c.qmaj)
		detect_qemu(&c);
	if (!c.qmaj) {
		c.qmaj = 10;
		c.qmin = 1;
	}
	if (strcmp(c.vmm, "qemu") && strcmp(c.vmm, "libvirt") && strcmp(c.vmm, "proxmox") && strcmp(c.vmm, "bhyve"))
		return cli_usage(&cmd_vmm_config, "vmm-config: --vmm must be qemu, libvirt, proxmox or bhyve");
	read_rom(&c);
	igd_qemu_target t = { c.qmaj, c.qmin, c.device, c.platform, c.host_gms, c.rom_has_gop };
	igd_qemu_plan_for(&t, &c.plan);
	c.ram_mib = 4096;
	if (c.host_dsm.base) {
		/* the guest's stolen memory goes where the host's is only if that is guest RAM */
		uint64_t size = c.host_dsm.size ? c.host_dsm.size : 64u << 20;
		igd_qemu_memory_for(c.plan.machine, c.host_dsm.base, size, 4096, &c.mem);
		if (!c.mem.possible && c.plan.machine == IGD_MACHINE_Q35) {
			igd_qemu_memory alt;
			igd_qemu_memory_for(IGD_MACHINE_I440FX, c.host_dsm.base, size, 4096, &alt);
			if (alt.possible) {
				c.plan.machine = IGD_MACHINE_I440FX;
				c.mem = alt;
				c.mem.why = "q35 cannot keep RAM that high below 4 GiB (2.75 GiB at most), i440fx can (3.5 GiB): "
					    "the machine is i440fx so the host's stolen-memory address is guest RAM";
			}
		}
		if (c.mem.possible)
			c.ram_mib = c.mem.ram_mib;
		else if (strcmp(c.vmm, "bhyve"))
			fprintf(stderr, "igdrom: vmm-config: warning: the host's stolen memory at 0x%llx cannot be guest RAM "
				"below 4 GiB on any machine: the driver will place it elsewhere (gen 11+ Windows: Code 43 "
				"risk)\n", (unsigned long long)c.host_dsm.base);
	}
	if (!c.plan.stolen_ok && strcmp(c.vmm, "bhyve"))
		fprintf(stderr, "igdrom: vmm-config: warning: QEMU %u.%u cannot set up this IGD's stolen memory (see the "
			"pitfalls below the configuration); use QEMU >= 10.0\n", c.qmaj, c.qmin);
	char *text = NULL;
	size_t text_len = 0;
	if (json) {
		out = open_memstream(&text, &text_len);
		if (!out)
			return cli_error(EXIT_RUNTIME, "vmm-config: out of memory");
		json_notes_on = c.notes; /* notes are gathered for the list (none with --no-notes) */
	}
	if (!strcmp(c.vmm, "qemu"))
		emit_qemu(&c);
	else if (!strcmp(c.vmm, "libvirt"))
		emit_libvirt(&c);
	else if (!strcmp(c.vmm, "proxmox"))
		emit_proxmox(&c);
	else if (!strcmp(c.vmm, "bhyve"))
		emit_bhyve(&c);
	if (json) {
		fclose(out);
		out = stdout;
		printf("{\"vmm\":");
		json_str(c.vmm);
		printf(",\"qemu_version\":\"%u.%u\",\"machine\":\"%s\",\"host\":", c.qmaj, c.qmin,
		       !strcmp(c.vmm, "bhyve") ? "bhyve" : c.plan.machine == IGD_MACHINE_Q35 ? "q35" : "i440fx");
		json_str(c.host);
		printf(",\"device\":\"%04X\",\"rom\":", c.device);
		json_str(c.rom);
		printf(",\"rom_gops\":%zu,\"properties\":{", c.gop_count);
		for (size_t i = 0; i < c.plan.prop_count; i++) {
			printf("%s", i ? "," : "");
			json_str(c.plan.props[i].name);
			printf(":");
			json_str(c.plan.props[i].value);
		}
		printf("},\"memory_mib\":%u,\"configuration\":", c.ram_mib);
		json_str(text ? text : "");
		printf(",\"notes\":[");
		for (size_t i = 0; i < json_note_count; i++) {
			printf("%s", i ? "," : "");
			json_str(json_notes[i]);
		}
		printf("]}\n");
		free(text);
	}
	return EXIT_OK;
}

const struct command cmd_vmm_config = {
	.name = "vmm-config",
	.summary = "print QEMU/libvirt/Proxmox/bhyve configuration for this host and ROM",
	.usage = vmm_config_usage,
	.run = run_vmm_config,
};
