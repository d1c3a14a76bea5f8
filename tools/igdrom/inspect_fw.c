// SPDX-License-Identifier: BSD-2-Clause-Patent
/* `inspect` for firmware images and the CLI's lines and JSON for a GOP's device IDs. */
#include "inspect_fw.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "igd/bytes.h"
#include "igd/devices.h"
#include "igd/fv.h"
#include "igd/gop.h"
#include "igd/pe.h"
#include "igd/vbt.h"
#include "igd/locate.h"

void fw_gop_ids_line(const gop_ids *ids, char *out, size_t cap)
{
	const igd_platform *last = NULL;
	int w = ids->count ? snprintf(out, cap, "lists %zu device IDs:", ids->count)
			   : snprintf(out, cap, "no device-ID table found in it (Intel documents none; the search is a heuristic)");
	size_t k = w > 0 ? (size_t)w : 0;
	for (size_t i = 0; i < ids->count && k + 1 < cap; i++) {
		const igd_platform *p = igd_lookup(ids->id[i]);
		w = p != last ? snprintf(out + k, cap - k, "%s %s %04X", i ? ";" : "", p ? p->name : "?", ids->id[i])
			      : snprintf(out + k, cap - k, " %04X", ids->id[i]);
		if (w < 0 || (size_t)w >= cap - k)
			break;
		k += (size_t)w;
		last = p;
	}
}

void fw_json_ids(const gop_ids *ids)
{
	printf("[");
	for (size_t k = 0; k < ids->count; k++)
		printf("%s\"%04X\"", k ? "," : "", ids->id[k]);
	printf("]");
}

void print_gop_facts(const uint8_t *pe, size_t len, bool json)
{
	char version[128], line[2048];
	gop_ids list;
	if (!igd_gop_version(pe, len, version, sizeof(version)))
		return; /* other drivers list device IDs too (this project's own does) */
	igd_gop_supported_ids(pe, len, &list);
	if (json) {
		printf(",\"gop\":{\"version\":");
		json_str(version);
		printf(",\"device_ids\":");
		fw_json_ids(&list);
		printf("}");
		return;
	}
	fw_gop_ids_line(&list, line, sizeof(line));
	printf("  GOP: %s\n  %s\n", version, line);
}

static const char *kind_name(const fw_node *n)
{
	switch (n->kind) {
	case FW_REGION: return "Region";
	case FW_CAPSULE: return "Capsule";
	case FW_VOLUME: return "Volume";
	case FW_FILE: return "File";
	default: return "Section";
	}
}

int inspect_firmware(const char *path, const uint8_t *buf, size_t len, bool json)
{
	fw_tree t;
	igd_fw_candidate cand[32];
	char g[37];

	if (igd_fw_parse(buf, len, &t) != IGD_OK)
		return cli_error(EXIT_RUNTIME, "%s: offset 0x0: no firmware volume, descriptor or capsule found", path);
	size_t nc = igd_fw_find_candidates(&t, cand, 32);
	if (json) {
		printf("{\"file\":");
		json_str(path);
		printf(",\"kind\":\"firmware-image\",\"size\":%zu,\"problems\":%u,\"nodes\":[", len, t.problems);
		for (size_t i = 0; i < t.count; i++) {
			const fw_node *n = &t.nodes[i];
			igd_fv_guid_format(n->guid, g);
			printf("%s{\"kind\":\"%s\",\"depth\":%d,\"parent\":%d,\"size\":%zu,\"type\":%u,\"guid\":\"%s\","
			       "\"checksum_ok\":%s,\"name\":", i ? "," : "", kind_name(n), n->depth, n->parent, n->size,
			       n->type, g, n->checksum_ok ? "true" : "false");
			json_str(n->name);
			if (n->note)
				printf(",\"note\":"), json_str(n->note);
			printf("}");
		}
		printf("],\"candidates\":[");
		for (size_t i = 0; i < nc; i++) {
			igd_fv_guid_format(t.nodes[cand[i].node].guid, g);
			printf("%s{\"what\":\"%s\",\"guid\":\"%s\",\"name\":", i ? "," : "", cand[i].is_gop ? "gop" : "vbt", g);
			json_str(t.nodes[cand[i].node].name);
			printf(",\"detail\":");
			json_str(cand[i].detail);
			printf(",\"found_by\":");
			json_str(cand[i].why);
			if (cand[i].is_gop) {
				printf(",\"device_ids\":");
				fw_json_ids(&cand[i].ids);
			}
			printf("}");
		}
		printf("]}\n");
	} else {
		printf("%s: firmware image, %zu bytes, %zu items%s\n", path, len, t.count,
		       t.problems ? " (with problems, see notes)" : "");
		for (size_t i = 0; i < t.count; i++) {
			const fw_node *n = &t.nodes[i];
			igd_fv_guid_format(n->guid, g);
			printf("%*s%-7s ", n->depth * 2, "", kind_name(n));
			if (n->kind == FW_SECTION)
				printf("%s", igd_section_type_name(n->type));
			else if (n->kind == FW_FILE)
				printf("%s %s %s", g, igd_ffs_type_name(n->type), n->name);
			else if (n->kind == FW_VOLUME)
				printf("%s", g);
			else
				printf("%s", n->name);
			printf(", %zu bytes%s%s%s\n", n->size, n->checksum_ok ? "" : ", BAD CHECKSUM",
			       n->note ? ", " : "", n->note ? n->note : "");
		}
		for (size_t i = 0; i < nc; i++) {
			igd_fv_guid_format(t.nodes[cand[i].node].guid, g);
			printf("%s: %s %s %s (%s)\n", cand[i].is_gop ? "GOP driver" : "VBT", g,
			       t.nodes[cand[i].node].name, cand[i].detail, cand[i].why);
			if (cand[i].is_gop) {
				char line[2048];
				fw_gop_ids_line(&cand[i].ids, line, sizeof(line));
				printf("  %s\n", line);
			}
		}
	}
	igd_fw_tree_free(&t);
	return EXIT_OK;
}
