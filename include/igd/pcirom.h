/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * PCI expansion ROMs: parse an image chain and lay out images exactly as EDK2's EfiRom does.
 * Layouts: PCI Firmware Specification 3.0 §5.1 (via EDK2 Pci22.h/Pci30.h); EfiRom's placement
 * rules: tianocore/edk2 BaseTools/Source/C/EfiRom/EfiRom.c ProcessEfiFile/ProcessBinFile.
 * Compression is not done here: callers pass an already compressed payload.
 */
#ifndef IGD_PCIROM_H
#define IGD_PCIROM_H

#include "env.h"
#include "error.h"

struct efic_scratch;

#define PCIROM_SIGNATURE 0xAA55
#define PCIROM_PCIR_SIGNATURE "PCIR"
#define PCIROM_EFI_SIGNATURE 0x0EF1
#define PCIROM_ALIGN 512
#define PCIROM_MAX_SIZE (16u * 1024 * 1024) /* EfiRom MAX_OPTION_ROM_SIZE */
#define PCIROM_MAX_DEVICE_IDS 64

#define PCIROM_CODE_X86 0x00
#define PCIROM_CODE_EFI 0x03
#define PCIROM_INDICATOR_LAST 0x80
#define PCIROM_COMPRESSION_NONE 0
#define PCIROM_COMPRESSION_EFI 1 /* EFI (v1) compression, the only kind PciBusDxe decodes */

/* Fixed offsets: EFI image header (26 bytes), 2 pad bytes, PCIR at 0x1C. */
#define PCIROM_EFI_HDR_SIZE 26
#define PCIROM_PCIR_OFFSET 0x1C
#define PCIROM_PCIR30_SIZE 28
#define PCIROM_PCIR23_SIZE 24

typedef struct pcirom_image {
	size_t offset;          /* start of this image in the ROM */
	size_t size;            /* ImageLength * 512 (bounded by the ROM by the parser) */
	uint16_t pcir_offset;
	uint8_t legacy_size;    /* header byte 2 (512-byte units) for code type 0 */
	uint16_t vendor_id, device_id;
	uint16_t device_list_offset; /* PCIR 3.0, relative to PCIR, 0 = none */
	uint16_t device_ids[PCIROM_MAX_DEVICE_IDS];
	size_t device_count;    /* entries of the 3.0 device list (excluding the 0 end) */
	bool device_list_truncated;
	uint16_t pcir_length;
	uint8_t pcir_revision;
	uint32_t class_code;
	uint16_t image_length;  /* 512-byte units */
	uint16_t code_revision;
	uint8_t code_type;
	uint8_t indicator;
	/* EFI images (code type 3) */
	uint16_t init_size;     /* 512-byte units */
	uint32_t efi_signature;
	uint16_t subsystem, machine, compression;
	uint16_t efi_image_offset;
	uint8_t checksum;       /* 8-bit sum over the image, 0 for a balanced legacy image */
} pcirom_image;

/*
 * Parse the image at `off`.  Checks the 0xAA55 signature, a PCIR inside the ROM with its
 * signature, ImageLength non-zero unless last, the image inside the ROM.  Does not judge
 * loadability (see igd_pcirom_check_efi_load).
 */
igd_status igd_pcirom_parse_image(const uint8_t *rom, size_t len, size_t off, pcirom_image *ret,
			      igd_where *where);

/* Offset of the image after `img`, or false if img is last (or the chain ends). */
bool igd_pcirom_next_offset(const pcirom_image *img, size_t rom_len, size_t *next);

/* What EDK2 PciBusDxe LocalLoadFile2 requires before it hands an EFI image to the loader;
 * returns a static reason or NULL when it would be loaded. */
const char *igd_pcirom_check_efi_load(const pcirom_image *img);

/* ---- building (EfiRom layout) ---- */
typedef struct pcirom_layout {
	uint16_t vendor_id;
	const uint16_t *device_ids; /* first goes into PCIR.DeviceId; >1 adds a 3.0 device list */
	size_t device_count;
	bool pci23;                 /* PCIR 2.3 (EfiRom -p); refuses more than one device ID */
} pcirom_layout;

typedef struct pcirom_efi_input {
	uint16_t machine, subsystem; /* from the PE */
	const uint8_t *payload;      /* PE image, or its EFI-compressed form */
	size_t payload_len;
	bool compressed;
	uint32_t class_code;
	uint16_t code_revision;
	bool last;
} pcirom_efi_input;

/* Size of the EFI image igd_pcirom_write_efi() would produce (0 on invalid layout). */
igd_status igd_pcirom_efi_size(const pcirom_layout *lay, const pcirom_efi_input *in, size_t *ret);
/* Write the image into out[0, cap); *ret_len = bytes written. */
igd_status igd_pcirom_write_efi(const pcirom_layout *lay, const pcirom_efi_input *in, uint8_t *out,
			    size_t cap, size_t *ret_len);

/*
 * Legacy image (EfiRom -b): copy `rom`, set PCIR.ImageLength and the Indicator, and for code
 * types other than EFI write the balancing checksum into the last byte of the file; pad with
 * 0xFF to 512.  `pci23` selects which PCIR layout is assumed (only common fields are touched).
 */
igd_status igd_pcirom_legacy_size(size_t rom_len, size_t *ret);
igd_status igd_pcirom_write_legacy(const uint8_t *rom, size_t rom_len, bool last, uint8_t *out,
			       size_t cap, size_t *ret_len, igd_where *where);

/* Sum of bytes mod 256. */
uint8_t igd_pcirom_sum8(const uint8_t *buf, size_t len);


/* ---- igdrom data images ----
 * A ROM image that carries data for the driver (today: the host OpRegion).  PCIR code type
 * 0x70 is outside the PCI-defined values (0-3), so EDK2's PCI bus driver copies it with the ROM
 * but never tries to load it.  Header: 55 AA, u16 size (512-byte units) at +2, "IGDD" at +4,
 * u32 payload offset at +8, u32 payload length at +0xC, u32 kind at +0x10, PCIR at 0x1C. */
#define PCIROM_CODE_IGDROM_DATA 0x70
#define PCIROM_DATA_MAGIC "IGDD"
#define PCIROM_DATA_OPREGION 1
#define PCIROM_DATA_HOST_DSM 2   /* the host's stolen memory: igd_host_dsm, 16 bytes */
#define PCIROM_DATA_PAYLOAD_OFFSET 0x40

/* The host's stolen memory (DSM), recorded by `igdrom build` so the driver can put the guest's
 * DSM at the same address: gen 12 Windows needs that (docs/vmm-contracts.md §9 items 5-6).
 * Payload: u64 base, u64 size (0 = unknown), little-endian.  Base 1 MiB aligned, below 4 GiB. */
#define IGD_HOST_DSM_LEN 16
typedef struct igd_host_dsm {
	uint64_t base, size;
} igd_host_dsm;
void igd_host_dsm_encode(const igd_host_dsm *d, uint8_t out[IGD_HOST_DSM_LEN]);
igd_status igd_host_dsm_decode(const uint8_t *buf, size_t len, igd_host_dsm *ret, igd_where *where);

igd_status igd_pcirom_data_size(size_t payload_len, size_t *ret);
igd_status igd_pcirom_write_data(const pcirom_layout *lay, uint32_t kind, const uint8_t *payload,
			     size_t payload_len, bool last, uint8_t *out, size_t cap,
			     size_t *ret_len);
/* The kind and payload of the data image `img` (parsed from rom). */
igd_status igd_pcirom_data_at(const uint8_t *rom, size_t len, const pcirom_image *img, uint32_t *kind,
			      const uint8_t **ret_payload, size_t *ret_len);
/* Finds the first data image of `kind` in a ROM chain; payload points into rom. */
igd_status igd_pcirom_find_data(const uint8_t *rom, size_t len, uint32_t kind,
			    const uint8_t **ret_payload, size_t *ret_len);

/* ---- verification ---- */
typedef enum pcirom_severity { PCIROM_WARNING, PCIROM_ERROR } pcirom_severity;

/* Called once per finding: image number (1-based, 0 for the whole ROM), absolute offset. */
typedef void (*pcirom_finding_fn)(void *ctx, pcirom_severity sev, unsigned image, size_t offset,
				  const char *what);

typedef struct pcirom_summary {
	unsigned images, efi_images, loadable_images;
	unsigned errors, warnings;
	size_t used_len; /* end of the last image */
} pcirom_summary;

/*
 * Walks the chain by ImageLength (never by 512-byte steps) and reports every check EDK2's
 * PciBusDxe makes before it loads an image, plus PE validity of uncompressed EFI images,
 * decompression of compressed ones, images OVMF X64 would skip, legacy checksums and
 * trailing data.  Never reads outside [rom, rom + len).
 */
typedef struct pcirom_verify_work {
	uint8_t *buf;                /* room to decompress one image (16 MiB covers any) */
	size_t cap;
	struct efic_scratch *scratch; /* decoder tables */
	/* optional: called with each EFI image's PE once it parsed, decompressed as needed (the
	 * bytes last until the next call), so a caller that looks inside decodes nothing again */
	void (*efi_image)(void *ctx, unsigned image, const uint8_t *pe, size_t pe_len);
	void *efi_image_ctx;
} pcirom_verify_work;

/* `work` may be NULL: compressed images are then reported as not checked. */
void igd_pcirom_verify(const uint8_t *rom, size_t len, const pcirom_verify_work *work,
		   pcirom_finding_fn fn, void *ctx, pcirom_summary *ret);

#endif
