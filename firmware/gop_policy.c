// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * PlatformGopPolicy revision 1 for Intel's closed GOP driver (docs/firmware-driver.md §7).
 * GetVbtData serves the VBT of the OpRegion this driver set up (any BDF), clamped to its
 * container, from a private copy whose checksum is fixed; the OpRegion itself is never edited.
 */
#include "driver.h"

#include "igd/opregion.h"
#include "igd/vbt.h"
#include "log.h"

#define PAGE_SIZE 4096u

static EFI_GUID policy_guid = IGDROM_PLATFORM_GOP_POLICY_GUID;

static struct {
	EFI_PHYSICAL_ADDRESS copy;
	UINTN copy_pages;
	UINT32 copy_size;
} vbt;

static EFI_STATUS EFIAPI get_lid_status(OUT LID_STATUS *lid)
{
	opregion_info o;
	if (!lid)
		return EFI_INVALID_PARAMETER;
	*lid = LidOpen;
	/* CLID bit 0 is the lid state; 0 everywhere means the firmware never set it: open. */
	if (igd_current.opregion &&
	    opregion_parse(igd_current.opregion, igd_current.opregion_len, &o, NULL) == IGD_OK &&
	    o.clid != 0 && !(o.clid & 1))
		*lid = LidClosed;
	log_igdrom("GetPlatformLidStatus -> %s\n", *lid == LidOpen ? "open" : "closed");
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI get_vbt_data(OUT EFI_PHYSICAL_ADDRESS *address, OUT UINT32 *size)
{
	opregion_info o;
	vbt_info vi;
	igd_where w = { 0, "" };
	const uint8_t *src;
	uint8_t old;
	UINTN pages;

	if (!address || !size)
		return EFI_INVALID_PARAMETER;
	if (!igd_current.opregion ||
	    opregion_parse(igd_current.opregion, igd_current.opregion_len, &o, NULL) != IGD_OK ||
	    (o.vbt_kind != OPREGION_VBT_MAILBOX4 && o.vbt_kind != OPREGION_VBT_EXTENDED)) {
		log_igdrom("GetVbtData: no VBT in the OpRegion\n");
		return EFI_NOT_FOUND;
	}
	src = igd_current.opregion + o.vbt_offset;
	/* The header checks read at most the container (6/7 KiB or RVDS): vbt_size is clamped
	 * to it.  The GOP parses the blocks itself. */
	if (vbt_parse_header(src, o.vbt_max, &vi, &w) != IGD_OK) {
		log_igdrom("GetVbtData: VBT invalid at +0x%x: %s\n", (unsigned)w.offset, w.what);
		return EFI_NOT_FOUND;
	}
	pages = (vi.vbt_size + PAGE_SIZE - 1) / PAGE_SIZE;
	if (vbt.copy && vbt.copy_pages != pages) {
		gBS->FreePages(vbt.copy, vbt.copy_pages);
		vbt.copy = 0;
	}
	if (!vbt.copy) {
		EFI_PHYSICAL_ADDRESS addr = 0xFFFFFFFFull;
		if (gBS->AllocatePages(AllocateMaxAddress, EfiBootServicesData, pages, &addr) != EFI_SUCCESS)
			return EFI_OUT_OF_RESOURCES;
		vbt.copy = addr;
		vbt.copy_pages = pages;
	}
	memcpy((void *)(uintptr_t)vbt.copy, src, vi.vbt_size);
	vbt_fix_checksum((uint8_t *)(uintptr_t)vbt.copy, vi.vbt_size, &old);
	vbt.copy_size = vi.vbt_size;
	*address = vbt.copy;
	*size = vbt.copy_size;
	log_igdrom("GetVbtData -> 0x%llx, %u bytes, BDB %u, checksum 0x%02x -> 0x%02x\n",
		   (unsigned long long)vbt.copy, vbt.copy_size, vi.bdb_version, old,
		   ((uint8_t *)(uintptr_t)vbt.copy)[VBT_OFF_CHECKSUM]);
	return EFI_SUCCESS;
}

static PLATFORM_GOP_POLICY_PROTOCOL policy = {
	.Revision = PLATFORM_GOP_POLICY_REVISION_01,
	.GetPlatformLidStatus = get_lid_status,
	.GetVbtData = get_vbt_data,
};

EFI_STATUS gop_policy_install(EFI_HANDLE image)
{
	EFI_HANDLE handle = image;
	return gBS->InstallProtocolInterface(&handle, &policy_guid, EFI_NATIVE_INTERFACE, &policy);
}
