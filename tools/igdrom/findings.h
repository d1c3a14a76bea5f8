/* SPDX-License-Identifier: BSD-2-Clause-Patent */
/* Findings shared by `igdrom probe` and `igdrom doctor`. */
#ifndef IGDROM_FINDINGS_H
#define IGDROM_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "igd/probe.h"

struct finding {
	bool problem;
	char text[240];
};

/* Host-side assessment of a probe; returns the number of findings. */
size_t assess(const igd_probe *p, struct finding *f, size_t cap);

#endif
