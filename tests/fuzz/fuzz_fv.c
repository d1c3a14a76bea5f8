// SPDX-License-Identifier: BSD-2-Clause-Patent
/* Fuzz the volume, file, section, descriptor and capsule parsers, then the whole walker
 * (decompression included, under its size limits). */
#include "igd/fv.h"
#include "igd/fwimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fv_volume v;
	fd_region r[FD_REGION_COUNT];
	fv_capsule c;
	fw_tree t;
	igd_fd_parse(data, size, r);
	igd_fv_capsule_parse(data, size, &c);
	if (igd_fv_parse_volume(data, size, 0, &v, NULL) == IGD_OK) {
		size_t cur = v.files_offset;
		ffs_file f;
		while (igd_ffs_next_file(data, size, &v, &cur, &f, NULL) == IGD_OK) {
			size_t sc = f.offset + f.header_size;
			ffs_section s;
			while (igd_ffs_next_section(data, f.offset + f.size, &sc, &s, NULL) == IGD_OK) {
			}
		}
	}
	if (igd_fw_parse(data, size, &t) == IGD_OK)
		igd_fw_tree_free(&t);
	return 0;
}
