/* SPDX-License-Identifier: BSD-2-Clause-Patent
 *
 * The GOP stand-in's device table and decoys (tests/qemu/gop_standin.c), shared with the table
 * reader's unit test (tests/unit/test_goptable.c), which must find exactly the first list in
 * the built stand-in and none of the others.
 */
#ifndef GOP_STANDIN_IDS_H
#define GOP_STANDIN_IDS_H

/* What Supported() binds: Skylake and Coffee Lake (gen 9, the first 6), then Tiger Lake, Alder
 * Lake and Meteor Lake (gen 12).  The QEMU scenarios use 1912, 3E92, 9A49, 46A6 and 7D55. */
#define STANDIN_GEN9_IDS 0x1912, 0x3E90, 0x3E91, 0x3E92, 0x3E98, 0x3E9B
#define STANDIN_GEN12_IDS 0x9A40, 0x9A49, 0x9A60, 0x9A68, 0x4680, 0x4692, 0x46A6, 0x7D55
#define STANDIN_ID_COUNT 14
/* Decoys, as in Intel's GOPs (issue 15): older generations' IDs that only Start() reads. */
#define STANDIN_DECOY_IDS 0x0102, 0x0112, 0x0122, 0x0162, 0x0166, 0x0412, 0x0416, 0x0A16, 0x1616, 0x0F31, 0x4C8A
/* The PCH IDs Start() accepts at 00:1f.0: 8086:244e (the i82801b11-bridge a QEMU scenario puts
 * there as the host's PCH) and real LPC/eSPI IDs (Cannon Lake PCH-H A303-A30E, Tiger Lake
 * PCH-LP A082, Alder Lake PCH-P 5182).  Q35's ICH9 LPC, 8086:2918, is not among them, as it is
 * not in Intel's GOPs (issue 15). */
#define STANDIN_PCH_IDS 0x244E, 0xA303, 0xA304, 0xA305, 0xA306, 0xA308, 0xA309, 0xA30A, 0xA30C, 0xA30D, 0xA30E, \
	0xA082, 0x5182
#define STANDIN_PCH_COUNT 13
/* The driver binding's Version, which the entry point fills in as Intel's GOPs do (1.0.10). */
#define STANDIN_BINDING_VERSION 0x0100000Au

#endif
