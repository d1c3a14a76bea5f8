/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * A guest E820 table for hypervisors: add RAM, carve reservations out of RAM, allocate
 * (at a specific address, highest or lowest fit, aligned), validate, merge.  Storage is the
 * caller's array.  The rules follow bhyve's usr.sbin/bhyve/amd64/e820.c (non-RAM entries are
 * carved only from RAM; adjacent entries of one type merge) plus one bhyve learned the hard
 * way (FreeBSD D45336): reservations are widened to whole pages so no page is shared by two
 * entries, because EDK2 can only honour page-granular ranges.  Encoding to `etc/e820` is in
 * fwcfg.h.
 */
#ifndef IGD_E820_H
#define IGD_E820_H

#include "env.h"
#include "error.h"
#include "fwcfg.h"

#define E820_PAGE 4096u

typedef struct e820_table {
	e820_entry *entries; /* sorted by address, no overlaps */
	size_t count, cap;
} e820_table;

typedef enum e820_policy {
	E820_ALLOC_SPECIFIC, /* exactly at `addr` */
	E820_ALLOC_HIGHEST,  /* highest aligned fit ending at or below `addr` (a limit) */
	E820_ALLOC_LOWEST,   /* lowest aligned fit at or above `addr` */
} e820_policy;

void igd_e820_init(e820_table *t, e820_entry *storage, size_t cap);

/* Adds a range of any type where the table has nothing (overlap is IGD_ERR_RANGE). */
igd_status igd_e820_add(e820_table *t, uint64_t addr, uint64_t len, uint32_t type);

/* Turns [addr, addr + len) of RAM into `type`; the whole range must be RAM. */
igd_status igd_e820_carve(e820_table *t, uint64_t addr, uint64_t len, uint32_t type);

/* Finds `len` bytes of RAM by policy (align: power of two, >= 1) and carves them as `type`.
 * Page-granular: len and the result are rounded to E820_PAGE. */
igd_status igd_e820_alloc(e820_table *t, uint64_t len, uint64_t align, uint32_t type,
		      e820_policy policy, uint64_t addr, uint64_t *ret);

/* Sorted, non-overlapping, non-empty, no wrap; adjacent same-type entries merged. */
igd_status igd_e820_validate(const e820_table *t, igd_where *where);

/* The type covering addr, or 0 when no entry does. */
uint32_t igd_e820_type_at(const e820_table *t, uint64_t addr);

#endif
