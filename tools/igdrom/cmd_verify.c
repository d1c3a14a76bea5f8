// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom verify ROM...`: one line per finding, exit 0 clean, 1 problems found. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "igd/efi_compress.h"
#include "igd/pcirom.h"
#include "inspect.h"

static const char verify_usage[] =
	"Usage: igdrom verify [--strict] [--json] ROM...\n"
	"\n"
	"Checks each option ROM the way EDK2's PCI bus driver does before loading an image, and\n"
	"more: PE validity of every EFI image, decompression of compressed images, images OVMF\n"
	"skips (applications, foreign machines), legacy checksums, data after the last image.\n"
	"Each finding is one line: FILE: image N: offset 0xOFF: error|warning: what.\n"
	"\n"
	"  --strict   count warnings as problems too\n"
	"  --json     one JSON object per ROM: findings and counts\n"
	"\n"
	"Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage.\n";

struct verify_ctx {
	const char *path;
	bool json;
	unsigned n;
};

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

static bool verify_common(const char *path, const uint8_t *rom, size_t len, bool strict, bool json)
{
	static efic_scratch scratch;
	pcirom_verify_work work = { malloc(PCIROM_MAX_SIZE), PCIROM_MAX_SIZE, &scratch };
	struct verify_ctx ctx = { path, json, 0 };
	pcirom_summary sum;

	if (json)
		printf("{\"file\":"), json_str(path), printf(",\"findings\":[");
	igd_pcirom_verify(rom, len, work.buf ? &work : NULL, print_finding, &ctx, &sum);
	free(work.buf);
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
	return verify_common(path, rom, len, strict, false);
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
		clean &= verify_common(argv[i], rom, len, strict, json);
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
