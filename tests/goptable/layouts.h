/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * The device tables of the synthetic GOP binaries (tests/goptable/synthetic.c) and what the
 * table reader must find in each: shared by the binaries and by tests/unit/test_goptable.c.
 * The "scanned" IDs are the ones Supported() checks; the decoys are ID arrays of older
 * generations that other code of the same binary reads, as in Intel's GOPs (issue 15: 01xx,
 * 0Cxx, 16xx, 0F30 inside Alder Lake GOPs).  Some scanned IDs (4681, CAFE, FF20) are in no
 * device table of this project, as in the real ones.
 */
#ifndef GOPTABLE_LAYOUTS_H
#define GOPTABLE_LAYOUTS_H

#define SYNTH_SCANNED_IDS 0x3E90, 0x3E91, 0x3E92, 0x3E98, 0x3E9B, 0x9BC8, 0x4680, 0x4681, 0x4690, 0x4692, \
	0x46A6, 0x0BD0, 0xCAFE, 0xFF20, 0xA780
#define SYNTH_SCANNED_COUNT 15
#define SYNTH_DECOY_OLD_IDS 0x0102, 0x0112, 0x0122, 0x0106, 0x0116, 0x0126, 0x0162, 0x0166, 0x0412, 0x0416, \
	0x0A16, 0x1616, 0x0F31
#define SYNTH_DECOY_NEW_IDS 0x4C8A, 0x7D40, 0x7D45, 0x7D55, 0x64A0
/* The PCH LPC/eSPI IDs Start() accepts at 00:1f.0 (Alder Lake PCH-S 7A83, PCH-P 5182, Cannon Lake A305). */
#define SYNTH_PCH_IDS 0x7A83, 0x7A84, 0x5182, 0xA305
#define SYNTH_PCH_COUNT 4
/* The driver binding's Version as the entry point fills it in (9.0.1084, the static field is 0). */
#define SYNTH_BINDING_VERSION 0x0900043Cu

/* Layouts, selected with -DLAYOUT=n */
#define LAYOUT_U16 1          /* UINT16 ids[N], counted loop */
#define LAYOUT_PAIRS 2        /* { UINT16 vendor, device } pairs */
#define LAYOUT_STRUCT 3       /* { UINT16 device; UINT8 gen; UINT8 flags; UINT32 features } */
#define LAYOUT_TERMINATED 4   /* UINT16 ids[] ending in 0, walked to the terminator */
#define LAYOUT_HELPER 5       /* Supported() passes table and count to a helper */
#define LAYOUT_NAMED 6        /* { UINT16 device; UINT32 flags; CONST CHAR8 *name }: 16 bytes, a
			       * relocated pointer in every entry */
#define LAYOUT_THIRD_ARG 7    /* a helper(vendor, device, table, count): the table in r8, as in
			       * Coffee Lake GOP 9.0.1084's Supported() (issue 15) */

#endif
