// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom compress|decompress`: the EFI/Tiano codec on files. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "igd/efi_compress.h"
#include "codec.h"

static const char compress_usage[] =
	"Usage: igdrom compress [--format efi|tiano] [--mode compat|best] IN OUT\n"
	"\n"
	"Compresses IN with UEFI compression.  --format efi (default) is what option ROMs use\n"
	"(EfiRom -ec, TianoCompress -e --uefi); tiano is TianoCompress -e.  --mode compat (the\n"
	"default here) is byte-identical to EDK2; best is smaller and still read by every EDK2\n"
	"decoder.\n";

static const char decompress_usage[] =
	"Usage: igdrom decompress [--format efi|tiano] IN OUT\n"
	"\n"
	"Decompresses an EFI (default) or Tiano stream; every malformed input is an error.\n";

static int parse(const struct command *cmd, int argc, char **argv, efic_format *fmt,
		 efic_mode *mode, bool allow_mode)
{
	static const struct option longopts[] = { { "format", required_argument, NULL, 'f' },
						   { "mode", required_argument, NULL, 'm' },
						   { NULL, 0, NULL, 0 } };
	int c;
	*fmt = EFIC_FORMAT_EFI;
	*mode = EFIC_MODE_COMPAT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'f' && !strcmp(optarg, "efi"))
			*fmt = EFIC_FORMAT_EFI;
		else if (c == 'f' && !strcmp(optarg, "tiano"))
			*fmt = EFIC_FORMAT_TIANO;
		else if (c == 'm' && allow_mode && !strcmp(optarg, "compat"))
			*mode = EFIC_MODE_COMPAT;
		else if (c == 'm' && allow_mode && !strcmp(optarg, "best"))
			*mode = EFIC_MODE_BEST;
		else
			return cli_bad_option(cmd, argv, "--format efi|tiano, --mode compat|best");
	}
	if (optind + 2 != argc)
		return cli_usage(cmd, "%s: expected IN and OUT", cmd->name);
	return EXIT_OK;
}

/* Read IN, run the codec one way, write OUT atomically: the two commands differ only in the call. */
static int run_codec(const struct command *cmd, bool compress, int argc, char **argv)
{
	efic_format fmt;
	efic_mode mode;
	uint8_t *in, *out;
	size_t n, len;
	bool ok;
	int rc = parse(cmd, argc, argv, &fmt, &mode, compress);
	if (rc)
		return rc;
	if (!cli_read_file(argv[optind], 1u << 30, &in, &n))
		return EXIT_RUNTIME;
	if (!compress) {
		/* strict: the file is one stream, exactly as EDK2's encoders write it (CompSize counts
		 * every byte after the 8-byte header, the final 0x00 included, so it is never 0) */
		uint32_t orig, comp;
		if (igd_efic_get_info(in, n, &orig, &comp) == IGD_OK && (comp == 0 || (uint64_t)comp + 8 != n)) {
			free(in);
			return cli_error(EXIT_RUNTIME, "%s: offset 0x0: %s (header: %u compressed bytes, file: %zu after the "
					 "header)", argv[optind], comp == 0 ? "not a compressed stream" : "not exactly one stream",
					 comp, n >= 8 ? n - 8 : 0);
		}
	}
	ok = compress ? codec_compress(argv[optind], fmt, mode, in, n, &out, &len)
		      : codec_decompress(argv[optind], fmt, in, n, &out, &len);
	free(in);
	if (!ok)
		return EXIT_RUNTIME;
	rc = cli_write_file(argv[optind + 1], out, len) ? EXIT_OK : EXIT_RUNTIME;
	if (rc == EXIT_OK && compress)
		info("%s: %zu -> %zu bytes (%.1f%%), %s, %s\n", argv[optind + 1], n, len,
		     n ? 100.0 * (double)len / (double)n : 0.0, fmt == EFIC_FORMAT_EFI ? "EFI" : "Tiano",
		     mode == EFIC_MODE_BEST ? "best" : "compat");
	free(out);
	return rc;
}

static int run_compress(int argc, char **argv)
{
	return run_codec(&cmd_compress, true, argc, argv);
}

static int run_decompress(int argc, char **argv)
{
	return run_codec(&cmd_decompress, false, argc, argv);
}

const struct command cmd_compress = {
	.name = "compress",
	.summary = "EFI/Tiano-compress a file (EDK2-identical or smaller)",
	.usage = compress_usage,
	.run = run_compress,
};

const struct command cmd_decompress = {
	.name = "decompress",
	.summary = "decompress an EFI/Tiano stream, strictly",
	.usage = decompress_usage,
	.run = run_decompress,
};
