// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Firmware images: a synthetic image with EFI-compressed, LZMA, LZMA+BCJ, Brotli and nested
 * volumes, a GOP stand-in and two VBTs, built here and walked by igd_fw_parse; plus damage. */
#include "helpers.h"

#include <brotli/encode.h>
#include <lzma.h>

#include "igd/bytes.h"
#include "igd/efi_compress.h"
#include "igd/fv.h"
#include "igd/fwimage.h"
#include "igd/vbt.h"

struct buf {
	uint8_t *p;
	size_t len;
};

static void put(struct buf *b, const void *data, size_t n)
{
	b->p = realloc(b->p, b->len + n);
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void align(struct buf *b, size_t a, uint8_t fill)
{
	while (b->len % a)
		put(b, &fill, 1);
}

static struct buf section(uint8_t type, const void *body, size_t n)
{
	struct buf s = { 0 };
	uint8_t h[4] = { (uint8_t)(n + 4), (uint8_t)((n + 4) >> 8), (uint8_t)((n + 4) >> 16), type };
	put(&s, h, 4);
	put(&s, body, n);
	return s;
}

static struct buf guided(const uint8_t *guid, const void *data, size_t n)
{
	uint8_t h[20];
	struct buf s = { 0 }, body = { 0 };
	memcpy(h, guid, 16);
	igd_put_le16(h, 20, 16, 24); /* data offset: 4-byte header + 20 */
	igd_put_le16(h, 20, 18, 1);  /* processing required */
	put(&body, h, 20);
	put(&body, data, n);
	s = section(SECTION_GUID_DEFINED, body.p, body.len);
	free(body.p);
	return s;
}

static struct buf ui(const char *name)
{
	uint8_t u[128] = { 0 };
	size_t n = strlen(name);
	for (size_t i = 0; i < n; i++)
		u[2 * i] = (uint8_t)name[i];
	return section(SECTION_USER_INTERFACE, u, 2 * n + 2);
}

static struct buf file(const uint8_t *guid, uint8_t type, const struct buf *sections, size_t count)
{
	struct buf f = { 0 }, data = { 0 };
	for (size_t i = 0; i < count; i++) {
		align(&data, 4, 0);
		put(&data, sections[i].p, sections[i].len);
	}
	uint8_t h[24] = { 0 };
	memcpy(h, guid, 16);
	h[0x12] = type;
	size_t size = 24 + data.len;
	h[0x14] = (uint8_t)size;
	h[0x15] = (uint8_t)(size >> 8);
	h[0x16] = (uint8_t)(size >> 16);
	h[0x11] = 0xAA;
	uint8_t sum = 0;
	for (int i = 0; i < 24; i++)
		if (i != 0x11 && i != 0x17)
			sum = (uint8_t)(sum + h[i]);
	h[0x10] = (uint8_t)(0x100 - sum);
	h[0x17] = (uint8_t)~0x07; /* header valid, data valid; erase polarity 1 inverts */
	put(&f, h, 24);
	put(&f, data.p, data.len);
	free(data.p);
	return f;
}

static struct buf volume(const struct buf *files, size_t count)
{
	struct buf v = { 0 };
	uint8_t h[0x48] = { 0 };
	igd_fv_guid_parse("8C8CE578-8A3D-4F1C-9935-896185C32DD3", h + 0x10);
	memcpy(h + 0x28, "_FVH", 4);
	igd_put_le32(h, sizeof(h), 0x2C, 0x0004FEFF); /* erase polarity 1 and friends */
	igd_put_le16(h, sizeof(h), 0x30, 0x48);
	h[0x37] = 2;
	put(&v, h, sizeof(h));
	for (size_t i = 0; i < count; i++) {
		align(&v, 8, 0xFF);
		put(&v, files[i].p, files[i].len);
	}
	align(&v, 8, 0xFF);
	for (int i = 0; i < 64; i++) /* free space */
		put(&v, "\xFF", 1);
	igd_put_le64(v.p, v.len, 0x20, v.len);
	igd_put_le32(v.p, v.len, 0x38, (uint32_t)v.len); /* block map: 1 block of len */
	igd_put_le32(v.p, v.len, 0x3C, 1);
	uint16_t sum = 0;
	for (size_t i = 0; i < 0x48; i += 2) {
		uint16_t w;
		igd_get_le16(v.p, v.len, i, &w);
		sum = (uint16_t)(sum + w);
	}
	igd_put_le16(v.p, v.len, 0x32, (uint16_t)(0x10000 - sum));
	return v;
}

static struct buf lzma_alone(const struct buf *in, bool bcj)
{
	lzma_options_lzma opt;
	lzma_lzma_preset(&opt, 6);
	lzma_filter f[3] = { { LZMA_FILTER_X86, NULL }, { LZMA_FILTER_LZMA1, &opt }, { LZMA_VLI_UNKNOWN, NULL } };
	uint8_t props[5];
	uint32_t psize;
	lzma_properties_size(&psize, &f[1]);
	lzma_properties_encode(&f[1], props);
	struct buf out = { 0 };
	put(&out, props, 5);
	uint8_t size[8];
	igd_put_le64(size, 8, 0, in->len);
	put(&out, size, 8);
	size_t cap = in->len * 2 + 1024, pos = 0;
	uint8_t *tmp = malloc(cap);
	assert_int_equal(lzma_raw_buffer_encode(bcj ? f : f + 1, NULL, in->p, in->len, tmp, &pos, cap), LZMA_OK);
	put(&out, tmp, pos);
	free(tmp);
	return out;
}

static struct buf brotli(const struct buf *in)
{
	size_t cap = BrotliEncoderMaxCompressedSize(in->len) + 16;
	uint8_t *tmp = malloc(cap);
	size_t n = cap;
	assert_true(BrotliEncoderCompress(9, 22, BROTLI_MODE_GENERIC, in->len, in->p, &n, tmp));
	struct buf out = { 0 };
	uint8_t hdr[16] = { 0 };
	igd_put_le64(hdr, 16, 0, in->len);
	igd_put_le64(hdr, 16, 8, 0);
	put(&out, hdr, 16);
	put(&out, tmp, n);
	free(tmp);
	return out;
}

static struct buf efi_compressed(const struct buf *in)
{
	size_t ws = igd_efic_compress_work_size(EFIC_FORMAT_EFI, EFIC_MODE_BEST), cap = igd_efic_compress_bound(in->len), n;
	void *work = malloc(ws);
	uint8_t *c = malloc(cap);
	assert_int_equal(igd_efic_compress(EFIC_FORMAT_EFI, EFIC_MODE_BEST, in->p, in->len, c, cap, &n, work, ws), IGD_OK);
	struct buf out = { 0 };
	uint8_t h[5];
	igd_put_le32(h, 5, 0, (uint32_t)in->len);
	h[4] = 1;
	put(&out, h, 5);
	put(&out, c, n);
	free(work);
	free(c);
	return out;
}

static uint8_t vbt1[600], vbt2[7000];
static size_t vbt1_len, vbt2_len;

static struct buf build_image(void)
{
	/* GOP stand-in: MZ + Intel's version string (UTF-16), as the real driver carries it */
	uint8_t pe[512] = { 'M', 'Z' };
	const char *ver = "Intel(R) GOP Driver [99.1.0]";
	for (size_t i = 0; ver[i]; i++)
		pe[64 + 2 * i] = (uint8_t)ver[i];
	struct buf inner = { 0 }, tmp;
	tmp = section(SECTION_DXE_DEPEX, "\x02\x08", 2); put(&inner, tmp.p, tmp.len); free(tmp.p); align(&inner, 4, 0);
	tmp = section(SECTION_PE32, pe, sizeof(pe)); put(&inner, tmp.p, tmp.len); free(tmp.p); align(&inner, 4, 0);
	tmp = ui("IntelGopDriver"); put(&inner, tmp.p, tmp.len); free(tmp.p);
	struct buf comp = efi_compressed(&inner);
	struct buf gop_sections[1] = { section(SECTION_COMPRESSION, comp.p, comp.len) };
	struct buf f1 = file(FV_GUID_GOP_INTEL, FFS_TYPE_DRIVER, gop_sections, 1);

	/* VBT 1 in an LZMA section of a freeform IntelGopVbt file */
	struct buf vinner = { 0 };
	tmp = section(SECTION_RAW, vbt1, vbt1_len); put(&vinner, tmp.p, tmp.len); free(tmp.p); align(&vinner, 4, 0);
	tmp = ui("IntelGopVbt"); put(&vinner, tmp.p, tmp.len); free(tmp.p);
	struct buf lz = lzma_alone(&vinner, false);
	struct buf vbt_sections[1] = { guided(FV_GUID_LZMA, lz.p, lz.len) };
	struct buf f2 = file(FV_GUID_GOP_VBT, FFS_TYPE_FREEFORM, vbt_sections, 1);

	/* VBT 2 in a raw file of a nested volume, inside Brotli, inside a volume-image file */
	struct buf raw_file = { 0 };
	{
		uint8_t h[24] = { 0 };
		igd_fv_guid_parse("11111111-2222-3333-4444-555555555555", h);
		h[0x12] = FFS_TYPE_RAW;
		size_t size = 24 + vbt2_len;
		h[0x14] = (uint8_t)size; h[0x15] = (uint8_t)(size >> 8); h[0x11] = 0xAA;
		uint8_t sum = 0;
		for (int i = 0; i < 24; i++) if (i != 0x11 && i != 0x17) sum = (uint8_t)(sum + h[i]);
		h[0x10] = (uint8_t)(0x100 - sum);
		h[0x17] = (uint8_t)~0x07;
		put(&raw_file, h, 24);
		put(&raw_file, vbt2, vbt2_len);
	}
	struct buf nested = volume(&raw_file, 1);
	struct buf fvsec = section(SECTION_FV_IMAGE, nested.p, nested.len);
	struct buf br = brotli(&fvsec);
	struct buf nest_sections[1] = { guided(FV_GUID_BROTLI, br.p, br.len) };
	struct buf f3 = file((const uint8_t[16])IGD_GUID(0xAAAAAAAA, 0xBBBB, 0xCCCC, 0xDD, 0xDD, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE), FFS_TYPE_FV_IMAGE, nest_sections, 1);

	/* a driver under LZMA + x86 BCJ */
	uint8_t other[300] = { 'M', 'Z', 0xE8, 1, 2, 3, 4 };
	struct buf oinner = { 0 };
	tmp = section(SECTION_PE32, other, sizeof(other)); put(&oinner, tmp.p, tmp.len); free(tmp.p); align(&oinner, 4, 0);
	tmp = ui("OtherDriver"); put(&oinner, tmp.p, tmp.len); free(tmp.p);
	struct buf lzb = lzma_alone(&oinner, true);
	struct buf o_sections[1] = { guided(FV_GUID_LZMA_F86, lzb.p, lzb.len) };
	struct buf f4 = file((const uint8_t[16])IGD_GUID(0x99999999, 0x8888, 0x7777, 0x66, 0x66, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55), FFS_TYPE_DRIVER, o_sections, 1);

	/* a file under a Tiano GUID-defined section */
	struct buf tinner = { 0 };
	tmp = section(SECTION_RAW, "tiano payload", 13); put(&tinner, tmp.p, tmp.len); free(tmp.p); align(&tinner, 4, 0);
	tmp = ui("TianoFile"); put(&tinner, tmp.p, tmp.len); free(tmp.p);
	struct buf tz = { 0 };
	{
		size_t ws = igd_efic_compress_work_size(EFIC_FORMAT_TIANO, EFIC_MODE_COMPAT), cap = igd_efic_compress_bound(tinner.len), n;
		void *work = malloc(ws);
		uint8_t *c = malloc(cap);
		assert_int_equal(igd_efic_compress(EFIC_FORMAT_TIANO, EFIC_MODE_COMPAT, tinner.p, tinner.len, c, cap, &n, work, ws), IGD_OK);
		put(&tz, c, n);
		free(work);
		free(c);
	}
	struct buf t_sections[1] = { guided(FV_GUID_TIANO, tz.p, tz.len) };
	struct buf f5 = file((const uint8_t[16])IGD_GUID(0x12345678, 0x1234, 0x1234, 0x12, 0x34, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC), FFS_TYPE_FREEFORM, t_sections, 1);

	struct buf files[5] = { f1, f2, f3, f4, f5 };
	struct buf img = volume(files, 5);
	free(tinner.p);
	free(tz.p);
	free(t_sections[0].p);
	free(f5.p);
	struct buf *all[] = { &inner, &comp, &gop_sections[0], &f1, &vinner, &lz, &vbt_sections[0], &f2, &raw_file,
			      &nested, &fvsec, &br, &nest_sections[0], &f3, &oinner, &lzb, &o_sections[0], &f4 };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		free(all[i]->p);
	return img;
}

static void test_synthetic(void **state)
{
	(void)state;
	assert_int_equal(igd_vbt_build_sample("SYNTH ONE", 0, vbt1, sizeof(vbt1), &vbt1_len), IGD_OK);
	assert_int_equal(igd_vbt_build_sample("SYNTH TWO", 7000, vbt2, sizeof(vbt2), &vbt2_len), IGD_OK);
	struct buf img = build_image();
	fw_tree t;
	assert_int_equal(igd_fw_parse(img.p, img.len, &t), IGD_OK);
	assert_int_equal(t.problems, 0);
	int gop = -1, vbt_a = -1, vbt_b = -1, other = -1, tiano = -1;
	for (size_t i = 0; i < t.count; i++) {
		fw_node *n = &t.nodes[i];
		assert_true(n->checksum_ok);
		if (n->kind != FW_FILE)
			continue;
		if (!strcmp(n->name, "IntelGopDriver")) gop = (int)i;
		if (!strcmp(n->name, "IntelGopVbt")) vbt_a = (int)i;
		if (!strcmp(n->name, "OtherDriver")) other = (int)i;
		if (!strcmp(n->name, "TianoFile")) tiano = (int)i;
		if (igd_fv_guid_equal(n->guid, (const uint8_t[16])IGD_GUID(0x11111111, 0x2222, 0x3333, 0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55))) vbt_b = (int)i;
	}
	assert_true(gop >= 0 && vbt_a >= 0 && vbt_b >= 0 && other >= 0 && tiano >= 0);
	int traw = igd_fw_find_section(&t, tiano, SECTION_RAW);
	assert_true(traw >= 0);
	assert_memory_equal(t.nodes[traw].body, "tiano payload", 13);
	int pe = igd_fw_find_section(&t, gop, SECTION_PE32);
	assert_true(pe >= 0);
	assert_int_equal(t.nodes[pe].body_size, 512);
	assert_memory_equal(t.nodes[pe].body, "MZ", 2);
	int raw = igd_fw_find_section(&t, vbt_a, SECTION_RAW);
	assert_true(raw >= 0);
	assert_memory_equal(t.nodes[raw].body, vbt1, vbt1_len);
	assert_int_equal(t.nodes[vbt_b].body_size, vbt2_len);
	assert_memory_equal(t.nodes[vbt_b].body, vbt2, vbt2_len);
	int ope = igd_fw_find_section(&t, other, SECTION_PE32);
	assert_true(ope >= 0);
	assert_memory_equal(t.nodes[ope].body, "MZ\xE8\x01\x02\x03\x04", 7); /* BCJ undone */
	/* the notes say which decoder ran */
	bool saw[5] = { false };
	for (size_t i = 0; i < t.count; i++) {
		const char *nt = t.nodes[i].note;
		if (!nt) continue;
		saw[0] |= !strcmp(nt, "EFI compression");
		saw[1] |= !strcmp(nt, "LZMA");
		saw[2] |= !strcmp(nt, "Brotli");
		saw[3] |= !strcmp(nt, "LZMA + x86 BCJ");
		saw[4] |= !strcmp(nt, "Tiano compression");
	}
	assert_true(saw[0] && saw[1] && saw[2] && saw[3] && saw[4]);
	igd_fw_tree_free(&t);

	/* one file by GUID: the walk stops early but the file and its sections are there */
	uint8_t want[16];
	igd_fv_guid_parse("11111111-2222-3333-4444-555555555555", want);
	assert_int_equal(igd_fw_find_file(img.p, img.len, want, &t), IGD_OK);
	bool got = false;
	for (size_t i = 0; i < t.count; i++)
		got |= t.nodes[i].kind == FW_FILE && !memcmp(t.nodes[i].guid, want, 16) &&
		       t.nodes[i].body_size == vbt2_len && !memcmp(t.nodes[i].body, vbt2, vbt2_len);
	assert_true(got);
	igd_fw_tree_free(&t);
	igd_fv_guid_parse("99999999-8888-7777-6666-555555555555", want);
	assert_int_equal(igd_fw_find_file(img.p, img.len, want, &t), IGD_OK);
	igd_fw_tree_free(&t);

	/* the same volume inside an FMP capsule and inside a flash descriptor's BIOS region */
	struct buf cap = { 0 };
	uint8_t ch[28] = { 0 };
	igd_fv_guid_parse("6DCBD5ED-E82D-4C44-BDA1-7194199AD92A", ch);
	igd_put_le32(ch, 28, 16, 28);
	igd_put_le32(ch, 28, 24, (uint32_t)(28 + img.len));
	put(&cap, ch, 28);
	put(&cap, img.p, img.len);
	assert_int_equal(igd_fw_parse(cap.p, cap.len, &t), IGD_OK);
	assert_int_equal(t.nodes[0].kind, FW_CAPSULE);
	assert_string_equal(t.nodes[0].name, "FMP capsule");
	size_t files = 0;
	for (size_t i = 0; i < t.count; i++)
		files += t.nodes[i].kind == FW_FILE;
	assert_int_equal(files, 6); /* 5 in the main volume, 1 in the nested one */
	igd_fw_tree_free(&t);
	free(cap.p);
	static uint8_t spi[1 << 20];
	memset(spi, 0xFF, sizeof(spi));
	igd_put_le32(spi, sizeof(spi), 0x10, FD_SIGNATURE);
	igd_put_le32(spi, sizeof(spi), 0x14, 0x04 << 16);
	igd_put_le32(spi, sizeof(spi), 0x40, 0x0000);
	igd_put_le32(spi, sizeof(spi), 0x44, 0x00FF0080); /* BIOS: 512 KiB .. 1 MiB */
	for (int i = 2; i < 10; i++)
		igd_put_le32(spi, sizeof(spi), 0x40 + 4 * i, 0x00007FFF);
	assert_true(img.len <= (512u << 10));
	memcpy(spi + (512u << 10), img.p, img.len);
	assert_int_equal(igd_fw_parse(spi, sizeof(spi), &t), IGD_OK);
	bool bios = false, gop_seen = false;
	for (size_t i = 0; i < t.count; i++) {
		bios |= t.nodes[i].kind == FW_REGION && !strcmp(t.nodes[i].name, "BIOS region");
		gop_seen |= t.nodes[i].kind == FW_FILE && !strcmp(t.nodes[i].name, "IntelGopDriver");
	}
	assert_true(bios && gop_seen);
	igd_fw_tree_free(&t);

	/* damage: every truncation parses without crashing (ASan run) and loses content */
	for (size_t cut = 0; cut < img.len; cut += 97) {
		if (igd_fw_parse(img.p, cut, &t) == IGD_OK)
			igd_fw_tree_free(&t);
	}
	/* a file whose size points past its volume is a problem, not a crash */
	img.p[0x48 + 0x14] = 0xFF;
	img.p[0x48 + 0x15] = 0xFF;
	img.p[0x48 + 0x16] = 0x7F;
	assert_int_equal(igd_fw_parse(img.p, img.len, &t), IGD_OK);
	assert_true(t.problems > 0);
	igd_fw_tree_free(&t);
	free(img.p);
}

static void test_guid_and_headers(void **state)
{
	(void)state;
	uint8_t g[16];
	char s[37];
	assert_true(igd_fv_guid_parse("8C8CE578-8A3D-4F1C-9935-896185C32DD3", g));
	assert_int_equal(g[0], 0x78);
	igd_fv_guid_format(g, s);
	assert_string_equal(s, "8C8CE578-8A3D-4F1C-9935-896185C32DD3");
	assert_false(igd_fv_guid_parse("8C8CE578-8A3D-4F1C-9935-896185C32DD", g));
	assert_false(igd_fv_guid_parse("8C8CE578-8A3D-4F1C-9935-896185C32DD3A", g));
	assert_false(igd_fv_guid_parse("XC8CE578-8A3D-4F1C-9935-896185C32DD3", g));
	/* flash descriptor: BIOS region at 1 MiB..4 MiB */
	static uint8_t fd[4 << 20];
	memset(fd, 0xFF, sizeof(fd));
	igd_put_le32(fd, sizeof(fd), 0x10, FD_SIGNATURE);
	igd_put_le32(fd, sizeof(fd), 0x14, 0x04 << 16); /* FRBA = 0x40 */
	igd_put_le32(fd, sizeof(fd), 0x40, 0x0000);          /* descriptor 0..0 */
	igd_put_le32(fd, sizeof(fd), 0x44, 0x03FF0100);      /* BIOS 0x100..0x3FF */
	for (int i = 2; i < 10; i++)
		igd_put_le32(fd, sizeof(fd), 0x40 + 4 * i, 0x00007FFF);
	fd_region r[FD_REGION_COUNT];
	assert_int_equal(igd_fd_parse(fd, sizeof(fd), r), IGD_OK);
	assert_true(r[1].present);
	assert_int_equal(r[1].offset, 1 << 20);
	assert_int_equal(r[1].size, 3 << 20);
	assert_false(r[2].present);
	assert_int_equal(igd_fd_parse(fd, 16, r), IGD_ERR_SIGNATURE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synthetic),
		cmocka_unit_test(test_guid_and_headers),
	};
	return cmocka_run_group_tests_name("fwimage", tests, NULL, NULL);
}
