// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom vbt sample|extract|fix-checksum` */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "igd/vbt.h"
#include "igd/locate.h"

static const char vbt_usage[] =
	"Usage: igdrom vbt extract FILE -o OUT\n"
	"       igdrom vbt fix-checksum FILE -o OUT\n"
	"       igdrom vbt sample [--name NAME] [--size BYTES] -o OUT\n"
	"\n"
	"extract       write the VBT found in an OpRegion, video BIOS, ROM or raw file, exactly\n"
	"              vbt_size bytes\n"
	"fix-checksum  write a copy whose bytes sum to 0 (what Intel's GOP checks); the input\n"
	"              is never modified\n"
	"sample        write a small valid VBT (BDB 186, four DP ports) for demos and tests;\n"
	"              --size pads it with a filler block (e.g. 7000 for an extended VBT)\n";

static int vbt_extract_common(const char *in_path, const char *out_path, bool fix)
{
	uint8_t *buf, *copy;
	size_t len;
	igd_vbt_location loc;
	vbt_info vi;
	igd_where w = { 0, "" };
	int rc = EXIT_RUNTIME;

	if (!cli_read_file(in_path, 64u << 20, &buf, &len))
		return EXIT_RUNTIME;
	if (igd_locate_vbt(buf, len, &loc)) {
		cli_error(EXIT_RUNTIME, "%s: offset 0x0: no VBT found", in_path);
		goto out;
	}
	if (igd_vbt_parse(buf + loc.offset, loc.container, &vi, &w)) {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", in_path, loc.offset + w.offset, w.what);
		goto out;
	}
	copy = malloc(vi.vbt_size);
	if (!copy) {
		cli_error(EXIT_RUNTIME, "out of memory");
		goto out;
	}
	memcpy(copy, buf + loc.offset, vi.vbt_size);
	uint8_t old = copy[VBT_OFF_CHECKSUM];
	if (fix)
		igd_vbt_fix_checksum(copy, vi.vbt_size, &old);
	if (cli_write_file(out_path, copy, vi.vbt_size)) {
		/* what was done is said once it is done */
		if (fix)
			info("%s: checksum 0x%02x -> 0x%02x\n", out_path, old, copy[VBT_OFF_CHECKSUM]);
		info("%s: %u bytes of VBT (%s at 0x%zx, BDB %u)\n", out_path, vi.vbt_size, loc.how,
		       loc.offset, vi.bdb_version);
		rc = EXIT_OK;
	}
	free(copy);
out:
	free(buf);
	return rc;
}

static int run_vbt(int argc, char **argv)
{
	static const struct option longopts[] = { { "output", required_argument, NULL, 'o' },
						   { "name", required_argument, NULL, 'n' },
						   { "size", required_argument, NULL, 's' },
						   { NULL, 0, NULL, 0 } };
	const char *out = NULL, *name = "IGDROM SAMPLE";
	uint64_t size = 0;
	int c;

	if (argc < 2)
		return cli_usage(&cmd_vbt, "vbt: missing action (extract, fix-checksum, sample)");
	const char *action = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'n')
			name = optarg;
		else if (c == 's') {
			/* decimal, or hex with 0x: both forms people type */
			if (!cli_parse_uint(optarg, strncmp(optarg, "0x", 2) && strncmp(optarg, "0X", 2) ? 10 : 16, 65535, &size))
				return cli_usage(&cmd_vbt, "vbt: --size '%s' is not a number up to 65535 (decimal or 0x hex)", optarg);
		} else
			return cli_bad_option(&cmd_vbt, argv, NULL);
	}
	if (strcmp(action, "sample") && strcmp(action, "extract") && strcmp(action, "fix-checksum"))
		return cli_usage(&cmd_vbt, "vbt: unknown action '%s' (extract, fix-checksum or sample)", action);
	if (!out)
		return cli_usage(&cmd_vbt, "vbt: -o OUT is required");
	if (!strcmp(action, "sample")) {
		uint8_t buf[65536];
		size_t len;
		if (optind != argc)
			return cli_usage(&cmd_vbt, "vbt sample: unexpected argument");
		if (igd_vbt_build_sample(name, (size_t)size, buf, sizeof(buf), &len))
			return cli_error(EXIT_RUNTIME, "vbt sample: size too large");
		if (size && len != size)
			return cli_usage(&cmd_vbt, "vbt sample: --size %llu is below the smallest sample (%zu bytes)",
					 (unsigned long long)size, len);
		if (!cli_write_file(out, buf, len))
			return EXIT_RUNTIME;
		info("%s: sample VBT, %zu bytes\n", out, len);
		return EXIT_OK;
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_vbt, "vbt %s: expected one input FILE", action);
	if (!strcmp(action, "extract"))
		return vbt_extract_common(argv[optind], out, false);
	if (!strcmp(action, "fix-checksum"))
		return vbt_extract_common(argv[optind], out, true);
	return cli_usage(&cmd_vbt, "vbt: unknown action '%s'", action);
}

const struct command cmd_vbt = {
	.name = "vbt",
	.summary = "extract a VBT, fix its checksum, or make a sample",
	.usage = vbt_usage,
	.run = run_vbt,
};
