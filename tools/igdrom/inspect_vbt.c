// SPDX-License-Identifier: BSD-2-Clause-Patent
/* VBT, OpRegion and video BIOS description for `igdrom inspect`. */
#include <stdio.h>

#include "cli.h"
#include "igd/opregion.h"
#include "igd/vbt.h"
#include "inspect.h"
#include "igd/locate.h"

static void vbt_human(const uint8_t *v, const vbt_info *vi, size_t base)
{
	vbt_children kids;
	uint8_t u8;
	char build[5];

	printf("VBT at 0x%zx: \"%s\", version %u, vbt_size %u, checksum 0x%02x (%s)\n", base,
	       vi->signature, vi->version, vi->vbt_size, vi->checksum,
	       vi->sum == 0 ? "bytes sum to 0" : "bytes do NOT sum to 0");
	printf("BDB: version %u, header %u, bdb_size %u, %zu blocks\n", vi->bdb_version,
	       vi->bdb_header_size, vi->bdb_size, vi->block_count);
	for (size_t i = 0; i < vi->block_count; i++)
		printf("  block %3u at 0x%04x, %5u bytes  %s\n", vi->blocks[i].id, vi->blocks[i].offset,
		       vi->blocks[i].size, igd_vbt_block_name(vi->blocks[i].id));
	if (igd_vbt_build_number(v, vi, build) == IGD_OK)
		printf("VBIOS build number: %s\n", build);
	vbt_general g;
	if (igd_vbt_decode_general(v, vi, &g) == IGD_OK)
		printf("general: panel fitting %s, SSC %s%s, integrated CRT %s, TV %s, EFP %s\n",
		       (const char *[]){ "off", "text", "graphics", "text+graphics" }[g.panel_fitting],
		       g.enable_ssc ? "on" : "off", g.enable_ssc ? (g.ssc_freq_alt ? " (alt. freq)" : "") : "",
		       g.int_crt ? "yes" : "no", g.int_tv ? "yes" : "no", g.int_efp ? "yes" : "no");
	if (igd_vbt_panel_type(v, vi, &u8) == IGD_OK) {
		vbt_timing t;
		vbt_backlight bl;
		printf("panel type: %u%s\n", u8, u8 == 0xFF ? " (select by EDID PnP ID)" : "");
		if (u8 <= 15 && igd_vbt_decode_panel_timing(v, vi, u8, &t) == IGD_OK)
			printf("panel %u timing (block %u): %ux%u, %u.%03u MHz, blanking %u/%u\n", u8,
			       t.source_block, t.hactive, t.vactive, t.pixel_clock_khz / 1000,
			       t.pixel_clock_khz % 1000, t.hblank, t.vblank);
		if (u8 <= 15 && igd_vbt_decode_backlight(v, vi, u8, &bl) == IGD_OK)
			printf("panel %u backlight (block 43): %s%s, %u Hz, minimum brightness %u\n", u8,
			       bl.type == 2 ? "PWM" : "type other than PWM", bl.active_low ? " active low" : "",
			       bl.pwm_freq_hz, bl.min_brightness);
	}
	if (igd_vbt_lvds_config(v, vi, &u8) == IGD_OK)
		printf("LVDS config: %s\n", (const char *[]){ "none", "integrated LVDS", "SDVO LVDS",
							      "integrated eDP/SDVO" }[u8 & 3]);
	if (igd_vbt_decode_children(v, vi, &kids) == IGD_OK) {
		printf("child devices (%u bytes each, %zu in use):\n", kids.child_size, kids.count);
		for (size_t i = 0; i < kids.count; i++)
			printf("  handle 0x%04x type 0x%04x port %s aux %s ddc 0x%02x\n", kids.child[i].handle,
			       kids.child[i].device_type, igd_vbt_dvo_port_name(kids.child[i].dvo_port),
			       igd_vbt_aux_name(kids.child[i].aux_channel), kids.child[i].ddc_pin);
	}
	for (size_t i = 0; i < vi->issue_count; i++)
		printf("%s: offset 0x%zx: %s\n", vi->issues[i].severity == VBT_ERROR ? "error" : "warning",
		       base + vi->issues[i].offset, vi->issues[i].what);
}

static void vbt_json(const vbt_info *vi, size_t base)
{
	printf("{\"offset\":%zu,\"signature\":", base);
	json_str(vi->signature);
	printf(",\"version\":%u,\"vbt_size\":%u,\"checksum\":%u,\"checksum_ok\":%s,\"bdb_offset\":%u,"
	       "\"bdb_version\":%u,\"bdb_size\":%u,\"chain_broken\":%s,\"last_block_past_bdb_size\":%s,"
	       "\"blocks\":[",
	       vi->version, vi->vbt_size, vi->checksum, vi->sum == 0 ? "true" : "false", vi->bdb_offset,
	       vi->bdb_version, vi->bdb_size, vi->chain_broken ? "true" : "false",
	       vi->last_block_past_bdb_size ? "true" : "false");
	for (size_t i = 0; i < vi->block_count; i++) {
		printf("%s{\"id\":%u,\"offset\":%u,\"size\":%u,\"name\":", i ? "," : "", vi->blocks[i].id,
		       vi->blocks[i].offset, vi->blocks[i].size);
		json_str(igd_vbt_block_name(vi->blocks[i].id));
		printf("}");
	}
	printf("],\"issues\":[");
	for (size_t i = 0; i < vi->issue_count; i++) {
		printf("%s{\"severity\":\"%s\",\"offset\":%zu,\"what\":", i ? "," : "",
		       vi->issues[i].severity == VBT_ERROR ? "error" : "warning", base + vi->issues[i].offset);
		json_str(vi->issues[i].what);
		printf("}");
	}
	printf("]}");
}

static void opregion_human(const opregion_info *o)
{
	static const char *const kinds[] = { "none", "mailbox 4", "extended (RVDA offset)",
					     "extended (2.0 physical address)" };
	printf("OpRegion: version %u.%u (revision %u), SIZE %u KiB, MBOX 0x%x:%s%s%s%s%s%s\n", o->major,
	       o->minor, o->revision, o->size_kib, o->mbox, (o->mbox & 1) ? " ACPI" : "",
	       (o->mbox & 2) ? " SWSCI" : "", (o->mbox & 4) ? " ASLE" : "", (o->mbox & 8) ? " VBT" : "",
	       (o->mbox & 16) ? " ASLE-EXT" : "", (o->mbox & 32) ? " backlight" : "");
	printf("  VVER \"%s\", GVER \"%s\", PCON 0x%x, CLID 0x%x, DRDY %u, ARDY %u\n", o->vver, o->gver,
	       o->pcon, o->clid, o->drdy, o->ardy);
	printf("  RVDA 0x%llx, RVDS 0x%x; VBT: %s, container %zu bytes\n", (unsigned long long)o->rvda,
	       o->rvds, kinds[o->vbt_kind], o->vbt_max);
	if (o->mbox & OPREGION_MBOX_ACPI) {
		printf("  mailbox 1 (ACPI): CSTS 0x%x, CHPD %u, DIDL", o->csts, o->chpd);
		for (int i = 0; i < 8 && o->didl[i]; i++)
			printf(" 0x%x", o->didl[i]);
		printf(", CADL");
		for (int i = 0; i < 8 && o->cadl[i]; i++)
			printf(" 0x%x", o->cadl[i]);
		printf("\n");
	}
	if (o->major >= 3 && (o->mbox & OPREGION_MBOX_BACKLIGHT))
		printf("  mailbox 2 (backlight, 3.x): BCL1 0x%x BCL2 0x%x CBL1 0x%x CBL2 0x%x\n", o->bcl[0],
		       o->bcl[1], o->bcl[2], o->bcl[3]);
	else if (o->major < 3 && (o->mbox & OPREGION_MBOX_SWSCI))
		printf("  mailbox 2 (SWSCI): SCIC 0x%x (function %u, %s), PARM 0x%x\n", o->scic,
		       (o->scic >> 1) & 0xF, (o->scic & 1) ? "pending" : "idle", o->parm);
	if (o->mbox & OPREGION_MBOX_ASLE) {
		printf("  mailbox 3 (ASLE): TCHE 0x%x, BCLP 0x%x, PFIT 0x%x, CBLV 0x%x (%u%%%s), BCLM", o->tche,
		       o->bclp, o->pfit, o->cblv, o->cblv & 0xFF, (o->cblv >> 31) ? "" : ", not valid");
		int shown = 0;
		for (int i = 0; i < 20; i++)
			if (o->bclm[i] >> 15)
				printf(" %u%%:%u", (o->bclm[i] >> 8) & 0x7F, o->bclm[i] & 0xFF), shown++;
		printf("%s\n", shown ? "" : " none");
	}
	if (o->mbox & OPREGION_MBOX_ASLE_EXT)
		printf("  mailbox 5 (ASLE ext): PHED %u EDID block(s)\n", o->phed & 3);
	if (o->size_kib != 8)
		printf("warning: offset 0x10: SIZE is %u KiB, firmware writes 8\n", o->size_kib);
}

int inspect_vbt_file(const char *path, const uint8_t *buf, size_t len, bool json)
{
	igd_vbt_location loc;
	vbt_info vi;
	opregion_info o;
	igd_where w = { 0, "" };
	igd_file_kind kind = igd_sniff_kind(buf, len);
	static const char *const kind_names[] = { "unknown", "pci-option-rom", "video-bios", "opregion", "vbt" };

	if (kind == IGD_KIND_OPREGION && igd_opregion_parse(buf, len, &o, &w))
		return cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", path, w.offset, w.what);
	igd_status st = igd_locate_vbt(buf, len, &loc);
	if (st && kind != IGD_KIND_OPREGION)
		return cli_error(EXIT_RUNTIME, "%s: offset 0x0: %s", path,
				 kind == IGD_KIND_UNKNOWN ? "not a PCI option ROM, OpRegion or VBT"
						      : "no VBT found");
	if (!st && igd_vbt_parse(buf + loc.offset, loc.container, &vi, &w))
		return cli_error(EXIT_RUNTIME, "%s: offset 0x%zx: %s", path, loc.offset + w.offset, w.what);
	if (json) {
		printf("{\"file\":");
		json_str(path);
		printf(",\"kind\":\"%s\",\"size\":%zu", kind_names[kind], len);
		if (kind == IGD_KIND_OPREGION) {
			printf(",\"opregion\":{\"major\":%u,\"minor\":%u,\"revision\":%u,\"size_kib\":%u,\"mbox\":%u,"
			       "\"pcon\":%u,\"vver\":",
			       o.major, o.minor, o.revision, o.size_kib, o.mbox, o.pcon);
			json_str(o.vver);
			printf(",\"drdy\":%u,\"csts\":%u,\"chpd\":%u,\"clid\":%u,\"didl\":[", o.drdy, o.csts, o.chpd,
			       o.clid);
			for (int i = 0; i < 8 && o.didl[i]; i++)
				printf("%s%u", i ? "," : "", o.didl[i]);
			printf("],\"cadl\":[");
			for (int i = 0; i < 8 && o.cadl[i]; i++)
				printf("%s%u", i ? "," : "", o.cadl[i]);
			printf("],\"scic\":%u,\"parm\":%u,\"ardy\":%u,\"tche\":%u,\"bclp\":%u,\"pfit\":%u,"
			       "\"cblv\":%u,\"bclm\":[",
			       o.scic, o.parm, o.ardy, o.tche, o.bclp, o.pfit, o.cblv);
			for (int i = 0; i < 20; i++)
				printf("%s%u", i ? "," : "", o.bclm[i]);
			printf("],\"phed\":%u,\"rvda\":%llu,\"rvds\":%u,\"vbt_kind\":%u}", o.phed,
			       (unsigned long long)o.rvda, o.rvds, o.vbt_kind);
		}
		if (!st) {
			printf(",\"vbt_found_by\":");
			json_str(loc.how);
			printf(",\"vbt\":");
			vbt_json(&vi, loc.offset);
		}
		printf("}\n");
	} else {
		printf("%s: %s, %zu bytes\n", path, kind_names[kind], len);
		if (kind == IGD_KIND_OPREGION)
			opregion_human(&o);
		if (!st) {
			printf("VBT found by: %s\n", loc.how);
			vbt_human(buf + loc.offset, &vi, loc.offset);
		}
	}
	return EXIT_OK;
}
