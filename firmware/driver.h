/* SPDX-License-Identifier: BSD-2-Clause-Patent */
#ifndef IGDROM_FW_DRIVER_H
#define IGDROM_FW_DRIVER_H

#include "uefi.h"

extern EFI_BOOT_SERVICES *gBS;

#define IGDROM_MAX_DEVICES 8

/* What the driver set up for one device, for PlatformGopPolicy. */
struct igd_device_state {
	EFI_PCI_IO_PROTOCOL *io;
	EFI_HANDLE handle;      /* the PciIo handle, for OpenProtocolInformation */
	uint8_t bus, dev, fn;
	uint8_t *opregion;      /* the guest copy (ACPI NVS), NULL when none */
	size_t opregion_len;
	bool served;            /* GetVbtData has answered for it */
	EFI_PHYSICAL_ADDRESS vbt_copy; /* the checksum-fixed VBT handed to its GOP */
	UINTN vbt_pages;
};

extern struct igd_device_state set_up_devices[IGDROM_MAX_DEVICES];
extern size_t set_up_count;

/* The device whose GOP is calling the policy now. */
struct igd_device_state *igd_device_for_gop(void);

/* "EFI_OUT_OF_RESOURCES" and the like: every log line about a failure names the status. */
const char *efi_status_name(EFI_STATUS st);

EFI_STATUS gop_policy_install(EFI_HANDLE image);

#endif
