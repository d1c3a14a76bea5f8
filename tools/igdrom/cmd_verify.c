// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom verify ROM...`: one line per finding, exit 0 clean, 1 problems found. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "igd/efi_compress.h"
#include "igd/devices.h"
#include "igd/opregion.h"
#include "igd/pcirom.h"
#include "igd/vbt.h"
#include "inspect.h"

static const char verify_usage[] =
	"Usage: igdrom verify [--strict] [--json] ROM...\n"
	"\n"
	"Checks each option ROM the way EDK2's PCI bus driver does before loading an image, and\n"
	"more: PE validity of every EFI image, decompression of compressed images, images OVMF\n"
	"skips (applications, foreign machines), legacy checksums, data after the last image;\n"
	"and what the ROM carries against the device IDs its header names: a GOP whose\n"
	"Supported() table lists none of them, an OpRegion whose VBT is another platform's.\n"
	"Each finding is one line: FILE: image N: offset 0xOFF: error|warning: what.\n"
	"\n"
	"  --strict   count warnings as problems too\n"
	"  --json     one JSON document: an object per ROM (an array of them for several)\n"
	"\n"
	"Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage.\n";

struct verify_ctx {
	const char *path;
	bool json;
	unsigned n;
	/* the Intel GOPs among the EFI images, as the verifier decoded them */
	rom_gop gops[4];
	size_t gop_count;
};

static void note_gop(void *ctx, unsigned image, const uint8_t *pe, size_t pe_len)
{
	struct verify_ctx *c = ctx;
	(void)image;
	if (rom_gop_of_pe(pe, pe_len, c->gop_count < IGD_ARRAY_SIZE(c->gops) ? &c->gops[c->gop_count] : NULL))
		c->gop_count++;
}

static void print_finding(void *ctx, pcirom_severity sev, unsigned image, size_t offset,
			  const char *what)
{
	struct verify_ctx *c = ctx;
	if (c->json) {
		printf("%s{\"image\":%u,\"offset\":%zu,\"severity\":\"%s\",\"what\":", c->n++ ? "," : "",
		       image, offset, sev == PCIROM_ERROR ? "error" : "warning");
		json_str(what);
		printf("}");
		return;
	}
	if (image)
		printf("%s: image %u: offset 0x%zx: %s: %s\n", c->path, image, offset,
		       sev == PCIROM_ERROR ? "error" : "warning", what);
	else
		printf("%s: offset 0x%zx: %s: %s\n", c->path, offset,
		       sev == PCIROM_ERROR ? "error" : "warning", what);
}

/* What the ROM carries against the devices its header names (issue 15): an OpRegion whose VBT
 * is another platform's hangs or fails Intel's GOP; a GOP whose table lists none of them will
 * not start (the GOPs as the verifier decoded them: nothing is decoded twice).  Warnings. */
static unsigned device_checks(const uint8_t *rom, size_t len, struct verify_ctx *ctx)
{
	pcirom_image img;
	unsigned warnings = 0;
	char what[400];
	/* the Intel device IDs the images name (a legacy VGA BIOS of another vendor may come first) */
	uint16_t devices[PCIROM_MAX_DEVICE_IDS + 1];
	size_t n = 0, off = 0;
	while (igd_pcirom_parse_image(rom, len, off, &img, NULL) == IGD_OK) {
		for (size_t i = 0; img.vendor_id == 0x8086 && i <= img.device_count; i++) {
			uint16_t id = i == 0 ? img.device_id : img.device_ids[i - 1];
			bool seen = id == 0xFFFF;
			for (size_t k = 0; k < n && !seen; k++)
				seen = devices[k] == id;
			if (!seen && n < PCIROM_MAX_DEVICE_IDS + 1)
				devices[n++] = id;
		}
		if (!igd_pcirom_next_offset(&img, len, &off))
			break;
	}
	if (!n)
		return 0;
	const uint8_t *op;
	size_t op_len;
	opregion_info oi;
	vbt_info vi;
	if (igd_pcirom_find_data(rom, len, PCIROM_DATA_OPREGION, &op, &op_len) == IGD_OK &&
	    igd_opregion_parse(op, op_len, &oi, NULL) == IGD_OK &&
	    (oi.vbt_kind == OPREGION_VBT_MAILBOX4 || oi.vbt_kind == OPREGION_VBT_EXTENDED) &&
	    igd_vbt_parse_header(op + oi.vbt_offset, oi.vbt_max, &vi, NULL) == IGD_OK)
		for (size_t i = 0; i < n; i++) {
			const igd_platform *p = igd_lookup(devices[i]);
			if (!p || igd_vbt_fit_device(&vi, p) != IGD_VBT_OTHER_PLATFORM)
				continue;
			snprintf(what, sizeof(what), "the OpRegion's VBT is \"%s\" (BDB %u), another platform's than the ROM's "
				 "device 8086:%04x (%s, gen %u): Intel's GOP hangs or fails on it", vi.signature, vi.bdb_version,
				 devices[i], p->name, p->gen);
			print_finding(ctx, PCIROM_WARNING, 0, (size_t)(op - rom), what);
			warnings++;
			break;
		}
	const rom_gop *gops = ctx->gops;
	for (size_t g = 0; g < ctx->gop_count && g < IGD_ARRAY_SIZE(ctx->gops); g++) {
		bool listed = false;
		for (size_t i = 0; i < n; i++)
			listed |= igd_gop_ids_contain(&gops[g].table.ids, devices[i]);
		if (listed || !gops[g].table.ids.count)
			continue;
		snprintf(what, sizeof(what), "the GOP (%.128s) lists none of the ROM's device IDs (first 8086:%04x; %s): it will "
			 "not start on them", gops[g].version, devices[0],
			 gops[g].table.found_by == IGD_GOP_FOUND_BY_CODE ? "its Supported() table" : "table search, unverified");
		print_finding(ctx, PCIROM_WARNING, 0, 0, what);
		warnings++;
	}
	return warnings;
}

static bool verify_common(const char *path, const uint8_t *rom, size_t len, bool strict, bool json, bool devices)
{
	static efic_scratch scratch;
	struct verify_ctx ctx = { .path = path, .json = json };
	pcirom_verify_work work = { malloc(PCIROM_MAX_SIZE), PCIROM_MAX_SIZE, &scratch, devices ? note_gop : NULL, &ctx };
	pcirom_summary sum;

	if (json)
		printf("{\"file\":"), json_str(path), printf(",\"findings\":[");
	igd_pcirom_verify(rom, len, work.buf ? &work : NULL, print_finding, &ctx, &sum);
	free(work.buf);
	if (devices) /* build says these itself, as warnings on stderr */
		sum.warnings += device_checks(rom, len, &ctx);
	if (json) {
		printf("],\"images\":%u,\"efi_images\":%u,\"loadable\":%u,\"errors\":%u,\"warnings\":%u}\n",
		       sum.images, sum.efi_images, sum.loadable_images, sum.errors, sum.warnings);
		return sum.errors == 0 && (!strict || sum.warnings == 0);
	}
	if (!cli_quiet) /* the findings above are the result; the count is information */
		printf("%s: %u image(s), %u EFI, %u loadable by OVMF X64: %u error(s), %u warning(s)\n",
	       path, sum.images, sum.efi_images, sum.loadable_images, sum.errors, sum.warnings);
	return sum.errors == 0 && (!strict || sum.warnings == 0);
}

bool verify_rom_buffer(const char *path, const uint8_t *rom, size_t len, bool strict)
{
	return verify_common(path, rom, len, strict, false, false);
}

static int run_verify(int argc, char **argv)
{
	static const struct option longopts[] = { { "strict", no_argument, NULL, 's' },
						   { "json", no_argument, NULL, 'j' },
						   { NULL, 0, NULL, 0 } };
	bool strict = false, clean = true, json = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 's')
			strict = true;
		else if (c == 'j')
			json = true;
		else
			return cli_bad_option(&cmd_verify, argv, NULL);
	}
	if (optind >= argc)
		return cli_usage(&cmd_verify, "verify: no ROM given");
	/* --json: one object for one ROM, an array of them for several: one document either way */
	bool many = json && argc - optind > 1;
	if (json)
		cli_json_errors = true;
	if (many)
		printf("[");
	for (int i = optind; i < argc; i++) {
		uint8_t *rom;
		size_t len;
		if (many && i > optind)
			printf(",");
		if (!cli_read_file(argv[i], 64u << 20, &rom, &len)) {
			cli_json_error_flush(argv[i]);
			clean = false;
			continue;
		}
		clean &= verify_common(argv[i], rom, len, strict, json, true);
		free(rom);
	}
	if (many)
		printf("]\n");
	return clean ? EXIT_OK : EXIT_RUNTIME;
}

const struct command cmd_verify = {
	.name = "verify",
	.summary = "check option ROMs as OVMF's PCI bus driver would, and more",
	.usage = verify_usage,
	.run = run_verify,
};
