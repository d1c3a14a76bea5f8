// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom opregion build|extract-vbt|relocate` */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "igd/opregion.h"
#include "igd/vbt.h"

static const char opregion_usage[] =
	"Usage: igdrom opregion build --vbt FILE [--version 2.0|2.1|3.0] -o OUT\n"
	"       igdrom opregion extract-vbt OPREGION -o OUT\n"
	"       igdrom opregion relocate OPREGION EXTENDED_VBT -o OUT\n"
	"\n"
	"build        an OpRegion around a VBT as firmware does: 8 KiB, version 2.1 by default;\n"
	"             a VBT over 6 KiB goes after the 8 KiB with RVDA=0x2000, RVDS aligned to 512\n"
	"extract-vbt  the VBT of an OpRegion (mailbox 4 or extended), exactly vbt_size bytes\n"
	"relocate     a host OpRegion plus its separately read extended VBT -> one contiguous\n"
	"             2.1 image with RVDA=0x2000 (what bhyve and VFIO need)\n";

static int build(const char *vbt_path, const char *version, const char *out)
{
	uint8_t *vbt, *buf;
	size_t len, out_len, cap = igd_opregion_build_size(65535);
	opregion_build_opts opts = { 0 };
	igd_where w = { 0, "" };
	int rc = EXIT_RUNTIME;

	if (version) {
		if (!strcmp(version, "2.0")) opts.major = 2, opts.minor = 0;
		else if (!strcmp(version, "2.1")) opts.major = 2, opts.minor = 1;
		else if (!strcmp(version, "3.0")) opts.major = 3, opts.minor = 0;
		else return cli_usage(&cmd_opregion, "opregion: --version must be 2.0, 2.1 or 3.0");
	}
	if (!cli_read_file(vbt_path, 1u << 20, &vbt, &len))
		return EXIT_RUNTIME;
	buf = malloc(cap);
	if (buf && igd_opregion_build(vbt, len, &opts, buf, cap, &out_len, &w) == IGD_OK) {
		if (cli_write_file(out, buf, out_len)) {
			info("%s: OpRegion %s, %zu bytes%s\n", out, version ? version : "2.1", out_len,
			       out_len > OPREGION_BASE_SIZE ? " (extended VBT at 0x2000)" : "");
			rc = EXIT_OK;
		}
	} else {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", vbt_path, w.offset, buf ? w.what : "out of memory");
	}
	free(buf);
	free(vbt);
	return rc;
}

static int extract_vbt(const char *in, const char *out)
{
	uint8_t *buf;
	size_t len;
	opregion_info o;
	vbt_info vi;
	igd_where w = { 0, "" };
	int rc = EXIT_RUNTIME;

	if (!cli_read_file(in, 1u << 20, &buf, &len))
		return EXIT_RUNTIME;
	if (igd_opregion_parse(buf, len, &o, &w)) {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", in, w.offset, w.what);
	} else if (o.vbt_kind == OPREGION_VBT_EXTENDED_PHYSICAL) {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%x: OpRegion 2.0 points at a VBT in host memory "
			  "(physical 0x%llx); read it separately and use `opregion relocate`",
			  in, OPREGION_OFF_RVDA, (unsigned long long)o.rvda);
	} else if (o.vbt_kind == OPREGION_VBT_NONE) {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%x: no valid VBT in mailbox 4", in, OPREGION_MBOX4_OFFSET);
	} else if (igd_vbt_parse(buf + o.vbt_offset, o.vbt_max, &vi, &w)) {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", in, o.vbt_offset + w.offset, w.what);
	} else if (cli_write_file(out, buf + o.vbt_offset, vi.vbt_size)) {
		info("%s: %u bytes of VBT from %s\n", out, vi.vbt_size,
		       o.vbt_kind == OPREGION_VBT_EXTENDED ? "the extended region" : "mailbox 4");
		rc = EXIT_OK;
	}
	free(buf);
	return rc;
}

static int relocate(const char *base_path, const char *ext_path, const char *out)
{
	uint8_t *base, *ext, *buf;
	size_t blen, elen, olen;
	igd_where w = { 0, "" };
	int rc = EXIT_RUNTIME;

	if (!cli_read_file(base_path, 1u << 20, &base, &blen))
		return EXIT_RUNTIME;
	if (!cli_read_file(ext_path, 1u << 20, &ext, &elen)) {
		free(base);
		return EXIT_RUNTIME;
	}
	buf = malloc(OPREGION_BASE_SIZE + elen);
	if (buf && igd_opregion_relocate(base, blen, ext, elen, buf, OPREGION_BASE_SIZE + elen, &olen, &w) == IGD_OK) {
		if (cli_write_file(out, buf, olen)) {
			info("%s: OpRegion 2.1, %zu bytes, extended VBT at 0x2000 (%zu bytes)\n", out, olen, elen);
			rc = EXIT_OK;
		}
	} else {
		cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", base_path, w.offset, buf ? w.what : "out of memory");
	}
	free(buf);
	free(base);
	free(ext);
	return rc;
}

static int run_opregion(int argc, char **argv)
{
	static const struct option longopts[] = { { "output", required_argument, NULL, 'o' },
						   { "vbt", required_argument, NULL, 'v' },
						   { "version", required_argument, NULL, 'V' },
						   { NULL, 0, NULL, 0 } };
	const char *out = NULL, *vbt = NULL, *version = NULL;
	int c;

	if (argc < 2)
		return cli_usage(&cmd_opregion, "opregion: missing action (build, extract-vbt, relocate)");
	const char *action = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (c == 'o') out = optarg;
		else if (c == 'v') vbt = optarg;
		else if (c == 'V') version = optarg;
		else return cli_bad_option(&cmd_opregion, argv, NULL);
	}
	if (!out)
		return cli_usage(&cmd_opregion, "opregion: -o OUT is required");
	if (!strcmp(action, "build")) {
		if (!vbt || optind != argc)
			return cli_usage(&cmd_opregion, "opregion build: needs --vbt FILE and no other argument");
		return build(vbt, version, out);
	}
	if (!strcmp(action, "extract-vbt")) {
		if (optind + 1 != argc)
			return cli_usage(&cmd_opregion, "opregion extract-vbt: expected one OPREGION");
		return extract_vbt(argv[optind], out);
	}
	if (!strcmp(action, "relocate")) {
		if (optind + 2 != argc)
			return cli_usage(&cmd_opregion, "opregion relocate: expected OPREGION EXTENDED_VBT");
		return relocate(argv[optind], argv[optind + 1], out);
	}
	return cli_usage(&cmd_opregion, "opregion: unknown action '%s'", action);
}

const struct command cmd_opregion = {
	.name = "opregion",
	.summary = "build an OpRegion from a VBT, extract its VBT, relocate an extended VBT",
	.usage = opregion_usage,
	.run = run_opregion,
};
