// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * A synthetic GOP driver image for the table reader's unit tests (tests/unit/test_goptable.c):
 * never run, only read.  It has the shape that matters in Intel's GOPs (issue 15): a static
 * driver binding {Supported, Start, Stop, Version 0, NULL, NULL} whose Version the entry point
 * fills in, a Supported() that reads the device ID through PciIo and scans one device table,
 * decoy ID arrays that other code reads, and a Start() that reads 00:1f.0 through CF8/CFC and
 * scans a table of PCH IDs.  LAYOUT (layouts.h) picks how the device table is laid out and
 * walked.  Freestanding: the few UEFI types are spelled here.
 */
#include "layouts.h"

typedef unsigned short u16;
typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef u64 status;
#define EFIAPI __attribute__((ms_abi))
#if defined(__i386__)
#undef EFIAPI
#define EFIAPI
#endif
#define UNSUPPORTED 0x8000000000000003ull
#define DEVICE_ERROR 0x8000000000000007ull

typedef struct binding binding;
struct binding {
	status(EFIAPI *supported)(binding *self, void *controller, void *remaining);
	status(EFIAPI *start)(binding *self, void *controller, void *remaining);
	status(EFIAPI *stop)(binding *self, void *controller, u64 n, void **children);
	u32 version;
	void *image;
	void *handle;
};
typedef struct pci_io pci_io;
struct pci_io {
	void *poll[2];
	struct {
		status(EFIAPI *read)(pci_io *self, u32 width, u32 offset, u64 count, void *buffer);
	} pci;
};
typedef struct boot_services {
	status(EFIAPI *open_protocol)(void *handle, const void *guid, void **iface, void *agent, void *controller,
				      u32 attributes);
	status(EFIAPI *close_protocol)(void *handle, const void *guid, void *agent, void *controller);
	status(EFIAPI *install)(void **handle, const void *guid, u32 type, void *iface);
} boot_services;

static boot_services *bs;
static const u8 pci_io_guid[16] = { 0xfb, 0x6e, 0xb9, 0x4c, 0x2d, 0x8a, 0xa6, 0x4a,
				    0x90, 0x80, 0x2a, 0x14, 0x93, 0x87, 0xf4, 0x39 };
static const u8 binding_guid[16] = { 0xab, 0x31, 0xa0, 0x18, 0x43, 0xb4, 0x1a, 0x4d,
				     0xa5, 0xc0, 0x0c, 0x09, 0x26, 0x1e, 0x9f, 0x71 };

#if LAYOUT == LAYOUT_PAIRS
static const struct { u16 vendor, device; } device_table[] = {
#define E(id) { 0x8086, id },
	E(0x3E90) E(0x3E91) E(0x3E92) E(0x3E98) E(0x3E9B) E(0x9BC8) E(0x4680) E(0x4681) E(0x4690) E(0x4692)
	E(0x46A6) E(0x0BD0) E(0xCAFE) E(0xFF20) E(0xA780)
#undef E
};
#elif LAYOUT == LAYOUT_STRUCT
static const struct { u16 device; u8 gen, flags; u32 features; } device_table[] = {
#define E(id) { id, 12, 1, 0x10u },
	E(0x3E90) E(0x3E91) E(0x3E92) E(0x3E98) E(0x3E9B) E(0x9BC8) E(0x4680) E(0x4681) E(0x4690) E(0x4692)
	E(0x46A6) E(0x0BD0) E(0xCAFE) E(0xFF20) E(0xA780)
#undef E
};
#elif LAYOUT == LAYOUT_NAMED
static const char cfl[] = "Coffee Lake", adl[] = "Alder Lake", other[] = "other";
static const struct { u16 device; u32 flags; const char *name; } device_table[] = {
#define E(id, n) { id, 1, n },
	E(0x3E90, cfl) E(0x3E91, cfl) E(0x3E92, cfl) E(0x3E98, cfl) E(0x3E9B, cfl) E(0x9BC8, other) E(0x4680, adl)
	E(0x4681, adl) E(0x4690, adl) E(0x4692, adl) E(0x46A6, adl) E(0x0BD0, other) E(0xCAFE, other)
	E(0xFF20, other) E(0xA780, other)
#undef E
};
#elif LAYOUT == LAYOUT_TERMINATED
static const u16 device_table[] = { SYNTH_SCANNED_IDS, 0 };
#else
static const u16 device_table[] = { SYNTH_SCANNED_IDS };
#endif
static const u16 old_generations[] = { SYNTH_DECOY_OLD_IDS };
static const u16 newer_generations[] = { SYNTH_DECOY_NEW_IDS };
static const u16 pch_table[] = { SYNTH_PCH_IDS };
static const u16 driver_name[] = { 'I', 'n', 't', 'e', 'l', '(', 'R', ')', ' ', 'G', 'O', 'P', ' ', 'D', 'r',
				   'i', 'v', 'e', 'r', 0, '1', '0', '8', '4', 0 };
volatile const u16 *keep_name = driver_name;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#if LAYOUT == LAYOUT_THIRD_ARG
__attribute__((noinline)) int device_in(u16 vendor, u16 device, const u16 *table, u32 n);
__attribute__((noinline)) int device_in(u16 vendor, u16 device, const u16 *table, u32 n)
{
	if (vendor != 0x8086)
		return 0;
	for (u32 i = 0; i < n; i++)
		if (table[i] == device)
			return 1;
	return 0;
}
/* reached through a pointer the compiler cannot see through, so the call keeps its arguments */
int (*volatile device_check)(u16, u16, const u16 *, u32) = device_in;
#endif

#if LAYOUT == LAYOUT_HELPER
__attribute__((noinline)) static int id_in(const u16 *table, u32 n, u16 id)
{
	for (u32 i = 0; i < n; i++)
		if (table[i] == id)
			return 1;
	return 0;
}
#endif

static int listed(u16 vendor, u16 device)
{
#if LAYOUT == LAYOUT_PAIRS
	for (u32 i = 0; i < COUNT(device_table); i++)
		if (device_table[i].vendor == vendor && device_table[i].device == device)
			return 1;
	return 0;
#elif LAYOUT == LAYOUT_STRUCT
	if (vendor != 0x8086)
		return 0;
	for (u32 i = 0; i < COUNT(device_table); i++)
		if (device_table[i].device == device)
			return 1;
	return 0;
#elif LAYOUT == LAYOUT_TERMINATED
	if (vendor != 0x8086)
		return 0;
	for (const u16 *p = device_table; *p; p++)
		if (*p == device)
			return 1;
	return 0;
#elif LAYOUT == LAYOUT_HELPER
	return vendor == 0x8086 && id_in(device_table, COUNT(device_table), device);
#elif LAYOUT == LAYOUT_THIRD_ARG
	return device_in(vendor, device, device_table, COUNT(device_table));
#elif LAYOUT == LAYOUT_NAMED
	if (vendor != 0x8086)
		return 0;
	for (u32 i = 0; i < COUNT(device_table); i++)
		if (device_table[i].device == device)
			return device_table[i].name[0] != 0;
	return 0;
#else
	if (vendor != 0x8086)
		return 0;
	for (u32 i = 0; i < COUNT(device_table); i++)
		if (device_table[i] == device)
			return 1;
	return 0;
#endif
}

/* The controller's vendor and device ID through its PciIo, opened BY_DRIVER and, unless keep,
 * closed again. */
static int read_ids(binding *self, void *controller, u16 ids[2], int keep)
{
	pci_io *io;
	if (bs->open_protocol(controller, pci_io_guid, (void **)&io, self->handle, controller, 0x10))
		return 0;
	io->pci.read(io, 1, 0, 2, ids);
	if (!keep)
		bs->close_protocol(controller, pci_io_guid, self->handle, controller);
	return 1;
}

static status EFIAPI supported(binding *self, void *controller, void *remaining)
{
	(void)remaining;
	u16 ids[2] = { 0, 0 };
	if (!read_ids(self, controller, ids, 0))
		return UNSUPPORTED;
	return listed(ids[0], ids[1]) ? 0 : UNSUPPORTED;
}

static inline void outl(u16 port, u32 v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline u32 inl(u16 port)
{
	u32 v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Other code reads the older and newer generations' IDs (the decoys). */
__attribute__((noinline)) static int generation_quirk(u16 device)
{
	for (u32 i = 0; i < COUNT(old_generations); i++)
		if (old_generations[i] == device)
			return 1;
	for (u32 i = 0; i < COUNT(newer_generations); i++)
		if (newer_generations[i] == device)
			return 2;
	return 0;
}

__attribute__((noinline)) static int pch_known(void)
{
	outl(0xCF8, 0x8000F800u); /* 00:1f.0, offset 0 */
	u32 id = inl(0xCFC);
	if ((id & 0xFFFF) != 0x8086)
		return 0;
	for (u32 i = 0; i < COUNT(pch_table); i++)
		if (pch_table[i] == (u16)(id >> 16))
			return 1;
	return 0;
}

static status EFIAPI start(binding *self, void *controller, void *remaining)
{
	(void)remaining;
	u16 ids[2] = { 0, 0 };
	if (!read_ids(self, controller, ids, 1))
		return UNSUPPORTED;
	if (generation_quirk(ids[1]) || !pch_known())
		return DEVICE_ERROR;
	return 0;
}

static status EFIAPI stop(binding *self, void *controller, u64 n, void **children)
{
	(void)n;
	(void)children;
	return bs->close_protocol(controller, pci_io_guid, self->handle, controller);
}

static binding driver_binding = { supported, start, stop, 0, 0, 0 };

status EFIAPI synthetic_main(void *image, void **system_table)
{
	bs = (boot_services *)system_table[12];
	driver_binding.version = SYNTH_BINDING_VERSION;
	driver_binding.image = image;
	driver_binding.handle = image;
	return bs->install(&driver_binding.handle, binding_guid, 0, &driver_binding);
}
