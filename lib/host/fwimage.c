// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/fwimage.h"

#include <brotli/decode.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "igd/bytes.h"
#include "igd/efi_compress.h"

struct walker {
	fw_tree *t;
	const uint8_t *image;
	size_t image_len;
	/* igd_fw_find_file: the file wanted; once found the walk stops everywhere */
	const uint8_t *target;
	bool done;
};

static void take_file(struct walker *w, const uint8_t *buf, size_t off, size_t size, int parent);

static int add_node(struct walker *w, fw_node n)
{
	fw_tree *t = w->t;
	if (t->count == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 256;
		fw_node *nn = realloc(t->nodes, ncap * sizeof(*nn));
		if (!nn)
			return -1;
		t->nodes = nn;
		t->cap = ncap;
	}
	t->nodes[t->count] = n;
	return (int)t->count++;
}

/* Decoded volumes run to megabytes: in 2 MiB-aligned blocks the kernel can back them with
 * huge pages (THP "madvise" mode), which saves thousands of page faults per image. */
static void *big_alloc(size_t len)
{
	const size_t huge = 2u << 20;
	if (len < huge)
		return malloc(len ? len : 1);
	size_t n = (len + huge - 1) / huge * huge;
	void *b = aligned_alloc(huge, n);
	if (b)
		madvise(b, n, MADV_HUGEPAGE); /* advice only: failure changes nothing */
	return b;
}

static uint8_t *own(struct walker *w, size_t len)
{
	fw_tree *t = w->t;
	if (t->nbuffers == t->bufcap) {
		size_t ncap = t->bufcap ? t->bufcap * 2 : 32;
		uint8_t **nb = realloc(t->buffers, ncap * sizeof(*nb));
		if (!nb)
			return NULL;
		t->buffers = nb;
		t->bufcap = ncap;
	}
	uint8_t *b = big_alloc(len);
	if (b)
		t->buffers[t->nbuffers++] = b;
	return b;
}

static void note(struct walker *w, int node, const char *what)
{
	if (node >= 0 && !w->t->nodes[node].note)
		w->t->nodes[node].note = what;
	w->t->problems++;
}

static bool budget(struct walker *w, uint64_t n)
{
	if (n > FW_MAX_DECOMPRESSED - w->t->decompressed)
		return false;
	w->t->decompressed += n;
	return true;
}

/* ---- decoders ---- */

static uint8_t *decode_efi(struct walker *w, const uint8_t *src, size_t len, efic_format fmt,
			   size_t *out_len)
{
	uint32_t orig, comp;
	/* UEFITool's rule: the container must be exact (CompSize + 8 == data size); EDK2
	 * encoders pad to 4 bytes in sections, so allow up to 3 more. */
	if (igd_efic_get_info(src, len, &orig, &comp) || len - 8 - comp > 3 || !budget(w, orig))
		return NULL;
	uint8_t *out = own(w, orig);
	efic_scratch *scratch = malloc(sizeof(*scratch)); /* per call: the walker stays reentrant */
	bool ok = out && scratch && igd_efic_decompress(fmt, src, len, out, orig, scratch, NULL) == IGD_OK;
	free(scratch);
	if (!ok)
		return NULL;
	*out_len = orig;
	return out;
}

/* LZMA with the 13-byte "alone" header; with bcj the x86 branch converter runs after it. */
static uint8_t *decode_lzma(struct walker *w, const uint8_t *src, size_t len, bool bcj, size_t *out_len)
{
	uint64_t size;
	lzma_options_lzma opts;
	lzma_filter filters[3];
	lzma_stream s = LZMA_STREAM_INIT;

	if (igd_get_le64(src, len, 5, &size) || size > 256u << 20 || !budget(w, size))
		return NULL;
	filters[0].id = LZMA_FILTER_X86;
	filters[0].options = NULL;
	filters[1].id = LZMA_FILTER_LZMA1;
	filters[1].options = &opts;
	filters[2].id = LZMA_VLI_UNKNOWN;
	lzma_filter lz = { LZMA_FILTER_LZMA1, NULL };
	if (lzma_properties_decode(&lz, NULL, src, 5) != LZMA_OK)
		return NULL;
	opts = *(lzma_options_lzma *)lz.options;
	free(lz.options);
	/* The header's dictionary size is the input's to choose (up to 4 GiB) and liblzma allocates
	 * it whole.  No match can reach further back than the output is long, so a dictionary of
	 * the output's size decodes the same stream; with that, the decoder's own memory is bounded
	 * like the output (docs/firmware-images.md §6). */
	if (opts.dict_size > size)
		opts.dict_size = size < LZMA_DICT_SIZE_MIN ? LZMA_DICT_SIZE_MIN : (uint32_t)size;
	if (lzma_raw_decoder_memusage(bcj ? filters : filters + 1) > (uint64_t)size + (16u << 20))
		return NULL;
	uint8_t *out = own(w, (size_t)size);
	if (!out || lzma_raw_decoder(&s, bcj ? filters : filters + 1) != LZMA_OK)
		return NULL;
	s.next_in = src + 13;
	s.avail_in = len - 13;
	s.next_out = out;
	s.avail_out = w->target ? 0 : (size_t)size;
	lzma_ret r = LZMA_OK;
	size_t scanned = 0;
	if (!w->target) {
		r = lzma_code(&s, LZMA_FINISH);
	} else {
		/* Looking for one file: decode in steps and stop as soon as it is complete. */
		while (r == LZMA_OK && s.total_out < size && !w->done) {
			size_t step = (size_t)size - s.total_out < (256u << 10) ? (size_t)size - s.total_out : 256u << 10;
			s.avail_out = step;
			r = lzma_code(&s, LZMA_FINISH);
			size_t have = (size_t)s.total_out;
			for (size_t p = scanned; p + 24 <= have && !w->done; p++) {
				if (memcmp(out + p, w->target, 16) != 0)
					continue;
				uint8_t sum = 0;
				for (size_t i = 0; i < 24; i++)
					if (i != 0x11 && i != 0x17)
						sum = (uint8_t)(sum + out[p + i]);
				size_t fsize = (size_t)out[p + 0x14] | (size_t)out[p + 0x15] << 8 | (size_t)out[p + 0x16] << 16;
				if (sum != 0 || fsize < 24 || fsize > size - p)
					continue;
				if (p + fsize > have)
					break; /* the file is not complete yet: decode more */
				take_file(w, out, p, fsize, (int)w->t->count - 1);
			}
			if (!w->done)
				scanned = have >= 24 ? have - 23 : 0;
		}
		if (w->done) {
			lzma_end(&s);
			return NULL;
		}
		if (r == LZMA_STREAM_END)
			r = LZMA_OK;
	}
	size_t got = (size_t)s.total_out;
	lzma_end(&s);
	if ((r != LZMA_OK && r != LZMA_STREAM_END) || got != size)
		return NULL;
	*out_len = (size_t)size;
	return out;
}

static uint8_t *decode_brotli(struct walker *w, const uint8_t *src, size_t len, size_t *out_len)
{
	uint64_t size;
	/* EDK2 BrotliCustomDecompressLib: u64 decoded size, u64 scratch size, then the stream. */
	if (igd_get_le64(src, len, 0, &size) || len < 16 || size > 256u << 20 || !budget(w, size))
		return NULL;
	uint8_t *out = own(w, (size_t)size);
	size_t got = (size_t)size;
	if (!out || BrotliDecoderDecompress(len - 16, src + 16, &got, out) != BROTLI_DECODER_RESULT_SUCCESS ||
	    got != size)
		return NULL;
	*out_len = got;
	return out;
}

/* ---- walking ---- */

static void walk_sections(struct walker *w, const uint8_t *buf, size_t start, size_t end, int parent,
			  int depth, bool in_image);
static void walk_volumes(struct walker *w, const uint8_t *buf, size_t len, int parent, int depth,
			 bool in_image);

/* Section bodies that are themselves sections: parse them, or fail without recording. */
static bool sections_plausible(const uint8_t *buf, size_t len)
{
	size_t cur = 0, count = 0;
	ffs_section s;
	igd_status st;
	while ((st = igd_ffs_next_section(buf, len, &cur, &s, NULL)) == IGD_OK)
		count++;
	return st == IGD_ERR_NOT_FOUND && count > 0;
}

static void descend(struct walker *w, int node, const uint8_t *data, size_t len, int depth)
{
	walk_sections(w, data, 0, len, node, depth, false);
}

static void section_children(struct walker *w, int node, const uint8_t *buf, const ffs_section *s, int depth)
{
	const uint8_t *body = buf + s->body_offset;
	size_t out_len = 0;
	uint8_t *out = NULL;

	if (depth >= FW_MAX_DEPTH) {
		note(w, node, "nesting too deep: not parsed further");
		return;
	}
	switch (s->type) {
	case SECTION_COMPRESSION:
		if (s->compression_type == 0) {
			walk_sections(w, buf, s->body_offset, s->body_offset + s->body_size, node, depth + 1,
				      w->t->nodes[node].in_image);
			return;
		}
		if (s->compression_type == 1) {
			/* EFI or Tiano: try both, keep the one whose output parses (UEFITool's rule) */
			size_t mark = w->t->decompressed;
			out = decode_efi(w, body, s->body_size, EFIC_FORMAT_EFI, &out_len);
			if (out && sections_plausible(out, out_len)) {
				w->t->nodes[node].note = "EFI compression";
			} else {
				w->t->decompressed = mark;
				out = decode_efi(w, body, s->body_size, EFIC_FORMAT_TIANO, &out_len);
				if (out)
					w->t->nodes[node].note = "Tiano compression";
			}
		} else if (s->compression_type == 2 || s->compression_type == 0x86) {
			out = decode_lzma(w, body, s->body_size, s->compression_type == 0x86, &out_len);
			if (out)
				w->t->nodes[node].note = s->compression_type == 2 ? "LZMA" : "LZMA + x86 BCJ";
		}
		break;
	case SECTION_GUID_DEFINED:
		if (igd_fv_guid_equal(s->guid, FV_GUID_LZMA) || igd_fv_guid_equal(s->guid, FV_GUID_LZMA_HP)) {
			out = decode_lzma(w, body, s->body_size, false, &out_len);
			if (!out && s->body_size > 4) /* "Intel legacy LZMA": 4 extra bytes first */
				out = decode_lzma(w, body + 4, s->body_size - 4, false, &out_len);
			if (out)
				w->t->nodes[node].note = "LZMA";
		} else if (igd_fv_guid_equal(s->guid, FV_GUID_LZMA_F86)) {
			out = decode_lzma(w, body, s->body_size, true, &out_len);
			if (out)
				w->t->nodes[node].note = "LZMA + x86 BCJ";
		} else if (igd_fv_guid_equal(s->guid, FV_GUID_TIANO)) {
			out = decode_efi(w, body, s->body_size, EFIC_FORMAT_TIANO, &out_len);
			if (!out || !sections_plausible(out, out_len))
				out = decode_efi(w, body, s->body_size, EFIC_FORMAT_EFI, &out_len);
			if (out)
				w->t->nodes[node].note = "Tiano compression";
		} else if (igd_fv_guid_equal(s->guid, FV_GUID_BROTLI)) {
			out = decode_brotli(w, body, s->body_size, &out_len);
			if (out)
				w->t->nodes[node].note = "Brotli";
		} else if (igd_fv_guid_equal(s->guid, FV_GUID_CRC32) || !(s->guid_attributes & 1)) {
			/* CRC32 and "no processing required": the data is sections as is */
			walk_sections(w, buf, s->body_offset, s->body_offset + s->body_size, node, depth + 1,
				      w->t->nodes[node].in_image);
			return;
		} else {
			w->t->nodes[node].note = "unknown GUID-defined encoding: not parsed";
			return;
		}
		break;
	case SECTION_FV_IMAGE:
		walk_volumes(w, body, s->body_size, node, depth + 1, false);
		return;
	default:
		return;
	}
	if (!out) {
		if (!w->done)
			note(w, node, "decompression failed (corrupt data or size limit)");
		return;
	}
	w->t->nodes[node].body = out;
	w->t->nodes[node].body_size = out_len;
	descend(w, node, out, out_len, depth + 1);
}

static void walk_sections(struct walker *w, const uint8_t *buf, size_t start, size_t end, int parent,
			  int depth, bool in_image)
{
	size_t cur = start;
	ffs_section s;
	igd_where where = { 0, "" };
	igd_status st;
	while (!w->done && (st = igd_ffs_next_section(buf, end, &cur, &s, &where)) == IGD_OK) {
		fw_node n = { .kind = FW_SECTION, .depth = depth, .parent = parent, .offset = s.offset,
			      .in_image = in_image, .size = s.size, .type = s.type,
			      .body = buf + s.body_offset, .body_size = s.body_size, .checksum_ok = true };
		memcpy(n.guid, s.guid, 16);
		int id = add_node(w, n);
		if (id < 0)
			return;
		/* The file takes its name from its UI section (UCS-2). */
		if (s.type == SECTION_USER_INTERFACE) {
			int f = parent;
			while (f >= 0 && w->t->nodes[f].kind != FW_FILE)
				f = w->t->nodes[f].parent;
			if (f >= 0 && !w->t->nodes[f].name[0]) {
				char *name = w->t->nodes[f].name;
				size_t k = 0;
				for (size_t i = 0; i + 1 < s.body_size && k + 1 < sizeof(w->t->nodes[f].name); i += 2) {
					uint16_t c = (uint16_t)(buf[s.body_offset + i] | buf[s.body_offset + i + 1] << 8);
					if (!c)
						break;
					name[k++] = c < 0x80 && c >= 0x20 ? (char)c : '?';
				}
				name[k] = 0;
			}
		}
		section_children(w, id, buf, &s, depth);
	}
	if (st != IGD_ERR_NOT_FOUND)
		note(w, parent, where.what);
}

/* Files that carry no UI section but have well-known names (docs/firmware-images.md §5; the same
 * names UEFITool shows). */
static const char *well_known_name(const uint8_t guid[16])
{
	static const struct { uint8_t guid[16]; const char *name; } known[] = {
		{ IGD_GUID(0x1B45CC0A, 0x156A, 0x428A, 0xAF, 0x62, 0x49, 0x86, 0x4D, 0xA0, 0xE6, 0xE6), "PEI apriori file" },
		{ IGD_GUID(0xFC510EE7, 0xFFDC, 0x11D4, 0xBD, 0x41, 0x00, 0x80, 0xC7, 0x3C, 0x88, 0x81), "DXE apriori file" },
		{ IGD_GUID(0x1BA0062E, 0xC779, 0x4582, 0x85, 0x66, 0x33, 0x6A, 0xE8, 0xF7, 0x8F, 0x09), "Volume Top File" },
	};
	for (size_t i = 0; i < IGD_ARRAY_SIZE(known); i++)
		if (igd_fv_guid_equal(guid, known[i].guid))
			return known[i].name;
	return NULL;
}

static void walk_files(struct walker *w, const uint8_t *buf, size_t len, const fv_volume *vol, int parent,
		       int depth, bool in_image)
{
	size_t cur = vol->files_offset;
	ffs_file f;
	igd_where where = { 0, "" };
	igd_status st;
	while (!w->done && (st = igd_ffs_next_file(buf, len, vol, &cur, &f, &where)) == IGD_OK) {
		fw_node n = { .kind = FW_FILE, .depth = depth, .parent = parent, .offset = f.offset,
			      .in_image = in_image, .size = f.size, .type = f.type,
			      .body = buf + f.offset + f.header_size, .body_size = f.size - f.header_size,
			      .checksum_ok = f.header_checksum_ok && f.data_checksum_ok };
		memcpy(n.guid, f.name, 16);
		int id = add_node(w, n);
		if (id < 0)
			return;
		/* Sectioned files; RAW and pad files hold plain data. */
		if (f.type != FFS_TYPE_RAW && f.type != FFS_TYPE_PAD && depth < FW_MAX_DEPTH)
			walk_sections(w, buf, f.offset + f.header_size, f.offset + f.size, id, depth + 1, in_image);
		if (f.type == FFS_TYPE_RAW && depth < FW_MAX_DEPTH) /* raw files may hold a volume */
			walk_volumes(w, n.body, n.body_size, id, depth + 1, false);
		const char *known = well_known_name(f.name);
		if (known && !w->t->nodes[id].name[0])
			snprintf(w->t->nodes[id].name, sizeof(w->t->nodes[id].name), "%s", known);
	}
	if (st != IGD_ERR_NOT_FOUND)
		note(w, parent, where.what);
}

/* Every volume in buf: scanned for "_FVH" at 8-byte steps, parsed where the header holds. */
static void walk_volumes(struct walker *w, const uint8_t *buf, size_t len, int parent, int depth,
			 bool in_image)
{
	size_t off = 0;
	while (!w->done && off + FV_HEADER_MIN <= len) {
		fv_volume v;
		if (!igd_match(buf, len, off + FV_SIGNATURE_OFFSET, FV_SIGNATURE, 4) ||
		    igd_fv_parse_volume(buf, len, off, &v, NULL) != IGD_OK) {
			off += 8;
			continue;
		}
		fw_node n = { .kind = FW_VOLUME, .depth = depth, .parent = parent, .offset = off,
			      .in_image = in_image, .size = v.length, .body = buf + off, .body_size = v.length,
			      .checksum_ok = v.checksum_ok };
		memcpy(n.guid, v.fs_guid, 16);
		int id = add_node(w, n);
		if (id < 0)
			return;
		if (v.known_fs && depth < FW_MAX_DEPTH)
			walk_files(w, buf, len, &v, id, depth + 1, in_image);
		else if (!v.known_fs)
			w->t->nodes[id].note = "unknown file system: files not parsed";
		off += v.length;
	}
}

igd_status igd_fw_parse(const uint8_t *image, size_t len, fw_tree *tree)
{
	struct walker w = { tree, image, len, NULL, false };
	fd_region regions[FD_REGION_COUNT];
	fv_capsule cap;

	memset(tree, 0, sizeof(*tree));
	if (igd_fd_parse(image, len, regions) == IGD_OK) {
		for (unsigned i = 0; i < FD_REGION_COUNT; i++) {
			if (!regions[i].present)
				continue;
			fw_node n = { .kind = FW_REGION, .depth = 0, .parent = -1, .offset = regions[i].offset,
				      .in_image = true, .size = regions[i].size, .type = (uint8_t)i,
				      .body = image + regions[i].offset, .body_size = regions[i].size,
				      .checksum_ok = true };
			snprintf(n.name, sizeof(n.name), "%s region", igd_fd_region_name(i));
			int id = add_node(&w, n);
			if (id >= 0 && i == 1)
				walk_volumes(&w, image + regions[i].offset, regions[i].size, id, 1, false);
		}
	} else if (igd_fv_capsule_parse(image, len, &cap) == IGD_OK) {
		fw_node n = { .kind = FW_CAPSULE, .depth = 0, .parent = -1, .offset = 0, .in_image = true,
			      .size = cap.image_size, .body = image + cap.header_size,
			      .body_size = cap.image_size - cap.header_size, .checksum_ok = true };
		memcpy(n.guid, cap.guid, 16);
		snprintf(n.name, sizeof(n.name), "%s", cap.kind);
		int id = add_node(&w, n);
		if (id >= 0)
			walk_volumes(&w, n.body, n.body_size, id, 1, false);
	} else {
		walk_volumes(&w, image, len, -1, 0, true);
	}
	return tree->count ? IGD_OK : IGD_ERR_NOT_FOUND;
}

/* The wanted file, found inside a partly decoded buffer: keep a copy and its sections. */
static void take_file(struct walker *w, const uint8_t *buf, size_t off, size_t size, int parent)
{
	uint8_t *copy = own(w, size);
	if (!copy)
		return;
	memcpy(copy, buf + off, size);
	fw_node n = { .kind = FW_FILE, .depth = parent >= 0 ? w->t->nodes[parent].depth + 1 : 0,
		      .parent = parent, .offset = 0, .in_image = false, .size = size, .type = copy[0x12],
		      .body = copy + 24, .body_size = size - 24, .checksum_ok = true };
	memcpy(n.guid, copy, 16);
	int id = add_node(w, n);
	if (id < 0)
		return;
	if (n.type != FFS_TYPE_RAW && n.type != FFS_TYPE_PAD)
		walk_sections(w, copy, 24, size, id, n.depth + 1, false);
	w->done = true;
}

igd_status igd_fw_find_file(const uint8_t *image, size_t len, const uint8_t guid[16], fw_tree *tree)
{
	/* A normal walk, except that compressed LZMA sections are decoded only as far as needed:
	 * once the file with `guid` is complete the walk ends (the tree then holds the path to it
	 * and the file with its sections). */
	struct walker w = { tree, image, len, guid, false };
	memset(tree, 0, sizeof(*tree));
	walk_volumes(&w, image, len, -1, 0, true);
	for (size_t i = 0; i < tree->count; i++)
		if (tree->nodes[i].kind == FW_FILE && !memcmp(tree->nodes[i].guid, guid, 16))
			return IGD_OK;
	igd_fw_tree_free(tree);
	return igd_fw_parse(image, len, tree); /* descriptor, capsule or other layouts: full walk */
}

void igd_fw_tree_free(fw_tree *t)
{
	for (size_t i = 0; i < t->nbuffers; i++)
		free(t->buffers[i]);
	free(t->buffers);
	free(t->nodes);
	memset(t, 0, sizeof(*t));
}

int igd_fw_find_section(const fw_tree *t, int file, uint8_t type)
{
	for (size_t i = (size_t)file + 1; i < t->count; i++) {
		/* descendants follow their ancestor and end at the next node of lower depth */
		if (t->nodes[i].depth <= t->nodes[file].depth)
			break;
		if (t->nodes[i].kind == FW_VOLUME) { /* a nested volume's sections belong to its files */
			int volume_depth = t->nodes[i].depth;
			while (i + 1 < t->count && t->nodes[i + 1].depth > volume_depth)
				i++;
			continue;
		}
		if (t->nodes[i].kind == FW_SECTION && t->nodes[i].type == type)
			return (int)i;
	}
	return -1;
}
