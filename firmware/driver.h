/* SPDX-License-Identifier: BSD-2-Clause-Patent */
#ifndef IGDROM_FW_DRIVER_H
#define IGDROM_FW_DRIVER_H

#include "uefi.h"

extern EFI_BOOT_SERVICES *gBS;

/* What the driver set up, for PlatformGopPolicy. */
struct igd_setup {
	uint8_t *opregion;      /* the guest copy (ACPI NVS) */
	size_t opregion_len;
};

extern struct igd_setup igd_current;

EFI_STATUS gop_policy_install(EFI_HANDLE image);

#endif
