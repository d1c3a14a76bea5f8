// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom inspect FILE`: recognises the file kind and describes it (human or --json). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "inspect.h"

static const char inspect_usage[] =
	"Usage: igdrom inspect [--json] FILE\n"
	"\n"
	"Describes a PCI option ROM (every image, its headers, the PE inside each EFI image and\n"
	"the compression ratio), an OpRegion, a VBT, a legacy video BIOS, a firmware image (its\n"
	"tree and the GOP/VBT candidates) or an EFI driver (for Intel's GOP: its version and the\n"
	"device IDs it lists).  The kind is detected from the content.\n"
	"\n"
	"  --json   machine-readable output\n";

static int run_inspect(int argc, char **argv)
{
	static const struct option longopts[] = { { "json", no_argument, NULL, 'j' },
						   { NULL, 0, NULL, 0 } };
	bool json = false;
	uint8_t *buf;
	size_t len;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else
			return cli_bad_option(&cmd_inspect, argv, NULL);
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_inspect, "inspect: expected exactly one FILE");
	if (json)
		cli_json_errors = true; /* errors become {"file":...,"error":...} on stdout */
	if (!cli_read_file(argv[optind], 64u << 20, &buf, &len)) {
		cli_json_error_flush(argv[optind]);
		return EXIT_RUNTIME;
	}
	rc = inspect_buffer(argv[optind], buf, len, json);
	if (rc != EXIT_OK)
		cli_json_error_flush(argv[optind]);
	free(buf);
	return rc;
}

const struct command cmd_inspect = {
	.name = "inspect",
	.summary = "describe an option ROM, OpRegion, VBT, video BIOS, firmware image or EFI driver",
	.usage = inspect_usage,
	.run = run_inspect,
};
