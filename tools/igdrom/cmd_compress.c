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
	"Usage: igdrom compress [--format efi|tiano] [--mode compat|best] [--window 8k|16k] [--json] IN OUT\n"
	"\n"
	"Compresses IN with UEFI compression.  --format efi (default) is what option ROMs use\n"
	"(EfiRom -ec, TianoCompress -e --uefi); tiano is TianoCompress -e.  --mode compat (the\n"
	"default here) is byte-identical to EDK2; best is smaller and still read by every EDK2\n"
	"decoder.  --window (EFI, best mode): 8k (default) keeps the specification's 8 KiB window;\n"
	"16k is smaller still but beyond the specification: EDK2's decoders read it, other\n"
	"firmware may not (igdrom verify --strict flags such streams).\n"
	"  --json   the result (sizes, format, mode, window) as one JSON object\n";

static const char decompress_usage[] =
	"Usage: igdrom decompress [--format efi|tiano] [--json] IN OUT\n"
	"\n"
	"Decompresses an EFI (default) or Tiano stream; every malformed input is an error.\n"
	"  --json   the result (sizes, whether the stream is beyond the specification's window) as JSON\n";

struct codec_opts {
	efic_format fmt;
	efic_mode mode;
	bool wide, json;
};

static int parse(const struct command *cmd, int argc, char **argv, struct codec_opts *o, bool compress)
{
	static const struct option longopts[] = { { "format", required_argument, NULL, 'f' },
						   { "mode", required_argument, NULL, 'm' },
						   { "window", required_argument, NULL, 'w' },
						   { "json", no_argument, NULL, 'j' },
						   { NULL, 0, NULL, 0 } };
	int c;
	o->fmt = EFIC_FORMAT_EFI;
	o->mode = EFIC_MODE_COMPAT;
	o->wide = o->json = false;
	bool window_given = false;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'f' && !strcmp(optarg, "efi"))
			o->fmt = EFIC_FORMAT_EFI;
		else if (c == 'f' && !strcmp(optarg, "tiano"))
			o->fmt = EFIC_FORMAT_TIANO;
		else if (c == 'm' && compress && !strcmp(optarg, "compat"))
			o->mode = EFIC_MODE_COMPAT;
		else if (c == 'm' && compress && !strcmp(optarg, "best"))
			o->mode = EFIC_MODE_BEST;
		else if (c == 'w' && compress && (!strcmp(optarg, "8k") || !strcmp(optarg, "16k"))) {
			o->wide = !strcmp(optarg, "16k");
			window_given = true;
		} else if (c == 'j')
			o->json = true;
		else
			return cli_bad_option(cmd, argv, compress ? "--format efi|tiano, --mode compat|best, --window 8k|16k, --json"
								  : "--format efi|tiano, --json");
	}
	if (optind + 2 != argc)
		return cli_usage(cmd, "%s: expected IN and OUT", cmd->name);
	if (window_given && (o->mode != EFIC_MODE_BEST || o->fmt != EFIC_FORMAT_EFI))
		return cli_usage(cmd, "%s: --window applies to --format efi --mode best (compat is EDK2's 8 KiB window, "
				 "Tiano's is 512 KiB)", cmd->name);
	if (o->wide)
		o->mode = EFIC_MODE_BEST_WIDE;
	if (o->json)
		cli_json_errors = true;
	return EXIT_OK;
}

/* Compresses in (the codec decodes the stream back, and reads off it whether it stays inside the
 * specification: a 16k window need not use its 15th class) and writes it to out_path
 * atomically. */
static bool compress_to_file(const struct codec_opts *o, const char *path, const uint8_t *in, size_t n,
			     const char *out_path, size_t *len, bool *beyond)
{
	uint8_t *out;
	if (!codec_compress(path, o->fmt, o->mode, in, n, &out, len, beyond))
		return false;
	bool ok = cli_write_file(out_path, out, *len);
	free(out);
	return ok;
}

/* Read IN, run the codec one way, write OUT atomically (decompression writes behind the
 * decoder): the two commands differ only in the call. */
static int run_codec(const struct command *cmd, bool compress, int argc, char **argv)
{
	struct codec_opts o;
	uint8_t *in;
	size_t n, len;
	bool ok, beyond = false;
	cli_json_errors = cli_wants_json(argc, argv);
	int rc = parse(cmd, argc, argv, &o, compress);
	if (rc) {
		cli_json_error_flush(NULL);
		return rc;
	}
	const char *path = argv[optind];
	if (!cli_read_file(path, 1u << 30, &in, &n)) {
		cli_json_error_flush(path);
		return EXIT_RUNTIME;
	}
	const char *out_path = argv[optind + 1];
	if (compress) {
		ok = compress_to_file(&o, path, in, n, out_path, &len, &beyond);
	} else {
		/* strict: the file is one stream, exactly as EDK2's encoders write it (CompSize counts
		 * every byte after the 8-byte header, the final 0x00 included, so it is never 0) */
		uint32_t orig, comp;
		if (igd_efic_get_info(in, n, &orig, &comp) == IGD_OK && (comp == 0 || (uint64_t)comp + 8 != n)) {
			free(in);
			cli_error(EXIT_RUNTIME, "%s: offset 0x0: %s (header: %u compressed bytes, file: %zu after the header)",
				  path, comp == 0 ? "not a compressed stream" : "not exactly one stream", comp, n >= 8 ? n - 8 : 0);
			cli_json_error_flush(path);
			return EXIT_RUNTIME;
		}
		ok = codec_decompress_to_file(path, o.fmt, in, n, out_path, &len, &beyond);
	}
	free(in);
	if (!ok) {
		cli_json_error_flush(path);
		return EXIT_RUNTIME;
	}
	const char *format = o.fmt == EFIC_FORMAT_EFI ? "EFI" : "Tiano";
	const char *mode = o.mode == EFIC_MODE_COMPAT ? "compat" : "best";
	const char *window = o.fmt == EFIC_FORMAT_TIANO ? "512k" : o.mode == EFIC_MODE_BEST_WIDE ? "16k" : "8k";
	if (o.json) {
		printf("{\"input\":");
		json_str(path);
		printf(",\"output\":");
		json_str(out_path);
		if (compress)
			printf(",\"input_bytes\":%zu,\"output_bytes\":%zu,\"format\":\"%s\",\"mode\":\"%s\",\"window\":\"%s\","
			       "\"within_spec\":%s}\n", n, len, format, mode, window, beyond ? "false" : "true");
		else
			printf(",\"input_bytes\":%zu,\"output_bytes\":%zu,\"format\":\"%s\",\"within_spec\":%s}\n", n, len,
			       format, beyond ? "false" : "true");
	} else if (compress)
		info("%s: %zu -> %zu bytes (%.1f%%), %s, %s, %s window%s\n", out_path, n, len,
		     n ? 100.0 * (double)len / (double)n : 0.0, format, mode, window,
		     beyond ? " (beyond the specification: EDK2's decoders only)"
		     : o.mode == EFIC_MODE_BEST_WIDE ? " (no match needed it: inside the specification)" : "");
	else if (beyond)
		info("%s: the stream uses a 16 KiB window, beyond the specification's 8 KiB (EDK2's decoders read it)\n",
		     path);
	return EXIT_OK;
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
