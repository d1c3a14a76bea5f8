// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * `igdrom efirom`: EDK2 EfiRom's command line, byte-identical output.  Argument semantics follow
 * tianocore/edk2 BaseTools/Source/C/EfiRom/EfiRom.c ParseCommandLine (docs/option-rom.md §6):
 * numbers are decimal unless prefixed 0x, -l/-r apply to the next file and back-fill the
 * previous one when its value is still 0, -e/-ec/-b stick until the next flag.  Unlike EfiRom
 * it never loops on a zero-length image and never leaves an output file behind on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "igd/pcirom.h"
#include "igd/pe.h"
#include "romout.h"

#define EFIROM_MAX_FILES 64
#define EFIROM_MAX_PATH 199 /* EfiRom's MAX_PATH - 1 for -o and file names */

enum { FILE_BINARY = 1, FILE_EFI = 2, FILE_COMPRESS = 4 };

struct efirom_file {
	const char *path;
	unsigned flags;
	uint32_t class_code;
	uint16_t code_revision;
};

struct efirom_opts {
	uint16_t vendor;
	bool vendor_valid;
	uint16_t devices[PCIROM_MAX_DEVICE_IDS];
	size_t device_count;
	bool pci23, no_last, dump, verbose, quiet;
	const char *output;
	struct efirom_file files[EFIROM_MAX_FILES];
	size_t file_count;
};

static const char efirom_usage[] =
	"Usage: igdrom efirom -f VendorId -i DeviceId [DeviceId...] [options] [-e|-ec|-b] FILE...\n"
	"\n"
	"EDK2 EfiRom's command line, producing byte-identical ROMs.  As in EfiRom, numbers are\n"
	"DECIMAL unless written with a 0x prefix (-f 8086 means 0x1F96).  Use `igdrom build` for\n"
	"the native interface (hex by default, clearer options).\n"
	"\n"
	"  -f VendorId          PCIR vendor ID (required with -e/-ec)\n"
	"  -i DeviceId...       PCIR device ID(s); more than one adds a PCI 3.0 device list\n"
	"  -e FILE...           EFI PE32/PE32+ drivers\n"
	"  -ec FILE...          EFI drivers, EFI-compressed (EDK2-compatible encoder)\n"
	"  -b FILE...           legacy option ROM images\n"
	"  -l, --class-code CC  class code of the next file (and the previous one if unset)\n"
	"  -r, --Revision REV   code revision of the next file (and the previous one if unset)\n"
	"  -n                   do not set the last-image bit\n"
	"  -p, --pci23          PCI 2.3 data structure (single device ID only)\n"
	"  -o, --output FILE    output (default: first input with extension .rom)\n"
	"  -d, --dump           dump the headers of an existing ROM (use `igdrom inspect` for more)\n"
	"  -v, --verbose | -q, --quiet | --debug N | --version | -h, --help\n"
	"\n"
	"Exit status: 0 success, 2 any error (as EfiRom).\n";

/* EfiRom's AsciiStringToUint64(arg, IsHex=FALSE): decimal unless 0x/0X. */
static bool efirom_number(const char *s, uint64_t max, uint64_t *ret)
{
	if (!s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return cli_parse_uint(s + 2, 16, max, ret);
	return cli_parse_uint(s, 10, max, ret);
}

static int efirom_fail(const char *fmt, const char *arg)
{
	fputs("igdrom efirom: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct efirom_opts *o)
{
	unsigned flags = 0;
	uint32_t pending_class = 0;
	uint16_t pending_rev = 0;
	bool efi_seen = false, device_valid = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t n;

		if (a[0] != '-') {
			struct efirom_file *f;
			if (!(flags & (FILE_BINARY | FILE_EFI)))
				return efirom_fail("missing -e or -b before input file %s", a);
			if (o->file_count == EFIROM_MAX_FILES)
				return efirom_fail("too many input files (limit 64) at %s", a);
			if (strlen(a) > EFIROM_MAX_PATH)
				return efirom_fail("input file name longer than 199 characters: %s", a);
			efi_seen |= (flags & FILE_EFI) != 0;
			f = &o->files[o->file_count++];
			f->path = a;
			f->flags = flags;
			f->class_code = pending_class;
			f->code_revision = pending_rev;
			pending_class = 0;
			pending_rev = 0;
			continue;
		}
		if (!strcasecmp(a, "-f")) {
			if (!efirom_number(v, 0xFFFF, &n))
				return efirom_fail("vendor ID '%s' is not a number below 0x10000", v ? v : "");
			o->vendor = (uint16_t)n;
			o->vendor_valid = true;
			i++;
		} else if (!strcasecmp(a, "-i")) {
			/* Every following argument not starting with '-' is a device ID. */
			o->device_count = 0;
			while (i + 1 < argc && argv[i + 1][0] != '-') {
				const char *d = argv[++i];
				if (!efirom_number(d, 0xFFFF, &n) || n == 0)
					return efirom_fail("device ID '%s' is not a number in 1..0xFFFF", d);
				if (o->device_count == PCIROM_MAX_DEVICE_IDS)
					return efirom_fail("too many device IDs at %s (limit 64)", d);
				o->devices[o->device_count++] = (uint16_t)n;
			}
			if (o->device_count == 0)
				return efirom_fail("%s needs at least one device ID", a);
			device_valid = true;
		} else if (!strcasecmp(a, "-o") || !strcasecmp(a, "--output")) {
			if (!v || v[0] == '-')
				return efirom_fail("missing output file name after %s", a);
			if (strlen(v) > EFIROM_MAX_PATH)
				return efirom_fail("output file name longer than 199 characters: %s", v);
			o->output = v;
			i++;
		} else if (!strcasecmp(a, "-h") || !strcasecmp(a, "--help")) {
			fputs(efirom_usage, stdout);
			return EXIT_USAGE; /* EfiRom exits 2 after usage */
		} else if (!strcasecmp(a, "--version")) {
			printf("igdrom efirom %s (EfiRom-compatible)\n", IGD_VERSION);
			return EXIT_USAGE;
		} else if (!strcasecmp(a, "-b")) {
			flags = FILE_BINARY;
		} else if (!strcasecmp(a, "-e") || !strcasecmp(a, "-ec")) {
			flags = FILE_EFI | ((a[2] == 'c' || a[2] == 'C') ? FILE_COMPRESS : 0);
		} else if (!strcasecmp(a, "-n")) {
			o->no_last = true;
		} else if (!strcasecmp(a, "-v") || !strcasecmp(a, "--verbose")) {
			o->verbose = true;
		} else if (!strcasecmp(a, "-q") || !strcasecmp(a, "--quiet")) {
			o->quiet = true;
		} else if (!strcasecmp(a, "--debug")) {
			if (!efirom_number(v, 9, &n))
				return efirom_fail("debug level '%s' is not in 0..9", v ? v : "");
			i++;
		} else if (!strcasecmp(a, "-d") || !strcasecmp(a, "--dump")) {
			o->dump = true;
			o->vendor_valid = device_valid = true;
			flags = FILE_BINARY;
		} else if (!strcasecmp(a, "-l") || !strcasecmp(a, "--class-code")) {
			if (!efirom_number(v, 0xFFFFFF, &n))
				return efirom_fail("class code '%s' is not a number below 0x1000000", v ? v : "");
			pending_class = (uint32_t)n;
			if (o->file_count && o->files[o->file_count - 1].class_code == 0)
				o->files[o->file_count - 1].class_code = pending_class;
			i++;
		} else if (!strcasecmp(a, "-r") || !strcasecmp(a, "--revision")) {
			if (!efirom_number(v, 0xFFFF, &n))
				return efirom_fail("code revision '%s' is not a number below 0x10000", v ? v : "");
			pending_rev = (uint16_t)n;
			if (o->file_count && o->files[o->file_count - 1].code_revision == 0)
				o->files[o->file_count - 1].code_revision = pending_rev;
			i++;
		} else if (!strcasecmp(a, "-p") || !strcasecmp(a, "--pci23")) {
			o->pci23 = true;
		} else {
			return efirom_fail("invalid option %s", a);
		}
	}
	if (o->file_count == 0)
		return efirom_fail("%s", "missing input file name");
	if (efi_seen && !o->vendor_valid)
		return efirom_fail("%s", "missing vendor ID (-f)");
	if (efi_seen && !device_valid)
		return efirom_fail("%s", "missing device ID (-i)");
	if (o->pci23 && o->device_count > 1)
		return efirom_fail("%s", "PCI 3.0 is required when specifying multiple device IDs");
	return EXIT_OK;
}

static char *default_output(const char *input)
{
	const char *slash = strrchr(input, '/');
	const char *dot = strrchr(input, '.');
	size_t stem = (dot && (!slash || dot > slash)) ? (size_t)(dot - input) : strlen(input);
	char *out = malloc(stem + 5);
	if (out) {
		memcpy(out, input, stem);
		memcpy(out + stem, ".rom", 5);
	}
	return out;
}

static int run_efirom(int argc, char **argv)
{
	struct efirom_opts o = { 0 };
	struct romout rom;
	char *owned_output = NULL;
	int rc = parse_args(argc, argv, &o);

	if (rc != EXIT_OK)
		return rc;
	if (o.dump)
		return romout_dump_efirom(o.files[0].path, o.pci23) ? EXIT_OK : EXIT_USAGE;
	if (!o.output) {
		o.output = owned_output = default_output(o.files[0].path);
		if (!o.output)
			return cli_error(EXIT_USAGE, "efirom: out of memory");
	}
	for (size_t i = 0; i < o.file_count; i++) {
		if (!strcasecmp(o.files[i].path, o.output)) {
			free(owned_output);
			return efirom_fail("input and output file names must differ: %s", o.output);
		}
	}

	/* only legacy images: no IDs needed (EfiRom writes none); the layout still wants one */
	static const uint16_t no_device[1] = { 0 };
	romout_init(&rom, o.vendor, o.device_count ? o.devices : no_device,
		    o.device_count ? o.device_count : 1, o.pci23);
	for (size_t i = 0; i < o.file_count && rc == EXIT_OK; i++) {
		const struct efirom_file *f = &o.files[i];
		bool last = i + 1 == o.file_count && !o.no_last;
		if (f->flags & FILE_BINARY)
			rc = romout_add_legacy(&rom, f->path, last) ? EXIT_OK : EXIT_USAGE;
		else
			rc = romout_add_efi(&rom, f->path, (f->flags & FILE_COMPRESS) != 0,
					    ROMOUT_COMPRESS_COMPAT, f->class_code, f->code_revision, last,
					    NULL)
				     ? EXIT_OK
				     : EXIT_USAGE;
	}
	if (rc == EXIT_OK && !cli_write_file(o.output, rom.buf, rom.len))
		rc = EXIT_USAGE;
	if (rc == EXIT_OK && !o.quiet && o.verbose)
		printf("wrote %s (%zu bytes, %zu images)\n", o.output, rom.len, o.file_count);
	romout_free(&rom);
	free(owned_output);
	return rc;
}

const struct command cmd_efirom = {
	.name = "efirom",
	.summary = "EDK2 EfiRom drop-in (same arguments, byte-identical ROMs)",
	.usage = efirom_usage,
	.run = run_efirom,
	.raw_args = true,
};
