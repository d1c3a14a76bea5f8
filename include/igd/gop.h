/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * What can be read from an Intel GOP driver image without running it: its version string and
 * the IGD device IDs it lists.  Intel publishes no layout for the driver's device table, so
 * the IDs are found the way people check a GOP by hand (searching for their device ID): runs
 * of known IGD IDs (devices.h) at a fixed stride.  The answer is a heuristic; callers say so.
 */
#ifndef IGD_GOP_H
#define IGD_GOP_H

#include "env.h"
#include "error.h"

/* A run of this many known IDs at one stride counts as a table: in random bytes a u16 is a
 * known IGD ID with p ~ 352/65536, so four in a row at a given stride is ~1e-9 per start. */
#define GOP_MIN_RUN 4
/* Dense arrays (stride 2 to 4: u16 IDs, packed {id, u8}, {vendor, device}) need only three. */
#define GOP_MIN_RUN_DENSE 3
#define GOP_MAX_STRIDE 64
#define GOP_MAX_IDS 512
/* Work bound: lookups allowed per input byte beyond the one per start, plus a constant. */
#define GOP_WORK_PER_BYTE 4
#define GOP_WORK_SLACK (1u << 20)

typedef struct gop_ids {
	uint16_t id[GOP_MAX_IDS]; /* ascending, no duplicates */
	size_t count;
	size_t first_offset;      /* offset of the first table's first entry, SIZE_MAX if none */
} gop_ids;

/* Device IDs listed in the image (any bytes: a PE32 body, a ROM).  IGD_ERR_TOO_LARGE, with no
 * IDs, for input so dense in IDs that the search would exceed its work bound (no driver is);
 * IGD_ERR_INVALID for a NULL argument. */
igd_status igd_gop_supported_ids(const uint8_t *image, size_t len, gop_ids *ret);

/* Adds an ID, keeping the list ascending and unique (full lists stay as they are). */
void igd_gop_ids_add(gop_ids *ids, uint16_t id);

/* True when the list holds device_id. */
bool igd_gop_ids_contain(const gop_ids *ids, uint16_t device_id);

/* The "Intel(R) GOP Driver [x.y.z]" string (UTF-16LE in the image) as ASCII into out.
 * Returns false, with out empty, when the image has no such string. */
bool igd_gop_version(const uint8_t *image, size_t len, char *out, size_t cap);

#endif
