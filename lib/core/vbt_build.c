// SPDX-License-Identifier: BSD-2-Clause-Patent
/* A minimal VBT for demos and tests; layouts from Linux intel_vbt_defs.h (see vbt.h). */
#include "igd/bytes.h"
#include "igd/vbt.h"

#define SAMPLE_BDB_VERSION 186
#define SAMPLE_CHILD_SIZE 33 /* child_device_config size for BDB 111..194 */

static size_t put_block(uint8_t *out, size_t cap, size_t at, uint8_t id, const uint8_t *data,
			size_t len)
{
	igd_put_u8(out, cap, at, id);
	igd_put_le16(out, cap, at + 1, (uint16_t)len);
	if (data)
		memcpy(out + at + 3, data, len);
	else
		memset(out + at + 3, 0, len);
	return at + 3 + len;
}

igd_status igd_vbt_build_sample(const char *name, size_t min_size, uint8_t *out, size_t cap,
			    size_t *ret_len)
{
	uint8_t core[234] = { 0 }, general[7] = { 0 }, defs[5 + 4 * SAMPLE_CHILD_SIZE] = { 0 };
	uint8_t features[19] = { 0 };
	/* DP children on ports B..E (dvo_port 7, 8, 9, 11) with AUX B..E, handles EFP1..EFP4. */
	static const uint16_t handles[4] = { 0x0004, 0x0040, 0x0020, 0x0010 };
	static const uint8_t ports[4] = { 7, 8, 9, 11 }, aux[4] = { 0x10, 0x20, 0x30, 0x50 };
	size_t base = 3 + sizeof(core) + 3 + sizeof(general) + 3 + sizeof(defs) + 3 + sizeof(features);
	size_t fixed = VBT_HEADER_SIZE + BDB_HEADER_SIZE + base, filler = 0, total, at;

	if (min_size > 0xFFFF)
		return IGD_ERR_TOO_LARGE;
	if (min_size > fixed)
		filler = min_size - fixed < 3 ? 3 : min_size - fixed;
	total = fixed + filler;
	if (total > 0xFFFF)
		return IGD_ERR_TOO_LARGE;
	if (total > cap)
		return IGD_ERR_NOSPACE;
	memset(out, 0, total);

	memcpy(out, "$VBT ", 5);
	for (size_t i = 0; name && name[i] && i < 15; i++)
		out[5 + i] = (uint8_t)name[i];
	for (size_t i = 5; i < VBT_SIGNATURE_LEN; i++)
		if (!out[i])
			out[i] = ' ';
	igd_put_le16(out, cap, VBT_OFF_VERSION, 100);
	igd_put_le16(out, cap, VBT_OFF_HEADER_SIZE, VBT_HEADER_SIZE);
	igd_put_le16(out, cap, VBT_OFF_VBT_SIZE, (uint16_t)total);
	igd_put_le32(out, cap, VBT_OFF_BDB_OFFSET, VBT_HEADER_SIZE);
	memcpy(out + VBT_HEADER_SIZE, BDB_SIGNATURE, 16);
	igd_put_le16(out, cap, VBT_HEADER_SIZE + 16, SAMPLE_BDB_VERSION);
	igd_put_le16(out, cap, VBT_HEADER_SIZE + 18, BDB_HEADER_SIZE);
	igd_put_le16(out, cap, VBT_HEADER_SIZE + 20, (uint16_t)(total - VBT_HEADER_SIZE));

	igd_put_le16(core, sizeof(core), 0, 0);
	memcpy(core + 6, "1000", 4);             /* BIOS build number */
	general[0] = 0x03;                         /* panel fitting: text and graphics */
	defs[4] = SAMPLE_CHILD_SIZE;
	for (int i = 0; i < 4; i++) {
		uint8_t *c = defs + 5 + i * SAMPLE_CHILD_SIZE;
		igd_put_le16(c, SAMPLE_CHILD_SIZE, 0, handles[i]);
		igd_put_le16(c, SAMPLE_CHILD_SIZE, 2, 0x68C6); /* DisplayPort */
		c[16] = ports[i];
		c[25] = aux[i];
	}
	igd_put_le16(features, sizeof(features), 7, 0); /* lvds_config = none */

	at = VBT_HEADER_SIZE + BDB_HEADER_SIZE;
	at = put_block(out, cap, at, BDB_VBIOS_CORE, core, sizeof(core));
	at = put_block(out, cap, at, BDB_GENERAL_FEATURES, general, sizeof(general));
	at = put_block(out, cap, at, BDB_GENERAL_DEFINITIONS, defs, sizeof(defs));
	at = put_block(out, cap, at, BDB_DRIVER_FEATURES, features, sizeof(features));
	if (filler)
		at = put_block(out, cap, at, 252, NULL, filler - 3);
	igd_vbt_fix_checksum(out, total, NULL);
	*ret_len = at;
	return IGD_OK;
}
