/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Video BIOS Tables: header validation, block walk, checksum, and decoders for the blocks
 * that matter to passthrough.  Layouts: Linux drivers/gpu/drm/i915/display/intel_vbt_defs.h;
 * validation rules: Linux intel_bios_is_valid_vbt() (errors) plus the defects found in public
 * VBTs (warnings), see docs/opregion-vbt.md §2.
 */
#ifndef IGD_VBT_H
#define IGD_VBT_H

#include "devices.h"
#include "env.h"
#include "error.h"

#define VBT_SIGNATURE "$VBT"
#define VBT_HEADER_SIZE 48
#define VBT_SIGNATURE_LEN 20
#define BDB_SIGNATURE "BIOS_DATA_BLOCK "
#define BDB_HEADER_SIZE 22
#define VBT_MAX_BLOCKS 96
#define VBT_MAX_ISSUES 24

/* Offsets in the VBT header. */
enum {
	VBT_OFF_VERSION = 20,
	VBT_OFF_HEADER_SIZE = 22,
	VBT_OFF_VBT_SIZE = 24,
	VBT_OFF_CHECKSUM = 26,
	VBT_OFF_BDB_OFFSET = 28,
};

/* Block ids with names (IGT intel_vbt_decode / Linux intel_vbt_defs.h). */
enum {
	BDB_GENERAL_FEATURES = 1,
	BDB_GENERAL_DEFINITIONS = 2,
	BDB_DRIVER_FEATURES = 12,
	BDB_LFP_OPTIONS = 40,
	BDB_LFP_DATA_PTRS = 41,
	BDB_LFP_DATA = 42,
	BDB_LFP_BACKLIGHT = 43,
	BDB_MIPI_SEQUENCE = 53,
	BDB_GENERIC_DTD = 58,
	BDB_VBIOS_CORE = 254,
};

typedef struct vbt_block {
	uint8_t id;
	uint32_t offset; /* of the 3-byte block header, from the VBT start */
	uint32_t size;   /* data bytes (for MIPI sequence v3: 5 + the u32 size) */
} vbt_block;

typedef enum vbt_severity { VBT_WARNING, VBT_ERROR } vbt_severity;

typedef struct vbt_issue {
	vbt_severity severity;
	uint32_t offset; /* from the VBT start */
	const char *what;
} vbt_issue;

typedef struct vbt_info {
	char signature[VBT_SIGNATURE_LEN + 1]; /* printable, NUL-terminated */
	uint16_t version, header_size, vbt_size;
	uint8_t checksum;        /* the stored byte */
	uint8_t sum;             /* byte sum over vbt_size: 0 when the checksum is right */
	uint32_t bdb_offset;
	uint16_t bdb_version, bdb_header_size, bdb_size;
	vbt_block blocks[VBT_MAX_BLOCKS];
	size_t block_count;
	bool chain_broken;       /* a block overran; blocks after it are lost */
	bool last_block_past_bdb_size; /* the "bdb_size one byte short" defect */
	vbt_issue issues[VBT_MAX_ISSUES];
	size_t issue_count;
} vbt_info;

/*
 * Validates a VBT at the start of buf (Linux's checks are errors: size >= 48, "$VBT",
 * vbt_size <= len, BDB header and BDB inside vbt_size) and walks its blocks.  Problems that do
 * not stop a consumer are recorded in ret->issues.  Only [buf, buf + min(len, vbt_size)) is read.
 */
igd_status igd_vbt_parse(const uint8_t *buf, size_t len, vbt_info *ret, igd_where *where);

/* Linux's header checks only (no block walk, no warnings): what firmware needs. */
igd_status igd_vbt_parse_header(const uint8_t *buf, size_t len, vbt_info *ret, igd_where *where);

/* First "$VBT" at or after `from` that parses as a VBT header; IGD_ERR_NOT_FOUND otherwise. */
igd_status igd_vbt_find(const uint8_t *buf, size_t len, size_t from, size_t *ret_off);

/* Sets the checksum byte so bytes [0, vbt_size) sum to 0; returns the old byte. */
igd_status igd_vbt_fix_checksum(uint8_t *vbt, size_t len, uint8_t *ret_old);

const vbt_block *igd_vbt_find_block(const vbt_info *info, uint8_t id);
const char *igd_vbt_block_name(uint8_t id);
/* Child device size Linux expects for a BDB version (0 = unknown). */
unsigned igd_vbt_child_size(uint16_t bdb_version);

/* ---- block decoders (block data pointer = buf + block.offset + 3) ---- */
typedef struct vbt_child {
	uint16_t handle, device_type;
	uint8_t dvo_port, ddc_pin, aux_channel;
} vbt_child;

typedef struct vbt_children {
	uint8_t child_size;
	size_t count;
	vbt_child child[16];
} vbt_children;

igd_status igd_vbt_decode_children(const uint8_t *vbt, const vbt_info *info, vbt_children *ret);
/* Block 40 panel_type (0..15, 0xFF = by PnP ID); IGD_ERR_NOT_FOUND without the block. */
igd_status igd_vbt_panel_type(const uint8_t *vbt, const vbt_info *info, uint8_t *ret);
/* Block 254: 4 ASCII digits of the VBIOS build number, NUL-terminated. */
igd_status igd_vbt_build_number(const uint8_t *vbt, const vbt_info *info, char ret[5]);
/* Block 12 lvds_config (0 none, 1 int LVDS, 2 SDVO LVDS, 3 eDP). */
igd_status igd_vbt_lvds_config(const uint8_t *vbt, const vbt_info *info, uint8_t *ret);

/*
 * Builds a small valid VBT like Linux GVT's virtual one (LINUX gvt/opregion.c): BDB 186,
 * blocks 254 (core, build number), 1 (general features), 2 (four DP children on ports B-E
 * with AUX B-E), 12 (driver features, no LVDS); optional zero filler in block 252 to reach
 * `min_size` (for extended-VBT tests); checksum set.  `name` goes after "$VBT ".
 */
igd_status igd_vbt_build_sample(const char *name, size_t min_size, uint8_t *out, size_t cap,
			    size_t *ret_len);

/*
 * The generation a VBT is made for, from the platform name in its signature ("$VBT SKYLAKE",
 * "$VBT SNB/IVB-DESKTOP"): Intel's GOPs hang or fail on a VBT of another platform (issue 15:
 * the Haswell and Bay Trail GOPs loop forever on a Skylake VBT).  Generations as in data/
 * (from Linux's i915 platform list).  False when the name is not one this table knows.
 */
bool igd_vbt_platform_gens(const char *signature, uint8_t *gen_lo, uint8_t *gen_hi);

typedef enum igd_vbt_fit { IGD_VBT_FITS, IGD_VBT_FIT_UNKNOWN, IGD_VBT_OTHER_PLATFORM } igd_vbt_fit;
/* Whether a VBT suits a device's platform (NULL platform: unknown). */
igd_vbt_fit igd_vbt_fit_device(const vbt_info *vi, const igd_platform *p);

/* Block 1, general features (Linux struct bdb_general_features). */
typedef struct vbt_general {
	uint8_t panel_fitting;   /* 0 disabled, 1 text, 2 graphics, 3 both */
	bool enable_ssc, ssc_freq_alt; /* SSC on; alternate frequency (100/120 MHz class) */
	bool int_crt, int_tv, int_efp; /* integrated outputs supported (BDB 155+) */
	bool dp_ssc;
} vbt_general;
igd_status igd_vbt_decode_general(const uint8_t *vbt, const vbt_info *info, vbt_general *ret);

/* Block 43 entry for one panel: PWM type and frequency, minimum brightness. */
typedef struct vbt_backlight {
	uint8_t type;            /* 2 = PWM */
	bool active_low;
	uint16_t pwm_freq_hz;
	uint8_t min_brightness;
} vbt_backlight;
igd_status igd_vbt_decode_backlight(const uint8_t *vbt, const vbt_info *info, unsigned panel,
				vbt_backlight *ret);

/* Panel timing for one panel: block 58 (generic DTD, BDB 229+) when present, else the
 * EDID-style DTD of block 42 found through block 41's pointers. */
typedef struct vbt_timing {
	uint32_t pixel_clock_khz;
	uint16_t hactive, hblank, vactive, vblank;
	uint8_t source_block;    /* 58 or 42 */
} vbt_timing;
igd_status igd_vbt_decode_panel_timing(const uint8_t *vbt, const vbt_info *info, unsigned panel,
				   vbt_timing *ret);

const char *igd_vbt_dvo_port_name(uint8_t port);
const char *igd_vbt_aux_name(uint8_t aux);

#endif
