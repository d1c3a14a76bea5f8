/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * A host profile for `igdrom fwcfg` and `igdrom e820`: probed (--sysfs ROOT, or the running
 * host) or given (--device --gmch --bdsm --asls --opregion), plus the output directory.
 */
#ifndef IGDROM_HOST_PROFILE_H
#define IGDROM_HOST_PROFILE_H

#include "cli.h"
#include "igd/guest.h"

struct profile {
	igd_host host;
	uint8_t *opregion;    /* owned */
	uint8_t *ext_vbt;     /* owned */
	unsigned qemu_major, qemu_minor;
	uint64_t ram_mb;
	const char *out;
};

/* The shared options, for both commands' --help. */
#define HOST_PROFILE_USAGE                                                                     \
	"Host profile (default: probe the running host): --sysfs ROOT, or --device ID\n"        \
	"--gmch HEX [--bdsm HEX] [--asls HEX] --opregion FILE [--ext-vbt FILE] (hex values).\n"

/* Parses the shared options into *pr; returns EXIT_OK or the exit code to end with. */
int load_profile(const struct command *cmd, int argc, char **argv, struct profile *pr);
void free_profile(struct profile *pr);
/* Writes DIR/NAME atomically; the path written goes to `path`. */
bool write_in_dir(const char *dir, const char *name, const uint8_t *buf, size_t len, char *path, size_t cap);

#endif
