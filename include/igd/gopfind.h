/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * Intel's GOP driver and the VBT inside a parsed firmware image: which files they are (by
 * GUID, UI name, the GOP's version string, "$VBT" in raw sections and video BIOSes) and which
 * GOP suits a device (docs/firmware-images.md §8).
 */
#ifndef IGD_GOPFIND_H
#define IGD_GOPFIND_H

#include "fwimage.h"
#include "goptable.h"

typedef struct igd_fw_candidate {
	int node;                 /* the file node */
	bool is_gop;
	const uint8_t *data;      /* PE32 body, or the VBT */
	size_t len;
	char detail[128];         /* GOP version or VBT signature/BDB */
	const char *why;          /* which rule found it */
	igd_gop_table table;      /* GOP: the device table it scans (ids.count 0: none found) */
	uint16_t machine;         /* GOP: PE machine, 0 when the body is no valid PE */
} igd_fw_candidate;

/* How well a GOP fits a device: it lists the ID, no list was found, or it lists others only. */
typedef enum igd_gop_fit { IGD_GOP_FITS, IGD_GOP_FIT_UNKNOWN, IGD_GOP_LISTS_OTHERS } igd_gop_fit; /* best first */

size_t igd_fw_find_candidates(const fw_tree *t, igd_fw_candidate *out, size_t cap);
/* The GOP to use for device: one that lists it, else one without a readable list, else any
 * GOP; X64 first within each.  Returns the candidate index (fit in *fit), or -1 with no GOP. */
int igd_fw_pick_gop(const igd_fw_candidate *cand, size_t n, uint16_t device, igd_gop_fit *fit);

#endif
