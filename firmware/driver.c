// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * igdrom's option-ROM driver.  Gives every Intel display-class device an OpRegion in ACPI NVS
 * below 4 GiB (ASLS), reserves its stolen memory and programs BDSM, and offers Intel's GOP the
 * PlatformGopPolicy protocol.  Contract: docs/firmware-driver.md; departures from VfioIgdPkg are
 * listed there in §12 and followed here.  Not a driver-binding driver: it watches PciIo
 * installations so Intel's GOP can still bind the device.
 */
#include "driver.h"

#include "fwcfg_io.h"
#include "igd/bytes.h"
#include "igd/devices.h"
#include "igd/fwcfg.h"
#include "igd/opregion.h"
#include "igd/pcirom.h"
#include "igd/vbt.h"
#include "log.h"

#define PAGE_SIZE 4096u
#define PAGES(n) (((n) + PAGE_SIZE - 1) / PAGE_SIZE)
#define BELOW_4G 0xFFFFFFFFull
#define MAX_DEVICES 8
#define MAX_OPREGION (1u << 20) /* 8 KiB base + extended VBT; anything larger is garbage */
#define DSM_ALIGN_PAGES (IGD_BDSM_ALIGN / PAGE_SIZE)

EFI_BOOT_SERVICES *gBS;
struct igd_setup igd_current;

static EFI_GUID pci_io_guid = IGDROM_PCI_IO_GUID;
static EFI_GUID loaded_image_guid = IGDROM_LOADED_IMAGE_GUID;

static struct {
	EFI_HANDLE image;
	fwcfg_io fwcfg;
	const uint8_t *embedded; /* OpRegion carried in our own ROM */
	size_t embedded_len;
	void *registration;
	EFI_PCI_IO_PROTOCOL *seen[MAX_DEVICES];
	size_t nseen;
	bool policy_installed;
} g;

/* ---- memory map ---- */

enum range_state { RANGE_FREE, RANGE_TYPED, RANGE_MIXED, RANGE_ABSENT };

/* Classifies [base, base + len): all conventional memory, all of one other type, a mix, or
 * not described by the memory map at all. */
static enum range_state classify_range(uint64_t base, uint64_t len, UINT32 *type)
{
	UINTN size = 0, key, desc_size;
	UINT32 desc_version;
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	EFI_STATUS st;
	uint64_t covered = 0, end = base + len;
	bool first = true, mixed = false;

	st = gBS->GetMemoryMap(&size, NULL, &key, &desc_size, &desc_version);
	if (st != EFI_BUFFER_TOO_SMALL)
		return RANGE_MIXED;
	size += 4 * desc_size;
	if (gBS->AllocatePool(EfiBootServicesData, size, (void **)&map) != EFI_SUCCESS)
		return RANGE_MIXED;
	st = gBS->GetMemoryMap(&size, map, &key, &desc_size, &desc_version);
	if (st != EFI_SUCCESS) {
		gBS->FreePool(map);
		return RANGE_MIXED;
	}
	for (UINTN off = 0; off + desc_size <= size; off += desc_size) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)((uint8_t *)map + off);
		uint64_t ds = d->PhysicalStart, de = ds + d->NumberOfPages * PAGE_SIZE;
		if (de <= base || ds >= end)
			continue;
		covered += (de < end ? de : end) - (ds > base ? ds : base);
		if (first) {
			*type = d->Type;
			first = false;
		} else if (d->Type != *type) {
			mixed = true;
		}
	}
	gBS->FreePool(map);
	if (first)
		return RANGE_ABSENT;
	if (mixed || covered != len)
		return RANGE_MIXED;
	return *type == EfiConventionalMemory ? RANGE_FREE : RANGE_TYPED;
}

static const char *memory_type_name(UINT32 type)
{
	switch (type) {
	case EfiReservedMemoryType: return "Reserved";
	case EfiLoaderCode: return "LoaderCode";
	case EfiLoaderData: return "LoaderData";
	case EfiBootServicesCode: return "BootServicesCode";
	case EfiBootServicesData: return "BootServicesData";
	case EfiRuntimeServicesCode: return "RuntimeServicesCode";
	case EfiRuntimeServicesData: return "RuntimeServicesData";
	case EfiConventionalMemory: return "Conventional";
	case EfiACPIReclaimMemory: return "ACPIReclaim";
	case EfiACPIMemoryNVS: return "ACPINVS";
	case EfiMemoryMappedIO: return "MMIO";
	default: return "other";
	}
}

/*
 * Makes [base, base + len) belong to `want`: allocates free pages at that address, accepts a
 * range already of that type or absent from the map.  False when the pages are in use.
 */
static bool claim_range(uint64_t base, uint64_t len, EFI_MEMORY_TYPE want, const char *what)
{
	UINT32 type = 0;
	EFI_PHYSICAL_ADDRESS addr = base;

	switch (classify_range(base, len, &type)) {
	case RANGE_FREE:
		if (gBS->AllocatePages(AllocateAddress, want, PAGES(len), &addr) != EFI_SUCCESS)
			return false;
		log_igdrom("%s at 0x%llx: free pages reserved as %s\n", what,
			   (unsigned long long)base, memory_type_name(want));
		return true;
	case RANGE_TYPED:
		if (type == (UINT32)want || type == EfiReservedMemoryType || type == EfiACPIMemoryNVS) {
			log_igdrom("%s at 0x%llx: already %s, kept\n", what,
				   (unsigned long long)base, memory_type_name(type));
			return true;
		}
		log_igdrom("%s at 0x%llx: pages in use (%s)\n", what,
			   (unsigned long long)base, memory_type_name(type));
		return false;
	case RANGE_ABSENT:
		log_igdrom("%s at 0x%llx: outside the memory map, kept\n", what,
			   (unsigned long long)base);
		return true;
	default:
		log_igdrom("%s at 0x%llx: pages partly in use\n", what, (unsigned long long)base);
		return false;
	}
}

/* Pages below 4 GiB, `align_pages` aligned (power of two), via over-allocation and trim. */
static bool alloc_below_4g(EFI_MEMORY_TYPE type, UINTN pages, UINTN align_pages, uint64_t *ret)
{
	EFI_PHYSICAL_ADDRESS addr = BELOW_4G, aligned;
	UINTN slack = align_pages - 1, head, tail;

	if (pages > (UINTN)-1 - slack)
		return false;
	if (gBS->AllocatePages(AllocateMaxAddress, type, pages + slack, &addr) != EFI_SUCCESS)
		return false;
	aligned = (addr + (uint64_t)align_pages * PAGE_SIZE - 1) & ~((uint64_t)align_pages * PAGE_SIZE - 1);
	head = (UINTN)((aligned - addr) / PAGE_SIZE);
	tail = slack - head;
	if (head)
		gBS->FreePages(addr, head);
	if (tail)
		gBS->FreePages(aligned + (uint64_t)pages * PAGE_SIZE, tail);
	*ret = aligned;
	return true;
}

/* ---- config space ---- */

static bool cfg_read32(EFI_PCI_IO_PROTOCOL *io, UINT32 off, UINT32 *v)
{
	return io->Pci.Read(io, EfiPciIoWidthUint32, off, 1, v) == EFI_SUCCESS;
}

static bool cfg_write32(EFI_PCI_IO_PROTOCOL *io, UINT32 off, UINT32 v)
{
	return io->Pci.Write(io, EfiPciIoWidthUint32, off, 1, &v) == EFI_SUCCESS;
}

/* ---- OpRegion ---- */

/* Looks for an igdrom data image in the ROM we were loaded from, then in every PCI ROM. */
static void find_embedded_opregion(void)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_PCI_IO_PROTOCOL *io = NULL;
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;

	if (gBS->HandleProtocol(g.image, &loaded_image_guid, (void **)&li) == EFI_SUCCESS && li &&
	    li->DeviceHandle &&
	    gBS->HandleProtocol(li->DeviceHandle, &pci_io_guid, (void **)&io) == EFI_SUCCESS && io &&
	    io->RomImage &&
	    pcirom_find_data(io->RomImage, (size_t)io->RomSize, PCIROM_DATA_OPREGION, &g.embedded,
			     &g.embedded_len) == IGD_OK)
		return;
	if (gBS->LocateHandleBuffer(ByProtocol, &pci_io_guid, NULL, &count, &handles) != EFI_SUCCESS)
		return;
	for (UINTN i = 0; i < count && !g.embedded; i++)
		if (gBS->HandleProtocol(handles[i], &pci_io_guid, (void **)&io) == EFI_SUCCESS && io &&
		    io->RomImage)
			pcirom_find_data(io->RomImage, (size_t)io->RomSize, PCIROM_DATA_OPREGION,
					 &g.embedded, &g.embedded_len);
	gBS->FreePool(handles);
}

/* Validates an OpRegion candidate; returns the bytes to copy (8 KiB + extended VBT). */
static bool check_opregion(const uint8_t *buf, size_t len, const char *source, size_t *copy_len)
{
	opregion_info o;
	igd_where w = { 0, "" };
	if (opregion_parse(buf, len, &o, &w) != IGD_OK) {
		log_igdrom("OpRegion from %s declined: offset 0x%x: %s\n", source,
			   (unsigned)w.offset, w.what);
		return false;
	}
	log_igdrom("OpRegion from %s: version %u.%u, SIZE %u KiB, MBOX 0x%x, %u bytes, ", source,
		   o.major, o.minor, o.size_kib, o.mbox, (unsigned)o.image_len);
	switch (o.vbt_kind) {
	case OPREGION_VBT_MAILBOX4:
		log_printf("VBT in mailbox 4 (%u bytes)\n", o.vbt_size);
		break;
	case OPREGION_VBT_EXTENDED:
		log_printf("extended VBT at +0x%llx (RVDS %u, vbt_size %u)\n", (unsigned long long)o.rvda,
			   o.rvds, o.vbt_size);
		break;
	case OPREGION_VBT_EXTENDED_PHYSICAL:
		log_printf("2.0 extended VBT at physical 0x%llx (RVDS %u)\n", (unsigned long long)o.rvda, o.rvds);
		break;
	default:
		log_printf("no valid VBT\n");
		break;
	}
	*copy_len = o.image_len;
	return true;
}

/*
 * A 2.0 OpRegion whose blob carries the extended VBT right after the 8 KiB (as VFIO lays the
 * region out) still names it by host physical address: copy it as a 2.1 image with RVDA =
 * 0x2000, the offset form (docs/opregion-vbt.md §1.8).  Returns a pool copy to free, or NULL when
 * the blob needs no change.
 */
static uint8_t *relocate_blob(const uint8_t *buf, size_t len, size_t *copy_len)
{
	opregion_info o;
	uint8_t *out = NULL;
	size_t out_len;
	if (opregion_parse(buf, len, &o, NULL) != IGD_OK || o.vbt_kind != OPREGION_VBT_EXTENDED_PHYSICAL ||
	    o.rvds > len - OPREGION_BASE_SIZE)
		return NULL;
	if (gBS->AllocatePool(EfiBootServicesData, OPREGION_BASE_SIZE + o.rvds, (void **)&out) != EFI_SUCCESS)
		return NULL;
	if (opregion_relocate(buf, OPREGION_BASE_SIZE, buf + OPREGION_BASE_SIZE, o.rvds, out,
			      OPREGION_BASE_SIZE + o.rvds, &out_len, NULL) != IGD_OK) {
		gBS->FreePool(out);
		return NULL;
	}
	log_igdrom("2.0 OpRegion with extended VBT in the blob: copied as 2.1, RVDA 0x2000\n");
	*copy_len = out_len;
	return out;
}

/* Copies an OpRegion into fresh ACPI NVS pages below 4 GiB. */
static uint8_t *place_opregion(const uint8_t *src, size_t len)
{
	uint64_t addr;
	UINTN pages = PAGES(len);
	if (!alloc_below_4g(EfiACPIMemoryNVS, pages, 1, &addr)) {
		log_igdrom("cannot allocate %u pages of ACPI NVS below 4 GiB\n", (unsigned)pages);
		return NULL;
	}
	memset((void *)(uintptr_t)addr, 0, pages * PAGE_SIZE);
	memcpy((void *)(uintptr_t)addr, src, len);
	return (uint8_t *)(uintptr_t)addr;
}

static bool program_asls(EFI_PCI_IO_PROTOCOL *io, uint8_t *opregion)
{
	UINT32 back = 0, value = (UINT32)(uintptr_t)opregion;
	if (!cfg_write32(io, IGD_CFG_ASLS, value) || !cfg_read32(io, IGD_CFG_ASLS, &back)) {
		log_igdrom("ASLS write failed\n");
		return false;
	}
	log_igdrom("ASLS <- 0x%08x, read back 0x%08x%s\n", value, back,
		   back == value ? "" : " (MISMATCH: the hypervisor does not emulate ASLS)");
	return back == value;
}

static void setup_opregion(EFI_PCI_IO_PROTOCOL *io)
{
	UINT32 asls = 0;
	uint8_t *buf = NULL, *placed = NULL;
	size_t copy_len = 0;
	const char *source = NULL;
	bool keep_asls = false;

	cfg_read32(io, IGD_CFG_ASLS, &asls);

	/* 1. bytes embedded in the ROM by `igdrom build` */
	if (g.embedded && check_opregion(g.embedded, g.embedded_len, "the ROM", &copy_len)) {
		uint8_t *fixed = relocate_blob(g.embedded, g.embedded_len, &copy_len);
		placed = place_opregion(fixed ? fixed : g.embedded, copy_len);
		if (fixed)
			gBS->FreePool(fixed);
		source = "ROM";
	}
	/* 2. QEMU's etc/igd-opregion */
	if (!placed) {
		uint16_t sel;
		uint32_t size;
		if (fwcfg_io_find(&g.fwcfg, FWCFG_IGD_OPREGION, &sel, &size)) {
			if (size < OPREGION_BASE_SIZE || size > MAX_OPREGION) {
				log_igdrom("fw_cfg %s has %u bytes (want 8 KiB..1 MiB): declined\n",
					   FWCFG_IGD_OPREGION, size);
			} else if (gBS->AllocatePool(EfiBootServicesData, size, (void **)&buf) == EFI_SUCCESS) {
				fwcfg_io_read(&g.fwcfg, sel, buf, size);
				if (check_opregion(buf, size, "fw_cfg", &copy_len)) {
					uint8_t *fixed = relocate_blob(buf, size, &copy_len);
					placed = place_opregion(fixed ? fixed : buf, copy_len);
					if (fixed)
						gBS->FreePool(fixed);
					source = "fw_cfg";
				}
				gBS->FreePool(buf);
			}
		}
	}
	/* 3. an OpRegion the hypervisor already placed (bhyve) */
	/* The hypervisor's address: the 8 KiB (and any extended VBT) must end below 4 GiB. */
	if (!placed && asls && (uint64_t)asls + OPREGION_BASE_SIZE <= BELOW_4G + 1) {
		const uint8_t *pre = (const uint8_t *)(uintptr_t)asls;
		/* The 8 KiB base decides the full length (RVDA + RVDS when extended). */
		if (!igd_match(pre, OPREGION_BASE_SIZE, 0, OPREGION_SIGNATURE, 16)) {
			log_igdrom("ASLS 0x%08x holds no OpRegion signature: ignored\n", asls);
		} else {
			uint64_t rvda;
			uint32_t rvds;
			size_t len = OPREGION_BASE_SIZE;
			igd_get_le64(pre, OPREGION_BASE_SIZE, OPREGION_OFF_RVDA, &rvda);
			igd_get_le32(pre, OPREGION_BASE_SIZE, OPREGION_OFF_RVDS, &rvds);
			if (rvda >= OPREGION_BASE_SIZE && rvda <= MAX_OPREGION && rvds <= MAX_OPREGION - rvda &&
			    (uint64_t)asls + rvda + rvds <= BELOW_4G + 1)
				len = (size_t)(rvda + rvds);
			if (check_opregion(pre, len, "the hypervisor (ASLS)", &copy_len)) {
				if (claim_range(asls, copy_len, EfiACPIMemoryNVS, "OpRegion")) {
					placed = (uint8_t *)pre;
					source = "hypervisor";
					keep_asls = true;
				} else {
					log_igdrom("relocating the hypervisor's OpRegion\n");
					placed = place_opregion(pre, copy_len);
					source = "hypervisor (relocated)";
				}
			}
		}
	}
	if (!placed) {
		log_igdrom("no OpRegion source: ASLS left 0x%08x\n", asls);
		return;
	}
	if (asls && !keep_asls)
		log_igdrom("previous ASLS 0x%08x replaced\n", asls);
	if (keep_asls)
		log_igdrom("ASLS 0x%08x kept\n", asls);
	else if (!program_asls(io, placed))
		return;
	igd_current.opregion = placed;
	igd_current.opregion_len = copy_len;
	log_igdrom("OpRegion at 0x%08x (%u bytes, ACPI NVS), source %s\n",
		   (UINT32)(uintptr_t)placed, (unsigned)copy_len, source);
}

/* ---- stolen memory ---- */

static void write_bdsm(EFI_PCI_IO_PROTOCOL *io, const igd_platform *p, uint64_t old, uint64_t base)
{
	uint64_t value;
	UINT32 lo = 0, hi = 0;

	if (igd_bdsm_encode(p->bdsm, old, base, &value) != IGD_OK) {
		log_igdrom("cannot encode BDSM 0x%llx\n", (unsigned long long)base);
		return;
	}
	if (p->bdsm == IGD_BDSM_BDSM32) {
		cfg_write32(io, IGD_CFG_BDSM, (UINT32)value);
		cfg_read32(io, IGD_CFG_BDSM, &lo);
		log_igdrom("BDSM (0x5C) <- 0x%08x, read back 0x%08x%s\n", (UINT32)value, lo,
			   lo == (UINT32)value ? "" : " (MISMATCH)");
	} else {
		/* Two dword writes: portable across root bridges (docs/firmware-driver.md §6 Rec). */
		cfg_write32(io, IGD_CFG_BDSM64, (UINT32)value);
		cfg_write32(io, IGD_CFG_BDSM64 + 4, (UINT32)(value >> 32));
		cfg_read32(io, IGD_CFG_BDSM64, &lo);
		cfg_read32(io, IGD_CFG_BDSM64 + 4, &hi);
		log_igdrom("BDSM (0xC0) <- 0x%llx, read back 0x%llx%s\n", (unsigned long long)value,
			   (unsigned long long)lo | (unsigned long long)hi << 32,
			   (lo == (UINT32)value && hi == (UINT32)(value >> 32)) ? "" : " (MISMATCH)");
	}
}

static void setup_stolen(EFI_PCI_IO_PROTOCOL *io, const igd_platform *p)
{
	UINT32 gmch = 0, lo = 0, hi = 0;
	uint64_t size = 0, old, base;
	const char *source = "GMCH";

	if (p->bdsm == IGD_BDSM_NONE) {
		log_igdrom("%s has no BDSM register (stolen memory is in BAR2): skipped\n", p->name);
		return;
	}
	cfg_read32(io, IGD_CFG_GMCH, &gmch);
	gmch &= 0xFFFF;
	if (igd_gms_size(p, gmch, &size) != IGD_OK) {
		log_igdrom("GMCH 0x%04x: GMS 0x%x undefined for %s\n", gmch, igd_gms_field(p, gmch),
			   p->name);
		size = 0;
	} else {
		log_igdrom("GMCH 0x%04x: GMS 0x%x = %llu MiB\n", gmch, igd_gms_field(p, gmch),
			   (unsigned long long)(size >> 20));
	}
	if (size == 0) {
		uint16_t sel;
		uint32_t item;
		uint8_t raw[8];
		if (fwcfg_io_find(&g.fwcfg, FWCFG_IGD_BDSM_SIZE, &sel, &item) && item == sizeof(raw)) {
			fwcfg_io_read(&g.fwcfg, sel, raw, sizeof(raw));
			if (fwcfg_bdsm_size_parse(raw, sizeof(raw), &size) == IGD_OK && size < BELOW_4G) {
				source = FWCFG_IGD_BDSM_SIZE;
				log_igdrom("GMCH says 0; %s says %llu KiB\n", FWCFG_IGD_BDSM_SIZE,
					   (unsigned long long)(size >> 10));
			} else {
				size = 0;
				log_igdrom("%s is invalid: ignored\n", FWCFG_IGD_BDSM_SIZE);
			}
		}
	}
	if (size == 0) {
		log_igdrom("stolen memory size is 0 and no %s: BDSM not programmed\n",
			   FWCFG_IGD_BDSM_SIZE);
		return;
	}
	size = (size + IGD_BDSM_ALIGN - 1) & ~(uint64_t)(IGD_BDSM_ALIGN - 1);

	if (p->bdsm == IGD_BDSM_BDSM32) {
		cfg_read32(io, IGD_CFG_BDSM, &lo);
		old = lo;
	} else {
		cfg_read32(io, IGD_CFG_BDSM64, &lo);
		cfg_read32(io, IGD_CFG_BDSM64 + 4, &hi);
		old = (uint64_t)hi << 32 | lo;
	}
	base = igd_bdsm_base(p->bdsm, lo, hi);
	if (base) {
		/* bhyve pre-programs BDSM and reserves the range in etc/e820: keep it if we can. */
		log_igdrom("BDSM already 0x%llx (hypervisor)\n", (unsigned long long)base);
		if (base + size <= BELOW_4G + 1 && claim_range(base, size, EfiReservedMemoryType, "stolen memory")) {
			log_igdrom("stolen memory 0x%llx..0x%llx (%llu MiB, from %s) kept\n",
				   (unsigned long long)base, (unsigned long long)(base + size - 1),
				   (unsigned long long)(size >> 20), source);
			return;
		}
		log_igdrom("relocating stolen memory\n");
	}
	if (!alloc_below_4g(EfiReservedMemoryType, (UINTN)(size / PAGE_SIZE), DSM_ALIGN_PAGES, &base)) {
		log_igdrom("cannot reserve %llu MiB below 4 GiB for stolen memory\n",
			   (unsigned long long)(size >> 20));
		return;
	}
	memset((void *)(uintptr_t)base, 0, (size_t)size);
	log_igdrom("stolen memory 0x%llx..0x%llx (%llu MiB, from %s), Reserved, 1 MiB aligned\n",
		   (unsigned long long)base, (unsigned long long)(base + size - 1),
		   (unsigned long long)(size >> 20), source);
	write_bdsm(io, p, old, base);
}

/* ---- device discovery ---- */

static void visit(EFI_PCI_IO_PROTOCOL *io)
{
	UINT16 ids[2];
	UINT8 cls[3];
	UINTN seg, bus, dev, fn;
	const igd_platform *p;

	for (size_t i = 0; i < g.nseen; i++)
		if (g.seen[i] == io)
			return;
	if (io->Pci.Read(io, EfiPciIoWidthUint16, 0, 2, ids) != EFI_SUCCESS ||
	    io->Pci.Read(io, EfiPciIoWidthUint8, 0x09, 3, cls) != EFI_SUCCESS)
		return;
	if (ids[0] != IGD_VENDOR_INTEL || !igd_is_display_class(cls[2], cls[1], cls[0]))
		return;
	if (g.nseen == MAX_DEVICES) {
		log_igdrom("more than %u Intel display devices: ignoring the rest\n", MAX_DEVICES);
		return;
	}
	g.seen[g.nseen++] = io;
	if (io->GetLocation(io, &seg, &bus, &dev, &fn) != EFI_SUCCESS)
		seg = bus = dev = fn = 0;
	p = igd_lookup(ids[1]);
	log_igdrom("found 8086:%04x class %02x%02x at %04x:%02x:%02x.%x: %s (gen %u)\n", ids[1],
		   cls[2], cls[1], (unsigned)seg, (unsigned)bus, (unsigned)dev, (unsigned)fn,
		   p ? p->name : "unknown device ID", p ? p->gen : 0);
	setup_opregion(io);
	if (p)
		setup_stolen(io, p);
	else
		log_igdrom("device ID not in the table: stolen memory not set up\n");
	if (igd_current.opregion && !g.policy_installed) {
		g.policy_installed = gop_policy_install(g.image) == EFI_SUCCESS;
		log_igdrom("PlatformGopPolicy %s\n", g.policy_installed ? "installed" : "NOT installed");
	}
	log_igdrom("done with %02x:%02x.%x\n", (unsigned)bus, (unsigned)dev, (unsigned)fn);
}

static VOID EFIAPI on_pci_io(EFI_EVENT event, VOID *context)
{
	EFI_PCI_IO_PROTOCOL *io;
	(void)event;
	(void)context;
	while (gBS->LocateProtocol(&pci_io_guid, g.registration, (void **)&io) == EFI_SUCCESS)
		visit(io);
}

/* Walks the PciIo handles that exist now (for firmware whose notify does not replay them). */
static void visit_existing(void)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;
	EFI_PCI_IO_PROTOCOL *io;
	if (gBS->LocateHandleBuffer(ByProtocol, &pci_io_guid, NULL, &count, &handles) != EFI_SUCCESS)
		return;
	for (UINTN i = 0; i < count; i++)
		if (gBS->HandleProtocol(handles[i], &pci_io_guid, (void **)&io) == EFI_SUCCESS)
			visit(io);
	gBS->FreePool(handles);
}

/* ---- bhyve: etc/e820 reservations the firmware left unreserved ---- */

static void reserve_e820(void)
{
	uint16_t sel;
	uint32_t size;
	uint8_t *buf = NULL;
	e820_entry entries[64];
	size_t n = 0;

	if (!fwcfg_io_find(&g.fwcfg, FWCFG_E820, &sel, &size) || size == 0 || size > sizeof(entries) / sizeof(entries[0]) * E820_ENTRY_SIZE)
		return;
	if (gBS->AllocatePool(EfiBootServicesData, size, (void **)&buf) != EFI_SUCCESS)
		return;
	fwcfg_io_read(&g.fwcfg, sel, buf, size);
	if (e820_decode(buf, size, entries, IGD_ARRAY_SIZE(entries), &n, NULL) != IGD_OK) {
		log_igdrom("fw_cfg %s malformed: ignored\n", FWCFG_E820);
		n = 0;
	}
	gBS->FreePool(buf);
	for (size_t i = 0; i < n; i++) {
		const e820_entry *e = &entries[i];
		/* only ranges below 4 GiB (checked before rounding, which could wrap near 2^64) */
		if ((e->type != E820_RESERVED && e->type != E820_NVS) || e->addr + e->len > BELOW_4G + 1)
			continue;
		uint64_t start = e->addr & ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t end = (e->addr + e->len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
		claim_range(start, end - start,
			    e->type == E820_NVS ? EfiACPIMemoryNVS : EfiReservedMemoryType,
			    e->type == E820_NVS ? "e820 NVS range" : "e820 reserved range");
	}
}

EFI_STATUS EFIAPI igdrom_entry(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_EVENT event;
	EFI_STATUS status;

	gBS = st->BootServices;
	g.image = image;
	log_igdrom("driver %s starting\n", IGD_VERSION);
	if (fwcfg_io_probe(&g.fwcfg)) {
		uint16_t sel;
		uint32_t size;
		log_igdrom("fw_cfg present%s, %u files\n", g.fwcfg.dma ? " with DMA" : "",
			   (unsigned)((g.fwcfg.dir_len - 4) / FWCFG_DIR_ENTRY_SIZE));
		static const char *const items[] = { FWCFG_IGD_OPREGION, FWCFG_IGD_BDSM_SIZE, FWCFG_E820 };
		for (size_t i = 0; i < IGD_ARRAY_SIZE(items); i++)
			if (fwcfg_io_find(&g.fwcfg, items[i], &sel, &size))
				log_igdrom("fw_cfg %s: %u bytes\n", items[i], size);
	} else {
		log_igdrom("no fw_cfg\n");
	}
	find_embedded_opregion();
	if (g.embedded)
		log_igdrom("ROM carries an OpRegion (%u bytes)\n", (unsigned)g.embedded_len);
	reserve_e820();

	status = gBS->CreateEvent(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, on_pci_io, NULL, &event);
	if (status != EFI_SUCCESS) {
		log_igdrom("CreateEvent failed\n");
		return status;
	}
	status = gBS->RegisterProtocolNotify(&pci_io_guid, event, &g.registration);
	if (status != EFI_SUCCESS) {
		gBS->CloseEvent(event);
		return status;
	}
	/* EDK2 replays earlier PciIo instances through the registration; the explicit walk
	 * covers firmware that does not (docs/firmware-driver.md §4 Rec). */
	gBS->SignalEvent(event);
	visit_existing();
	log_igdrom("watching for Intel display devices\n");
	return EFI_SUCCESS; /* stays resident: the event is never closed */
}
