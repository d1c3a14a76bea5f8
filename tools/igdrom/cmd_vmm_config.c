// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * `igdrom vmm-config`: the configuration for QEMU, libvirt, Proxmox VE or bhyve that fits this
 * host and ROM, with the reason for each choice and the pitfalls of the chosen QEMU version.
 * Facts: docs/users.md §2-3 and docs/vmm-contracts.md §3, §8 (which QEMU version has which option).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "igd/devices.h"
#include "igd/probe.h"
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
	"\n"
	"When the ROM is readable and carries Intel's GOP, a note says whether the GOP lists the\n"
	"device; a warning goes to stderr when it does not (it would not start on it).\n";

struct cfg {
	const char *vmm, *rom, *host;
	unsigned qmaj, qmin, vmid;
	uint16_t device;
	const igd_platform *platform;
	bool notes;
	int iommu_width;
};

static bool at_least(const struct cfg *c, unsigned maj, unsigned min)
{
	return c->qmaj > maj || (c->qmaj == maj && c->qmin >= min);
}

static void detect_qemu(struct cfg *c)
{
	FILE *f = popen("qemu-system-x86_64 --version 2>/dev/null", "r");
	char line[256];
	if (f && fgets(line, sizeof(line), f))
		sscanf(line, "QEMU emulator version %u.%u", &c->qmaj, &c->qmin);
	if (f)
		pclose(f);
}

/* The -device properties for the IGD on this QEMU. */
static void device_props(const struct cfg *c, char *out, size_t cap, const char *id)
{
	int n = snprintf(out, cap, "vfio-pci,host=%s,id=%s,bus=pcie.0,addr=2.0", c->host, id);
	/* x-igd-opregion exists in every QEMU with IGD support; 10.1 turns it on by default. */
	if (!at_least(c, 10, 1))
		n += snprintf(out + n, cap - (size_t)n, ",x-igd-opregion=on");
	/* x-igd-legacy-mode appeared in 10.0; "off" keeps q35 in UPT mode explicitly. */
	if (at_least(c, 10, 0))
		n += snprintf(out + n, cap - (size_t)n, ",x-igd-legacy-mode=off");
	snprintf(out + n, cap - (size_t)n, ",romfile=%s", c->rom);
}

static void note(const struct cfg *c, const char *fmt, const char *arg)
{
	if (!c->notes)
		return;
	printf("# - ");
	printf(fmt, arg);
	printf("\n");
}

/* The mistake that costs users the boot display: a GOP from another iGPU family.  When the
 * ROM is readable and carries a GOP, say whether its device table lists this device. */
static void check_rom_gop(const struct cfg *c)
{
	uint8_t *rom;
	size_t len;
	char version[128];
	gop_ids ids;
	if (!c->device || access(c->rom, R_OK) != 0 || !cli_read_file(c->rom, 16u << 20, &rom, &len))
		return;
	if (rom_gop_facts(rom, len, version, sizeof(version), &ids)) {
		if (gop_ids_contain(&ids, c->device))
			note(c, "the ROM's GOP (%s) lists this device", version);
		else if (ids.count)
			fprintf(stderr, "igdrom: vmm-config: warning: %s: its GOP (%s) does not list 8086:%04x and will not "
				"start on it: rebuild with the GOP from this board's firmware (igdrom extract --device)\n",
				c->rom, version, c->device);
	}
	free(rom);
}

static void common_notes(const struct cfg *c)
{
	if (!c->notes)
		return;
	printf("#\n# Why:\n");
	note(c, "%s", "q35 + OVMF in UPT mode: the ROM's igdrom driver sets up the OpRegion, stolen memory "
		      "and PlatformGopPolicy itself, so legacy mode (i440fx, VGA ranges, LPC IDs) is not needed");
	note(c, "%s", "guest address 00:02.0: Intel's GOP and Windows drivers expect the IGD there");
	note(c, "%s", "the ROM goes on the IGD itself; OVMF's PCI bus driver loads it from the ROM BAR");
	printf("# Pitfalls for QEMU %u.%u:\n", c->qmaj, c->qmin);
	if (!at_least(c, 9, 2))
		note(c, "%s", "QEMU <= 9.1 zeroes GMS in the guest's GMCH and emulates BDSM only in legacy mode: "
			      "add x-igd-gms=0x2, and the driver then needs etc/igd-bdsm-size (igdrom fwcfg)");
	else if (!at_least(c, 10, 0))
		note(c, "%s", "QEMU 9.x: unknown device IDs fail ('unsupported in legacy mode'); x-igd-gms is ignored "
			      "in 9.2.3");
	if (!at_least(c, 10, 0))
		note(c, "%s", "before 10.0 QEMU emulates BDSM only in legacy mode (i440fx): on q35 the guest cannot "
			      "program stolen memory; QEMU >= 10.0 is strongly recommended");
	if (!at_least(c, 10, 1))
		note(c, "%s", "before 10.1 x-igd-opregion defaults to off: it is set explicitly above");
	if (c->platform && c->platform->bdsm == IGD_BDSM_NONE && !at_least(c, 10, 1))
		note(c, "%s", "Meteor Lake and later need QEMU >= 10.1");
	if (c->platform && c->platform->gen >= 12)
		note(c, "%s", "gen 12 Windows reads GSMBASE/BGSM, which QEMU does not emulate: a black band or "
			      "GuC failure means guest and host stolen memory differ");
	note(c, "%s", "'Invalid PCI ROM header signature: expecting 0xaa55, got 0x0000' on the host is harmless");
	if (c->iommu_width > 0) {
		char w[64];
		snprintf(w, sizeof(w), "%d", c->iommu_width);
		note(c, "if OVMF logs vfio_container_dma_map ... = -22, add -cpu host,host-phys-bits-limit=%s", w);
	} else {
		note(c, "%s", "if OVMF logs vfio_container_dma_map ... = -22, limit -cpu host,host-phys-bits-limit= to "
			      "the IOMMU address width");
	}
	note(c, "%s", "for support: -debugcon file:igd.log -global isa-debugcon.iobase=0x402 captures the igdrom driver's log");
}

static void emit_qemu(const struct cfg *c)
{
	char dev[512];
	device_props(c, dev, sizeof(dev), "hostdev0");
	printf("qemu-system-x86_64 -machine q35,accel=kvm -cpu host -m 4096 \\\n"
	       "  -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \\\n"
	       "  -drive if=pflash,format=raw,file=OVMF_VARS.fd \\\n"
	       "  -vga none -display none \\\n"
	       "  -device %s\n", dev);
	common_notes(c);
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
	printf("<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
	       "  <name>igd-guest</name>\n  <memory unit='MiB'>4096</memory>\n"
	       "  <os firmware='efi'>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n"
	       "  <devices>\n"
	       "    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
	       "      <source>\n        <address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>\n"
	       "      </source>\n      <rom file='%s'/>\n"
	       "      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
	       "    </hostdev>\n    <video>\n      <model type='none'/>\n    </video>\n  </devices>\n",
	       dom, bus, slot, fn, rom);
	if (!at_least(c, 10, 1))
		printf("  <qemu:commandline>\n    <qemu:arg value='-set'/>\n"
		       "    <qemu:arg value='device.hostdev0.x-igd-opregion=on'/>\n  </qemu:commandline>\n");
	printf("</domain>\n");
	common_notes(c);
	note(c, "%s", "libvirt names the first hostdev 'hostdev0'; the guest address puts it at 00:02.0");
}

static void emit_proxmox(const struct cfg *c)
{
	const char *slash = strrchr(c->rom, '/');
	printf("qm set %u --machine q35 --bios ovmf --vga none \\\n"
	       "  --hostpci0 %s,romfile=%s \\\n"
	       "  --args '-set device.hostpci0.bus=pcie.0 -set device.hostpci0.addr=2.0%s%s'\n",
	       c->vmid, c->host, slash ? slash + 1 : c->rom,
	       at_least(c, 10, 1) ? "" : " -set device.hostpci0.x-igd-opregion=on",
	       at_least(c, 10, 0) ? " -set device.hostpci0.x-igd-legacy-mode=off" : "");
	common_notes(c);
	note(c, "copy the ROM to /usr/share/kvm/%s first: Proxmox resolves romfile there", slash ? slash + 1 : c->rom);
	note(c, "%s", "set the VM's OS type to Linux or Windows as usual; host CPU type recommended");
}

static void emit_bhyve(const struct cfg *c)
{
	unsigned dom = 0, bus = 0, slot = 2, fn = 0;
	sscanf(c->host, "%x:%x:%x.%x", &dom, &bus, &slot, &fn);
	printf("bhyve -c 4 -m 4G -S -H -w \\\n"
	       "  -s 0,hostbridge -s 31,lpc \\\n"
	       "  -s 2,passthru,%u/%u/%u,rom=%s \\\n"
	       "  -l bootrom,/usr/local/share/uefi-firmware/BHYVE_UEFI.fd \\\n"
	       "  guest\n", bus, slot, fn, c->rom);
	if (!c->notes)
		return;
	printf("#\n# Why:\n");
	note(c, "%s", "-S wires guest memory, which passthrough requires; -s 31,lpc gives the GOP its LPC bridge");
	note(c, "%s", "bhyve pre-programs ASLS/BDSM and publishes etc/e820; igdrom's driver honours that contract, "
		      "so an unmodified OVMF works (no Beckhoff OVMF branch needed for the reservations)");
	note(c, "%s", "bhyve refuses OpRegion 2.0 hosts with an extended VBT: `igdrom opregion relocate` "
		      "makes the contiguous 2.1 image, `igdrom build --opregion` can carry it in the ROM");
}

static int run_vmm_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vmm", required_argument, NULL, 'v' }, { "qemu-version", required_argument, NULL, 'q' },
		{ "rom", required_argument, NULL, 'r' }, { "host", required_argument, NULL, 'H' },
		{ "device", required_argument, NULL, 'd' }, { "sysfs", required_argument, NULL, 's' },
		{ "vmid", required_argument, NULL, 'i' }, { "no-notes", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct cfg c = { .rom = "igd.rom", .vmid = 100, .notes = true, .iommu_width = -1 };
	const char *sysfs = NULL;
	static char host[32] = "0000:00:02.0";
	uint64_t v;
	int ch;

	c.host = host;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'v': c.vmm = optarg; break;
		case 'q':
			if (sscanf(optarg, "%u.%u", &c.qmaj, &c.qmin) != 2)
				return cli_usage(&cmd_vmm_config, "vmm-config: --qemu-version wants X.Y");
			break;
		case 'r': c.rom = optarg; break;
		case 'H': snprintf(host, sizeof(host), "%s", optarg); break;
		case 'd':
			if (!cli_parse_uint(optarg, 16, 0xFFFF, &v))
				return cli_usage(&cmd_vmm_config, "vmm-config: --device wants a hex ID");
			c.device = (uint16_t)v;
			break;
		case 's': sysfs = optarg; break;
		case 'i':
			if (!cli_parse_uint(optarg, 10, 999999999, &v))
				return cli_usage(&cmd_vmm_config, "vmm-config: --vmid wants a number");
			c.vmid = (unsigned)v;
			break;
		case 'n': c.notes = false; break;
		default: return cli_usage(&cmd_vmm_config, "vmm-config: unknown option");
		}
	}
	if (optind != argc || !c.vmm)
		return cli_usage(&cmd_vmm_config, "vmm-config: --vmm is required");
	if (!c.device) {
		igd_probe p;
		if (igd_probe_host(sysfs ? sysfs : "/", &p) == IGD_OK) {
			c.device = p.device;
			c.iommu_width = p.iommu_width;
			snprintf(host, sizeof(host), "%s", p.bdf);
		}
	}
	c.platform = c.device ? igd_lookup(c.device) : NULL;
	if (!c.qmaj)
		detect_qemu(&c);
	if (!c.qmaj) {
		c.qmaj = 10;
		c.qmin = 1;
	}
	if (!strcmp(c.vmm, "qemu"))
		emit_qemu(&c);
	else if (!strcmp(c.vmm, "libvirt"))
		emit_libvirt(&c);
	else if (!strcmp(c.vmm, "proxmox"))
		emit_proxmox(&c);
	else if (!strcmp(c.vmm, "bhyve"))
		emit_bhyve(&c);
	else
		return cli_usage(&cmd_vmm_config, "vmm-config: --vmm must be qemu, libvirt, proxmox or bhyve");
	check_rom_gop(&c);
	return EXIT_OK;
}

const struct command cmd_vmm_config = {
	.name = "vmm-config",
	.summary = "print QEMU/libvirt/Proxmox/bhyve configuration for this host and ROM",
	.usage = vmm_config_usage,
	.run = run_vmm_config,
};
