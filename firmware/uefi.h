/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * The driver's view of UEFI: gnu-efi's headers (types and protocol layouts from the UEFI
 * specification) plus the few GUIDs and structures they lack.  UEFI vocabulary stays inside
 * firmware/; the portable core never sees it.
 */
#ifndef IGDROM_FW_UEFI_H
#define IGDROM_FW_UEFI_H

#include <efi.h>
#include <efipciio.h>

#include "igd/env.h"

/* UEFI specification; tianocore/edk2 MdePkg/MdePkg.dec. */
#define IGDROM_PCI_IO_GUID \
	{ 0x4cf5b200, 0x68b8, 0x4ca5, { 0x9e, 0xec, 0xb2, 0x3e, 0x3f, 0x50, 0x02, 0x9a } }
#define IGDROM_LOADED_IMAGE_GUID \
	{ 0x5b1b31a1, 0x9562, 0x11d2, { 0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }
#define IGDROM_DEVICE_PATH_GUID \
	{ 0x09576e91, 0x6d3f, 0x11d2, { 0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b } }
/* PlatformGopPolicy: tomitamoeko/VfioIgdPkg Include/Protocol/PlatformGopPolicy.h, identical in
 * every public copy (docs/firmware-driver.md §7). */
#define IGDROM_PLATFORM_GOP_POLICY_GUID \
	{ 0xec2e931b, 0x3281, 0x48a5, { 0x81, 0x07, 0xdf, 0x8a, 0x8b, 0xed, 0x3c, 0x5d } }

#define PLATFORM_GOP_POLICY_REVISION_01 0x01
typedef enum { LidClosed = 0, LidOpen = 1, LidStatusMax } LID_STATUS;

typedef struct {
	UINT32 Revision;
	EFI_STATUS(EFIAPI *GetPlatformLidStatus)(OUT LID_STATUS *CurrentLidStatus);
	EFI_STATUS(EFIAPI *GetVbtData)(OUT EFI_PHYSICAL_ADDRESS *VbtAddress, OUT UINT32 *VbtSize);
} PLATFORM_GOP_POLICY_PROTOCOL;

_Static_assert(offsetof(PLATFORM_GOP_POLICY_PROTOCOL, GetPlatformLidStatus) == 0x08,
	       "natural alignment: the header's pack(1) does not cover the struct");
_Static_assert(offsetof(PLATFORM_GOP_POLICY_PROTOCOL, GetVbtData) == 0x10, "GetVbtData at 0x10");

#endif
