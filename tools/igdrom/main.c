// SPDX-License-Identifier: BSD-2-Clause-Patent
/* igdrom entry point: dispatches through the command table (coreboot cbfstool's pattern,
 * without the global parameter bag: each command parses its own options). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const struct command *const igdrom_commands[] = {
	&cmd_build, &cmd_efirom, &cmd_inspect, &cmd_verify, &cmd_vbt, &cmd_opregion,
	&cmd_compress, &cmd_decompress, &cmd_probe, &cmd_fwcfg, &cmd_e820,
	&cmd_devices, &cmd_vmm_config, &cmd_doctor, &cmd_extract, NULL,
};

static void print_help(FILE *out)
{
	fprintf(out, "Usage: igdrom COMMAND [ARGS...]\n"
		     "       igdrom --help | --version\n"
		     "       igdrom --quiet COMMAND ...   (no informational lines)\n\n"
		     "Build and check option ROMs that give an Intel integrated GPU (IGD) to a UEFI\n"
		     "virtual machine: OpRegion, stolen memory and PlatformGopPolicy, no OVMF changes.\n\n"
		     "Commands:\n");
	for (const struct command *const *c = igdrom_commands; *c; c++)
		fprintf(out, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(out, "\nRun 'igdrom COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		print_help(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--quiet") || !strcmp(argv[1], "-q")) {
		cli_quiet = true;
		argv++;
		argc--;
		if (argc < 2) {
			print_help(stderr);
			return EXIT_USAGE;
		}
	}
	opterr = 0; /* each command says itself what it could not take (cli_bad_option) */
	if (!strcmp(argv[1], "--version")) {
		printf("igdrom %s\n", IGD_VERSION);
		return EXIT_OK;
	}
	for (const struct command *const *c = igdrom_commands; *c; c++) {
		if (!strcmp(argv[1], (*c)->name)) {
			if (!(*c)->raw_args && cli_wants_help(*c, argc - 1, argv + 1))
				return EXIT_OK;
			return (*c)->run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "igdrom: unknown command '%s'\nTry 'igdrom --help'.\n", argv[1]);
	return EXIT_USAGE;
}
