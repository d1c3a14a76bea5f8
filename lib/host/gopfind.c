// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Intel's GOP and the VBT in a firmware tree (include/igd/gopfind.h): the identification
 * heuristics of docs/firmware-images.md §8, and the choice of GOP for a device. */
#include "igd/gopfind.h"

#include <stdio.h>
#include <string.h>

#include "igd/bytes.h"
#include "igd/devices.h"
#include "igd/fv.h"
#include "igd/locate.h"
#include "igd/pe.h"
#include "igd/vbt.h"

static bool name_is(const fw_node *n, const char *a, const char *b)
{
	return !strcmp(n->name, a) || (b && !strcmp(n->name, b));
}

size_t igd_fw_find_candidates(const fw_tree *t, igd_fw_candidate *out, size_t cap)
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
			igd_fw_candidate *c = &out[n];
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
				igd_gop_read_table(s->body, s->body_size, &c->table);
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
		igd_vbt_location loc;
		vbt_info vi;
		if (raw && igd_locate_vbt(raw, raw_len, &loc) == IGD_OK &&
		    igd_vbt_parse(raw + loc.offset, loc.container, &vi, NULL) == IGD_OK) {
			const char *why = igd_fv_guid_equal(f->guid, FV_GUID_GOP_VBT) ? "IntelGopVbt GUID"
					  : igd_fv_guid_equal(f->guid, FV_GUID_BMP_VBT) ? "gBmpImageGuid VBT"
					  : name_is(f, "IntelGopVbt", "IntelGopPreMemVbt") ? "UI name"
					  : loc.kind == IGD_KIND_VBIOS ? "legacy video BIOS"
					  : loc.offset == 0 ? "$VBT in a raw section" : "$VBT found inside a raw section";
			igd_fw_candidate *c = &out[n++];
			c->node = (int)i;
			c->is_gop = false;
			c->machine = 0;
			c->data = raw + loc.offset;
			c->len = vi.vbt_size;
			c->why = why;
			memset(&c->table, 0, sizeof(c->table));
			snprintf(c->detail, sizeof(c->detail), "\"%s\" BDB %u, %u bytes%s", vi.signature, vi.bdb_version,
				 vi.vbt_size, loc.kind == IGD_KIND_VBIOS ? ", from a video BIOS" : "");
		}
	}
	return n;
}

int igd_fw_pick_gop(const igd_fw_candidate *cand, size_t n, uint16_t device, igd_gop_fit *fit)
{
	/* Rank: lists the device, then no readable list, then lists others; X64 (what OVMF runs)
	 * before other machines at each rank; the first of equals wins. */
	int pick = -1;
	unsigned best = ~0u;
	for (size_t i = 0; i < n; i++) {
		if (!cand[i].is_gop)
			continue;
		const gop_ids *ids = &cand[i].table.ids;
		/* a table read from the code that holds no Intel device is a list of others */
		bool read = ids->count || cand[i].table.found_by == IGD_GOP_FOUND_BY_CODE;
		igd_gop_fit f = igd_gop_ids_contain(ids, device) ? IGD_GOP_FITS
				 : !read			 ? IGD_GOP_FIT_UNKNOWN
								 : IGD_GOP_LISTS_OTHERS;
		unsigned rank = (unsigned)f * 2 + (cand[i].machine != PE_MACHINE_X64);
		if (rank < best) {
			best = rank;
			pick = (int)i;
			*fit = f;
		}
	}
	return pick;
}

