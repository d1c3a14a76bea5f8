// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * `igdrom build`: the native ROM builder.  Lays out [legacy], igdrom's driver, the GOP and any
 * extra EFI images, and the OpRegion data image, with EfiRom's image layout; verifies the
 * result before it is written; prints what it wrote.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "igd/opregion.h"
#include "igd/pcirom.h"
#include "igd/pe.h"
#include "igd/vbt.h"
#include "inspect.h"
#include "romout.h"
#include "inspect_fw.h"
#include "igd/probe.h"
#include "igd/file.h"
#include "igd/gop.h"
#include "igd/goptable.h"

extern const uint8_t igdrom_driver_efi[], igdrom_driver_efi_end[];

#define MAX_EFI 16

static const char build_usage[] =
	"Usage: igdrom build -o ROM [--gop GOP.efi] [--opregion FILE | --vbt FILE] [options]\n"
	"       igdrom build --host [--firmware IMAGE] [--sysfs ROOT] [-o ROM]\n"
	"\n"
	"Builds an option ROM for an Intel IGD: igdrom's driver (OpRegion, stolen memory,\n"
	"PlatformGopPolicy), then the GOP and extra EFI drivers, then optionally the host OpRegion\n"
	"for guests whose hypervisor does not provide one.  Without --gop the ROM carries no GOP (the\n"
	"common case for Linux guests and UPT).  The ROM is verified before it is written.\n"
	"\n"
	"  -o, --output ROM      output file (required without --host)\n"
	"      --host            take device ID and OpRegion from this host (igdrom probe); the\n"
	"                        default name is igd-PLATFORM-DEVICEID.rom\n"
	"      --firmware IMAGE  take the GOP (and the VBT when the host has no OpRegion) from\n"
	"                        this firmware image (igdrom extract)\n"
	"      --sysfs ROOT      probe this sysfs tree instead of the running host\n"
	"      --gop FILE        Intel GOP driver (or any EFI driver) to include after igdrom's\n"
	"      --efi FILE        another EFI driver to include (repeatable)\n"
	"      --opregion FILE   embed this OpRegion dump (8 KiB, or 8 KiB + extended VBT)\n"
	"      --vbt FILE        embed an OpRegion built from this VBT (version 2.1)\n"
	"      --legacy FILE     a legacy video BIOS to put first\n"
	"      --no-driver       leave igdrom's driver out (a plain GOP ROM)\n"
	"      --device ID       PCIR device ID, hex (repeatable; default ffff: OVMF ignores it)\n"
	"      --vendor ID       PCIR vendor ID, hex (default 8086)\n"
	"      --class CC        PCIR class code, hex (default 030000)\n"
	"      --revision REV    PCIR code revision, hex (default 0)\n"
	"      --compress        EFI-compress the EFI images (default; best mode inside the\n"
	"                        specification's 8 KiB window, which any EDK2 decoder reads)\n"
	"      --no-compress     store them uncompressed\n"
	"      --window 8k|16k   compression window: 16k is smaller, read by EDK2's decoders (OVMF)\n"
	"                        but beyond the UEFI specification (verify --strict flags it)\n"
	"      --stolen-base ADDR  record the host's stolen-memory base (hex, 1 MiB aligned, below\n"
	"                        4 GiB; --host reads it from the host's BDSM): the driver puts the\n"
	"                        guest's stolen memory there, which gen 11+ Windows needs\n"
	"      --stolen-size SIZE  its size in MiB, for vmm-config's memory layout (--host: GMCH)\n"
	"      --force           build even when the VBT is made for another platform than --device\n"
	"  -q, --quiet           print nothing on success\n"
	"      --json            the ROM's images, GOPs and records as one JSON object on stdout\n"
	"                        (warnings stay on stderr; an error is {\"error\": ...})\n";

struct build_opts {
	const char *output, *gop, *opregion, *vbt, *legacy, *firmware, *sysfs;
	bool host;
	const char *efi[MAX_EFI];
	size_t efi_count;
	bool no_driver, compress, force, wide_window, json;
	uint16_t vendor;
	uint16_t devices[PCIROM_MAX_DEVICE_IDS];
	size_t device_count;
	uint32_t class_code;
	uint16_t revision;
	igd_host_dsm host_dsm;  /* base 0: none recorded */
	uint16_t host_pch_vendor, host_pch_device; /* --host: 00:1f.0, which Intel's GOP checks */
};

static bool load_opregion(const struct build_opts *o, uint8_t **ret, size_t *ret_len)
{
	uint8_t *in, *out;
	size_t in_len, out_len;
	igd_where w = { 0, "" };

	if (o->opregion) {
		opregion_info info;
		if (!cli_read_file(o->opregion, 1u << 20, &in, &in_len))
			return false;
		if (igd_opregion_parse(in, in_len, &info, &w)) {
			cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", o->opregion, w.offset, w.what);
			free(in);
			return false;
		}
		*ret = in;
		*ret_len = info.image_len;
		return true;
	}
	if (!cli_read_file(o->vbt, 1u << 20, &in, &in_len))
		return false;
	out = malloc(igd_opregion_build_size(65535));
	if (!out || igd_opregion_build(in, in_len, NULL, out, igd_opregion_build_size(65535), &out_len, &w)) {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", o->vbt, w.offset, out ? w.what : "out of memory");
		free(in);
		free(out);
		return false;
	}
	free(in);
	*ret = out;
	*ret_len = out_len;
	return true;
}

/* --host: device ID and OpRegion from the probe, GOP (and VBT) from --firmware. */
static bool host_inputs(struct build_opts *o, uint8_t **opregion, size_t *opregion_len, uint8_t **image,
			fw_tree *fw, const uint8_t **gop, size_t *gop_len, char *name, size_t name_cap,
			char *gop_name, size_t gop_name_cap)
{
	igd_probe p;
	const char *root = o->sysfs ? o->sysfs : "/";
	igd_status pst = igd_probe_host(root, &p);
	if (pst == IGD_ERR_UNSUPPORTED)
		return cli_error(EXIT_RUNTIME, "build: --host reads Linux sysfs, which this OS does not have: build from "
				 "files (--gop, --vbt, --device)"), false;
	if (pst != IGD_OK)
		return cli_error(EXIT_RUNTIME, "build: no Intel IGD on this host (see igdrom probe)"), false;
	if (o->device_count == 0)
		o->devices[o->device_count++] = p.device;
	o->host_pch_vendor = p.pch_vendor;
	o->host_pch_device = p.pch_device;
	/* the host's stolen memory (BDSM with lock and enable bits masked; GMCH's size), unless
	 * given by hand */
	if (!o->host_dsm.base && p.dsm_base && p.platform && p.platform->bdsm != IGD_BDSM_NONE) {
		o->host_dsm.base = p.dsm_base;
		o->host_dsm.size = p.dsm_size_valid ? p.dsm_size : 0;
	}
	char slug[32] = "unknown";
	if (p.platform) {
		size_t k = 0;
		for (const char *c = p.platform->name; *c && k + 1 < sizeof(slug); c++)
			if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))
				slug[k++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
			else if (k && slug[k - 1] != '-')
				slug[k++] = '-';
		slug[k] = 0;
	}
	snprintf(name, name_cap, "igd-%s-%04x.rom", slug, p.device);
	if (!cli_quiet)
		printf("host: %s 8086:%04x %s, OpRegion %s\n", p.bdf, p.device, p.platform ? p.platform->name : "",
		       p.opregion_found ? p.opregion_source : "not readable");
	if (!o->opregion && !o->vbt && p.opregion_found) {
		opregion_info info;
		if (igd_probe_read_opregion(root, &p, opregion, opregion_len) == IGD_OK &&
		    igd_opregion_parse(*opregion, *opregion_len, &info, NULL) == IGD_OK) {
			*opregion_len = info.image_len;
		} else {
			free(*opregion);
			*opregion = NULL;
		}
	}
	if (o->firmware) {
		igd_fw_candidate cand[32];
		size_t len;
		if (!cli_read_file(o->firmware, 1u << 30, image, &len))
			return false;
		if (igd_fw_parse(*image, len, fw) != IGD_OK)
			return cli_error(EXIT_RUNTIME, "%s: offset 0x0: not a firmware image", o->firmware), false;
		size_t n = igd_fw_find_candidates(fw, cand, 32);
		igd_gop_fit fit;
		int pick = o->gop ? -1 : igd_fw_pick_gop(cand, n, p.device, &fit);
		if (pick >= 0) {
			*gop = cand[pick].data;
			*gop_len = cand[pick].len;
			snprintf(gop_name, gop_name_cap, "%s (GOP %s)", o->firmware, cand[pick].detail);
			if (!cli_quiet)
				printf("firmware: GOP %s (%s)%s\n", cand[pick].detail, cand[pick].why,
				       fit == IGD_GOP_FITS ? "" : fit == IGD_GOP_FIT_UNKNOWN ? ", no device list readable in it" : "");
			if (fit == IGD_GOP_FITS && !cli_quiet)
				printf("firmware: the GOP lists 8086:%04x\n", p.device);
			else if (fit == IGD_GOP_LISTS_OTHERS)
				fprintf(stderr, "igdrom: build: warning: the GOP does not list 8086:%04x and will not start on "
					"it; take the GOP from a firmware image of the same iGPU family\n", p.device);
		}
		for (size_t i = 0; i < n; i++) {
			if (!cand[i].is_gop && !*opregion && !o->opregion && !o->vbt) {
				size_t cap = igd_opregion_build_size(65535);
				*opregion = malloc(cap);
				if (*opregion && igd_opregion_build(cand[i].data, cand[i].len, NULL, *opregion, cap,
								opregion_len, NULL) == IGD_OK) {
					if (!cli_quiet)
						printf("firmware: OpRegion built from VBT %s\n", cand[i].detail);
				} else {
					free(*opregion);
					*opregion = NULL;
				}
			}
		}
		if (!*gop && !o->gop && !cli_quiet)
			printf("firmware: no GOP driver found: the ROM carries none (fine for Linux guests and UPT)\n");
	}
	return true;
}

/* --json: what the text lines would say, kept until the ROM is written. */
#define JSON_MAX 12
static struct build_json {
	bool on;
	struct { char what[600]; struct romout_report r; } image[JSON_MAX];
	size_t images;
	struct { char name[256], version[128]; igd_gop_table t; } gop[JSON_MAX];
	size_t gops;
	size_t opregion_at, opregion_len, dsm_at;
} bj;

static void report(const char *what, const struct romout_report *r)
{
	if (bj.on && bj.images < JSON_MAX) {
		snprintf(bj.image[bj.images].what, sizeof(bj.image[0].what), "%s", what);
		bj.image[bj.images++].r = *r;
	}
	if (cli_quiet)
		return;
	printf("  image at 0x%06zx: %-22s %7zu bytes, %s %s, %s", r->offset, what, r->size,
	       igd_pe_machine_name(r->machine), igd_pe_subsystem_name(r->subsystem),
	       r->compressed ? "compressed" : "uncompressed");
	if (r->compressed)
		printf(" (%zu -> %zu bytes)", r->input_len, r->payload_len);
	printf("\n");
}

static int parse(int argc, char **argv, struct build_opts *o)
{
	enum { O_GOP = 256, O_EFI, O_OPREGION, O_VBT, O_LEGACY, O_NODRIVER, O_DEVICE, O_VENDOR,
	       O_CLASS, O_REVISION, O_COMPRESS, O_NOCOMPRESS, O_HOST, O_FIRMWARE, O_SYSFS, O_STOLEN_BASE,
	       O_STOLEN_SIZE, O_FORCE, O_WINDOW, O_JSON };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' }, { "gop", required_argument, NULL, O_GOP },
		{ "efi", required_argument, NULL, O_EFI }, { "opregion", required_argument, NULL, O_OPREGION },
		{ "vbt", required_argument, NULL, O_VBT }, { "legacy", required_argument, NULL, O_LEGACY },
		{ "no-driver", no_argument, NULL, O_NODRIVER }, { "device", required_argument, NULL, O_DEVICE },
		{ "vendor", required_argument, NULL, O_VENDOR }, { "class", required_argument, NULL, O_CLASS },
		{ "revision", required_argument, NULL, O_REVISION },
		{ "compress", no_argument, NULL, O_COMPRESS }, { "no-compress", no_argument, NULL, O_NOCOMPRESS },
		{ "quiet", no_argument, NULL, 'q' }, { "host", no_argument, NULL, O_HOST },
		{ "firmware", required_argument, NULL, O_FIRMWARE }, { "sysfs", required_argument, NULL, O_SYSFS },
		{ "stolen-base", required_argument, NULL, O_STOLEN_BASE },
		{ "stolen-size", required_argument, NULL, O_STOLEN_SIZE },
		{ "force", no_argument, NULL, O_FORCE }, { "window", required_argument, NULL, O_WINDOW },
		{ "json", no_argument, NULL, O_JSON },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	o->vendor = 0x8086;
	o->class_code = 0x030000;
	o->compress = true;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'q': cli_quiet = true; break; /* the same as igdrom --quiet build */
		case O_GOP: o->gop = optarg; break;
		case O_EFI:
			if (o->efi_count == MAX_EFI)
				return cli_usage(&cmd_build, "build: at most %d --efi files", MAX_EFI);
			o->efi[o->efi_count++] = optarg;
			break;
		case O_OPREGION: o->opregion = optarg; break;
		case O_VBT: o->vbt = optarg; break;
		case O_LEGACY: o->legacy = optarg; break;
		case O_NODRIVER: o->no_driver = true; break;
		case O_COMPRESS: o->compress = true; break;
		case O_HOST: o->host = true; break;
		case O_FIRMWARE: o->firmware = optarg; break;
		case O_SYSFS: o->sysfs = optarg; break;
		case O_FORCE: o->force = true; break;
		case O_JSON: o->json = true; break;
		case O_WINDOW:
			if (strcmp(optarg, "8k") && strcmp(optarg, "16k"))
				return cli_usage(&cmd_build, "build: --window '%s': wants 8k or 16k", optarg);
			o->wide_window = !strcmp(optarg, "16k");
			break;
		case O_STOLEN_BASE:
			if (!cli_parse_uint(optarg, 16, 0xFFFFFFFFull, &v) || !v || (v & 0xFFFFF))
				return cli_usage(&cmd_build, "build: --stolen-base '%s': wants a hex address, 1 MiB aligned, "
						 "below 4 GiB (BDSM holds bits 31:20)", optarg);
			o->host_dsm.base = v;
			break;
		case O_STOLEN_SIZE:
			if (!cli_parse_uint(optarg, 10, 4095, &v) || !v)
				return cli_usage(&cmd_build, "build: --stolen-size '%s': wants MiB, 1 to 4095", optarg);
			o->host_dsm.size = v << 20;
			break;
		case O_NOCOMPRESS: o->compress = false; break;
		case O_DEVICE:
			if (o->device_count == PCIROM_MAX_DEVICE_IDS)
				return cli_usage(&cmd_build, "build: at most %d device IDs", PCIROM_MAX_DEVICE_IDS);
			if (!cli_parse_device_id(optarg, &o->devices[o->device_count]))
				return cli_usage(&cmd_build, "build: --device '%s' is not a hex ID in 1..ffff (or 8086:ID)", optarg);
			o->device_count++;
			break;
		case O_VENDOR:
			if (!cli_parse_uint(optarg, 16, 0xFFFF, &v))
				return cli_usage(&cmd_build, "build: --vendor '%s' is not a hex ID", optarg);
			o->vendor = (uint16_t)v;
			break;
		case O_CLASS:
			if (!cli_parse_uint(optarg, 16, 0xFFFFFF, &v))
				return cli_usage(&cmd_build, "build: --class '%s' is not a 24-bit hex value", optarg);
			/* lspci's 4-digit form (0300 = VGA) is base and sub-class: the prog-if byte follows */
			{
				const char *digits = optarg + (strncasecmp(optarg, "0x", 2) == 0 ? 2 : 0);
				if (strlen(digits) <= 4) {
					v <<= 8;
					info("build: --class %s read as class code %06llx (base, sub-class, prog-if 00)\n", optarg,
					     (unsigned long long)v);
				}
			}
			o->class_code = (uint32_t)v;
			break;
		case O_REVISION:
			if (!cli_parse_uint(optarg, 16, 0xFFFF, &v))
				return cli_usage(&cmd_build, "build: --revision '%s' is not a 16-bit hex value", optarg);
			o->revision = (uint16_t)v;
			break;
		default:
			return cli_bad_option(&cmd_build, argv, NULL);
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_build, "build: unexpected argument '%s'", argv[optind]);
	if (!o->output && !o->host)
		return cli_usage(&cmd_build, "build: -o ROM is required");
	if ((o->firmware || o->sysfs) && !o->host)
		return cli_usage(&cmd_build, "build: --firmware and --sysfs go with --host");
	if (o->opregion && o->vbt)
		return cli_usage(&cmd_build, "build: --opregion and --vbt are alternatives");
	if (o->no_driver && !o->gop && !o->efi_count)
		return cli_usage(&cmd_build, "build: --no-driver needs --gop or --efi");
	if (o->device_count == 0 && !o->host)
		o->devices[o->device_count++] = 0xFFFF;
	return EXIT_OK;
}

/* Builds from files get the checks --host and vmm-config make: a GOP that does not list the
 * device will not start on it, and two GOPs in one ROM fight over the device (README). */
static void check_one_gop(const struct build_opts *o, const char *name, const uint8_t *pe, size_t len, size_t *gops)
{
	char version[128], v[32];
	igd_gop_table t;
	if (!igd_gop_version(pe, len, version, sizeof(version)) || igd_gop_read_table(pe, len, &t) != IGD_OK)
		return;
	++*gops;
	if (bj.on && bj.gops < JSON_MAX) {
		snprintf(bj.gop[bj.gops].name, sizeof(bj.gop[0].name), "%s", name);
		snprintf(bj.gop[bj.gops].version, sizeof(bj.gop[0].version), "%s", version);
		bj.gop[bj.gops++].t = t;
	}
	if (!cli_quiet) {
		if (t.has_version)
			igd_gop_version_format(t.version, v, sizeof(v));
		printf("GOP %s: %s%s%s; %zu device IDs (%s)", name, version, t.has_version ? ", binding version " : "",
		       t.has_version ? v : "", t.ids.count,
		       t.found_by == IGD_GOP_FOUND_BY_CODE ? "the table its Supported() scans" : t.how);
		if (t.pch.count)
			printf(", %zu PCH IDs", t.pch.count);
		printf("\n");
	}
	bool listed = false;
	for (size_t d = 0; d < o->device_count; d++)
		listed |= o->devices[d] == 0xFFFF || igd_gop_ids_contain(&t.ids, o->devices[d]);
	if (o->device_count && t.ids.count && !listed)
		fprintf(stderr, "igdrom: build: warning: %s: this GOP (%s) lists none of the --device IDs (first 8086:%04x) "
			"and will not start on them; take the GOP from this board's firmware (igdrom extract --device)\n",
			name, version, o->devices[0]);
	if (o->host_pch_vendor && t.pch.count &&
	    (o->host_pch_vendor != 0x8086 || !igd_gop_ids_contain(&t.pch, o->host_pch_device)))
		fprintf(stderr, "igdrom: build: warning: %s: this GOP accepts %zu PCH IDs at 00:1f.0 and the host's %04x:%04x "
			"is not among them: it will refuse the guest, no boot screen; take the GOP from this board's "
			"firmware\n", name, t.pch.count, o->host_pch_vendor, o->host_pch_device);
}

/* Each GOP going into the ROM against the devices and the host's PCH: a GOP that does not list
 * the device, or does not accept the PCH, will not start on it; two GOPs in one ROM fight over
 * the device (README). */
static void check_gops(const struct build_opts *o, const uint8_t *host_gop, size_t host_gop_len)
{
	const char *paths[MAX_EFI + 1];
	size_t n = 0, gops = 0;
	if (o->gop)
		paths[n++] = o->gop;
	for (size_t i = 0; i < o->efi_count; i++)
		paths[n++] = o->efi[i];
	if (host_gop)
		check_one_gop(o, "from the firmware", host_gop, host_gop_len, &gops);
	for (size_t i = 0; i < n; i++) {
		uint8_t *pe;
		size_t len;
		if (igd_file_read(paths[i], 64u << 20, &pe, &len) != IGD_OK)
			continue; /* reading it for the ROM reports the error */
		check_one_gop(o, paths[i], pe, len, &gops);
		free(pe);
	}
	if (gops > 1)
		fprintf(stderr, "igdrom: build: warning: %zu GOP drivers in one ROM: they fight over the device (only "
			"one output may light up); keep the one that lists your device\n", gops);
}

/* The VBT against the device: Intel's GOPs hang or fail on another platform's VBT.  A clear
 * mismatch (the VBT names another generation) is refused unless --force. */
static bool check_vbt(const struct build_opts *o, const uint8_t *op, size_t len)
{
	opregion_info oi;
	vbt_info vi;
	if (igd_opregion_parse(op, len, &oi, NULL) != IGD_OK ||
	    (oi.vbt_kind != OPREGION_VBT_MAILBOX4 && oi.vbt_kind != OPREGION_VBT_EXTENDED) ||
	    igd_vbt_parse_header(op + oi.vbt_offset, oi.vbt_max, &vi, NULL) != IGD_OK)
		return true;
	for (size_t i = 0; i < o->device_count; i++) {
		const igd_platform *p = o->devices[i] == 0xFFFF ? NULL : igd_lookup(o->devices[i]);
		if (!p || igd_vbt_fit_device(&vi, p) != IGD_VBT_OTHER_PLATFORM)
			continue;
		if (!o->force) {
			cli_error(EXIT_RUNTIME, "build: the VBT is \"%s\" (BDB %u), the device 8086:%04x is %s (gen %u): "
				  "Intel's GOP hangs or fails on another platform's VBT; use this board's VBT "
				  "(igdrom extract), or --force", vi.signature, vi.bdb_version, o->devices[i], p->name, p->gen);
			return false;
		}
		fprintf(stderr, "igdrom: build: warning: the VBT is \"%s\", the device 8086:%04x is %s: built anyway "
			"(--force)\n", vi.signature, o->devices[i], p->name);
	}
	return true;
}

static void print_build_json(const struct build_opts *o, size_t opregion_len, size_t rom_len)
{
	printf("{\"output\":");
	json_str(o->output);
	printf(",\"size\":%zu,\"window\":\"%s\",\"images\":[", rom_len, o->wide_window ? "16k" : "8k");
	for (size_t i = 0; i < bj.images; i++) {
		const struct romout_report *r = &bj.image[i].r;
		printf("%s{\"what\":", i ? "," : "");
		json_str(bj.image[i].what);
		printf(",\"offset\":%zu,\"size\":%zu,\"machine\":\"%s\",\"subsystem\":\"%s\",\"compressed\":%s,"
		       "\"input_bytes\":%zu,\"payload_bytes\":%zu}", r->offset, r->size, igd_pe_machine_name(r->machine),
		       igd_pe_subsystem_name(r->subsystem), r->compressed ? "true" : "false", r->input_len, r->payload_len);
	}
	printf("],\"opregion\":");
	if (opregion_len)
		printf("{\"offset\":%zu,\"bytes\":%zu}", bj.opregion_at, opregion_len);
	else
		printf("null");
	printf(",\"host_stolen_memory\":");
	if (o->host_dsm.base)
		printf("{\"offset\":%zu,\"base\":%llu,\"size\":%llu}", bj.dsm_at, (unsigned long long)o->host_dsm.base,
		       (unsigned long long)o->host_dsm.size);
	else
		printf("null");
	printf(",\"device_ids\":[");
	for (size_t i = 0; i < o->device_count; i++)
		printf("%s\"%04X\"", i ? "," : "", o->devices[i]);
	printf("],\"gops\":[");
	for (size_t i = 0; i < bj.gops; i++) {
		printf("%s{\"file\":", i ? "," : "");
		json_str(bj.gop[i].name);
		printf(",\"version\":");
		json_str(bj.gop[i].version);
		fw_json_gop_table(&bj.gop[i].t);
		printf("}");
	}
	printf("]}\n");
}

static int run_build(int argc, char **argv)
{
	struct build_opts o = { 0 };
	struct romout rom;
	struct romout_report r;
	uint8_t *opregion = NULL;
	size_t opregion_len = 0, efi_total;
	memset(&bj, 0, sizeof(bj));
	cli_json_errors = cli_wants_json(argc, argv);
	int rc = parse(argc, argv, &o);

	if (rc != EXIT_OK) {
		cli_json_error_flush(NULL);
		return rc;
	}
	if (o.json) {
		bj.on = true;
		cli_quiet = true; /* stdout carries the one document */
	}
	const enum romout_compress cmode = o.wide_window ? ROMOUT_COMPRESS_BEST_WIDE : ROMOUT_COMPRESS_BEST;
	const uint8_t *gop_buf = NULL;
	size_t gop_len = 0;
	uint8_t *fw_image = NULL;
	fw_tree fw = { 0 };
	char default_name[96], gop_name[600];
	if (o.host && !host_inputs(&o, &opregion, &opregion_len, &fw_image, &fw, &gop_buf, &gop_len,
				   default_name, sizeof(default_name), gop_name, sizeof(gop_name))) {
		cli_json_error_flush(NULL);
		return EXIT_RUNTIME;
	}
	char output_in_dir[4200];
	struct stat out_sb;
	if (!o.output)
		o.output = default_name;
	else if (stat(o.output, &out_sb) == 0 && S_ISDIR(out_sb.st_mode)) {
		/* -o DIR with --host: the default name inside DIR */
		if (!o.host) {
			cli_error(EXIT_USAGE, "build: -o %s is a directory: give the ROM's file name "
				  "(with --host, a directory gets the default name)", o.output);
			cli_json_error_flush(NULL);
			return EXIT_USAGE;
		}
		snprintf(output_in_dir, sizeof(output_in_dir), "%s/%s", o.output, default_name);
		o.output = output_in_dir;
	}
	const char *inputs[IGD_ARRAY_SIZE(o.efi) + 5] = { o.gop, o.legacy, o.opregion, o.vbt, o.firmware };
	for (size_t i = 0; i < o.efi_count; i++)
		inputs[5 + i] = o.efi[i];
	if (!cli_output_not_input(o.output, inputs, 5 + o.efi_count)) {
		cli_json_error_flush(NULL);
		return EXIT_RUNTIME;
	}
	check_gops(&o, gop_buf, gop_len);
	efi_total = (o.no_driver ? 0 : 1) + (o.gop || gop_buf ? 1 : 0) + o.efi_count;
	if (!opregion && (o.opregion || o.vbt) && !load_opregion(&o, &opregion, &opregion_len)) {
		cli_json_error_flush(o.output);
		return EXIT_RUNTIME;
	}
	if (opregion && !check_vbt(&o, opregion, opregion_len)) {
		free(opregion);
		cli_json_error_flush(o.output);
		return EXIT_RUNTIME;
	}
	uint8_t dsm_rec[IGD_HOST_DSM_LEN];
	bool dsm = o.host_dsm.base != 0;
	if (dsm) {
		igd_where w = { 0, "" };
		igd_host_dsm_encode(&o.host_dsm, dsm_rec);
		if (igd_host_dsm_decode(dsm_rec, sizeof(dsm_rec), &o.host_dsm, &w) != IGD_OK)
			return cli_usage(&cmd_build, "build: --stolen-base 0x%llx + --stolen-size: %s",
					 (unsigned long long)o.host_dsm.base, w.what), cli_json_error_flush(NULL), EXIT_USAGE;
	}
	bool data_after = opregion || dsm; /* a data image follows the EFI images */
	romout_init(&rom, o.vendor, o.devices, o.device_count, false);
	rom.strict_inputs = true;
	if (!cli_quiet)
		printf("%s:\n", o.output);
	rc = EXIT_RUNTIME;
	if (o.legacy && !romout_add_legacy(&rom, o.legacy, efi_total == 0 && !data_after))
		goto out;
	size_t done = 0;
	if (!o.no_driver) {
		if (!romout_add_efi_buf(&rom, "igdrom driver", igdrom_driver_efi,
					(size_t)(igdrom_driver_efi_end - igdrom_driver_efi), o.compress,
					cmode, o.class_code, o.revision,
					++done == efi_total && !data_after, &r))
			goto out;
		report("igdrom driver", &r);
	}
	if (o.gop) {
		if (!romout_add_efi(&rom, o.gop, o.compress, cmode, o.class_code, o.revision,
				    ++done == efi_total && !data_after, &r))
			goto out;
		report(o.gop, &r);
	} else if (gop_buf) {
		if (!romout_add_efi_buf(&rom, gop_name, gop_buf, gop_len, o.compress, cmode,
					o.class_code, o.revision, ++done == efi_total && !data_after, &r))
			goto out;
		report("GOP from the firmware", &r);
	}
	for (size_t i = 0; i < o.efi_count; i++) {
		if (!romout_add_efi(&rom, o.efi[i], o.compress, cmode, o.class_code,
				    o.revision, ++done == efi_total && !data_after, &r))
			goto out;
		report(o.efi[i], &r);
	}
	if (opregion) {
		size_t at = rom.len;
		bj.opregion_at = at;
		if (!romout_add_data(&rom, PCIROM_DATA_OPREGION, opregion, opregion_len, !dsm))
			goto out;
		if (!cli_quiet)
			printf("  image at 0x%06zx: %-22s %7zu bytes of OpRegion data\n", at, "OpRegion",
			       opregion_len);
	}
	if (dsm) {
		size_t at = rom.len;
		bj.dsm_at = at;
		if (!romout_add_data(&rom, PCIROM_DATA_HOST_DSM, dsm_rec, sizeof(dsm_rec), true))
			goto out;
		if (!cli_quiet) {
			printf("  image at 0x%06zx: %-22s host stolen memory at 0x%llx", at, "stolen-memory record",
			       (unsigned long long)o.host_dsm.base);
			if (o.host_dsm.size)
				printf(", %llu MiB", (unsigned long long)(o.host_dsm.size >> 20));
			printf(": the driver puts the guest's there when it is free RAM\n");
		}
	}
	if (!verify_rom_buffer(o.output, rom.buf, rom.len, false))
		goto out; /* the verifier printed why */
	if (!cli_write_file(o.output, rom.buf, rom.len))
		goto out;
	rc = EXIT_OK;
	if (bj.on)
		print_build_json(&o, opregion_len, rom.len);
out:
	if (rc != EXIT_OK)
		cli_json_error_flush(o.output);
	free(opregion);
	igd_fw_tree_free(&fw);
	free(fw_image);
	romout_free(&rom);
	return rc;
}

const struct command cmd_build = {
	.name = "build",
	.summary = "build an IGD option ROM: igdrom's driver, GOP, OpRegion",
	.usage = build_usage,
	.run = run_build,
};
