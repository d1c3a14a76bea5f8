// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "cli.h"
#include "igd/env.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "igd/file.h"

const char *igdrom_prog = "igdrom";
bool cli_quiet;

void info(const char *fmt, ...)
{
	va_list ap;
	if (cli_quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

bool cli_json_errors;
static char first_error[512];

static void vmessage(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	if (cli_json_errors && !first_error[0])
		vsnprintf(first_error, sizeof(first_error), fmt, copy);
	va_end(copy);
	fprintf(stderr, "%s: ", igdrom_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_json_error_flush(const char *file)
{
	if (!cli_json_errors || !first_error[0])
		return;
	if (file) {
		printf("{\"file\":");
		json_str(file);
		printf(",\"error\":");
	} else
		printf("{\"error\":");
	json_str(first_error);
	printf("}\n");
	first_error[0] = 0;
}

bool cli_wants_json(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--json"))
			return true;
	return false;
}

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	return code;
}

int cli_usage(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s %s --help'.\n", igdrom_prog, cmd->name);
	return EXIT_USAGE;
}

int cli_bad_option(const struct command *cmd, char **argv, const char *what)
{
	/* getopt is silent (opterr = 0): one message, naming what it could not take */
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	if (optopt && optopt < 256)
		return cli_usage(cmd, "%s: option '-%c' is unknown or needs a value%s%s", cmd->name, optopt,
				 what ? ": " : "", what ? what : "");
	return cli_usage(cmd, "%s: '%s': unknown option, or a value it does not take%s%s", cmd->name, arg,
			 what ? ": " : "", what ? what : "");
}

bool cli_wants_help(const struct command *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(cmd->usage, stdout);
			return true;
		}
	}
	return false;
}

bool cli_parse_uint(const char *s, int base, uint64_t max, uint64_t *ret)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || end == s || v > max)
		return false;
	*ret = v;
	return true;
}

/* Every file a command read: no command writes over one of its inputs. */
static struct { dev_t dev; ino_t ino; } inputs[64];
static size_t input_count;

bool cli_parse_device_id(const char *s, uint16_t *ret)
{
	uint64_t v;
	/* lspci -n prints "8086:46d4": take the vendor when it is Intel's */
	if (s && strncasecmp(s, "8086:", 5) == 0)
		s += 5;
	if (!cli_parse_uint(s, 16, 0xFFFF, &v) || v == 0)
		return false;
	*ret = (uint16_t)v;
	return true;
}

bool cli_read_file(const char *path, size_t max_len, uint8_t **buf, size_t *len)
{
	igd_status st = igd_file_read(path, max_len, buf, len);
	struct stat sb;
	if (st == IGD_OK) {
		if (stat(path, &sb) == 0 && input_count < IGD_ARRAY_SIZE(inputs)) {
			inputs[input_count].dev = sb.st_dev;
			inputs[input_count].ino = sb.st_ino;
			input_count++;
		}
		return true;
	}
	if (st == IGD_ERR_IO)
		cli_error(EXIT_RUNTIME, "%s: %s", path, strerror(errno));
	else
		cli_error(EXIT_RUNTIME, "%s: file is larger than the %zu MiB limit", path,
			  max_len >> 20);
	return false;
}

bool cli_output_not_input(const char *output, const char *const *paths, size_t n)
{
	struct stat out, in;
	if (stat(output, &out) != 0)
		return true; /* a new file is no input */
	for (size_t i = 0; i < n; i++)
		if (paths[i] && stat(paths[i], &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
			cli_error(EXIT_RUNTIME, "%s: is also an input of this command (%s): not overwritten "
				  "(give another output)", output, paths[i]);
			return false;
		}
	return true;
}

/* Whether path is a file this command read (cli_read_file keeps them); said when it is. */
static bool is_an_input(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) == 0)
		for (size_t i = 0; i < input_count; i++)
			if (inputs[i].dev == sb.st_dev && inputs[i].ino == sb.st_ino) {
				cli_error(EXIT_RUNTIME, "%s: is also an input of this command: not overwritten "
					  "(give another output)", path);
				return true;
			}
	return false;
}

static bool write_failed(const char *path, igd_status st)
{
	cli_error(EXIT_RUNTIME, "%s: cannot write: %s", path,
		  st == IGD_ERR_IO ? strerror(errno) : igd_strerror(st));
	return false;
}

bool cli_write_file(const char *path, const uint8_t *buf, size_t len)
{
	if (is_an_input(path))
		return false;
	igd_status st = igd_file_write_atomic(path, buf, len);
	return st == IGD_OK || write_failed(path, st);
}

bool cli_open_output(const char *path, igd_file_stream *st)
{
	if (is_an_input(path))
		return false;
	igd_status r = igd_file_stream_open(st, path);
	return r == IGD_OK || write_failed(path, r);
}

bool cli_commit_output(igd_file_stream *st)
{
	igd_status r = igd_file_stream_commit(st);
	return r == IGD_OK || write_failed(st->path, r);
}

bool cli_output_dir(const char *dir)
{
	/* like UEFIExtract: a missing output directory is made, with its parents */
	struct stat sb;
	if (stat(dir, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return true;
		cli_error(EXIT_RUNTIME, "%s: -o wants a directory, and this is a file", dir);
		return false;
	}
	char p[4096];
	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p)) {
		cli_error(EXIT_RUNTIME, "%.60s...: output directory name too long", dir);
		return false;
	}
	for (char *q = p + 1; *q; q++)
		if (*q == '/') {
			*q = 0;
			mkdir(p, 0777);
			*q = '/';
		}
	if (mkdir(p, 0777) != 0 && errno != EEXIST) {
		cli_error(EXIT_RUNTIME, "%s: cannot create the output directory: %s", dir, strerror(errno));
		return false;
	}
	return true;
}

void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}
