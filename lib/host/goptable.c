// SPDX-License-Identifier: BSD-2-Clause-Patent
/* The GOP's own device table, found by following its code (include/igd/goptable.h,
 * docs/gop-table.md).  x86 only (X64 and IA32 GOPs); capstone decodes the instructions.
 *
 * The following is deliberately small: one pass over a function's instructions in address order,
 * tracking which general registers hold an address in the image (from lea/mov of a data address,
 * a relocated pointer load, or an argument passed by the caller), which hold small constants, and
 * which are stepped by a constant (loop counters and walking pointers).  A table is an address
 * the code reads 16- or 32-bit values from with an index or a stepped pointer. */
#include "igd/goptable.h"

#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "igd/bytes.h"
#include "igd/pe.h"

#define MAX_DEPTH_SUPPORTED 3  /* Supported() and the helpers it calls, two levels down */
#define MAX_DEPTH_START 3
#define MAX_DEPTH_ENTRY 4      /* _ModuleEntryPoint -> ProcessModuleEntryPointList -> DriverEntry -> ... */
#define MAX_FUNCTION_INSNS 8192
#define MAX_TOTAL_INSNS (1u << 20) /* bounds the work on any input */
#define MAX_ANALYSES 400
#define MAX_CODE_SPAN (16u << 20)
#define MAX_ACCESSES 512
#define MAX_STEPS 256
#define MAX_COMPARES 256
#define MAX_STORES 256
#define MAX_TABLE_ENTRIES GOP_MAX_IDS
#define MAX_BINDINGS 64 /* candidate binding instances tried in address order */
#define NGPR 16
#define LOOP_REACH 96          /* bytes between a table read and the compare that ends its loop */
#define VENDOR_INTEL 0x8086

/* The PCI address of 00:1f.0 as Start() spells it to read the PCH's ID: CF8 (0x80000000 |
 * dev << 11) for offset 0 or 2, and EFI_PCI_ADDRESS(0, 0x1f, 0, reg) for PciRootBridgeIo
 * (UEFI 2.10 §14.2, "PCI Configuration Address"). */
static const uint64_t pch_address_constants[] = { 0x8000F800u, 0x8000F802u, 0x001F0000u, 0x001F0002u };

typedef enum { V_UNKNOWN, V_ADDR, V_IMM } value_kind;
typedef struct value {
	value_kind kind;
	uint32_t origin; /* V_ADDR: the address first taken (the table's name, in effect) */
	int64_t x;       /* V_ADDR: offset from origin; V_IMM: the constant */
} value;

typedef struct access { /* a 16- or 32-bit read from a table */
	uint32_t origin;
	int64_t offset;  /* of the read from origin, without the index */
	unsigned size;   /* 2 or 4 */
	unsigned scale;  /* index scale, 0 without an index */
	int index_gpr;
	int base_gpr;    /* the walking pointer, -1 for none */
	int function;    /* which analysed function */
	uint32_t insn;   /* the reading instruction */
	bool start_known; /* the index's value on the first pass (a byte offset or a count) */
	int64_t start;
} access;

typedef struct step { /* a register stepped by a constant in a function */
	int function, gpr;
	int64_t by;
	uint32_t origin; /* for a pointer: the table it walks; 0 otherwise */
	bool pointer;
} step;

typedef struct compare {
	int function, gpr;
	value against;
	uint32_t insn;
} compare;

typedef struct store { /* a constant written to a fixed address */
	uint32_t rva;
	unsigned size;
	int64_t value;
} store;

typedef struct reader {
	csh cs;
	cs_insn *insn;
	const uint8_t *img;
	size_t len;
	pe_layout pe;
	bool x64;
	uint32_t *relocs; /* sorted RVAs of pointer relocations */
	size_t nrelocs;
	uint8_t *seen;     /* per function: instruction starts, one bit per code byte */
	uint32_t code_lo, code_hi; /* the RVAs the code sections' file bytes cover */
	size_t total_insns;
	int functions;     /* counter: each analysis gets its own number */
	unsigned analyses; /* of this read, bounded: each costs a pass over the code's bitmap */
	uint32_t done[MAX_ANALYSES]; /* functions analysed with no addresses among their arguments */
	size_t ndone;
	bool collect;      /* record accesses (off while looking for the version) */
	uint32_t pch_read_at[64]; /* per function: where it names 00:1f.0 (0: it does not) */
	access acc[MAX_ACCESSES];
	size_t nacc;
	step steps[MAX_STEPS];
	size_t nsteps;
	compare cmps[MAX_COMPARES];
	size_t ncmps;
	store stores[MAX_STORES];
	size_t nstores;
} reader;

/* ---- registers ---------------------------------------------------------------------------- */

/* Capstone names each width of a register separately; the analysis keeps the 16 general
 * registers (the 8 of IA32 are the first 8). */
static int gpr_of(unsigned reg)
{
	static const unsigned names[NGPR][5] = {
		{ X86_REG_RAX, X86_REG_EAX, X86_REG_AX, X86_REG_AL, X86_REG_AH },
		{ X86_REG_RCX, X86_REG_ECX, X86_REG_CX, X86_REG_CL, X86_REG_CH },
		{ X86_REG_RDX, X86_REG_EDX, X86_REG_DX, X86_REG_DL, X86_REG_DH },
		{ X86_REG_RBX, X86_REG_EBX, X86_REG_BX, X86_REG_BL, X86_REG_BH },
		{ X86_REG_RSP, X86_REG_ESP, X86_REG_SP, X86_REG_SPL, 0 },
		{ X86_REG_RBP, X86_REG_EBP, X86_REG_BP, X86_REG_BPL, 0 },
		{ X86_REG_RSI, X86_REG_ESI, X86_REG_SI, X86_REG_SIL, 0 },
		{ X86_REG_RDI, X86_REG_EDI, X86_REG_DI, X86_REG_DIL, 0 },
		{ X86_REG_R8, X86_REG_R8D, X86_REG_R8W, X86_REG_R8B, 0 },
		{ X86_REG_R9, X86_REG_R9D, X86_REG_R9W, X86_REG_R9B, 0 },
		{ X86_REG_R10, X86_REG_R10D, X86_REG_R10W, X86_REG_R10B, 0 },
		{ X86_REG_R11, X86_REG_R11D, X86_REG_R11W, X86_REG_R11B, 0 },
		{ X86_REG_R12, X86_REG_R12D, X86_REG_R12W, X86_REG_R12B, 0 },
		{ X86_REG_R13, X86_REG_R13D, X86_REG_R13W, X86_REG_R13B, 0 },
		{ X86_REG_R14, X86_REG_R14D, X86_REG_R14W, X86_REG_R14B, 0 },
		{ X86_REG_R15, X86_REG_R15D, X86_REG_R15W, X86_REG_R15B, 0 },
	};
	if (reg == X86_REG_INVALID)
		return -1;
	for (int g = 0; g < NGPR; g++)
		for (int w = 0; w < 5; w++)
			if (names[g][w] == reg)
				return g;
	return -1;
}

/* Registers a call may change: the Microsoft x64 ABI's volatile ones (UEFI's calling
 * convention, UEFI 2.10 §2.3.4), or eax/ecx/edx for IA32 cdecl. */
static bool volatile_gpr(const reader *r, int g)
{
	if (!r->x64)
		return g <= 2;
	return g <= 2 || (g >= 8 && g <= 11);
}

/* ---- the image ---------------------------------------------------------------------------- */

static bool relocated(const reader *r, uint32_t rva)
{
	size_t lo = 0, hi = r->nrelocs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->relocs[mid] < rva)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nrelocs && r->relocs[lo] == rva;
}

static bool read_u16(const reader *r, uint32_t rva, uint16_t *v)
{
	size_t off = igd_pe_rva_to_offset(&r->pe, rva, 2);
	return off != SIZE_MAX && igd_get_le16(r->img, r->len, off, v) == IGD_OK;
}

static bool read_u32(const reader *r, uint32_t rva, uint32_t *v)
{
	size_t off = igd_pe_rva_to_offset(&r->pe, rva, 4);
	return off != SIZE_MAX && igd_get_le32(r->img, r->len, off, v) == IGD_OK;
}

/* The RVA a pointer-sized field at rva points to, when it is a relocated pointer into the image. */
static bool pointer_at(const reader *r, uint32_t rva, uint32_t *target)
{
	uint64_t v = 0;
	size_t off = igd_pe_rva_to_offset(&r->pe, rva, r->pe.pointer_size);
	if (off == SIZE_MAX || !relocated(r, rva))
		return false;
	if (r->pe.pointer_size == 8)
		igd_get_le64(r->img, r->len, off, &v);
	else {
		uint32_t v32;
		igd_get_le32(r->img, r->len, off, &v32);
		v = v32;
	}
	if (v < r->pe.image_base || v - r->pe.image_base >= r->pe.info.size_of_image)
		return false;
	*target = (uint32_t)(v - r->pe.image_base);
	return true;
}

static bool load_relocations(reader *r)
{
	pe_reloc_cursor c = { 0, 0 };
	uint32_t rva;
	unsigned type;
	size_t cap = 0;
	unsigned want = r->x64 ? PE_RELOC_DIR64 : PE_RELOC_HIGHLOW;
	while (igd_pe_next_relocation(r->img, r->len, &r->pe, &c, &rva, &type)) {
		if (type != want)
			continue;
		if (r->nrelocs == cap) {
			cap = cap ? cap * 2 : 256;
			if (cap > (1u << 22))
				break; /* more than any driver has */
			uint32_t *grown = realloc(r->relocs, cap * sizeof(*grown));
			if (!grown)
				return false;
			r->relocs = grown;
		}
		r->relocs[r->nrelocs++] = rva;
	}
	for (size_t i = 1; i < r->nrelocs; i++) { /* blocks come in page order; sort anyway */
		uint32_t v = r->relocs[i];
		size_t j = i;
		while (j && r->relocs[j - 1] > v) {
			r->relocs[j] = r->relocs[j - 1];
			j--;
		}
		r->relocs[j] = v;
	}
	return true;
}

/* ---- following a function ----------------------------------------------------------------- */

static bool decode_at(reader *r, uint32_t rva)
{
	size_t off = igd_pe_rva_to_offset(&r->pe, rva, 1);
	if (off == SIZE_MAX || !igd_pe_rva_is_code(&r->pe, rva) || r->total_insns >= MAX_TOTAL_INSNS)
		return false;
	const uint8_t *code = r->img + off;
	size_t avail = r->len - off;
	if (avail > 16)
		avail = 16;
	uint64_t address = rva;
	r->total_insns++;
	return cs_disasm_iter(r->cs, &code, &avail, &address, r->insn);
}

static bool ends_flow(const cs_insn *in)
{
	switch (in->id) {
	case X86_INS_RET: case X86_INS_RETF: case X86_INS_INT3: case X86_INS_UD2: case X86_INS_HLT:
		return true;
	case X86_INS_JMP:
		return true; /* direct: its target is queued; indirect: not followed */
	default:
		return false;
	}
}

/* The direct target of a jump or call, or -1. */
static int64_t direct_target(const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;
	if (x->op_count == 1 && x->operands[0].type == X86_OP_IMM)
		return x->operands[0].imm;
	return -1;
}

/* Marks the instruction starts of the function at entry (recursive descent within it: jumps
 * followed, calls not).  Returns how many were found. */
static bool is_seen(const reader *r, uint32_t rva)
{
	return rva >= r->code_lo && rva < r->code_hi && (r->seen[(rva - r->code_lo) / 8] & (1u << ((rva - r->code_lo) % 8)));
}

static size_t mark_function(reader *r, uint32_t entry, uint32_t *lo, uint32_t *hi)
{
	uint32_t work[512];
	size_t nwork = 0, count = 0;
	work[nwork++] = entry;
	while (nwork && count < MAX_FUNCTION_INSNS) {
		uint32_t at = work[--nwork];
		while (count < MAX_FUNCTION_INSNS) {
			if (at < r->code_lo || at >= r->code_hi || is_seen(r, at))
				break;
			if (!decode_at(r, at))
				break;
			r->seen[(at - r->code_lo) / 8] |= (uint8_t)(1u << ((at - r->code_lo) % 8));
			*lo = at < *lo ? at : *lo;
			*hi = at + 1 > *hi ? at + 1 : *hi;
			count++;
			if (cs_insn_group(r->cs, r->insn, CS_GRP_JUMP)) {
				int64_t t = direct_target(r->insn);
				if (t >= 0 && t < (int64_t)r->pe.info.size_of_image && nwork < sizeof(work) / sizeof(work[0]))
					work[nwork++] = (uint32_t)t;
			}
			if (ends_flow(r->insn))
				break;
			at = (uint32_t)(at + r->insn->size);
		}
	}
	return count;
}

static value unknown(void) { return (value){ V_UNKNOWN, 0, 0 }; }
static value imm(int64_t x) { return (value){ V_IMM, 0, x }; }
static value addr(uint32_t origin, int64_t off) { return (value){ V_ADDR, origin, off }; }

/* The address a memory operand names, when it is a fixed place in the image or a register
 * holding one; *via is the base register in the second case (-1 otherwise). */
static bool mem_address(const reader *r, const cs_insn *in, const x86_op_mem *m, const value *regs, value *out,
			int *via)
{
	*via = -1;
	if (m->base == X86_REG_RIP) {
		int64_t t = (int64_t)in->address + in->size + m->disp;
		if (t < 0 || t >= (int64_t)r->pe.info.size_of_image)
			return false;
		*out = addr((uint32_t)t, 0);
		return true;
	}
	if (m->base == X86_REG_INVALID && !r->x64) { /* IA32: an absolute, relocated address */
		int64_t t = m->disp - (int64_t)r->pe.image_base;
		if (m->disp < 0 && r->pe.image_base > 0x7FFFFFFF)
			t = (int64_t)(uint32_t)m->disp - (int64_t)r->pe.image_base;
		if (t < 0 || t >= (int64_t)r->pe.info.size_of_image)
			return false;
		*out = addr((uint32_t)t, 0);
		return true;
	}
	int b = gpr_of(m->base);
	if (b < 0)
		return false;
	if (!r->x64 && regs[b].kind != V_ADDR && m->disp - (int64_t)r->pe.image_base >= 0 &&
	    m->disp - (int64_t)r->pe.image_base < (int64_t)r->pe.info.size_of_image) {
		/* IA32 [reg + table] or [reg + reg*s + table]: the register is an index */
		*out = addr((uint32_t)(m->disp - (int64_t)r->pe.image_base), 0);
		return true;
	}
	value v = regs[b];
	if (v.kind == V_IMM && !r->x64 && v.x >= (int64_t)r->pe.image_base &&
	    v.x - (int64_t)r->pe.image_base < (int64_t)r->pe.info.size_of_image)
		v = addr((uint32_t)(v.x - (int64_t)r->pe.image_base), 0);
	if (v.kind != V_ADDR)
		return false;
	*out = addr(v.origin, v.x + m->disp);
	*via = b;
	return true;
}

static void add_step(reader *r, int fn, int gpr, int64_t by, const value *before)
{
	if (r->nsteps == MAX_STEPS)
		return;
	bool ptr = before->kind == V_ADDR;
	r->steps[r->nsteps++] = (step){ fn, gpr, by, ptr ? before->origin : 0, ptr };
}

static bool has_pch_constant(const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;
	for (int i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_IMM)
			for (size_t k = 0; k < sizeof(pch_address_constants) / sizeof(pch_address_constants[0]); k++)
				if ((uint64_t)(x->operands[i].imm & 0xFFFFFFFF) == pch_address_constants[k])
					return true;
	return false;
}

static void analyse(reader *r, uint32_t entry, int depth, const value *args);

/* One pass over the marked instructions in address order. */
static void interpret(reader *r, int fn, int depth, const value *args, uint32_t lo, uint32_t hi)
{
	value regs[NGPR];
	for (int g = 0; g < NGPR; g++)
		regs[g] = args ? args[g] : unknown();
	struct { uint32_t rva; value regs[NGPR]; } calls[32];
	size_t ncalls = 0;
	for (uint32_t at = lo; at < hi; at++) {
		if (!is_seen(r, at))
			continue;
		if (!decode_at(r, at))
			continue;
		const cs_insn *in = r->insn;
		const cs_x86 *x = &in->detail->x86;
		unsigned id = in->id;
		if (fn < 64 && !r->pch_read_at[fn] && has_pch_constant(in))
			r->pch_read_at[fn] = (uint32_t)in->address;
		/* memory operands: reads of table entries, constant stores */
		for (int i = 0; i < x->op_count; i++) {
			const cs_x86_op *op = &x->operands[i];
			if (op->type != X86_OP_MEM || id == X86_INS_LEA || id == X86_INS_NOP)
				continue;
			/* [counter + table]: the register holding the address may be either one */
			x86_op_mem m = op->mem;
			int mb = gpr_of(m.base), mi = gpr_of(m.index);
			if (mb >= 0 && mi >= 0 && m.scale == 1 && regs[mb].kind != V_ADDR && regs[mi].kind == V_ADDR) {
				m.base = op->mem.index;
				m.index = op->mem.base;
			}
			value a;
			int via;
			if (!mem_address(r, in, &m, regs, &a, &via))
				continue;
			if (id == X86_INS_MOV && i == 0 && x->op_count == 2 && x->operands[1].type == X86_OP_IMM &&
			    r->nstores < MAX_STORES && a.x >= 0)
				r->stores[r->nstores++] = (store){ (uint32_t)(a.origin + a.x), op->size, x->operands[1].imm };
			if (id == X86_INS_MOV && i == 0 && x->op_count == 2 && x->operands[1].type == X86_OP_REG &&
			    r->nstores < MAX_STORES && a.x >= 0) {
				int s = gpr_of(x->operands[1].reg);
				if (s >= 0 && regs[s].kind == V_IMM)
					r->stores[r->nstores++] = (store){ (uint32_t)(a.origin + a.x), op->size, regs[s].x };
			}
			/* the index: a register times the scale; an IA32 base that holds no address is
			 * one more index term ([ecx + ecx*1 + table] walks u16 entries) */
			int index = gpr_of(m.index);
			unsigned scale = index >= 0 ? (unsigned)m.scale : 0;
			int base = gpr_of(m.base);
			if (via < 0 && base >= 0 && m.base != X86_REG_RIP) {
				if (index < 0)
					index = base, scale = 1;
				else if (base == index)
					scale += 1;
			}
			bool walked = via >= 0 || index >= 0;
			/* where the first pass reads: an index with a known start (0, or -1 before a
			 * pre-incremented loop) moves it */
			int64_t first = a.x;
			bool start_known = index >= 0 && regs[index].kind == V_IMM && regs[index].x >= -(1 << 16) &&
					   regs[index].x <= (1 << 16);
			int64_t start = start_known ? regs[index].x : 0;
			if (start_known)
				first += start * (int64_t)scale;
			/* IA32 names a table field by its absolute address ([ecx*4 + table + 2]): the
			 * fields of one entry, read with the same index, are one table */
			if (via < 0 && index >= 0)
				for (size_t k = 0; k < r->nacc; k++) {
					const access *o = &r->acc[k];
					int64_t d = (int64_t)a.origin - (int64_t)o->origin;
					/* within one entry: the scale, or for a byte index any stride up to 64 */
					int64_t reach = scale >= 2 ? (int64_t)scale : 64;
					if (o->function == fn && o->index_gpr == index && o->scale == scale && d > -reach &&
					    d < reach && d) {
						first += d;
						a.origin = o->origin;
						break;
					}
				}
			if (r->collect && walked && (op->size == 2 || op->size == 4) && r->nacc < MAX_ACCESSES)
				r->acc[r->nacc++] = (access){ a.origin, first, op->size, scale, index, via, fn, (uint32_t)in->address,
							      start_known, start };
		}
		/* register effects */
		int dst = x->op_count >= 1 && x->operands[0].type == X86_OP_REG ? gpr_of(x->operands[0].reg) : -1;
		const cs_x86_op *src = x->op_count >= 2 ? &x->operands[1] : NULL;
		value result = unknown();
		bool handled = false;
		if (id == X86_INS_CALL) {
			int64_t t = direct_target(in);
			if (t >= 0 && depth > 1 && ncalls < sizeof(calls) / sizeof(calls[0])) {
				calls[ncalls].rva = (uint32_t)t;
				memcpy(calls[ncalls].regs, regs, sizeof(regs));
				ncalls++;
			}
			for (int g = 0; g < NGPR; g++)
				if (volatile_gpr(r, g))
					regs[g] = unknown();
			continue;
		}
		if (dst >= 0 && src) {
			int s = src->type == X86_OP_REG ? gpr_of(src->reg) : -1;
			switch (id) {
			case X86_INS_LEA: {
				value a;
				int via;
				int from = gpr_of(src->mem.base);
				if (src->mem.index == X86_REG_INVALID && mem_address(r, in, &src->mem, regs, &a, &via)) {
					result = a;
					if (via >= 0 && a.x != regs[via].x)
						add_step(r, fn, dst, a.x - regs[via].x, &regs[via]);
				} else if (src->mem.index == X86_REG_INVALID && from >= 0 && from != 4 &&
					   src->mem.disp >= -64 && src->mem.disp <= 64 && src->mem.disp) {
					/* lea edx, [ecx + 1]: a counter's next value */
					add_step(r, fn, dst, src->mem.disp, &regs[from]);
					if (regs[from].kind == V_IMM)
						result = imm(regs[from].x + src->mem.disp);
				}
				handled = true;
				break;
			}
			case X86_INS_MOV:
			case X86_INS_MOVABS:
				if (src->type == X86_OP_IMM && !r->x64 && src->imm >= (int64_t)r->pe.image_base &&
				    src->imm - (int64_t)r->pe.image_base < (int64_t)r->pe.info.size_of_image)
					result = addr((uint32_t)(src->imm - (int64_t)r->pe.image_base), 0); /* IA32 */
				else if (src->type == X86_OP_IMM)
					result = imm(r->x64 ? src->imm : (int64_t)(int32_t)src->imm); /* IA32: 32-bit */
				else if (s >= 0)
					result = regs[s];
				else if (src->type == X86_OP_MEM) {
					value a;
					int via;
					uint32_t target;
					if (src->size == r->pe.pointer_size && mem_address(r, in, &src->mem, regs, &a, &via) &&
					    src->mem.index == X86_REG_INVALID && a.x >= 0 &&
					    pointer_at(r, (uint32_t)(a.origin + a.x), &target))
						result = addr(target, 0);
				}
				handled = true;
				break;
			case X86_INS_XOR:
			case X86_INS_SUB:
				if (s == dst) {
					result = imm(0);
					handled = true;
					break;
				}
				/* fall through */
			case X86_INS_ADD:
				if (src->type == X86_OP_IMM) {
					int64_t by = id == X86_INS_ADD ? src->imm : id == X86_INS_SUB ? -src->imm : 0;
					if (id != X86_INS_XOR) {
						add_step(r, fn, dst, by, &regs[dst]);
						result = regs[dst];
						if (result.kind != V_UNKNOWN)
							result.x += by;
						handled = true;
					}
				}
				break;
			case X86_INS_TEST: /* test r, r: against 0 (a counter running up to zero) */
				if (s == dst && r->ncmps < MAX_COMPARES)
					r->cmps[r->ncmps++] = (compare){ fn, dst, imm(0), (uint32_t)in->address };
				continue;
			case X86_INS_CMP:
				if (r->ncmps < MAX_COMPARES)
					r->cmps[r->ncmps++] = (compare){ fn, dst,
									 src->type == X86_OP_IMM ? imm(src->imm)
									 : s >= 0	    ? regs[s]
											    : unknown(),
									 (uint32_t)in->address };
				continue; /* writes no register */
			default:
				break;
			}
		} else if (dst >= 0 && (id == X86_INS_INC || id == X86_INS_DEC)) {
			int64_t by = id == X86_INS_INC ? 1 : -1;
			add_step(r, fn, dst, by, &regs[dst]);
			result = regs[dst];
			if (result.kind != V_UNKNOWN)
				result.x += by;
			handled = true;
		}
		if (handled && dst >= 0) {
			/* a 32-bit write zero-extends; a narrower one keeps the rest: either way a constant
			 * or address kept in a narrower register is no longer known */
			if (x->operands[0].size < r->pe.pointer_size && result.kind == V_ADDR)
				result = unknown();
			regs[dst] = result;
			continue;
		}
		/* anything else: the registers it writes are no longer known */
		cs_regs written, read;
		uint8_t nw = 0, nr = 0;
		if (cs_regs_access(r->cs, in, read, &nr, written, &nw) == CS_ERR_OK)
			for (uint8_t k = 0; k < nw; k++) {
				int g = gpr_of(written[k]);
				if (g >= 0 && g != 4) /* rsp: the stack pointer moves, nothing lives in it */
					regs[g] = unknown();
			}
	}
	for (size_t i = 0; i < ncalls; i++) {
		value argv[NGPR];
		for (int g = 0; g < NGPR; g++) /* arguments: rcx, rdx, r8, r9 (MS x64); nothing for IA32 */
			argv[g] = r->x64 && (g == 1 || g == 2 || g == 8 || g == 9) ? calls[i].regs[g] : unknown();
		analyse(r, calls[i].rva, depth - 1, argv);
	}
}

static void analyse(reader *r, uint32_t entry, int depth, const value *args)
{
	if (depth <= 0 || r->total_insns >= MAX_TOTAL_INSNS || r->analyses >= MAX_ANALYSES)
		return;
	/* a helper called from many places (a log function) is followed once, unless a caller
	 * hands it an address (a table to scan) */
	bool plain = true;
	for (int g = 0; g < NGPR && args; g++)
		plain &= args[g].kind != V_ADDR;
	for (size_t i = 0; plain && i < r->ndone; i++)
		if (r->done[i] == entry)
			return;
	if (plain && r->ndone < MAX_ANALYSES)
		r->done[r->ndone++] = entry;
	r->analyses++;
	size_t bytes = ((size_t)(r->code_hi - r->code_lo) + 7) / 8;
	/* clearing and copying the bitmap, and the pass over [lo, hi) below, are charged to the
	 * decoding budget: a huge code section cannot make the analyses cost more than it */
	if (bytes / 64 >= MAX_TOTAL_INSNS - r->total_insns)
		return;
	r->total_insns += bytes / 64;
	memset(r->seen, 0, bytes);
	uint32_t lo = UINT32_MAX, hi = 0;
	if (!mark_function(r, entry, &lo, &hi))
		return;
	size_t cost = (size_t)(hi - lo) / 16;
	if (cost >= MAX_TOTAL_INSNS - r->total_insns)
		return;
	r->total_insns += cost;
	/* the callees reuse r->seen: keep this function's marks for the pass */
	uint8_t *mine = malloc(bytes);
	if (!mine)
		return;
	memcpy(mine, r->seen, bytes);
	uint8_t *shared = r->seen;
	r->seen = mine;
	int fn = r->functions++;
	interpret(r, fn, depth, args, lo, hi);
	r->seen = shared;
	free(mine);
}

/* ---- from reads to a table ---------------------------------------------------------------- */

typedef struct table {
	uint32_t origin;
	int64_t field;     /* of the device ID, from origin */
	unsigned stride;
	size_t entries;
	bool count_from_code;
	bool has_vendor;   /* {vendor, device} entries: only Intel's (0x8086) count */
	int64_t vendor_at; /* the vendor field, from origin */
} table;

static bool plausible_id(uint16_t v) { return v != 0 && v != 0xFFFF; }

static bool field_at(const reader *r, const table *t, int64_t field, size_t k, uint16_t *v)
{
	int64_t at = (int64_t)t->origin + field + (int64_t)(k * t->stride);
	return at >= 0 && at <= UINT32_MAX && read_u16(r, (uint32_t)at, v);
}

/* Every one of n entries holds an ID (and a vendor, for {vendor, device} entries). */
static bool entries_ok(const reader *r, const table *t, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		uint16_t v;
		if (!field_at(r, t, t->field, k, &v) || !plausible_id(v))
			return false;
		if (t->has_vendor && (!field_at(r, t, t->vendor_at, k, &v) || !plausible_id(v)))
			return false;
	}
	return n > 0;
}

/* Does the field at this offset hold Intel's vendor ID in each of n entries? */
static bool intel_field(const reader *r, const table *t, int64_t field, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		uint16_t v;
		if (!field_at(r, t, field, k, &v) || v != VENDOR_INTEL)
			return false;
	}
	return n > 0;
}

/* The entries up to the first that holds no ID (0 or 0xFFFF: a terminator, or what follows). */
static size_t entries_to_terminator(const reader *r, const table *t)
{
	size_t n = 0;
	while (n < MAX_TABLE_ENTRIES) {
		table one = *t;
		one.origin = (uint32_t)((int64_t)t->origin + (int64_t)(n * t->stride));
		if (!entries_ok(r, &one, 1))
			break;
		n++;
	}
	return n;
}

/* A walk that stops at a 0 over printable ASCII is a string compare, not a device table. */
static bool looks_like_text(const reader *r, const table *t)
{
	if (t->stride != 2 || t->entries <= 4)
		return false;
	for (size_t k = 0; k < t->entries; k++) {
		uint16_t v;
		if (!field_at(r, t, t->field, k, &v) || v < 0x20 || v > 0x7E)
			return false;
	}
	return true;
}

/* Builds the table a group of reads (one origin, one function) describes. */
static bool make_table(const reader *r, uint32_t origin, int fn, table *out)
{
	unsigned stride = 0, size = 0;
	int64_t fields[8];
	size_t nfields = 0;
	int counters[4];
	int64_t counter_start[4]; /* the counter's value on the first pass, 0 when not known */
	bool counter_known[4] = { false, false, false, false };
	size_t ncounters = 0;
	for (size_t i = 0; i < r->nacc; i++) {
		const access *a = &r->acc[i];
		if (a->origin != origin || a->function != fn)
			continue;
		if (a->scale >= 2 && !stride)
			stride = a->scale;
		if (a->index_gpr >= 0) { /* one entry per register, its first known start kept */
			size_t k = 0;
			while (k < ncounters && counters[k] != a->index_gpr)
				k++;
			if (k == ncounters && ncounters < 4) {
				counters[ncounters] = a->index_gpr;
				counter_start[ncounters++] = a->start_known ? a->start : 0;
				counter_known[k] = a->start_known;
			} else if (k < ncounters && !counter_known[k] && a->start_known) {
				counter_start[k] = a->start;
				counter_known[k] = true;
			}
		}
		if (nfields < 8)
			fields[nfields++] = a->offset;
		size = size > a->size ? size : a->size;
	}
	/* a walking pointer: the constant the function steps it by */
	bool walked = stride != 0;
	for (size_t i = 0; i < r->nsteps && !stride; i++)
		if (r->steps[i].function == fn && r->steps[i].pointer && r->steps[i].origin == origin && r->steps[i].by > 0 &&
		    r->steps[i].by <= 64) {
			stride = (unsigned)r->steps[i].by;
			walked = true;
		}
	/* an index with scale 1 stepped by the entry size */
	for (size_t c = 0; c < ncounters && !stride; c++)
		for (size_t i = 0; i < r->nsteps && !stride; i++)
			if (r->steps[i].function == fn && r->steps[i].gpr == counters[c] && r->steps[i].by >= 2 &&
			    r->steps[i].by <= 64) {
				stride = (unsigned)r->steps[i].by;
				walked = true;
			}
	if (!walked || !nfields)
		return false; /* one read of a variable, not a walk over a table */
	table t = { .origin = origin, .stride = stride };
	/* the device field: the lowest read; {vendor, device} entries, as PCI config space orders
	 * them, when the loop reads two fields 2 bytes apart or one 32-bit field whose low half is
	 * Intel's vendor ID */
	int64_t lowest = fields[0];
	for (size_t i = 1; i < nfields; i++)
		lowest = fields[i] < lowest ? fields[i] : lowest;
	t.field = lowest;
	if (size == 4 && stride >= 4 && intel_field(r, &t, lowest, 2)) {
		t.has_vendor = true;
		t.vendor_at = lowest;
		t.field = lowest + 2;
	}
	for (size_t i = 0; i < nfields && !t.has_vendor && stride >= 4; i++)
		if (fields[i] == lowest + 2) {
			t.has_vendor = true;
			t.vendor_at = lowest;
			t.field = lowest + 2;
		}
	/* the length: the largest count that a compare near the reads (the same loop) holds a
	 * counter or the pointer against, and that gives entries all holding IDs; a counter that
	 * steps by the entry size counts bytes */
	size_t best = 0;
	for (size_t i = 0; i < r->ncmps; i++) {
		const compare *c = &r->cmps[i];
		if (c->function != fn || c->gpr < 0)
			continue;
		bool near = false;
		for (size_t k = 0; k < r->nacc && !near; k++)
			near = r->acc[k].function == fn && r->acc[k].origin == origin &&
			       (c->insn > r->acc[k].insn ? c->insn - r->acc[k].insn : r->acc[k].insn - c->insn) <= LOOP_REACH;
		if (!near)
			continue;
		bool counter = false, pointer = false, bytes = false;
		for (size_t k = 0; k < r->nsteps; k++)
			if (r->steps[k].function == fn && r->steps[k].gpr == c->gpr) {
				counter |= !r->steps[k].pointer;
				pointer |= r->steps[k].pointer && r->steps[k].origin == origin;
				bytes |= r->steps[k].by == (int64_t)stride && stride > 1;
			}
		int64_t from = 0;
		for (size_t k = 0; k < ncounters; k++)
			if (counters[k] == c->gpr) {
				counter = true;
				from = counter_start[k];
			}
		/* the count: the bound itself, or the bound less the counter's start, in entries or
		 * (a counter stepping by the entry size) in bytes */
		int64_t tries[4] = { -1, -1, -1, -1 };
		if (pointer && c->against.kind == V_ADDR && c->against.origin == origin)
			tries[0] = (c->against.x - lowest) / (int64_t)stride + 1;
		else if (counter && c->against.kind == V_IMM && c->against.x >= 0) {
			tries[0] = c->against.x;
			tries[1] = c->against.x - from;
			if (bytes && c->against.x % stride == 0)
				tries[2] = c->against.x / stride;
			if (bytes && (c->against.x - from) % stride == 0)
				tries[3] = (c->against.x - from) / stride;
		}
		for (int k = 0; k < 4; k++) {
			int64_t n = tries[k];
			if (n > 0 && n <= MAX_TABLE_ENTRIES && (size_t)n > best && entries_ok(r, &t, (size_t)n))
				best = (size_t)n;
		}
	}
	if (best) {
		t.entries = best;
		t.count_from_code = true;
	} else {
		t.entries = entries_to_terminator(r, &t);
	}
	if (!t.entries || (!t.count_from_code && looks_like_text(r, &t)))
		return false;
	/* a field that holds a relocated pointer is a name or a link, not an ID */
	int64_t field_rva = (int64_t)t.origin + t.field;
	for (int64_t back = 0; back < 8 && field_rva - back >= 0; back += 2)
		if (relocated(r, (uint32_t)(field_rva - back)))
			return false;
	/* the origin is the array's start (the address the code names): entries the compiler
	 * checked before the loop, as constants, lie between it and the first one the loop reads */
	while (t.field >= (int64_t)t.stride && (!t.has_vendor || t.vendor_at >= (int64_t)t.stride)) {
		table before = t;
		before.field -= t.stride;
		before.vendor_at -= t.stride;
		if (!entries_ok(r, &before, 1))
			break;
		t = before;
		t.entries++;
	}
	*out = t;
	return true;
}

static void table_ids(const reader *r, const table *t, gop_ids *ids)
{
	for (size_t k = 0; k < t->entries; k++) {
		uint16_t v, vendor;
		if (t->has_vendor && (!field_at(r, t, t->vendor_at, k, &vendor) || vendor != VENDOR_INTEL))
			continue; /* another vendor's device */
		if (field_at(r, t, t->field, k, &v)) {
			igd_gop_ids_add(ids, v);
			if (ids->first_offset == SIZE_MAX)
				ids->first_offset = igd_pe_rva_to_offset(&r->pe, (uint32_t)((int64_t)t->origin + t->field), 2);
		}
	}
}

/* ---- the driver binding ------------------------------------------------------------------- */

typedef struct binding {
	uint32_t rva, supported, start, stop, version;
} binding;

/* {Supported, Start, Stop}: three relocated pointers into code, then Version and the two
 * handles, none of them relocated (EFI_DRIVER_BINDING_PROTOCOL). */
static size_t find_bindings(const reader *r, binding *out, size_t cap)
{
	size_t n = 0;
	unsigned p = r->pe.pointer_size;
	for (size_t i = 0; i < r->nrelocs && n < cap; i++) {
		uint32_t at = r->relocs[i], f[3];
		bool ok = true;
		for (unsigned k = 0; k < 3 && ok; k++)
			ok = pointer_at(r, at + k * p, &f[k]) && igd_pe_rva_is_code(&r->pe, f[k]);
		if (!ok || f[0] == f[1] || f[1] == f[2] || f[0] == f[2])
			continue;
		uint32_t version_at = at + 3 * p, handles_at = at + 4 * p;
		if (relocated(r, version_at) || relocated(r, handles_at) || relocated(r, handles_at + p))
			continue;
		uint32_t v = 0;
		if (!read_u32(r, version_at, &v))
			continue;
		out[n++] = (binding){ at, f[0], f[1], f[2], v };
	}
	return n;
}

void igd_gop_version_format(uint32_t v, char *out, size_t cap)
{
	snprintf(out, cap, "%u.%u.%u", v >> 24, (v >> 16) & 0xFF, v & 0xFFFF);
}

static void reset_observations(reader *r)
{
	r->nacc = r->nsteps = r->ncmps = 0;
	r->functions = 0;
	r->ndone = 0;
	r->analyses = 0;
	memset(r->pch_read_at, 0, sizeof(r->pch_read_at));
}

/* The tables the analysed functions walk (in data, not jump tables in code). */
static size_t collect_tables(const reader *r, table *out, int *fn_of, uint32_t *read_at, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nacc && n < cap; i++) {
		const access *a = &r->acc[i];
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = r->acc[k].origin == a->origin && r->acc[k].function == a->function;
		table t;
		if (!dup && !igd_pe_rva_is_code(&r->pe, a->origin) && make_table(r, a->origin, a->function, &t)) {
			fn_of[n] = a->function;
			read_at[n] = a->insn;
			out[n++] = t;
		}
	}
	return n;
}

igd_status igd_gop_read_table(const uint8_t *image, size_t len, igd_gop_table *ret)
{
	if (!image || !ret)
		return IGD_ERR_INVALID;
	memset(ret, 0, sizeof(*ret));
	ret->ids.first_offset = ret->pch.first_offset = SIZE_MAX;
	reader *r = calloc(1, sizeof(*r));
	if (!r)
		return IGD_ERR_NOMEM;
	igd_status st = IGD_OK;
	const char *why = NULL;
	r->img = image;
	r->len = len;
	if (igd_pe_layout(image, len, &r->pe, NULL) != IGD_OK)
		why = "not a PE image";
	else if (r->pe.info.machine != PE_MACHINE_X64 && r->pe.info.machine != PE_MACHINE_IA32)
		why = "not an x86 image";
	else if (r->pe.info.size_of_image > (64u << 20))
		why = "image size over 64 MiB";
	if (!why) {
		r->x64 = r->pe.info.machine == PE_MACHINE_X64;
		if (cs_open(CS_ARCH_X86, r->x64 ? CS_MODE_64 : CS_MODE_32, &r->cs) != CS_ERR_OK) {
			free(r);
			return IGD_ERR_NOMEM;
		}
		cs_option(r->cs, CS_OPT_DETAIL, CS_OPT_ON);
		r->insn = cs_malloc(r->cs);
		r->code_lo = UINT32_MAX;
		for (size_t i = 0; i < r->pe.section_count; i++) {
			const pe_section *sec = &r->pe.section[i];
			uint32_t body = igd_pe_section_file_bytes(sec);
			if (!(sec->characteristics & (PE_SCN_MEM_EXECUTE | PE_SCN_CNT_CODE)) || !body ||
			    (uint64_t)sec->rva + body > UINT32_MAX || igd_pe_rva_to_offset(&r->pe, sec->rva, body) == SIZE_MAX)
				continue;
			r->code_lo = sec->rva < r->code_lo ? sec->rva : r->code_lo;
			r->code_hi = sec->rva + body > r->code_hi ? sec->rva + body : r->code_hi;
		}
		if (r->code_lo == UINT32_MAX)
			r->code_lo = r->code_hi = 0;
		if (r->code_hi - r->code_lo > MAX_CODE_SPAN)
			why = "code sections spread over more than 16 MiB";
		if (!why) {
			r->seen = calloc(((size_t)(r->code_hi - r->code_lo) + 7) / 8 + 1, 1);
			if (!r->insn || !r->seen || !load_relocations(r))
				st = IGD_ERR_NOMEM;
			else if (!r->nrelocs)
				why = "no base relocations";
		}
	}
	binding b[MAX_BINDINGS];
	size_t nb = 0;
	if (!st && !why && !(nb = find_bindings(r, b, MAX_BINDINGS)))
		why = "no driver binding found in its data";
	size_t chosen = SIZE_MAX;
	table tables[8];
	size_t nt = 0;
	for (size_t i = 0; !st && !why && i < nb && chosen == SIZE_MAX; i++) {
		reset_observations(r);
		r->collect = true;
		analyse(r, b[i].supported, MAX_DEPTH_SUPPORTED, NULL);
		int fn_of[8];
		uint32_t read_at[8];
		nt = collect_tables(r, tables, fn_of, read_at, 8);
		if (nt)
			chosen = i;
	}
	if (!st && !why && chosen == SIZE_MAX)
		why = "Supported() walks no table";
	if (chosen != SIZE_MAX) {
		const binding *bd = &b[chosen];
		ret->found_by = IGD_GOP_FOUND_BY_CODE;
		ret->binding_rva = bd->rva;
		ret->supported_rva = bd->supported;
		ret->table_rva = (uint32_t)((int64_t)tables[0].origin + tables[0].field);
		ret->stride = tables[0].stride;
		ret->count_from_code = true;
		for (size_t i = 0; i < nt; i++) {
			table_ids(r, &tables[i], &ret->ids);
			ret->entries += tables[i].entries;
			ret->count_from_code &= tables[i].count_from_code;
		}
		bool vendors = false;
		for (size_t i = 0; i < nt; i++)
			vendors |= tables[i].has_vendor;
		snprintf(ret->how, sizeof(ret->how),
			 "Supported() at RVA 0x%X reads %zu entries of %u bytes at RVA 0x%X%s (length from the %s)",
			 bd->supported, ret->entries, ret->stride, ret->table_rva,
			 vendors ? ", {vendor, device}" : "", ret->count_from_code ? "code's count" : "data: up to a terminator");
		/* the PCH IDs: a table walked by code under Start() that reads 00:1f.0 */
		reset_observations(r);
		r->collect = true;
		analyse(r, bd->start, MAX_DEPTH_START, NULL);
		/* of the tables in a function that names 00:1f.0, the first one read after it (the
		 * device table, which Start() may scan again, is not a PCH table) */
		table pch[8];
		int fn_of[8];
		uint32_t read_at[8];
		size_t np = collect_tables(r, pch, fn_of, read_at, 8), pick = SIZE_MAX;
		for (size_t i = 0; i < np; i++) {
			bool device_table = false;
			for (size_t k = 0; k < nt; k++)
				device_table |= pch[i].origin == tables[k].origin;
			uint32_t named = fn_of[i] < 64 ? r->pch_read_at[fn_of[i]] : 0;
			if (device_table || !named)
				continue;
			bool after = read_at[i] > named;
			bool best_after = pick != SIZE_MAX && read_at[pick] > r->pch_read_at[fn_of[pick]];
			if (pick == SIZE_MAX || (after && (!best_after || read_at[i] < read_at[pick])) ||
			    (!after && !best_after && read_at[i] > read_at[pick]))
				pick = i;
		}
		if (pick != SIZE_MAX) {
			table_ids(r, &pch[pick], &ret->pch);
			ret->pch_table_rva = (uint32_t)((int64_t)pch[pick].origin + pch[pick].field);
		}
		/* the version: what the code stores into the binding's Version (the entry point, or
		 * what it calls), else the static value */
		reset_observations(r);
		r->collect = false;
		r->nstores = 0;
		analyse(r, r->pe.info.entry_point, MAX_DEPTH_ENTRY, NULL);
		uint32_t version_at = bd->rva + 3 * r->pe.pointer_size;
		for (size_t i = 0; i < r->nstores; i++)
			if (r->stores[i].rva == version_at && r->stores[i].size == 4) {
				ret->version = (uint32_t)r->stores[i].value;
				ret->has_version = ret->version_from_code = true;
			}
		if (!ret->has_version && bd->version) {
			ret->version = bd->version;
			ret->has_version = true;
		}
	}
	if (r->insn)
		cs_free(r->insn, 1);
	if (r->cs)
		cs_close(&r->cs);
	free(r->seen);
	free(r->relocs);
	free(r);
	if (st)
		return st;
	if (ret->found_by == IGD_GOP_FOUND_NOTHING) {
		/* the byte search of gop.h, said to be one */
		gop_ids found;
		if (igd_gop_supported_ids(image, len, &found) == IGD_OK && found.count) {
			ret->ids = found;
			ret->found_by = IGD_GOP_FOUND_BY_SEARCH;
			snprintf(ret->how, sizeof(ret->how), "table search, unverified (%s)", why ? why : "code not followed");
		} else
			snprintf(ret->how, sizeof(ret->how), "no table found (%s; the table search found none either)",
				 why ? why : "code not followed");
	}
	return IGD_OK;
}
