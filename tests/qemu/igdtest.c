// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * QEMU test application: stands in for an Intel IGD.  Reads its scenario from fw_cfg
 * (opt/igdtest/config, key=value lines), optionally plays bhyve (pre-programmed ASLS/BDSM),
 * installs an EFI_PCI_IO_PROTOCOL with an emulated config space (vendor, device, class and
 * GMCH read-only), connects controllers so the GOP stand-in binds, then checks what
 * igdrom's driver did and prints one TAP line per check on port 0x402 ("igdtest: ok N - ...").
 */
#include "fwcfg_io.h"
#include "igd/bytes.h"
#include "igd/devices.h"
#include "igd/opregion.h"
#include "igd/vbt.h"
#include "log.h"
#include "uefi.h"

#define PAGE_SIZE 4096u
#define MiB (1024u * 1024u)

static EFI_BOOT_SERVICES *bs;
static EFI_GUID pci_io_guid = IGDROM_PCI_IO_GUID;
static EFI_GUID device_path_guid = IGDROM_DEVICE_PATH_GUID;
static EFI_GUID policy_guid = IGDROM_PLATFORM_GOP_POLICY_GUID;
static fwcfg_io fw;
static int checks, failures;

static struct {
	uint16_t device;
	uint32_t cls; /* base<<16 | sub<<8 | prog-if */
	uint16_t gmch;
	char bhyve_asls[8], bhyve_bdsm[8]; /* none | free | inuse; ASLS also offset (0x18 into a free page) */
	uint64_t expect_bdsm_size;          /* 0: BDSM must stay untouched */
	int expect_opregion;                /* 1: ASLS set and bytes match opt/igdtest/opregion */
	uint32_t expect_vbt_size;           /* 0: no PlatformGopPolicy expected */
	uint32_t bdsm_low_bits;             /* lock/reserved bits the driver must keep */
	uint8_t dev, fn;                    /* the fake IGD's address on bus 0 */
	uint64_t occupy;                    /* pages the firmware "uses" there before the IGD appears */
	uint64_t expect_bdsm_base;          /* stolen memory must start exactly here (host's address) */
	uint64_t expect_not_bdsm_base;      /* ... must not start here (fallback) */
	uint64_t expect_ram;                /* this MiB-aligned address must be RAM below 4 GiB */
	int second;                         /* 1: a second Intel display device at 00:03.0, whose
					     * OpRegion (opt/igdtest/opregion2) the hypervisor placed */
} cfg;

static uint8_t config_space[256], config_space2[256];
static uint8_t *ref_opregion2;
static uint32_t ref_opregion2_len;
static uint8_t *ref_opregion;
static uint32_t ref_opregion_len;
static uint64_t pre_asls, pre_bdsm;

static void check(bool cond, const char *what)
{
	checks++;
	if (!cond)
		failures++;
	log_printf("igdtest: %s %d - %s\n", cond ? "ok" : "not ok", checks, what);
}

/* ---- scenario ---- */

static uint64_t parse_num(const char *s)
{
	uint64_t v = 0;
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s && *s != '\n'; s++) {
		unsigned d = (*s >= '0' && *s <= '9') ? (unsigned)(*s - '0')
			     : (*s >= 'a' && *s <= 'f') ? (unsigned)(*s - 'a' + 10)
			     : (*s >= 'A' && *s <= 'F') ? (unsigned)(*s - 'A' + 10) : 99;
		if (d >= base)
			break;
		v = v * base + d;
	}
	return v;
}

static void copy_word(char *dst, size_t cap, const char *s)
{
	size_t i = 0;
	for (; s[i] && s[i] != '\n' && i + 1 < cap; i++)
		dst[i] = s[i];
	dst[i] = 0;
}

static bool load_config(void)
{
	uint16_t sel;
	uint32_t size;
	char buf[1024];
	cfg.dev = 2;
	memcpy(cfg.bhyve_asls, "none", 5);
	memcpy(cfg.bhyve_bdsm, "none", 5);
	cfg.cls = 0x030000;
	if (!fwcfg_io_find(&fw, "opt/igdtest/config", &sel, &size) || size >= sizeof(buf))
		return false;
	fwcfg_io_read(&fw, sel, buf, size);
	buf[size] = 0;
	for (char *line = buf; *line;) {
		char *eq = line, *end = line;
		while (*end && *end != '\n')
			end++;
		while (eq < end && *eq != '=')
			eq++;
		if (eq < end) {
			const char *v = eq + 1;
			size_t klen = (size_t)(eq - line);
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(line, k, klen) == 0)
			if (KEY("device")) cfg.device = (uint16_t)parse_num(v);
			else if (KEY("class")) cfg.cls = (uint32_t)parse_num(v);
			else if (KEY("gmch")) cfg.gmch = (uint16_t)parse_num(v);
			else if (KEY("bhyve_asls")) copy_word(cfg.bhyve_asls, sizeof(cfg.bhyve_asls), v);
			else if (KEY("bhyve_bdsm")) copy_word(cfg.bhyve_bdsm, sizeof(cfg.bhyve_bdsm), v);
			else if (KEY("expect_bdsm_size")) cfg.expect_bdsm_size = parse_num(v);
			else if (KEY("expect_opregion")) cfg.expect_opregion = (int)parse_num(v);
			else if (KEY("expect_vbt_size")) cfg.expect_vbt_size = (uint32_t)parse_num(v);
			else if (KEY("bdsm_low_bits")) cfg.bdsm_low_bits = (uint32_t)parse_num(v);
			else if (KEY("dev")) cfg.dev = (uint8_t)parse_num(v);
			else if (KEY("fn")) cfg.fn = (uint8_t)parse_num(v);
			else if (KEY("occupy")) cfg.occupy = parse_num(v);
			else if (KEY("expect_bdsm_base")) cfg.expect_bdsm_base = parse_num(v);
			else if (KEY("expect_not_bdsm_base")) cfg.expect_not_bdsm_base = parse_num(v);
			else if (KEY("expect_ram")) cfg.expect_ram = parse_num(v);
			else if (KEY("second")) cfg.second = (int)parse_num(v);
#undef KEY
		}
		line = *end ? end + 1 : end;
	}
	if (fwcfg_io_find(&fw, "opt/igdtest/opregion", &sel, &size) &&
	    bs->AllocatePool(EfiBootServicesData, size, (void **)&ref_opregion) == EFI_SUCCESS) {
		fwcfg_io_read(&fw, sel, ref_opregion, size);
		ref_opregion_len = size;
	}
	if (fwcfg_io_find(&fw, "opt/igdtest/opregion2", &sel, &size) &&
	    bs->AllocatePool(EfiBootServicesData, size, (void **)&ref_opregion2) == EFI_SUCCESS) {
		fwcfg_io_read(&fw, sel, ref_opregion2, size);
		ref_opregion2_len = size;
	}
	return true;
}

/* ---- memory map ---- */

static UINT32 type_of_range(uint64_t base, uint64_t len, bool *uniform)
{
	UINTN size = 0, key, dsize;
	UINT32 dver, type = 0xFFFFFFFF;
	EFI_MEMORY_DESCRIPTOR *map;
	uint64_t covered = 0, end = base + len;
	*uniform = true;
	bs->GetMemoryMap(&size, NULL, &key, &dsize, &dver);
	size += 4 * dsize;
	if (bs->AllocatePool(EfiBootServicesData, size, (void **)&map) != EFI_SUCCESS ||
	    bs->GetMemoryMap(&size, map, &key, &dsize, &dver) != EFI_SUCCESS) {
		*uniform = false;
		return type;
	}
	for (UINTN o = 0; o + dsize <= size; o += dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)((uint8_t *)map + o);
		uint64_t ds = d->PhysicalStart, de = ds + d->NumberOfPages * PAGE_SIZE;
		if (de <= base || ds >= end)
			continue;
		covered += (de < end ? de : end) - (ds > base ? ds : base);
		if (type == 0xFFFFFFFF)
			type = d->Type;
		else if (type != d->Type)
			*uniform = false;
	}
	if (covered != len)
		*uniform = false;
	bs->FreePool(map);
	return type;
}

/* A free, aligned range low in RAM, where OVMF's top-down allocations will not land before the
 * driver runs: probe with AllocateAddress, then free (OVMF poisons freed pages, so data is
 * written afterwards, as a hypervisor would have). */
static uint64_t free_range(uint64_t len, uint64_t align, uint64_t from)
{
	UINTN pages = (UINTN)((len + PAGE_SIZE - 1) / PAGE_SIZE);
	for (uint64_t a = from; a < 0x10000000; a += 0x1000000) {
		EFI_PHYSICAL_ADDRESS at = (a + align - 1) & ~(align - 1);
		if (bs->AllocatePages(AllocateAddress, EfiBootServicesData, pages, &at) == EFI_SUCCESS) {
			bs->FreePages(at, pages);
			return at;
		}
	}
	return 0;
}

static uint64_t used_range(uint64_t len, uint64_t align)
{
	EFI_PHYSICAL_ADDRESS a = 0xFFFFFFFF;
	UINTN pages = (UINTN)((len + align) / PAGE_SIZE);
	if (bs->AllocatePages(AllocateMaxAddress, EfiBootServicesData, pages, &a) != EFI_SUCCESS)
		return 0;
	return (a + align - 1) & ~(align - 1);
}

/* ---- the emulated IGD ---- */

static bool read_only(UINT32 off)
{
	return off < 4 || (off >= 0x08 && off < 0x0C) || off == IGD_CFG_GMCH || off == IGD_CFG_GMCH + 1;
}

static EFI_PCI_IO_PROTOCOL fake_io2;
/* The second device's registers live in their own array. */
static uint8_t *space_of(EFI_PCI_IO_PROTOCOL *This)
{
	return This == &fake_io2 ? config_space2 : config_space;
}

static EFI_STATUS EFIAPI cfg_read(EFI_PCI_IO_PROTOCOL *This, EFI_PCI_IO_PROTOCOL_WIDTH w,
				  UINT32 off, UINTN count, VOID *buf)
{
	UINTN unit = (UINTN)1 << (w & 3);
	(void)This;
	if (w > EfiPciIoWidthUint64 || off + unit * count > sizeof(config_space))
		return EFI_INVALID_PARAMETER;
	memcpy(buf, space_of(This) + off, unit * count);
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI cfg_write(EFI_PCI_IO_PROTOCOL *This, EFI_PCI_IO_PROTOCOL_WIDTH w,
				   UINT32 off, UINTN count, VOID *buf)
{
	UINTN unit = (UINTN)1 << (w & 3);
	(void)This;
	if (w > EfiPciIoWidthUint64 || off + unit * count > sizeof(config_space))
		return EFI_INVALID_PARAMETER;
	for (UINTN i = 0; i < unit * count; i++)
		if (!read_only(off + (UINT32)i))
			space_of(This)[off + i] = ((uint8_t *)buf)[i];
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI get_location(EFI_PCI_IO_PROTOCOL *This, UINTN *seg, UINTN *bus,
				      UINTN *dev, UINTN *fn)
{
	(void)This;
	*seg = 0;
	*bus = 0;
	*dev = This == &fake_io2 ? 3 : cfg.dev;
	*fn = cfg.fn;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI unsupported(void)
{
	return EFI_UNSUPPORTED;
}

static void write_bdsm_raw(uint64_t v);
static EFI_PCI_IO_PROTOCOL fake_io;

static struct __attribute__((packed)) {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} fake_path = {
	{ { HARDWARE_DEVICE_PATH, HW_VENDOR_DP, { sizeof(VENDOR_DEVICE_PATH), 0 } },
	  { 0x1d6e0e0c, 0x4f32, 0x4b0f, { 0x9a, 0x7f, 0x69, 0x67, 0x64, 0x72, 0x6f, 0x6d } } },
	{ END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 } },
};

static EFI_HANDLE install_fake_igd(void)
{
	EFI_HANDLE h = NULL;
	EFI_STATUS (EFIAPI **slot)(void) = (EFI_STATUS (EFIAPI **)(void))&fake_io;
	for (size_t i = 0; i < sizeof(fake_io) / sizeof(*slot); i++)
		slot[i] = unsupported;
	fake_io.Pci.Read = cfg_read;
	fake_io.Pci.Write = cfg_write;
	fake_io.GetLocation = get_location;
	fake_io.RomImage = NULL;
	fake_io.RomSize = 0;
	igd_put_le16(config_space, 256, 0, IGD_VENDOR_INTEL);
	igd_put_le16(config_space, 256, 2, cfg.device);
	config_space[0x09] = (uint8_t)cfg.cls;
	config_space[0x0A] = (uint8_t)(cfg.cls >> 8);
	config_space[0x0B] = (uint8_t)(cfg.cls >> 16);
	igd_put_le16(config_space, 256, IGD_CFG_GMCH, cfg.gmch);
	if (!pre_bdsm)
		write_bdsm_raw(cfg.bdsm_low_bits);
	if (bs->InstallMultipleProtocolInterfaces(&h, &device_path_guid, &fake_path, &pci_io_guid,
						  &fake_io, NULL) != EFI_SUCCESS)
		return NULL;
	return h;
}

/* A second Intel display device at 00:03.0 (class 0x0380), whose OpRegion the hypervisor
 * placed at ASLS: its GOP must get its own VBT, not the first device's. */
static struct __attribute__((packed)) {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} fake_path2 = {
	{ { HARDWARE_DEVICE_PATH, HW_VENDOR_DP, { sizeof(VENDOR_DEVICE_PATH), 0 } },
	  { 0x1d6e0e0c, 0x4f32, 0x4b0f, { 0x9a, 0x7f, 0x69, 0x67, 0x64, 0x72, 0x6f, 0x6e } } },
	{ END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 } },
};
static uint64_t pre_asls2;

static EFI_HANDLE install_second_igd(void)
{
	EFI_HANDLE h = NULL;
	fake_io2 = fake_io;
	igd_put_le16(config_space2, 256, 0, IGD_VENDOR_INTEL);
	igd_put_le16(config_space2, 256, 2, cfg.device);
	config_space2[0x0A] = 0x80;
	config_space2[0x0B] = 0x03;
	igd_put_le16(config_space2, 256, IGD_CFG_GMCH, cfg.gmch);
	pre_asls2 = free_range(ref_opregion2_len, PAGE_SIZE, 0x6000000);
	memcpy((void *)(uintptr_t)pre_asls2, ref_opregion2, ref_opregion2_len);
	igd_put_le32(config_space2, 256, IGD_CFG_ASLS, (uint32_t)pre_asls2);
	log_printf("igdtest: second device at 00:03.0, its OpRegion at 0x%llx\n", (unsigned long long)pre_asls2);
	if (bs->InstallMultipleProtocolInterfaces(&h, &device_path_guid, &fake_path2, &pci_io_guid,
						  &fake_io2, NULL) != EFI_SUCCESS)
		return NULL;
	return h;
}

/* ---- checks ---- */

static bool bdsm64(void)
{
	const igd_platform *p = igd_lookup(cfg.device);
	return p && p->bdsm == IGD_BDSM_BDSM64;
}

static uint64_t read_bdsm(void)
{
	uint32_t lo, hi = 0;
	if (bdsm64()) {
		igd_get_le32(config_space, 256, IGD_CFG_BDSM64, &lo);
		igd_get_le32(config_space, 256, IGD_CFG_BDSM64 + 4, &hi);
	} else {
		igd_get_le32(config_space, 256, IGD_CFG_BDSM, &lo);
	}
	return (uint64_t)hi << 32 | lo;
}

static void write_bdsm_raw(uint64_t v)
{
	if (bdsm64()) {
		igd_put_le64(config_space, 256, IGD_CFG_BDSM64, v);
	} else {
		igd_put_le32(config_space, 256, IGD_CFG_BDSM, (uint32_t)v);
	}
}

static void prepare_bhyve(void)
{
	bool free_asls = cfg.bhyve_asls[0] == 'f', used_asls = cfg.bhyve_asls[0] == 'i';
	bool offset_asls = cfg.bhyve_asls[0] == 'o';
	bool free_bdsm = cfg.bhyve_bdsm[0] == 'f', used_bdsm = cfg.bhyve_bdsm[0] == 'i';
	if ((free_asls || used_asls || offset_asls) && ref_opregion) {
		/* bhyve keeps the host's offset within the page: its OpRegion may sit at 0x18 with
		 * the VBT right behind it (FreeBSD D45336) */
		if (offset_asls)
			pre_asls = free_range(ref_opregion_len + 0x18, PAGE_SIZE, 0x2000000) + 0x18;
		else
			pre_asls = free_asls ? free_range(ref_opregion_len, PAGE_SIZE, 0x2000000)
					     : used_range(ref_opregion_len, PAGE_SIZE);
		memcpy((void *)(uintptr_t)pre_asls, ref_opregion, ref_opregion_len);
		igd_put_le32(config_space, 256, IGD_CFG_ASLS, (uint32_t)pre_asls);
		log_printf("igdtest: bhyve OpRegion pre-placed at 0x%llx (%s pages)\n",
			   (unsigned long long)pre_asls, cfg.bhyve_asls);
	}
	if ((free_bdsm || used_bdsm) && cfg.expect_bdsm_size) {
		pre_bdsm = free_bdsm ? free_range(cfg.expect_bdsm_size, MiB, 0x4000000)
				     : used_range(cfg.expect_bdsm_size, MiB);
		write_bdsm_raw(pre_bdsm | cfg.bdsm_low_bits);
		log_printf("igdtest: bhyve BDSM pre-programmed 0x%llx (%s pages)\n",
			   (unsigned long long)pre_bdsm, cfg.bhyve_bdsm);
	}
}

static void check_opregion(void)
{
	uint32_t asls;
	bool uniform;
	igd_get_le32(config_space, 256, IGD_CFG_ASLS, &asls);
	if (!cfg.expect_opregion) {
		check(asls == (uint32_t)pre_asls, "ASLS untouched (no usable OpRegion)");
		return;
	}
	if (cfg.bhyve_asls[0] == 'o')
		check(asls == pre_asls && (asls & (PAGE_SIZE - 1)) == 0x18,
		      "bhyve OpRegion at offset 0x18 in a free page kept at its (unaligned) address");
	else
		check(asls != 0 && (asls & (PAGE_SIZE - 1)) == 0, "ASLS set, page aligned, below 4 GiB");
	if (!asls)
		return;
	const uint8_t *op = (const uint8_t *)(uintptr_t)asls;
	check(memcmp(op, OPREGION_SIGNATURE, 16) == 0, "OpRegion signature at ASLS");
	UINT32 t = type_of_range(asls, ref_opregion_len ? ref_opregion_len : OPREGION_BASE_SIZE, &uniform);
	check(uniform && t == EfiACPIMemoryNVS, "OpRegion pages are ACPI NVS");
	if (ref_opregion)
		check(memcmp(op, ref_opregion, ref_opregion_len) == 0, "OpRegion bytes equal the source");
	if (cfg.bhyve_asls[0] == 'f')
		check(asls == pre_asls, "bhyve OpRegion on free pages kept at its address");
	if (cfg.bhyve_asls[0] == 'i')
		check(asls != pre_asls, "bhyve OpRegion on used pages relocated");
}

static void check_bdsm(void)
{
	uint64_t v = read_bdsm();
	uint64_t base = v & ~(uint64_t)(MiB - 1);
	bool uniform;
	if (!cfg.expect_bdsm_size) {
		check(v == (pre_bdsm | cfg.bdsm_low_bits), "BDSM untouched");
		return;
	}
	check(base != 0, "BDSM programmed");
	check(base + cfg.expect_bdsm_size <= 0x100000000ull, "stolen memory below 4 GiB, 1 MiB aligned");
	check((v & (MiB - 1)) == cfg.bdsm_low_bits, "BDSM low bits preserved");
	UINT32 t = type_of_range(base, cfg.expect_bdsm_size, &uniform);
	check(uniform && t == EfiReservedMemoryType, "stolen range is Reserved in the memory map");
	if (cfg.bhyve_bdsm[0] == 'f')
		check(base == pre_bdsm, "bhyve stolen memory on free pages kept");
	if (cfg.bhyve_bdsm[0] == 'i')
		check(base != pre_bdsm, "bhyve stolen memory on used pages relocated");
	if (bdsm64())
		check(config_space[IGD_CFG_BDSM] == 0 && config_space[IGD_CFG_BDSM + 3] == 0,
		      "64-bit BDSM layout: 0x5C untouched");
	if (cfg.expect_bdsm_base)
		check(base == cfg.expect_bdsm_base, "stolen memory at the host's address the ROM records");
	if (cfg.expect_not_bdsm_base)
		check(base != cfg.expect_not_bdsm_base, "stolen memory fell back from the host's address");
}

static void check_policy(void)
{
	PLATFORM_GOP_POLICY_PROTOCOL *p = NULL;
	EFI_STATUS st = bs->LocateProtocol(&policy_guid, NULL, (void **)&p);
	if (!cfg.expect_vbt_size) {
		check(st != EFI_SUCCESS, "no PlatformGopPolicy without a VBT");
		return;
	}
	check(st == EFI_SUCCESS && p && p->Revision == 1, "PlatformGopPolicy revision 1 installed");
	if (st != EFI_SUCCESS)
		return;
	EFI_PHYSICAL_ADDRESS addr = 0;
	UINT32 size = 0;
	st = p->GetVbtData(&addr, &size);
	check(st == EFI_SUCCESS && size == cfg.expect_vbt_size, "GetVbtData size equals vbt_size");
	if (st == EFI_SUCCESS) {
		const uint8_t *v = (const uint8_t *)(uintptr_t)addr;
		uint8_t sum = 0;
		for (UINT32 i = 0; i < size; i++)
			sum = (uint8_t)(sum + v[i]);
		check(memcmp(v, "$VBT", 4) == 0 && sum == 0, "VBT copy starts $VBT, checksum fixed");
		uint32_t asls;
		igd_get_le32(config_space, 256, IGD_CFG_ASLS, &asls);
		check(addr < asls || addr >= asls + OPREGION_BASE_SIZE, "VBT copy is not inside the OpRegion");
	}
	LID_STATUS lid = LidClosed;
	check(p->GetPlatformLidStatus(&lid) == EFI_SUCCESS && lid == LidOpen, "lid reported open");
	check(p->GetVbtData(NULL, &size) == EFI_INVALID_PARAMETER, "GetVbtData(NULL) refused");
}

EFI_STATUS EFIAPI igdtest_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_HANDLE h;
	(void)image;
	bs = st->BootServices;
	log_printf("igdtest: start\n");
	if (!fwcfg_io_probe(&fw) || !load_config()) {
		check(false, "scenario config in fw_cfg opt/igdtest/config");
	} else {
		prepare_bhyve();
		if (cfg.expect_ram) {
			/* the memory options vmm-config printed: the host's range must be RAM (free, or
			 * reserved by now) in the firmware's map */
			bool uniform;
			UINT32 t = type_of_range(cfg.expect_ram, cfg.expect_bdsm_size ? cfg.expect_bdsm_size : MiB, &uniform);
			check(uniform && (t == EfiConventionalMemory || t == EfiBootServicesData || t == EfiBootServicesCode),
			      "the host's stolen-memory range is guest RAM below 4 GiB");
		}
		if (cfg.occupy) {
			EFI_PHYSICAL_ADDRESS at = cfg.occupy;
			check(bs->AllocatePages(AllocateAddress, EfiBootServicesData, 1, &at) == EFI_SUCCESS,
			      "a page at the host's address taken before the IGD appears");
		}
		h = install_fake_igd();
		check(h != NULL, "fake IGD installed");
		/* With a second device, its GOP starts first: a policy that served "the first device
		 * not served yet" would hand it 00:02.0's VBT. */
		if (h && cfg.second && ref_opregion2) {
			EFI_HANDLE h2 = install_second_igd();
			check(h2 != NULL, "second Intel display device installed at 00:03.0, its GOP started first");
			if (h2) {
				bs->ConnectController(h2, NULL, NULL, TRUE);
				uint32_t asls2;
				igd_get_le32(config_space2, 256, IGD_CFG_ASLS, &asls2);
				check(asls2 == pre_asls2, "second device: the hypervisor's OpRegion kept at its ASLS");
			}
		}
		if (h) {
			bs->ConnectController(h, NULL, NULL, TRUE);
			check_opregion();
			check_bdsm();
			check_policy();
		}
	}
	log_printf("igdtest: done: %d checks, %d failed\n", checks, failures);
	st->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	return EFI_SUCCESS;
}
