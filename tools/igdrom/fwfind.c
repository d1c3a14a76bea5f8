// SPDX-License-Identifier: BSD-2-Clause-Patent
/* GOP and VBT identification (docs/firmware-images.md §8 heuristics) and `inspect` for images. */
#include "fwfind.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "igd/bytes.h"
#include "igd/devices.h"
#include "igd/fv.h"
#include "igd/gop.h"
#include "igd/pe.h"
#include "igd/vbt.h"
#include "locate.h"

bool fw_is_image(const uint8_t *buf, size_t len)
{
	fd_region r[FD_REGION_COUNT];
	fv_capsule c;
	fv_volume v;
	if (igd_fd_parse(buf, len, r) == IGD_OK || igd_fv_capsule_parse(buf, len, &c) == IGD_OK)
		return true;
	return igd_fv_parse_volume(buf, len, 0, &v, NULL) == IGD_OK;
}

static bool name_is(const fw_node *n, const char *a, const char *b)
{
	return !strcmp(n->name, a) || (b && !strcmp(n->name, b));
}

size_t fw_find_candidates(const fw_tree *t, struct fw_candidate *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < t->count && n < cap; i++) {
		const fw_node *f = &t->nodes[i];
		if (f->kind != FW_FILE)
			continue;
		int pe = igd_fw_find_section(t, (int)i, SECTION_PE32);
		if (pe < 0) { /* AMI also ships the GOP as the body of a subtype-GUID section */
			int sub = igd_fw_find_section(t, (int)i, SECTION_FREEFORM_SUBTYPE_GUID);
			if (sub >= 0 && igd_pe_parse(t->nodes[sub].body, t->nodes[sub].body_size, &(pe_info){ 0 }, NULL) == IGD_OK)
				pe = sub;
		}
		/* GOP: known GUIDs, the UI name, or the GOP's own version string in a PE32 body */
		if (pe >= 0) {
			const fw_node *s = &t->nodes[pe];
			struct fw_candidate *c = &out[n];
			bool has_version = igd_gop_version(s->body, s->body_size, c->detail, sizeof(c->detail));
			const char *why = igd_fv_guid_equal(f->guid, FV_GUID_GOP_INTEL) ? "Intel GOP file GUID"
					  : igd_fv_guid_equal(f->guid, FV_GUID_GOP_AMI) ? "AMI IntelSaGopDriver GUID"
					  : s->type == SECTION_FREEFORM_SUBTYPE_GUID && igd_fv_guid_equal(s->guid, FV_GUID_GOP_AMI)
						  ? "AMI IntelSaGopDriver subtype GUID"
					  : name_is(f, "IntelGopDriver", "IntelSaGopDriver") ? "UI name"
					  : has_version ? "\"Intel(R) GOP Driver\" string" : NULL;
			if (why) {
				/* the machine matters: images may carry an IA32 and an X64 GOP */
				pe_info pi;
				c->machine = igd_pe_parse(s->body, s->body_size, &pi, NULL) == IGD_OK ? pi.machine : 0;
				size_t k = strlen(c->detail);
				snprintf(c->detail + k, sizeof(c->detail) - k, "%s%s%s%s", k ? ", " : "no version string, ",
					 c->machine ? igd_pe_machine_name(c->machine) : "not a valid PE image", c->machine ? " " : "",
					 c->machine ? igd_pe_subsystem_name(pi.subsystem) : "");
				c->node = (int)i;
				c->is_gop = true;
				c->data = s->body;
				c->len = s->body_size;
				c->why = why;
				igd_gop_supported_ids(s->body, s->body_size, &c->ids);
				n++;
				continue;
			}
		}
		/* VBT: in a raw file, or a raw, legacy-16 or subtype-GUID section: at its start, where
		 * a video BIOS points (0x1A), or found by a "$VBT" search (docs/firmware-images.md §8). */
		const uint8_t *raw = NULL;
		size_t raw_len = 0;
		static const uint8_t holders[] = { SECTION_RAW, SECTION_COMPATIBILITY16, SECTION_FREEFORM_SUBTYPE_GUID };
		if (f->type == FFS_TYPE_RAW) {
			raw = f->body;
			raw_len = f->body_size;
		}
		for (size_t k = 0; k < sizeof(holders) && !raw; k++) {
			int r = igd_fw_find_section(t, (int)i, holders[k]);
			if (r >= 0) {
				raw = t->nodes[r].body;
				raw_len = t->nodes[r].body_size;
			}
		}
		struct vbt_location loc;
		vbt_info vi;
		if (raw && locate_vbt(raw, raw_len, &loc) == IGD_OK &&
		    igd_vbt_parse(raw + loc.offset, loc.container, &vi, NULL) == IGD_OK) {
			const char *why = igd_fv_guid_equal(f->guid, FV_GUID_GOP_VBT) ? "IntelGopVbt GUID"
					  : igd_fv_guid_equal(f->guid, FV_GUID_BMP_VBT) ? "gBmpImageGuid VBT"
					  : name_is(f, "IntelGopVbt", "IntelGopPreMemVbt") ? "UI name"
					  : loc.kind == KIND_VBIOS ? "legacy video BIOS"
					  : loc.offset == 0 ? "$VBT in a raw section" : "$VBT found inside a raw section";
			struct fw_candidate *c = &out[n++];
			c->node = (int)i;
			c->is_gop = false;
			c->machine = 0;
			c->data = raw + loc.offset;
			c->len = vi.vbt_size;
			c->why = why;
			c->ids.count = 0;
			snprintf(c->detail, sizeof(c->detail), "\"%s\" BDB %u, %u bytes%s", vi.signature, vi.bdb_version,
				 vi.vbt_size, loc.kind == KIND_VBIOS ? ", from a video BIOS" : "");
		}
	}
	return n;
}

int fw_pick_gop(const struct fw_candidate *cand, size_t n, uint16_t device, enum gop_fit *fit)
{
	/* Rank: lists the device, then no readable list, then lists others; X64 (what OVMF runs)
	 * before other machines at each rank; the first of equals wins. */
	int pick = -1;
	unsigned best = ~0u;
	for (size_t i = 0; i < n; i++) {
		if (!cand[i].is_gop)
			continue;
		enum gop_fit f = igd_gop_ids_contain(&cand[i].ids, device) ? GOP_FITS
				 : cand[i].ids.count == 0		 ? GOP_FIT_UNKNOWN
									 : GOP_LISTS_OTHERS;
		unsigned rank = (unsigned)f * 2 + (cand[i].machine != PE_MACHINE_X64);
		if (rank < best) {
			best = rank;
			pick = (int)i;
			*fit = f;
		}
	}
	return pick;
}

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
	struct fw_candidate cand[32];
	char g[37];

	if (igd_fw_parse(buf, len, &t) != IGD_OK)
		return cli_error(EXIT_RUNTIME, "%s: offset 0x0: no firmware volume, descriptor or capsule found", path);
	size_t nc = fw_find_candidates(&t, cand, 32);
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
