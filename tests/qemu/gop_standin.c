// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * Stands in for Intel's closed GOP driver in QEMU tests: a driver-binding driver whose
 * Supported() binds the Intel display devices its one device table lists, and whose Start, as
 * the real GOPs do (issue 15), opens the device's
 * PciIo, asks PlatformGopPolicy for the VBT and the lid, refuses a VBT of another platform,
 * reads the PCH's ID at 00:1f.0 through CF8/CFC and stops on one it does not know; it logs each
 * step on port 0x402 ("gop-standin: ...").
 */
#include "igd/devices.h"
#include "igd/vbt.h"
#include "log.h"
#include "port_io.h"
#include "uefi.h"
#include "gop_standin_ids.h"

static EFI_BOOT_SERVICES *bs;

/* Like Intel's GOP, the stand-in carries its name and one table of the device IDs it binds,
 * which its Supported() scans; `igdrom inspect` and `extract` read both back (the table by
 * following Supported(): tests/unit/test_goptable.c).  Other ID arrays are decoys that only
 * Start() reads, as in the real binaries. */
static const CHAR16 driver_name[] = u"Intel(R) GOP Driver [igdrom stand-in 1.0]";
static const UINT16 supported_ids[] = { STANDIN_GEN9_IDS, STANDIN_GEN12_IDS };
#define STANDIN_GEN9_COUNT 6
static const UINT16 older_generations[] = { STANDIN_DECOY_IDS };
static const UINT16 known_pch[] = { STANDIN_PCH_IDS };
static UINT16 device_seen;

__attribute__((noinline)) static bool listed(UINT16 device)
{
	for (UINTN i = 0; i < IGD_ARRAY_SIZE(supported_ids); i++)
		if (supported_ids[i] == device)
			return true;
	return false;
}

/* 00:1f.0's vendor/device through CF8/CFC, the way the real GOPs read it (not through PciIo),
 * checked against the PCH table. */
__attribute__((noinline)) static bool pch_known(uint32_t *id)
{
	outl(0xCF8, 0x80000000u | (0u << 16) | (0x1Fu << 11) | (0u << 8) | 0x00);
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"((uint16_t)0xCFC));
	*id = v;
	if ((v & 0xFFFF) != IGD_VENDOR_INTEL)
		return false;
	for (UINTN i = 0; i < IGD_ARRAY_SIZE(known_pch); i++)
		if (known_pch[i] == (v >> 16))
			return true;
	return false;
}

/* The decoys' reader: an older generation's ID (none of which Supported() binds). */
__attribute__((noinline)) static bool older_generation(UINT16 device)
{
	for (UINTN i = 0; i < IGD_ARRAY_SIZE(older_generations); i++)
		if (older_generations[i] == device)
			return true;
	return false;
}
static EFI_GUID pci_io_guid = IGDROM_PCI_IO_GUID;
static EFI_GUID policy_guid = IGDROM_PLATFORM_GOP_POLICY_GUID;
static EFI_GUID binding_guid = EFI_DRIVER_BINDING_PROTOCOL_GUID;

/* Supported(): an Intel display device whose ID is in the table (issue 15: the real GOPs bind
 * only the IDs of the one table their Supported() scans). */
static EFI_STATUS EFIAPI supported(EFI_DRIVER_BINDING_PROTOCOL *This, EFI_HANDLE controller,
				   EFI_DEVICE_PATH *remaining)
{
	EFI_PCI_IO_PROTOCOL *io;
	UINT16 ids[2];
	UINT8 cls[3];
	bool display = false;
	(void)remaining;
	if (bs->OpenProtocol(controller, &pci_io_guid, (void **)&io, This->DriverBindingHandle, controller,
			     EFI_OPEN_PROTOCOL_BY_DRIVER) != EFI_SUCCESS)
		return EFI_UNSUPPORTED;
	if (io->Pci.Read(io, EfiPciIoWidthUint16, 0, 2, ids) == EFI_SUCCESS &&
	    io->Pci.Read(io, EfiPciIoWidthUint8, 9, 3, cls) == EFI_SUCCESS)
		display = ids[0] == IGD_VENDOR_INTEL && igd_is_display_class(cls[2], cls[1], cls[0]);
	bs->CloseProtocol(controller, &pci_io_guid, This->DriverBindingHandle, controller);
	if (!display)
		return EFI_UNSUPPORTED;
	if (!listed(ids[1])) {
		log_printf("gop-standin: 8086:%04x is not in its device table: Supported() refuses it\n", ids[1]);
		return EFI_UNSUPPORTED;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI start(EFI_DRIVER_BINDING_PROTOCOL *This, EFI_HANDLE controller,
			       EFI_DEVICE_PATH *remaining)
{
	PLATFORM_GOP_POLICY_PROTOCOL *p;
	EFI_PCI_IO_PROTOCOL *io;
	EFI_PHYSICAL_ADDRESS addr = 0;
	UINT32 size = 0;
	UINTN seg = 0, bus = 0, dev = 0, fn = 0;
	UINT16 ids[2] = { 0, 0 };
	(void)remaining;
	/* As Intel's GOPs do: open the device's PciIo for good, then look for the policy (issue 15:
	 * every one of 23 real GOPs finds PlatformGopPolicy right after this). */
	if (bs->OpenProtocol(controller, &pci_io_guid, (void **)&io, This->DriverBindingHandle, controller,
			     EFI_OPEN_PROTOCOL_BY_DRIVER) != EFI_SUCCESS)
		return EFI_UNSUPPORTED;
	io->GetLocation(io, &seg, &bus, &dev, &fn);
	io->Pci.Read(io, EfiPciIoWidthUint16, 0, 2, ids);
	device_seen = ids[1];
	if (bs->LocateProtocol(&policy_guid, NULL, (void **)&p) != EFI_SUCCESS) {
		log_printf("gop-standin: no PlatformGopPolicy: the real GOP would not start\n");
		bs->CloseProtocol(controller, &pci_io_guid, This->DriverBindingHandle, controller);
		return EFI_UNSUPPORTED;
	}
	EFI_STATUS st = p->GetVbtData(&addr, &size);
	if (st != EFI_SUCCESS) {
		log_printf("gop-standin: GetVbtData failed 0x%llx\n", (unsigned long long)st);
		bs->CloseProtocol(controller, &pci_io_guid, This->DriverBindingHandle, controller);
		return EFI_UNSUPPORTED;
	}
	const uint8_t *v = (const uint8_t *)(uintptr_t)addr;
	uint8_t sum = 0;
	for (UINT32 i = 0; i < size; i++)
		sum = (uint8_t)(sum + v[i]);
	bool in_table = listed(device_seen);
	char name[64];
	UINTN k = 0;
	for (; driver_name[k] && k + 1 < sizeof(name); k++)
		name[k] = (char)driver_name[k];
	name[k] = 0;
	log_printf("gop-standin: %s, device %04x %s\n", name, device_seen, in_table ? "listed" : "not listed");
	log_printf("gop-standin: VBT %s at 0x%llx, %u bytes, checksum %s, for %02x:%02x.%x\n",
		   memcmp(v, "$VBT", 4) == 0 ? "$VBT" : "BAD-SIGNATURE", (unsigned long long)addr, size,
		   sum == 0 ? "ok" : "BAD", (unsigned)bus, (unsigned)dev, (unsigned)fn);
	LID_STATUS lid = LidOpen;
	p->GetPlatformLidStatus(&lid);
	/* a VBT of another platform: the real Haswell and Bay Trail GOPs loop forever here; the
	 * stand-in says so and stops */
	vbt_info vi;
	/* the generation of the device from the stand-in's own table (the first ones are gen 9, the
	 * rest gen 12), as a GOP knows its platforms; not from the project's device table, which
	 * would put all its IDs into this binary */
	igd_platform own = { 0 };
	for (UINTN i = 0; i < IGD_ARRAY_SIZE(supported_ids); i++)
		if (supported_ids[i] == device_seen)
			own.gen = i < STANDIN_GEN9_COUNT ? 9 : 12;
	if (older_generation(device_seen))
		log_printf("gop-standin: %04x is an older generation's\n", device_seen);
	if (own.gen && igd_vbt_parse_header(v, size, &vi, NULL) == IGD_OK &&
	    igd_vbt_fit_device(&vi, &own) == IGD_VBT_OTHER_PLATFORM) {
		log_printf("gop-standin: VBT \"%s\" is another platform's than %04x: refused (Intel's GOP would hang)\n",
			   vi.signature, device_seen);
		bs->CloseProtocol(controller, &pci_io_guid, This->DriverBindingHandle, controller);
		return EFI_DEVICE_ERROR;
	}
	uint32_t pch = 0;
	bool known = pch_known(&pch);
	if (!known) {
		log_printf("gop-standin: PCH %04x:%04x at 00:1f.0 is not one this GOP knows: DEVICE_ERROR, no boot screen "
			   "(as Intel's GOP on Q35's ICH9)\n", pch & 0xFFFF, pch >> 16);
		bs->CloseProtocol(controller, &pci_io_guid, This->DriverBindingHandle, controller);
		return EFI_DEVICE_ERROR;
	}
	log_printf("gop-standin: PCH %04x:%04x at 00:1f.0 known: started on %02x:%02x.%x\n", pch & 0xFFFF, pch >> 16,
		   (unsigned)bus, (unsigned)dev, (unsigned)fn);
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI stop(EFI_DRIVER_BINDING_PROTOCOL *This, EFI_HANDLE controller,
			      UINTN n, EFI_HANDLE *children)
{
	(void)n;
	(void)children;
	bs->CloseProtocol(controller, &pci_io_guid, This->DriverBindingHandle, controller);
	return EFI_SUCCESS;
}

/* Version 0 in the file, filled in by the entry point, as in Intel's GOPs (issue 15). */
static EFI_DRIVER_BINDING_PROTOCOL binding = { supported, start, stop, 0, NULL, NULL };

EFI_STATUS EFIAPI gop_standin_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	bs = st->BootServices;
	binding.Version = STANDIN_BINDING_VERSION;
	binding.ImageHandle = image;
	binding.DriverBindingHandle = image;
	log_printf("gop-standin: loaded\n");
	return bs->InstallProtocolInterface(&image, &binding_guid, EFI_NATIVE_INTERFACE, &binding);
}
