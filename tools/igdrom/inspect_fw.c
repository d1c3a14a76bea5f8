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
	bool unknown_run = false;
	int w = ids->count ? snprintf(out, cap, "lists %zu device IDs:", ids->count)
			   : snprintf(out, cap, "no device-ID table found in it");
	size_t k = w > 0 ? (size_t)w : 0;
	/* known IDs grouped by platform, then the IDs this project's table lacks (a GOP binds
	 * them all the same: issue 15 found 4681-4699, 9BA0, CAFE, FF20 in real ones) */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ids->count && k + 1 < cap; i++) {
			const igd_platform *p = igd_lookup(ids->id[i]);
			if ((pass == 0) != (p != NULL))
				continue;
			if (p)
				w = p != last ? snprintf(out + k, cap - k, "%s %s %04X", k > 20 ? ";" : "", p->name, ids->id[i])
					      : snprintf(out + k, cap - k, " %04X", ids->id[i]);
			else
				w = snprintf(out + k, cap - k, "%s 8086:%04X", unknown_run ? "," : k > 20 ? "; unknown" : " unknown",
					     ids->id[i]);
			if (w < 0 || (size_t)w >= cap - k)
				return;
			k += (size_t)w;
			last = p;
			unknown_run |= !p;
		}
}

static void json_ids(const gop_ids *ids, int known) /* known: 1 known only, 0 unknown only, -1 all */
{
	printf("[");
	bool first = true;
	for (size_t k = 0; k < ids->count; k++) {
		if (known >= 0 && (igd_lookup(ids->id[k]) != NULL) != (known == 1))
			continue;
		printf("%s\"%04X\"", first ? "" : ",", ids->id[k]);
		first = false;
	}
	printf("]");
}

static const char *found_by_name(igd_gop_found_by f)
{
	return f == IGD_GOP_FOUND_BY_CODE ? "code" : f == IGD_GOP_FOUND_BY_SEARCH ? "table search, unverified" : "none";
}

void fw_json_gop_table(const igd_gop_table *t)
{
	printf(",\"table_found_by\":\"%s\",\"how\":", found_by_name(t->found_by));
	json_str(t->how);
	printf(",\"device_ids\":");
	json_ids(&t->ids, -1);
	printf(",\"unknown_ids\":");
	json_ids(&t->ids, 0);
	printf(",\"pch_ids\":");
	json_ids(&t->pch, -1);
	printf(",\"binding_version\":");
	if (t->has_version) {
		char v[32];
		igd_gop_version_format(t->version, v, sizeof(v));
		json_str(v);
	} else
		printf("null");
}

static void emit(bool quiet_ok, const char *indent, const char *line)
{
	if (quiet_ok)
		info("%s%s\n", indent, line);
	else
		printf("%s%s\n", indent, line);
}

void fw_print_gop_table(const igd_gop_table *t, const char *indent, bool quiet_ok)
{
	char line[2560];
	snprintf(line, sizeof(line), "found by: %s", t->found_by == IGD_GOP_FOUND_BY_CODE ? t->how
						     : t->how[0] ? t->how : "nothing");
	emit(quiet_ok, indent, line);
	if (t->found_by == IGD_GOP_FOUND_BY_CODE && !t->ids.count)
		snprintf(line, sizeof(line), "lists no Intel device: the table its Supported() scans holds other vendors' IDs");
	else
		fw_gop_ids_line(&t->ids, line, sizeof(line));
	emit(quiet_ok, indent, line);
	if (t->pch.count) {
		size_t k = (size_t)snprintf(line, sizeof(line), "accepts these PCH IDs at 00:1f.0:");
		for (size_t i = 0; i < t->pch.count && k + 6 < sizeof(line); i++)
			k += (size_t)snprintf(line + k, sizeof(line) - k, " %04X", t->pch.id[i]);
		emit(quiet_ok, indent, line);
	}
	if (t->has_version) {
		char v[32];
		igd_gop_version_format(t->version, v, sizeof(v));
		snprintf(line, sizeof(line), "driver binding version %s (0x%08X%s)", v, t->version,
			 t->version_from_code ? ", as the entry point stores it" : ", in the file");
		emit(quiet_ok, indent, line);
	}
}

void print_gop_facts(const uint8_t *pe, size_t len, bool json)
{
	char version[128];
	igd_gop_table t;
	if (!igd_gop_version(pe, len, version, sizeof(version)))
		return; /* other drivers list device IDs too (this project's own does) */
	if (igd_gop_read_table(pe, len, &t) != IGD_OK)
		memset(&t, 0, sizeof(t));
	if (json) {
		printf(",\"gop\":{\"version\":");
		json_str(version);
		fw_json_gop_table(&t);
		printf("}");
		return;
	}
	printf("  GOP: %s\n", version);
	fw_print_gop_table(&t, "  ", false);
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
			if (cand[i].is_gop)
				fw_json_gop_table(&cand[i].table);
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
			if (cand[i].is_gop)
				fw_print_gop_table(&cand[i].table, "  ", false);
		}
	}
	igd_fw_tree_free(&t);
	return EXIT_OK;
}
