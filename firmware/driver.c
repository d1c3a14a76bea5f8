// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * igdrom's option-ROM driver: the UEFI adapter around the core's plan (include/igd/plan.h).
 * For every Intel display-class device it gathers the inputs (config registers, fw_cfg items,
 * the ROM's data image, the memory map), asks igd_plan_device() what to do, carries the plan
 * out (allocations, copies, register writes and read-backs), re-plans when an allocation
 * fails, and logs each decision with its reason on port 0x402.  Contract:
 * docs/firmware-driver.md.  Not a driver-binding driver: it watches PciIo installations so
 * Intel's GOP can still bind the device.
 */
#include "driver.h"

#include "fwcfg_io.h"
#include "igd/bytes.h"
#include "igd/devices.h"
#include "igd/fwcfg.h"
#include "igd/opregion.h"
#include "igd/pcirom.h"
#include "igd/plan.h"
#include "igd/vbt.h"
#include "log.h"

#define PAGE_SIZE IGD_PAGE_SIZE
#define PAGES(n) (((n) + PAGE_SIZE - 1) / PAGE_SIZE)
#define BELOW_4G 0xFFFFFFFFull

EFI_BOOT_SERVICES *gBS;
struct igd_device_state set_up_devices[IGDROM_MAX_DEVICES];
size_t set_up_count;

static EFI_GUID pci_io_guid = IGDROM_PCI_IO_GUID;
static EFI_GUID loaded_image_guid = IGDROM_LOADED_IMAGE_GUID;

static struct {
	EFI_HANDLE image;
	fwcfg_io fwcfg;
	const uint8_t *embedded; /* OpRegion carried in our own ROM */
	size_t embedded_len;
	uint64_t host_dsm_base;  /* the host's DSM base: ROM record, else etc/igd-stolen-base */
	const char *host_dsm_from;
	void *registration;
	bool policy_installed;
} g;

/* ---- EFI_STATUS, converted once for every log line about a failure ---- */

const char *efi_status_name(EFI_STATUS st)
{
	static const char *const names[] = {
		"EFI_SUCCESS", "EFI_LOAD_ERROR", "EFI_INVALID_PARAMETER", "EFI_UNSUPPORTED",
		"EFI_BAD_BUFFER_SIZE", "EFI_BUFFER_TOO_SMALL", "EFI_NOT_READY", "EFI_DEVICE_ERROR",
		"EFI_WRITE_PROTECTED", "EFI_OUT_OF_RESOURCES", "EFI_VOLUME_CORRUPTED", "EFI_VOLUME_FULL",
		"EFI_NO_MEDIA", "EFI_MEDIA_CHANGED", "EFI_NOT_FOUND", "EFI_ACCESS_DENIED",
	};
	UINTN code = st & ~EFI_ERROR_MASK;
	if ((st == EFI_SUCCESS || EFI_ERROR(st)) && code < IGD_ARRAY_SIZE(names))
		return names[code];
	return "EFI error";
}

/* ---- memory map, in the core's words ---- */

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

static uint8_t mem_kind(UINT32 type)
{
	switch (type) {
	case EfiConventionalMemory: return IGD_MEM_FREE;
	case EfiReservedMemoryType: return IGD_MEM_RESERVED;
	case EfiACPIMemoryNVS: return IGD_MEM_NVS;
	default: return IGD_MEM_IN_USE;
	}
}

/* The current memory map as a range table (pool memory in *store, freed by the caller).  On
 * failure the map is marked invalid and the log says why: the plan then allocates fresh. */
static void gather_map(igd_mem_map *m, igd_mem_range **store)
{
	UINTN size = 0, key, desc_size = 0;
	UINT32 desc_version;
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	EFI_STATUS st;

	m->ranges = NULL;
	m->count = 0;
	m->valid = false;
	*store = NULL;
	st = gBS->GetMemoryMap(&size, NULL, &key, &desc_size, &desc_version);
	if (st != EFI_BUFFER_TOO_SMALL || !desc_size) {
		log_igdrom("GetMemoryMap (size) failed: %s\n", efi_status_name(st));
		return;
	}
	size += 4 * desc_size;
	if ((st = gBS->AllocatePool(EfiBootServicesData, size, (void **)&map)) != EFI_SUCCESS) {
		log_igdrom("AllocatePool for the memory map failed: %s\n", efi_status_name(st));
		return;
	}
	if ((st = gBS->GetMemoryMap(&size, map, &key, &desc_size, &desc_version)) != EFI_SUCCESS) {
		log_igdrom("GetMemoryMap failed: %s\n", efi_status_name(st));
		gBS->FreePool(map);
		return;
	}
	UINTN n = size / desc_size;
	if ((st = gBS->AllocatePool(EfiBootServicesData, n * sizeof(igd_mem_range), (void **)store)) != EFI_SUCCESS) {
		log_igdrom("AllocatePool for the range table failed: %s\n", efi_status_name(st));
		gBS->FreePool(map);
		return;
	}
	for (UINTN i = 0; i < n; i++) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)((const uint8_t *)map + i * desc_size);
		(*store)[i] = (igd_mem_range){ d->PhysicalStart, d->NumberOfPages * PAGE_SIZE, mem_kind(d->Type), d->Type };
	}
	gBS->FreePool(map);
	m->ranges = *store;
	m->count = n;
	m->valid = true;
}

/* Pages below 4 GiB, `align` aligned (power of two), via over-allocation and trim. */
static EFI_STATUS alloc_below_4g(EFI_MEMORY_TYPE type, UINTN pages, uint64_t align, uint64_t *ret)
{
	EFI_PHYSICAL_ADDRESS addr = BELOW_4G, aligned;
	UINTN align_pages = align > PAGE_SIZE ? (UINTN)(align / PAGE_SIZE) : 1;
	UINTN slack = align_pages - 1, head, tail;
	EFI_STATUS st;

	if (pages > (UINTN)-1 - slack)
		return EFI_INVALID_PARAMETER;
	if ((st = gBS->AllocatePages(AllocateMaxAddress, type, pages + slack, &addr)) != EFI_SUCCESS)
		return st;
	aligned = (addr + (uint64_t)align_pages * PAGE_SIZE - 1) & ~((uint64_t)align_pages * PAGE_SIZE - 1);
	head = (UINTN)((aligned - addr) / PAGE_SIZE);
	tail = slack - head;
	if (head)
		gBS->FreePages(addr, head);
	if (tail)
		gBS->FreePages(aligned + (uint64_t)pages * PAGE_SIZE, tail);
	*ret = aligned;
	return EFI_SUCCESS;
}

/*
 * Carries out a placement for `len` bytes of `type`: claims, keeps or allocates.  Returns the
 * object's address, 0 on failure (logged); *claim_failed tells the caller to re-plan.
 */
static uint64_t carry_out(const igd_placement *pl, EFI_MEMORY_TYPE type, uint64_t len, const char *what,
			  bool *claim_failed)
{
	EFI_STATUS st;
	*claim_failed = false;
	if (pl->culprit_type)
		log_igdrom("%s: the pages wanted are %s\n", what, memory_type_name(pl->culprit_type));
	log_igdrom("%s: %s\n", what, pl->reason);
	if (pl->action == IGD_PLACE_KEEP)
		return pl->addr;
	if (pl->action == IGD_PLACE_CLAIM) {
		EFI_PHYSICAL_ADDRESS at = pl->claim_base;
		st = gBS->AllocatePages(AllocateAddress, type, (UINTN)(pl->claim_len / PAGE_SIZE), &at);
		if (st == EFI_SUCCESS)
			return pl->addr;
		log_igdrom("%s: AllocatePages at 0x%llx (%u pages) failed: %s\n", what, (unsigned long long)pl->claim_base,
			   (unsigned)(pl->claim_len / PAGE_SIZE), efi_status_name(st));
		*claim_failed = true;
		return 0;
	}
	uint64_t addr = 0;
	st = alloc_below_4g(type, (UINTN)PAGES(len), pl->align, &addr);
	if (st != EFI_SUCCESS) {
		log_igdrom("%s: cannot allocate %u pages of %s below 4 GiB: %s\n", what, (unsigned)PAGES(len),
			   memory_type_name(type), efi_status_name(st));
		return 0;
	}
	return addr;
}

/* ---- config space ---- */

static EFI_STATUS cfg_read32(EFI_PCI_IO_PROTOCOL *io, UINT32 off, UINT32 *v)
{
	return io->Pci.Read(io, EfiPciIoWidthUint32, off, 1, v);
}

static EFI_STATUS cfg_write32(EFI_PCI_IO_PROTOCOL *io, UINT32 off, UINT32 v)
{
	return io->Pci.Write(io, EfiPciIoWidthUint32, off, 1, &v);
}

/* ---- inputs ---- */

static uint8_t *read_item(const char *name, uint32_t max, uint32_t *size);

/* The ROM's record of the host's stolen memory, else EVE's etc/igd-stolen-base. */
static void find_host_dsm(const uint8_t *rom, size_t rom_len)
{
	const uint8_t *rec;
	size_t rec_len;
	igd_host_dsm d;
	igd_where w = { 0, "" };
	uint32_t size = 0;
	uint8_t *item;

	if (rom && igd_pcirom_find_data(rom, rom_len, PCIROM_DATA_HOST_DSM, &rec, &rec_len) == IGD_OK) {
		if (igd_host_dsm_decode(rec, rec_len, &d, &w) == IGD_OK) {
			g.host_dsm_base = d.base;
			g.host_dsm_from = "recorded in the ROM";
			return;
		}
		log_igdrom("the ROM's stolen-memory record is unusable: %s\n", w.what);
	}
	if ((item = read_item(FWCFG_IGD_STOLEN_BASE, 64, &size)) != NULL) {
		uint64_t base = 0;
		if (size == 8 && igd_get_le64(item, 8, 0, &base) == IGD_OK && base && !(base & (IGD_BDSM_ALIGN - 1)) &&
		    base < 0x100000000ull) {
			g.host_dsm_base = base;
			g.host_dsm_from = "fw_cfg etc/igd-stolen-base";
		} else {
			log_igdrom("fw_cfg %s is not an 8-byte 1 MiB-aligned address below 4 GiB: ignored\n",
				   FWCFG_IGD_STOLEN_BASE);
		}
		gBS->FreePool(item);
	}
}

/* Looks for an igdrom data image in the ROM we were loaded from, then in every PCI ROM. */
static void find_embedded_opregion(void)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_PCI_IO_PROTOCOL *io = NULL;
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;

	if (gBS->HandleProtocol(g.image, &loaded_image_guid, (void **)&li) == EFI_SUCCESS && li &&
	    li->DeviceHandle &&
	    gBS->HandleProtocol(li->DeviceHandle, &pci_io_guid, (void **)&io) == EFI_SUCCESS && io && io->RomImage)
		find_host_dsm(io->RomImage, (size_t)io->RomSize);
	else
		find_host_dsm(NULL, 0);
	if (io && io->RomImage &&
	    igd_pcirom_find_data(io->RomImage, (size_t)io->RomSize, PCIROM_DATA_OPREGION, &g.embedded,
			     &g.embedded_len) == IGD_OK)
		return;
	if (gBS->LocateHandleBuffer(ByProtocol, &pci_io_guid, NULL, &count, &handles) != EFI_SUCCESS)
		return;
	for (UINTN i = 0; i < count && !g.embedded; i++)
		if (gBS->HandleProtocol(handles[i], &pci_io_guid, (void **)&io) == EFI_SUCCESS && io &&
		    io->RomImage)
			igd_pcirom_find_data(io->RomImage, (size_t)io->RomSize, PCIROM_DATA_OPREGION,
					 &g.embedded, &g.embedded_len);
	gBS->FreePool(handles);
}

/* A fw_cfg item read into pool memory (NULL when absent or when `max` is exceeded). */
static uint8_t *read_item(const char *name, uint32_t max, uint32_t *size)
{
	uint16_t sel;
	uint8_t *buf = NULL;
	EFI_STATUS st;
	if (!fwcfg_io_find(&g.fwcfg, name, &sel, size) || *size == 0 || *size > max)
		return NULL;
	if ((st = gBS->AllocatePool(EfiBootServicesData, *size, (void **)&buf)) != EFI_SUCCESS) {
		log_igdrom("AllocatePool for fw_cfg %s failed: %s\n", name, efi_status_name(st));
		return NULL;
	}
	fwcfg_io_read(&g.fwcfg, sel, buf, *size);
	return buf;
}

static void log_opregion_source(const igd_opregion_plan *op)
{
	static const char *const names[] = { "none", "the ROM", "fw_cfg", "the hypervisor (ASLS)" };
	const opregion_info *o = &op->info;
	log_igdrom("OpRegion from %s: version %u.%u, SIZE %u KiB, MBOX 0x%x, %u bytes, ", names[op->source],
		   o->major, o->minor, o->size_kib, o->mbox, (unsigned)o->image_len);
	switch (o->vbt_kind) {
	case OPREGION_VBT_MAILBOX4:
		log_printf("VBT in mailbox 4 (%u bytes)\n", o->vbt_size);
		break;
	case OPREGION_VBT_EXTENDED:
		log_printf("extended VBT at +0x%llx (RVDS %u, vbt_size %u)\n", (unsigned long long)o->rvda, o->rvds,
			   o->vbt_size);
		break;
	case OPREGION_VBT_EXTENDED_PHYSICAL:
		log_printf("2.0 extended VBT at physical 0x%llx (RVDS %u)\n", (unsigned long long)o->rvda, o->rvds);
		break;
	default:
		log_printf("no valid VBT\n");
		break;
	}
}

/* ---- carrying the plan out ---- */

static bool program_asls(EFI_PCI_IO_PROTOCOL *io, uint32_t value)
{
	UINT32 back = 0;
	EFI_STATUS st = cfg_write32(io, IGD_CFG_ASLS, value);
	if (st == EFI_SUCCESS)
		st = cfg_read32(io, IGD_CFG_ASLS, &back);
	if (st != EFI_SUCCESS) {
		log_igdrom("ASLS write failed: %s\n", efi_status_name(st));
		return false;
	}
	log_igdrom("ASLS <- 0x%08x, read back 0x%08x%s\n", value, back,
		   back == value ? "" : " (MISMATCH: the hypervisor does not emulate ASLS)");
	return back == value;
}

/* The guest copy of the OpRegion; returns its address (0 when none was set up). */
static uint64_t carry_out_opregion(igd_device_inputs *in, igd_device_plan *plan, EFI_PCI_IO_PROTOCOL *io)
{
	igd_opregion_plan *op = &plan->opregion;
	bool claim_failed;
	uint64_t addr;

	for (size_t i = 0; i < op->declined_count; i++)
		log_igdrom("OpRegion: %s\n", op->declined[i]);
	if (op->source == IGD_OPREGION_NONE) {
		log_igdrom("no OpRegion source: ASLS left 0x%08x\n", in->asls);
		return 0;
	}
	log_opregion_source(op);
	addr = carry_out(&op->place, EfiACPIMemoryNVS, op->copy_len, "OpRegion", &claim_failed);
	if (!addr && claim_failed) {
		in->exclude |= IGD_PLAN_NO_KEEP_OPREGION;
		igd_plan_device(in, plan);
		addr = carry_out(&op->place, EfiACPIMemoryNVS, op->copy_len, "OpRegion", &claim_failed);
	}
	if (!addr)
		return 0;
	if (op->place.action == IGD_PLACE_ALLOCATE) {
		uint8_t *dst = (uint8_t *)(uintptr_t)addr;
		size_t n = 0;
		memset(dst, 0, PAGES(op->copy_len) * PAGE_SIZE);
		if (op->relocate &&
		    igd_opregion_relocate(op->bytes, OPREGION_BASE_SIZE, op->bytes + OPREGION_BASE_SIZE,
				      op->copy_len - OPREGION_BASE_SIZE, dst, op->copy_len, &n, NULL) == IGD_OK)
			log_igdrom("2.0 OpRegion with extended VBT in the blob: copied as 2.1, RVDA 0x2000\n");
		else
			memcpy(dst, op->bytes, op->copy_len);
	}
	if (in->asls && op->write_asls)
		log_igdrom("previous ASLS 0x%08x replaced\n", in->asls);
	if (!op->write_asls)
		log_igdrom("ASLS 0x%08x kept\n", in->asls);
	else if (!program_asls(io, (uint32_t)addr))
		return 0;
	log_igdrom("OpRegion at 0x%08x (%u bytes, ACPI NVS)\n", (unsigned)addr, (unsigned)op->copy_len);
	return addr;
}

static void write_bdsm(EFI_PCI_IO_PROTOCOL *io, const igd_dsm_plan *d, uint64_t base)
{
	uint64_t value;
	UINT32 lo = 0, hi = 0;

	if (igd_bdsm_encode(d->layout, d->old_bdsm, base, &value) != IGD_OK) {
		log_igdrom("cannot encode BDSM 0x%llx\n", (unsigned long long)base);
		return;
	}
	if (d->layout == IGD_BDSM_BDSM32) {
		cfg_write32(io, IGD_CFG_BDSM, (UINT32)value);
		cfg_read32(io, IGD_CFG_BDSM, &lo);
		log_igdrom("BDSM (0x5C) <- 0x%08x, read back 0x%08x%s\n", (UINT32)value, lo,
			   lo == (UINT32)value ? "" : " (MISMATCH)");
	} else {
		/* Two dword writes: portable across root bridges (docs/firmware-driver.md §6). */
		cfg_write32(io, IGD_CFG_BDSM64, (UINT32)value);
		cfg_write32(io, IGD_CFG_BDSM64 + 4, (UINT32)(value >> 32));
		cfg_read32(io, IGD_CFG_BDSM64, &lo);
		cfg_read32(io, IGD_CFG_BDSM64 + 4, &hi);
		log_igdrom("BDSM (0xC0) <- 0x%llx, read back 0x%llx%s\n", (unsigned long long)value,
			   (unsigned long long)lo | (unsigned long long)hi << 32,
			   (lo == (UINT32)value && hi == (UINT32)(value >> 32)) ? "" : " (MISMATCH)");
	}
}

static void carry_out_dsm(igd_device_inputs *in, igd_device_plan *plan, EFI_PCI_IO_PROTOCOL *io)
{
	igd_dsm_plan *d = &plan->dsm;
	const igd_platform *p = plan->platform;
	bool claim_failed;
	uint64_t base;

	if (p && p->bdsm != IGD_BDSM_NONE)
		log_igdrom("GMCH 0x%04x: GMS 0x%x %s %llu MiB\n", in->gmch, d->gms, d->gms_defined ? "=" : "undefined, taken as",
			   (unsigned long long)(d->gms_size >> 20));
	if (d->fwcfg_note)
		log_igdrom("%s\n", d->fwcfg_note);
	if (!d->wanted) {
		log_igdrom("%s\n", d->skip);
		return;
	}
	if (d->found_base)
		log_igdrom("BDSM already 0x%llx (hypervisor)\n", (unsigned long long)d->found_base);
	if (d->host_base)
		log_igdrom("the host's stolen memory is at 0x%llx (%s)\n", (unsigned long long)d->host_base,
			   in->host_dsm_from);
	/* a failed claim is fed back and the device re-planned: hypervisor's address, then the
	 * host's, then fresh pages */
	for (int attempt = 0; attempt < 3; attempt++) {
		base = carry_out(&d->place, EfiReservedMemoryType, d->size, "stolen memory", &claim_failed);
		if (base || !claim_failed)
			break;
		in->exclude |= d->found_base && d->place.addr == d->found_base ? IGD_PLAN_NO_KEEP_DSM : IGD_PLAN_NO_HOST_DSM;
		igd_plan_device(in, plan);
	}
	if (!base)
		return;
	if (d->place.action != IGD_PLACE_KEEP && !(d->found_base && base == d->found_base))
		memset((void *)(uintptr_t)base, 0, (size_t)d->size);
	log_igdrom("stolen memory 0x%llx..0x%llx (%llu MiB, from %s), Reserved, 1 MiB aligned%s\n",
		   (unsigned long long)base, (unsigned long long)(base + d->size - 1),
		   (unsigned long long)(d->size >> 20), d->size_source, d->at_host_base ? ", at the host's address" : "");
	if (d->host_miss)
		log_igdrom("%s\n", d->host_miss);
	if (d->write_bdsm)
		write_bdsm(io, d, base);
}

/* ---- device discovery ---- */

static EFI_HANDLE handle_of(EFI_PCI_IO_PROTOCOL *io)
{
	EFI_HANDLE *handles = NULL, found = NULL;
	UINTN count = 0;
	void *iface;
	if (gBS->LocateHandleBuffer(ByProtocol, &pci_io_guid, NULL, &count, &handles) != EFI_SUCCESS)
		return NULL;
	for (UINTN i = 0; i < count && !found; i++)
		if (gBS->HandleProtocol(handles[i], &pci_io_guid, &iface) == EFI_SUCCESS && iface == io)
			found = handles[i];
	gBS->FreePool(handles);
	return found;
}

static void visit(EFI_PCI_IO_PROTOCOL *io)
{
	UINT16 ids[2];
	UINT8 cls[3];
	UINTN seg, bus, dev, fn;
	UINT32 asls = 0, lo = 0, hi = 0, gmch = 0;
	igd_device_inputs in;
	igd_device_plan plan;
	igd_mem_map map;
	igd_mem_range *ranges;
	uint8_t *fwcfg_op = NULL, *bdsm_size = NULL;
	uint32_t op_size = 0, bs_size = 0;
	uint16_t sel;

	for (size_t i = 0; i < set_up_count; i++)
		if (set_up_devices[i].io == io)
			return;
	if (io->Pci.Read(io, EfiPciIoWidthUint16, 0, 2, ids) != EFI_SUCCESS ||
	    io->Pci.Read(io, EfiPciIoWidthUint8, 0x09, 3, cls) != EFI_SUCCESS)
		return;
	memset(&in, 0, sizeof(in));
	in.vendor = ids[0];
	in.device = ids[1];
	in.class_prog = cls[0];
	in.class_sub = cls[1];
	in.class_base = cls[2];
	igd_plan_device(&in, &plan); /* only "is it ours?" so far: no inputs read yet */
	if (!plan.ours)
		return;
	if (set_up_count == IGDROM_MAX_DEVICES) {
		log_igdrom("more than %u Intel display devices: ignoring the rest\n", IGDROM_MAX_DEVICES);
		return;
	}
	struct igd_device_state *state = &set_up_devices[set_up_count++];
	memset(state, 0, sizeof(*state));
	state->io = io;
	state->handle = handle_of(io);
	if (io->GetLocation(io, &seg, &bus, &dev, &fn) != EFI_SUCCESS)
		seg = bus = dev = fn = 0;
	state->bus = (uint8_t)bus;
	state->dev = (uint8_t)dev;
	state->fn = (uint8_t)fn;

	/* gather */
	cfg_read32(io, IGD_CFG_ASLS, &asls);
	cfg_read32(io, IGD_CFG_GMCH, &gmch);
	const igd_platform *pf = igd_lookup(ids[1]);
	if (pf && pf->bdsm == IGD_BDSM_BDSM32) {
		cfg_read32(io, IGD_CFG_BDSM, &lo);
	} else if (pf && pf->bdsm == IGD_BDSM_BDSM64) {
		cfg_read32(io, IGD_CFG_BDSM64, &lo);
		cfg_read32(io, IGD_CFG_BDSM64 + 4, &hi);
	}
	in.bus = (uint8_t)bus;
	in.dev = (uint8_t)dev;
	in.fn = (uint8_t)fn;
	in.gmch = (uint16_t)gmch;
	in.asls = asls;
	in.bdsm_lo = lo;
	in.bdsm_hi = hi;
	in.rom_opregion = g.embedded;
	in.rom_opregion_len = g.embedded_len;
	in.host_dsm_base = g.host_dsm_base;
	in.host_dsm_from = g.host_dsm_from;
	if (fwcfg_io_find(&g.fwcfg, FWCFG_IGD_OPREGION, &sel, &op_size)) {
		in.fwcfg_opregion_present = true;
		in.fwcfg_opregion_size = op_size;
		if (!g.embedded && igd_plan_read_fwcfg_opregion(op_size))
			fwcfg_op = read_item(FWCFG_IGD_OPREGION, IGD_PLAN_MAX_OPREGION, &op_size);
		in.fwcfg_opregion = fwcfg_op;
	}
	bdsm_size = read_item(FWCFG_IGD_BDSM_SIZE, 64, &bs_size);
	in.fwcfg_bdsm_size = bdsm_size;
	in.fwcfg_bdsm_size_len = bs_size;
	if (asls && asls != 0xFFFFFFFFu && (uint64_t)asls + OPREGION_BASE_SIZE <= BELOW_4G + 1) {
		uint64_t room = BELOW_4G + 1 - asls;
		in.at_asls = (const uint8_t *)(uintptr_t)asls;
		in.at_asls_len = (size_t)(room < IGD_PLAN_MAX_OPREGION ? room : IGD_PLAN_MAX_OPREGION);
	}
	gather_map(&map, &ranges);
	in.map = &map;

	/* plan, carry out, log */
	igd_plan_device(&in, &plan);
	log_igdrom("found 8086:%04x class %02x%02x at %04x:%02x:%02x.%x: %s (gen %u)\n", ids[1], cls[2], cls[1],
		   (unsigned)seg, (unsigned)bus, (unsigned)dev, (unsigned)fn,
		   plan.platform ? plan.platform->name : "unknown device ID", plan.platform ? plan.platform->gen : 0);
	uint64_t op = carry_out_opregion(&in, &plan, io);
	if (op) {
		state->opregion = (uint8_t *)(uintptr_t)op;
		state->opregion_len = plan.opregion.copy_len;
	}
	/* the map changed with the OpRegion's pages: plan stolen memory against the new one */
	if (ranges)
		gBS->FreePool(ranges);
	gather_map(&map, &ranges);
	igd_plan_device(&in, &plan);
	carry_out_dsm(&in, &plan, io);
	if (ranges)
		gBS->FreePool(ranges);
	if (fwcfg_op)
		gBS->FreePool(fwcfg_op);
	if (bdsm_size)
		gBS->FreePool(bdsm_size);
	if (state->opregion && !g.policy_installed) {
		EFI_STATUS st = gop_policy_install(g.image);
		g.policy_installed = st == EFI_SUCCESS;
		if (g.policy_installed)
			log_igdrom("PlatformGopPolicy installed\n");
		else
			log_igdrom("PlatformGopPolicy NOT installed: %s\n", efi_status_name(st));
	}
	log_igdrom("done with %02x:%02x.%x\n", (unsigned)bus, (unsigned)dev, (unsigned)fn);
}

/* The device whose GOP is asking: the one whose PciIo a driver other than us has open
 * BY_DRIVER and that has not been served yet (the GOP opens its device's PciIo in Start()
 * before it looks for the policy); else the first set-up device that has not been served; else
 * the first one. */
struct igd_device_state *igd_device_for_gop(void)
{
	struct igd_device_state *first = NULL, *unserved = NULL;
	for (size_t i = 0; i < set_up_count; i++) {
		struct igd_device_state *d = &set_up_devices[i];
		EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *info = NULL;
		UINTN n = 0;
		if (!d->opregion)
			continue;
		if (!first)
			first = d;
		if (!d->served && !unserved)
			unserved = d;
		if (d->served || !d->handle ||
		    gBS->OpenProtocolInformation(d->handle, &pci_io_guid, &info, &n) != EFI_SUCCESS)
			continue;
		bool bound = false;
		for (UINTN k = 0; k < n; k++)
			if ((info[k].Attributes & EFI_OPEN_PROTOCOL_BY_DRIVER) && info[k].AgentHandle != g.image)
				bound = true;
		gBS->FreePool(info);
		if (bound)
			return d;
	}
	return unserved ? unserved : first;
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
	if (igd_e820_decode(buf, size, entries, IGD_ARRAY_SIZE(entries), &n, NULL) != IGD_OK) {
		log_igdrom("fw_cfg %s malformed: ignored\n", FWCFG_E820);
		n = 0;
	}
	gBS->FreePool(buf);
	for (size_t i = 0; i < n; i++) {
		const e820_entry *e = &entries[i];
		/* only ranges below 4 GiB (checked before rounding, which could wrap near 2^64) */
		if ((e->type != E820_RESERVED && e->type != E820_NVS) || e->addr + e->len > BELOW_4G + 1)
			continue;
		bool nvs = e->type == E820_NVS;
		const char *what = nvs ? "e820 NVS range" : "e820 reserved range";
		igd_mem_map map;
		igd_mem_range *ranges;
		igd_placement pl;
		bool claim_failed;
		gather_map(&map, &ranges);
		igd_place(&map, e->addr, e->len, 1, PAGE_SIZE, nvs ? IGD_MEM_NVS : IGD_MEM_RESERVED, true, &pl);
		if (ranges)
			gBS->FreePool(ranges);
		log_igdrom("%s 0x%llx+0x%llx:\n", what, (unsigned long long)e->addr, (unsigned long long)e->len);
		if (pl.action == IGD_PLACE_ALLOCATE) {
			/* a reservation is about this address: elsewhere is no use */
			log_igdrom("%s: %s; not reserved\n", what, pl.reason);
			continue;
		}
		carry_out(&pl, nvs ? EfiACPIMemoryNVS : EfiReservedMemoryType, e->len, what, &claim_failed);
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
		static const char *const items[] = { FWCFG_IGD_OPREGION, FWCFG_IGD_BDSM_SIZE, FWCFG_IGD_STOLEN_BASE,
						     FWCFG_E820 };
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
		log_igdrom("CreateEvent failed: %s\n", efi_status_name(status));
		return status;
	}
	status = gBS->RegisterProtocolNotify(&pci_io_guid, event, &g.registration);
	if (status != EFI_SUCCESS) {
		log_igdrom("RegisterProtocolNotify failed: %s\n", efi_status_name(status));
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
