// SPDX-License-Identifier: BSD-2-Clause-Patent
/*
 * PlatformGopPolicy revision 1 for Intel's closed GOP driver (docs/firmware-driver.md §7).
 * GetVbtData serves the VBT of the device whose GOP is asking (igd_device_for_gop), clamped to
 * its container, from a private copy whose checksum is fixed; the OpRegion is never edited.
 */
#include "driver.h"

#include "igd/opregion.h"
#include "igd/vbt.h"
#include "log.h"

#define PAGE_SIZE 4096u

static EFI_GUID policy_guid = IGDROM_PLATFORM_GOP_POLICY_GUID;

static EFI_STATUS EFIAPI get_lid_status(OUT LID_STATUS *lid)
{
	opregion_info o;
	const struct igd_device_state *d = igd_device_for_gop();
	if (!lid)
		return EFI_INVALID_PARAMETER;
	*lid = LidOpen;
	/* CLID bit 0 is the lid state; 0 everywhere means the firmware never set it: open. */
	if (d && igd_opregion_parse(d->opregion, d->opregion_len, &o, NULL) == IGD_OK &&
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

	struct igd_device_state *d = igd_device_for_gop();
	EFI_STATUS st;

	if (!address || !size)
		return EFI_INVALID_PARAMETER;
	if (!d || igd_opregion_parse(d->opregion, d->opregion_len, &o, NULL) != IGD_OK ||
	    (o.vbt_kind != OPREGION_VBT_MAILBOX4 && o.vbt_kind != OPREGION_VBT_EXTENDED)) {
		log_igdrom("GetVbtData: no VBT in the OpRegion\n");
		return EFI_NOT_FOUND;
	}
	src = d->opregion + o.vbt_offset;
	/* The header checks read at most the container (6/7 KiB or RVDS): vbt_size is clamped
	 * to it.  The GOP parses the blocks itself. */
	if (igd_vbt_parse_header(src, o.vbt_max, &vi, &w) != IGD_OK) {
		log_igdrom("GetVbtData: VBT invalid at +0x%x: %s\n", (unsigned)w.offset, w.what);
		return EFI_NOT_FOUND;
	}
	pages = (vi.vbt_size + PAGE_SIZE - 1) / PAGE_SIZE;
	/* one copy per device, freed with its own size when the size changes */
	if (d->vbt_copy && d->vbt_pages != pages) {
		gBS->FreePages(d->vbt_copy, d->vbt_pages);
		d->vbt_copy = 0;
	}
	if (!d->vbt_copy) {
		EFI_PHYSICAL_ADDRESS addr = 0xFFFFFFFFull;
		if ((st = gBS->AllocatePages(AllocateMaxAddress, EfiBootServicesData, pages, &addr)) != EFI_SUCCESS) {
			log_igdrom("GetVbtData: AllocatePages failed: %s\n", efi_status_name(st));
			return EFI_OUT_OF_RESOURCES;
		}
		d->vbt_copy = addr;
		d->vbt_pages = pages;
	}
	memcpy((void *)(uintptr_t)d->vbt_copy, src, vi.vbt_size);
	igd_vbt_fix_checksum((uint8_t *)(uintptr_t)d->vbt_copy, vi.vbt_size, &old);
	d->served = true;
	*address = d->vbt_copy;
	*size = vi.vbt_size;
	log_igdrom("GetVbtData for %02x:%02x.%x -> 0x%llx, %u bytes, BDB %u, checksum 0x%02x -> 0x%02x\n", d->bus,
		   d->dev, d->fn, (unsigned long long)d->vbt_copy, vi.vbt_size, vi.bdb_version, old,
		   ((uint8_t *)(uintptr_t)d->vbt_copy)[VBT_OFF_CHECKSUM]);
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
