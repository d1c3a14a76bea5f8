// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/e820.h"

void igd_e820_init(e820_table *t, e820_entry *storage, size_t cap)
{
	t->entries = storage;
	t->count = 0;
	t->cap = cap;
}

static uint64_t end_of(const e820_entry *e)
{
	return e->addr + e->len;
}

/* Merges entry i with its neighbours when they touch and share a type. */
static void merge_around(e820_table *t, size_t i)
{
	if (i + 1 < t->count && end_of(&t->entries[i]) == t->entries[i + 1].addr &&
	    t->entries[i].type == t->entries[i + 1].type) {
		t->entries[i].len += t->entries[i + 1].len;
		memmove(&t->entries[i + 1], &t->entries[i + 2], (t->count - i - 2) * sizeof(e820_entry));
		t->count--;
	}
	if (i > 0 && end_of(&t->entries[i - 1]) == t->entries[i].addr &&
	    t->entries[i - 1].type == t->entries[i].type) {
		t->entries[i - 1].len += t->entries[i].len;
		memmove(&t->entries[i], &t->entries[i + 1], (t->count - i - 1) * sizeof(e820_entry));
		t->count--;
	}
}

static igd_status insert_at(e820_table *t, size_t i, e820_entry e)
{
	if (t->count == t->cap)
		return IGD_ERR_NOSPACE;
	memmove(&t->entries[i + 1], &t->entries[i], (t->count - i) * sizeof(e820_entry));
	t->entries[i] = e;
	t->count++;
	return IGD_OK;
}

igd_status igd_e820_add(e820_table *t, uint64_t addr, uint64_t len, uint32_t type)
{
	size_t i = 0;
	if (len == 0 || addr + len < addr)
		return IGD_ERR_INVALID;
	while (i < t->count && t->entries[i].addr < addr)
		i++;
	if ((i > 0 && end_of(&t->entries[i - 1]) > addr) ||
	    (i < t->count && t->entries[i].addr < addr + len))
		return IGD_ERR_RANGE;
	igd_status st = insert_at(t, i, (e820_entry){ addr, len, type });
	if (st == IGD_OK)
		merge_around(t, i);
	return st;
}

igd_status igd_e820_carve(e820_table *t, uint64_t addr, uint64_t len, uint32_t type)
{
	size_t i;
	if (len == 0 || addr + len < addr)
		return IGD_ERR_INVALID;
	for (i = 0; i < t->count; i++)
		if (t->entries[i].addr <= addr && end_of(&t->entries[i]) > addr)
			break;
	if (i == t->count || t->entries[i].type != E820_RAM || end_of(&t->entries[i]) < addr + len)
		return IGD_ERR_RANGE; /* only RAM can be carved, and the range must lie in one entry */
	if (type == E820_RAM)
		return IGD_OK;
	e820_entry ram = t->entries[i];
	size_t need = (ram.addr < addr) + (end_of(&ram) > addr + len);
	if (t->count + need > t->cap)
		return IGD_ERR_NOSPACE;
	/* [ram.addr, addr) RAM, [addr, addr+len) type, [addr+len, end) RAM */
	t->entries[i] = (e820_entry){ addr, len, type };
	if (end_of(&ram) > addr + len)
		insert_at(t, i + 1, (e820_entry){ addr + len, end_of(&ram) - addr - len, E820_RAM });
	if (ram.addr < addr) {
		insert_at(t, i, (e820_entry){ ram.addr, addr - ram.addr, E820_RAM });
		i++;
	}
	merge_around(t, i);
	return IGD_OK;
}

igd_status igd_e820_alloc(e820_table *t, uint64_t len, uint64_t align, uint32_t type,
		      e820_policy policy, uint64_t addr, uint64_t *ret)
{
	if (len == 0 || align == 0 || (align & (align - 1)))
		return IGD_ERR_INVALID;
	if (align < E820_PAGE)
		align = E820_PAGE;
	if (len > UINT64_MAX - E820_PAGE)
		return IGD_ERR_INVALID;
	len = (len + E820_PAGE - 1) & ~(uint64_t)(E820_PAGE - 1);

	if (policy == E820_ALLOC_SPECIFIC) {
		if (addr & (E820_PAGE - 1))
			return IGD_ERR_INVALID;
		igd_status st = igd_e820_carve(t, addr, len, type);
		if (st == IGD_OK)
			*ret = addr;
		return st;
	}
	bool found = false;
	uint64_t best = 0;
	for (size_t i = 0; i < t->count; i++) {
		const e820_entry *e = &t->entries[i];
		uint64_t lo, hi, cand;
		if (e->type != E820_RAM || e->len < len)
			continue;
		if (policy == E820_ALLOC_HIGHEST) {
			hi = end_of(e) < addr ? end_of(e) : addr; /* addr is an exclusive limit */
			if (hi < e->addr + len)
				continue;
			cand = (hi - len) & ~(align - 1);
			if (cand < e->addr)
				continue;
			if (!found || cand > best)
				best = cand, found = true;
		} else {
			lo = e->addr > addr ? e->addr : addr;
			if (lo > UINT64_MAX - (align - 1))
				continue;
			cand = (lo + align - 1) & ~(align - 1);
			if (cand < lo || cand + len > end_of(e) || cand + len < cand)
				continue;
			if (!found || cand < best)
				best = cand, found = true;
		}
	}
	if (!found)
		return IGD_ERR_NOT_FOUND;
	igd_status st = igd_e820_carve(t, best, len, type);
	if (st == IGD_OK)
		*ret = best;
	return st;
}

igd_status igd_e820_validate(const e820_table *t, igd_where *where)
{
	for (size_t i = 0; i < t->count; i++) {
		const e820_entry *e = &t->entries[i];
		const char *what = NULL;
		if (e->len == 0)
			what = "empty entry";
		else if (e->addr + e->len < e->addr)
			what = "entry wraps past 2^64";
		else if (i > 0 && end_of(&t->entries[i - 1]) > e->addr)
			what = "entries overlap or are out of order";
		else if (i > 0 && end_of(&t->entries[i - 1]) == e->addr && t->entries[i - 1].type == e->type)
			what = "adjacent entries of the same type are not merged";
		if (what) {
			if (where) {
				where->offset = i * E820_ENTRY_SIZE;
				where->what = what;
			}
			return IGD_ERR_CORRUPT;
		}
	}
	return IGD_OK;
}

uint32_t igd_e820_type_at(const e820_table *t, uint64_t addr)
{
	for (size_t i = 0; i < t->count; i++)
		if (t->entries[i].addr <= addr && addr - t->entries[i].addr < t->entries[i].len)
			return t->entries[i].type;
	return 0;
}
