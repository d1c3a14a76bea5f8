// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * Stands in for Intel's closed GOP driver in QEMU tests: a driver-binding driver for Intel
 * display-class PciIo devices whose Start asks PlatformGopPolicy for the VBT, as the GOP does,
 * and logs what it got on port 0x402 ("gop-standin: ...").
 */
#include "igd/devices.h"
#include "log.h"
#include "uefi.h"

static EFI_BOOT_SERVICES *bs;
static EFI_GUID pci_io_guid = IGDROM_PCI_IO_GUID;
static EFI_GUID policy_guid = IGDROM_PLATFORM_GOP_POLICY_GUID;
static EFI_GUID binding_guid = EFI_DRIVER_BINDING_PROTOCOL_GUID;

static bool is_igd(EFI_HANDLE controller, EFI_HANDLE driver)
{
	EFI_PCI_IO_PROTOCOL *io;
	UINT16 ids[2];
	UINT8 cls[3];
	bool yes = false;
	if (bs->OpenProtocol(controller, &pci_io_guid, (void **)&io, driver, controller,
			     EFI_OPEN_PROTOCOL_BY_DRIVER) != EFI_SUCCESS)
		return false;
	if (io->Pci.Read(io, EfiPciIoWidthUint16, 0, 2, ids) == EFI_SUCCESS &&
	    io->Pci.Read(io, EfiPciIoWidthUint8, 9, 3, cls) == EFI_SUCCESS)
		yes = ids[0] == IGD_VENDOR_INTEL && igd_is_display_class(cls[2], cls[1], cls[0]);
	bs->CloseProtocol(controller, &pci_io_guid, driver, controller);
	return yes;
}

static EFI_STATUS EFIAPI supported(EFI_DRIVER_BINDING_PROTOCOL *This, EFI_HANDLE controller,
				   EFI_DEVICE_PATH *remaining)
{
	(void)remaining;
	return is_igd(controller, This->DriverBindingHandle) ? EFI_SUCCESS : EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI start(EFI_DRIVER_BINDING_PROTOCOL *This, EFI_HANDLE controller,
			       EFI_DEVICE_PATH *remaining)
{
	PLATFORM_GOP_POLICY_PROTOCOL *p;
	EFI_PHYSICAL_ADDRESS addr = 0;
	UINT32 size = 0;
	(void)This;
	(void)controller;
	(void)remaining;
	if (bs->LocateProtocol(&policy_guid, NULL, (void **)&p) != EFI_SUCCESS) {
		log_printf("gop-standin: no PlatformGopPolicy: the real GOP would not start\n");
		return EFI_UNSUPPORTED;
	}
	EFI_STATUS st = p->GetVbtData(&addr, &size);
	if (st != EFI_SUCCESS) {
		log_printf("gop-standin: GetVbtData failed 0x%llx\n", (unsigned long long)st);
		return EFI_UNSUPPORTED;
	}
	const uint8_t *v = (const uint8_t *)(uintptr_t)addr;
	uint8_t sum = 0;
	for (UINT32 i = 0; i < size; i++)
		sum = (uint8_t)(sum + v[i]);
	log_printf("gop-standin: VBT %s at 0x%llx, %u bytes, checksum %s\n",
		   memcmp(v, "$VBT", 4) == 0 ? "$VBT" : "BAD-SIGNATURE", (unsigned long long)addr, size,
		   sum == 0 ? "ok" : "BAD");
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI stop(EFI_DRIVER_BINDING_PROTOCOL *This, EFI_HANDLE controller,
			      UINTN n, EFI_HANDLE *children)
{
	(void)This;
	(void)controller;
	(void)n;
	(void)children;
	return EFI_SUCCESS;
}

static EFI_DRIVER_BINDING_PROTOCOL binding = { supported, start, stop, 0x10, NULL, NULL };

EFI_STATUS EFIAPI gop_standin_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	bs = st->BootServices;
	binding.ImageHandle = image;
	binding.DriverBindingHandle = image;
	log_printf("gop-standin: loaded\n");
	return bs->InstallProtocolInterface(&image, &binding_guid, EFI_NATIVE_INTERFACE, &binding);
}
