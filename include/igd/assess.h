/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * What a probed host lacks for IGD passthrough, one finding per line with its fix: device
 * known, IOMMU on, vfio-pci bound, group isolated, primary display, stolen memory set, an
 * OpRegion readable.  Shared by `igdrom probe` and `igdrom doctor`, and by any manager that
 * links libigd.
 */
#ifndef IGD_ASSESS_H
#define IGD_ASSESS_H

#include "probe.h"

typedef struct igd_finding {
	bool problem;   /* false: a note */
	char text[320];
} igd_finding;

/* Fills up to `cap` findings; returns how many. */
size_t igd_assess_host(const igd_probe *p, igd_finding *f, size_t cap);

#endif
