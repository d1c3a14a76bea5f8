// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * QEMU releases and the IGD layout that works on each (include/igd/qemu.h).  The facts, with
 * the QEMU source each comes from, are tabled in docs/qemu-versions.md.
 */
#include "igd/qemu.h"

static bool at_least(unsigned major, unsigned minor, unsigned want_major, unsigned want_minor)
{
	return major > want_major || (major == want_major && minor >= want_minor);
}

igd_qemu_features igd_qemu_features_of(unsigned major, unsigned minor)
{
	igd_qemu_features f = { 0 };
	f.opregion_prop = true; /* since QEMU 2.7 (hw/vfio/pci.c, "x-igd-opregion") */
	f.gms_prop = true;      /* since QEMU 2.7 ("x-igd-gms") */
	f.gms_zeroed = !at_least(major, minor, 9, 2);
	f.lpc_prop = at_least(major, minor, 10, 0);
	f.legacy_mode_prop = at_least(major, minor, 10, 0);
	f.stolen_outside_legacy = at_least(major, minor, 10, 0);
	f.opregion_default_on = at_least(major, minor, 10, 1);
	f.legacy_gen_max = at_least(major, minor, 10, 1) ? 9 : 0;
	return f;
}

int igd_qemu_gen(unsigned major, unsigned minor, uint16_t id)
{
	unsigned prefix = id & 0xff00u;
	if (at_least(major, minor, 10, 0)) {
		if ((id & 0xffeu) == 0xa84u)
			return 9; /* Broxton/Apollo Lake, before 0x0a00 (Haswell) */
		switch (prefix) {
		case 0x0100: return 6;
		case 0x0400: case 0x0a00: case 0x0c00: case 0x0d00: case 0x0f00: return 7;
		case 0x1600: case 0x2200: return 8;
		case 0x1900: case 0x3100: case 0x5900: case 0x3e00: case 0x9b00: return 9;
		case 0x8a00: case 0x4500: case 0x4e00: return 11;
		case 0x9a00: case 0x4c00: case 0x4600: case 0xa700: return 12;
		default: return -1;
		}
	}
	if (at_least(major, minor, 9, 2)) {
		if ((id & 0xfffu) == 0xa84u)
			return 8;
		switch (prefix) {
		case 0x0100: case 0x0400: case 0x0a00: case 0x0c00: case 0x0d00: case 0x0f00: return 6;
		case 0x1600: case 0x1900: case 0x2200: case 0x5900: return 8;
		case 0x3e00: return 9;
		case 0x4500: return 11;
		case 0x9a00: return 12;
		default: return -1;
		}
	}
	/* <= 9.1: two layouts and "assume newer is compatible" */
	if ((id & 0xfffu) == 0xa84u)
		return 8;
	switch (prefix) {
	case 0x0000: case 0x2500: case 0x2700: case 0x2900: case 0x2a00: case 0x2e00: case 0x3500: case 0xa000:
		return -1;
	case 0x0100: case 0x0400: case 0x0a00: case 0x0c00: case 0x0d00: case 0x0f00: return 6;
	default: return 8;
	}
}

static void add_prop(igd_qemu_plan *p, const char *name, igd_qemu_prop_type type, unsigned value)
{
	if (p->prop_count >= IGD_QEMU_MAX_PROPS)
		return;
	igd_qemu_prop *q = &p->props[p->prop_count++];
	q->name = name;
	q->type = type;
	if (type == IGD_PROP_BOOL) {
		memcpy(q->value, value ? "on" : "off", value ? 3 : 4);
	} else if (type == IGD_PROP_STRING) {
		memcpy(q->value, "off", 4); /* the only string this plan sets: x-igd-legacy-mode=off */
	} else {
		/* 0x%x without stdio: the core is freestanding */
		static const char hex[] = "0123456789abcdef";
		char tmp[8];
		size_t n = 0, k = 0;
		do {
			tmp[n++] = hex[value & 0xf];
			value >>= 4;
		} while (value && n < sizeof(tmp));
		q->value[k++] = '0';
		q->value[k++] = 'x';
		while (n)
			q->value[k++] = tmp[--n];
		q->value[k] = 0;
	}
}

static void why(igd_qemu_plan *p, const char *s)
{
	if (p->why_count < IGD_QEMU_MAX_NOTES)
		p->why[p->why_count++] = s;
}

static void warn(igd_qemu_plan *p, const char *s)
{
	if (p->warn_count < IGD_QEMU_MAX_NOTES)
		p->warn[p->warn_count++] = s;
}

void igd_qemu_plan_for(const igd_qemu_target *t, igd_qemu_plan *p)
{
	igd_qemu_features f = igd_qemu_features_of(t->major, t->minor);
	int qgen = t->device_id ? igd_qemu_gen(t->major, t->minor, t->device_id) : -1;
	int gen = t->platform ? t->platform->gen : -1;
	bool no_bdsm = t->platform && t->platform->bdsm == IGD_BDSM_NONE;

	memset(p, 0, sizeof(*p));
	if (f.stolen_outside_legacy) {
		/* 10.0+: stolen memory and the OpRegion work in UPT mode on any machine. */
		p->legacy_mode = false;
		p->stolen_ok = true;
		add_prop(p, "x-igd-legacy-mode", IGD_PROP_STRING, 0);
		if (t->rom_has_gop) {
			p->machine = IGD_MACHINE_I440FX;
			p->lpc_bridge = true;
			add_prop(p, "x-igd-lpc", IGD_PROP_BOOL, 1);
			why(p, "i440fx with x-igd-lpc=on: the ROM carries Intel's GOP, which reads the PCH ID at 00:1f.0 "
			       "and stops unless it is the host's; q35's ICH9 LPC (8086:2918) sits there and loses the boot "
			       "screen, and QEMU can give 00:1f.0 the host's IDs only on i440fx");
		} else {
			p->machine = IGD_MACHINE_Q35;
			why(p, "q35 in UPT mode: the ROM has no GOP, so nothing needs the host's LPC ID at 00:1f.0; the "
			       "igdrom driver sets up the OpRegion and stolen memory itself");
		}
		why(p, "x-igd-legacy-mode=off: legacy mode exists for the VBIOS; a UEFI guest needs none of it");
		if (!f.opregion_default_on) {
			add_prop(p, "x-igd-opregion", IGD_PROP_BOOL, 1);
			why(p, "x-igd-opregion=on: before 10.1 QEMU serves the host OpRegion only when asked");
		}
		if (no_bdsm && !at_least(t->major, t->minor, 10, 1))
			warn(p, "Meteor Lake and later need QEMU >= 10.1");
		if (t->device_id && qgen < 0 && !no_bdsm)
			warn(p, "this QEMU does not know the device ID: it emulates no BDSM and serves etc/igd-bdsm-size = 0 "
				"(the driver then has no stolen memory to reserve); use a newer QEMU");
		return;
	}

	/* Before 10.0 QEMU emulates BDSM and serves etc/igd-bdsm-size only in legacy mode, which
	 * needs i440fx, the IGD at 00:02.0 and a ROM: the one layout in which stolen memory works. */
	p->machine = IGD_MACHINE_I440FX;
	p->legacy_mode = true;
	p->lpc_bridge = true;
	p->stolen_ok = true;
	why(p, "i440fx, IGD at 00:02.0, ROM given: before 10.0 QEMU emulates BDSM and serves etc/igd-bdsm-size only "
	       "in legacy mode, which needs all three (q35 cannot: its ICH9 LPC sits at 00:1f.0); legacy mode also "
	       "gives 00:1f.0 the host's LPC IDs, which Intel's GOP checks");
	add_prop(p, "x-igd-opregion", IGD_PROP_BOOL, 1);
	why(p, "x-igd-opregion=on: this QEMU serves the host OpRegion only when asked");
	if (f.gms_zeroed) {
		/* x-igd-gms takes 32 MiB units, at most 0x10 on these releases. */
		unsigned gms = t->host_gms >= 1 && t->host_gms <= 0x10 ? t->host_gms : 2;
		add_prop(p, "x-igd-gms", IGD_PROP_UNSIGNED, gms);
		why(p, "x-igd-gms: QEMU <= 9.1 shows the guest GMS 0 (no stolen memory) unless it is given; the value is "
		       "the host's GMS in 32 MiB units when that fits (at most 0x10), else 0x2 (64 MiB)");
	}
	if (gen >= 11 && qgen < 11) {
		p->stolen_ok = false;
		warn(p, "this QEMU treats the device as an older generation and emulates the 32-bit BDSM at 0x5C, while "
			"gen 11+ uses the 64-bit one at 0xC0: stolen memory cannot be set up; use QEMU >= 10.0");
	} else if (t->device_id && qgen < 0) {
		p->stolen_ok = false;
		p->legacy_mode = false;
		warn(p, "QEMU 9.2 does not know this device ID and refuses legacy mode ('unsupported in legacy mode'): "
			"no stolen memory; use QEMU >= 10.0");
	}
	if (no_bdsm)
		warn(p, "Meteor Lake and later need QEMU >= 10.1");
}

void igd_qemu_memory_for(igd_qemu_machine machine, uint64_t base, uint64_t size, unsigned want_mib,
			 igd_qemu_memory *out)
{
	const uint64_t MiB = 1ull << 20;
	/* q35: below 0xB0000000 all RAM is low, from there the split is 2 GiB; i440fx: below
	 * 0xE0000000 all low, from there 3 GiB (gigabyte_align, every current machine type) */
	uint64_t all_low_below = machine == IGD_MACHINE_Q35 ? 0xB0000000ull : 0xE0000000ull;
	uint64_t split = machine == IGD_MACHINE_Q35 ? 0x80000000ull : 0xC0000000ull;
	uint64_t need = base + size + IGD_QEMU_FIRMWARE_ROOM;
	uint64_t need_mib = (need + MiB - 1) / MiB;

	memset(out, 0, sizeof(*out));
	if (need <= split) {
		out->possible = true;
		out->ram_mib = (unsigned)(want_mib > need_mib ? want_mib : need_mib);
		out->why = "the range lies below the machine's lowest RAM split: any -m of at least this much keeps it RAM";
		return;
	}
	if (need < all_low_below) {
		out->possible = true;
		out->max_ram_mib = (unsigned)(all_low_below / MiB - 1);
		out->ram_mib = (unsigned)(want_mib >= need_mib && want_mib <= out->max_ram_mib ? want_mib : need_mib);
		out->why = machine == IGD_MACHINE_Q35
			? "the range lies above q35's 2 GiB split: -m must stay below 2.75 GiB so that QEMU keeps all RAM low"
			: "the range lies above i440fx's 3 GiB split: -m must stay below 3.5 GiB so that QEMU keeps all RAM low";
		return;
	}
	out->why = machine == IGD_MACHINE_Q35
		? "the range lies above what q35 can keep as low RAM (2.75 GiB): no -m puts it in RAM; i440fx can, up to 3.5 GiB"
		: "the range lies above what i440fx can keep as low RAM (3.5 GiB): the PCI hole is there; the guest's stolen "
		  "memory will be elsewhere (gen 11+ Windows: Code 43 risk)";
}
