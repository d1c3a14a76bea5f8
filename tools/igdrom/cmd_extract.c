// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `igdrom extract IMAGE [-o DIR] [--guid GUID]... [--name NAME]...` */
#include <getopt.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "inspect_fw.h"
#include "igd/bytes.h"
#include "igd/fv.h"

static const char extract_usage[] =
	"Usage: igdrom extract IMAGE [-o DIR] [--device ID] [--json] [--guid GUID]... [--name NAME]...\n"
	"\n"
	"Finds Intel's GOP driver(s) and VBT(s) in a firmware image (SPI dump with flash\n"
	"descriptor, capsule, or bare volumes; LZMA, Brotli, EFI/Tiano sections and nested\n"
	"volumes are unpacked) and writes them to DIR (default .) as IntelGopDriver-GUID.efi and\n"
	"vbt-GUID.bin, with a summary: each GOP's version and the device IDs it lists (read from\n"
	"its table by a heuristic: Intel documents no layout).  --device ID (hex, e.g. 3E92) says\n"
	"which GOP fits that device.  --guid and --name extract any file instead: its PE32\n"
	"section when it has one, else its data.  --json prints what was written (and the\n"
	"--device verdict: listed, unknown, not-listed or no-gop) as one JSON object.\n";

/* Where the files went: lines for people, or with --json one object per file written. */
struct report {
	bool json;
	size_t files;
};

static bool save(struct report *r, const char *dir, const char *name, const uint8_t *data, size_t len,
		 const char *what, const fw_node *file, const igd_fw_candidate *cand)
{
	char path[4096], g[37];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!cli_write_file(path, data, len))
		return false;
	if (!r->json) {
		info("wrote %s (%zu bytes)\n", path, len);
		return true;
	}
	igd_fv_guid_format(file->guid, g);
	printf("%s{\"what\":\"%s\",\"path\":", r->files++ ? "," : "", what);
	json_str(path);
	printf(",\"size\":%zu,\"guid\":\"%s\",\"name\":", len, g);
	json_str(file->name);
	if (cand) {
		printf(",\"detail\":");
		json_str(cand->detail);
		printf(",\"found_by\":");
		json_str(cand->why);
	}
	if (cand && cand->is_gop)
		fw_json_gop_table(&cand->table);
	printf("}");
	return true;
}

static int run_extract(int argc, char **argv)
{
	static const struct option longopts[] = { { "output", required_argument, NULL, 'o' },
						   { "guid", required_argument, NULL, 'g' },
						   { "name", required_argument, NULL, 'n' },
						   { "device", required_argument, NULL, 'd' },
						   { "json", no_argument, NULL, 'j' },
						   { NULL, 0, NULL, 0 } };
	const char *dir = ".", *guids[16], *names[16];
	size_t ng = 0, nn = 0;
	uint8_t want[16][16];
	int c, rc = EXIT_OK;
	uint64_t device = 0;
	uint16_t device16 = 0;
	bool have_device = false;
	struct report out = { false, 0 };

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (c == 'o')
			dir = optarg;
		else if (c == 'g' && ng < 16 && igd_fv_guid_parse(optarg, want[ng]))
			guids[ng++] = optarg;
		else if (c == 'n' && nn < 16)
			names[nn++] = optarg;
		else if (c == 'd' && cli_parse_device_id(optarg, &device16) && (device = device16, 1))
			have_device = true;
		else if (c == 'j')
			out.json = true;
		else
			return cli_bad_option(&cmd_extract, argv, "--device takes a hex ID (or 8086:ID), --guid 8-4-4-4-12 hex");
	}
	if (optind + 1 != argc)
		return cli_usage(&cmd_extract, "extract: expected one IMAGE");
	if (have_device && (ng || nn))
		return cli_usage(&cmd_extract, "extract: --device goes with the GOP/VBT search, not with --guid or --name");
	uint8_t *img;
	size_t len;
	fw_tree t;
	if (!cli_read_file(argv[optind], 1u << 30, &img, &len))
		return EXIT_RUNTIME;
	/* One GUID: stop decoding as soon as its file is complete. */
	igd_status st = ng == 1 && nn == 0 ? igd_fw_find_file(img, len, want[0], &t) : igd_fw_parse(img, len, &t);
	if (st != IGD_OK) {
		free(img);
		fv_volume v;
		igd_where w = { 0, "" };
		if (igd_fv_parse_volume(img, len, 0, &v, &w) == IGD_ERR_TRUNCATED && igd_match(img, len, 0x28, "_FVH", 4))
			return cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: truncated firmware image: %s", argv[optind], w.offset,
					 w.what);
		return cli_error(EXIT_RUNTIME, "%s: offset 0x0: no firmware volume, descriptor or capsule found",
				 argv[optind]);
	}
	if (!cli_output_dir(dir)) { /* once the image parsed */
		igd_fw_tree_free(&t);
		free(img);
		return EXIT_RUNTIME;
	}
	char g[37], fname[256], pick_guid[37] = "", pick_file[64] = "";
	int pick = -1;
	igd_gop_fit fit = IGD_GOP_FIT_UNKNOWN;
	if (out.json) {
		printf("{\"image\":");
		json_str(argv[optind]);
		printf(",\"files\":[");
	}
	if (ng || nn) {
		for (size_t k = 0; k < ng + nn; k++) {
			bool found = false;
			for (size_t i = 0; i < t.count && !found; i++) {
				const fw_node *f = &t.nodes[i];
				if (f->kind != FW_FILE)
					continue;
				if (k < ng ? memcmp(f->guid, want[k], 16) != 0 : strcmp(f->name, names[k - ng]) != 0)
					continue;
				int pe = igd_fw_find_section(&t, (int)i, SECTION_PE32);
				const fw_node *src = pe >= 0 ? &t.nodes[pe] : f;
				igd_fv_guid_format(f->guid, g);
				snprintf(fname, sizeof(fname), "%s%s%s.%s", f->name[0] ? f->name : "", f->name[0] ? "-" : "",
					 g, pe >= 0 ? "efi" : "bin");
				found = save(&out, dir, fname, src->body, src->body_size, "file", f, NULL);
				if (!found)
					rc = EXIT_RUNTIME;
			}
			if (!found && rc == EXIT_OK) {
				cli_error(EXIT_RUNTIME, "%s: no file %s", argv[optind], k < ng ? guids[k] : names[k - ng]);
				rc = EXIT_RUNTIME;
			}
		}
	} else {
		static igd_fw_candidate cand[32];
		static char file_names[32][64];
		size_t n = igd_fw_find_candidates(&t, cand, 32), gops = 0, vbts = 0;
		for (size_t i = 0; i < n; i++) {
			const fw_node *f = &t.nodes[cand[i].node];
			igd_fv_guid_format(f->guid, g);
			/* Intel's GOPs share one file GUID (and images can carry two): a second file of the
			 * same GUID gets -2, a third -3, so none overwrites another */
			unsigned same = 1;
			for (size_t k = 0; k < i; k++)
				same += cand[k].is_gop == cand[i].is_gop && !memcmp(t.nodes[cand[k].node].guid, f->guid, 16);
			char suffix[16] = "";
			if (same > 1)
				snprintf(suffix, sizeof(suffix), "-%u", same);
			snprintf(file_names[i], sizeof(file_names[i]), cand[i].is_gop ? "IntelGopDriver-%s%s.efi" : "vbt-%s%s.bin", g,
				 suffix);
			snprintf(fname, sizeof(fname), "%s", file_names[i]);
			if (!save(&out, dir, fname, cand[i].data, cand[i].len, cand[i].is_gop ? "gop" : "vbt", f, &cand[i])) {
				rc = EXIT_RUNTIME;
				continue;
			}
			*(cand[i].is_gop ? &gops : &vbts) += 1;
			if (out.json)
				continue;
			info("  %s: %s%s%s (found by %s)\n", cand[i].is_gop ? "GOP driver" : "VBT",
			       f->name[0] ? f->name : g, cand[i].detail[0] ? ", " : "", cand[i].detail, cand[i].why);
			if (cand[i].is_gop)
				fw_print_gop_table(&cand[i].table, "    ", true);
		}
		if (!out.json)
			info("summary: %zu GOP driver(s), %zu VBT(s)%s\n", gops, vbts,
			     gops == 0 && vbts ? " (no GOP: expected on Panther Lake images; build a no-GOP ROM)" : "");
		pick = have_device ? igd_fw_pick_gop(cand, n, (uint16_t)device, &fit) : -1;
		if (pick >= 0) {
			igd_fv_guid_format(t.nodes[cand[pick].node].guid, pick_guid);
			snprintf(pick_file, sizeof(pick_file), "%s", file_names[pick]);
		}
		if (pick >= 0 && !out.json) {
			unsigned id = (unsigned)device;
			if (fit == IGD_GOP_FITS)
				printf("device %04X: use %s (it lists the device)\n", id, file_names[pick]);
			else if (fit == IGD_GOP_FIT_UNKNOWN)
				printf("device %04X: %s may fit (no device list could be read)\n", id, file_names[pick]);
			else
				fprintf(stderr, "igdrom: extract: warning: device %04X: no GOP here lists it, and Intel's GOP "
					"starts only on devices it lists: take one from an image of the same iGPU family\n", id);
		}
		if (n == 0) {
			cli_error(EXIT_RUNTIME, "%s: no GOP driver or VBT found", argv[optind]);
			rc = EXIT_RUNTIME;
		}
	}
	if (out.json) {
		printf("]");
		if (have_device) {
			static const char *const fit_name[] = { "listed", "unknown", "not-listed" };
			printf(",\"device\":{\"id\":\"%04X\",\"fit\":\"%s\"", (unsigned)device,
			       pick < 0 ? "no-gop" : fit_name[fit]);
			if (pick >= 0) {
				printf(",\"gop_guid\":\"%s\",\"gop_file\":", pick_guid);
				json_str(pick_file);
			}
			printf("}");
		}
		printf("}\n");
	}
	igd_fw_tree_free(&t);
	free(img);
	return rc;
}

const struct command cmd_extract = {
	.name = "extract",
	.summary = "find and extract the GOP driver and VBT from a firmware image",
	.usage = extract_usage,
	.run = run_extract,
};
