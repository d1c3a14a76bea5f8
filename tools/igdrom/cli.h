/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * igdrom's command table and the helpers every subcommand shares.  Exit codes: 0 success,
 * 1 runtime error or problems found, 2 usage error.
 */
#ifndef IGDROM_CLI_H
#define IGDROM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd/file.h"

#include "igd/error.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

struct command {
	const char *name;
	const char *summary;
	const char *usage; /* full help text printed by `igdrom CMD --help` */
	int (*run)(int argc, char **argv);
	bool raw_args; /* the command handles -h/--help itself (efirom: EfiRom semantics) */
};

extern const struct command *const igdrom_commands[];
extern const char *igdrom_prog;

/* Print "igdrom: CMD: message" to stderr.  Returns the exit code given, for `return die(...)`. */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print usage error + hint; returns EXIT_USAGE. */
int cli_usage(const struct command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The usage error for what getopt_long refused (argv[optind - 1]); `what` explains the values
 * wanted, or NULL.  Returns EXIT_USAGE. */
int cli_bad_option(const struct command *cmd, char **argv, const char *what);
/* True (and prints help) when argv holds -h/--help right after the command name. */
bool cli_wants_help(const struct command *cmd, int argc, char **argv);

/* Parse an unsigned number; base 16 by default ("0x" prefix optional), or as given.
 * Fails on empty strings, trailing junk and values above max. */
bool cli_parse_uint(const char *s, int base, uint64_t max, uint64_t *ret);

/* An Intel device ID as people paste it: "46d4", "0x46d4" or lspci -n's "8086:46d4"; 1..ffff. */
bool cli_parse_device_id(const char *s, uint16_t *ret);

/* Read a whole input file, or print "igdrom: PATH: reason" and return false. */
bool cli_read_file(const char *path, size_t max_len, uint8_t **buf, size_t *len);
/* Write atomically, or print the error and return false. */
bool cli_write_file(const char *path, const uint8_t *buf, size_t len);
/* The same in pieces (igd_file_stream): open refuses an input as cli_write_file does; commit
 * renames the finished file into place.  Both print the error and return false. */
bool cli_open_output(const char *path, igd_file_stream *st);
bool cli_commit_output(igd_file_stream *st);
/* Before any work: false, said, when output names one of the inputs (cli_write_file refuses
 * that too, but only once the work is done). */
bool cli_output_not_input(const char *output, const char *const *paths, size_t n);
/* -o DIR: makes DIR (and its parents) when missing; false, said, when it is a file. */
bool cli_output_dir(const char *dir);

/* `igdrom --quiet COMMAND`: informational lines (what was written) are suppressed; results
 * that are the command's purpose (reports, configurations) and errors still print. */
extern bool cli_quiet;
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --json commands: the first error message is also kept, and cli_json_error_flush prints it as
 * {"file":...,"error":...} on stdout, so the output is one JSON document errors included. */
extern bool cli_json_errors;
/* --json among the arguments (looked for before parsing, so that a usage error is JSON too). */
bool cli_wants_json(int argc, char **argv);
void cli_json_error_flush(const char *file);

/* Minimal JSON string output (escapes quotes, backslashes and control characters). */
void json_str(const char *s);

#define DECLARE_COMMAND(sym) extern const struct command sym
DECLARE_COMMAND(cmd_efirom);
DECLARE_COMMAND(cmd_build);
DECLARE_COMMAND(cmd_inspect);
DECLARE_COMMAND(cmd_verify);
DECLARE_COMMAND(cmd_vbt);
DECLARE_COMMAND(cmd_opregion);
DECLARE_COMMAND(cmd_devices);
DECLARE_COMMAND(cmd_compress);
DECLARE_COMMAND(cmd_decompress);
DECLARE_COMMAND(cmd_probe);
DECLARE_COMMAND(cmd_fwcfg);
DECLARE_COMMAND(cmd_e820);
DECLARE_COMMAND(cmd_vmm_config);
DECLARE_COMMAND(cmd_doctor);
DECLARE_COMMAND(cmd_extract);

#endif
