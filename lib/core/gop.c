// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/gop.h"

#include "igd/bytes.h"
#include "igd/devices.h"

/* The u16 at off is a known IGD device ID (false past the end). */
static bool known_at(const uint8_t *image, size_t len, size_t off)
{
	uint16_t v;
	return igd_get_le16(image, len, off, &v) == IGD_OK && igd_lookup(v) != NULL;
}

void igd_gop_ids_add(gop_ids *ids, uint16_t id)
{
	size_t at = 0;
	while (at < ids->count && ids->id[at] < id)
		at++;
	if ((at < ids->count && ids->id[at] == id) || ids->count == GOP_MAX_IDS)
		return;
	memmove(&ids->id[at + 1], &ids->id[at], (ids->count - at) * sizeof(ids->id[0]));
	ids->id[at] = id;
	ids->count++;
}

igd_status igd_gop_supported_ids(const uint8_t *image, size_t len, gop_ids *ret)
{
	if (!image || !ret)
		return IGD_ERR_INVALID;
	ret->count = 0;
	ret->first_offset = SIZE_MAX;
	/* A driver costs one lookup per byte plus ~64 per byte that happens to hold a known ID
	 * (0.5 % of random bytes, every table entry); bytes made of nothing but IDs would cost up
	 * to 64 per byte and more, so such input is given up on. */
	size_t budget = len <= (SIZE_MAX - GOP_WORK_SLACK) / GOP_WORK_PER_BYTE ? len * GOP_WORK_PER_BYTE + GOP_WORK_SLACK
										  : SIZE_MAX;
	/* Any offset and stride: packed structs put IDs at odd ones (this project's own table is
	 * {u16 id; u8 platform}).  A run is counted from its first entry only (the entry one
	 * stride back is not a known ID). */
	for (size_t start = 0; start + 2 <= len; start++) {
		if (!known_at(image, len, start))
			continue;
		for (size_t stride = 2; stride <= GOP_MAX_STRIDE; stride++) {
			size_t run = 1;
			if (budget < 1 + 1) /* the look one stride back, and at least one forward */
				goto give_up;
			budget -= 2;
			if (start >= stride && known_at(image, len, start - stride))
				continue;
			while (start + run * stride <= len - 2 && known_at(image, len, start + run * stride)) {
				if (budget-- == 0)
					goto give_up;
				run++;
			}
			if (run < (stride <= 4 ? GOP_MIN_RUN_DENSE : GOP_MIN_RUN))
				continue;
			for (size_t k = 0; k < run; k++) {
				uint16_t v;
				igd_get_le16(image, len, start + k * stride, &v); /* known_at read it already */
				igd_gop_ids_add(ret, v);
			}
			if (ret->first_offset == SIZE_MAX)
				ret->first_offset = start;
		}
	}
	return IGD_OK;
give_up:
	ret->count = 0;
	ret->first_offset = SIZE_MAX;
	return IGD_ERR_TOO_LARGE;
}

bool igd_gop_ids_contain(const gop_ids *ids, uint16_t device_id)
{
	for (size_t i = 0; i < ids->count; i++)
		if (ids->id[i] == device_id)
			return true;
	return false;
}

/* Offset of the UTF-16LE form of an ASCII needle, or SIZE_MAX. */
static size_t find_utf16(const uint8_t *buf, size_t len, const char *needle)
{
	size_t n = 0;
	while (needle[n])
		n++;
	if (n == 0 || len / 2 < n)
		return SIZE_MAX;
	/* memchr to each place the first character could start (it is the scan over every PE of a
	 * firmware image, and a byte loop was 4 % of listing OVMF) */
	for (size_t i = 0; i + 2 * n <= len; i++) {
		const uint8_t *hit = memchr(buf + i, (uint8_t)needle[0], len - 2 * n + 1 - i);
		if (!hit)
			break;
		i = (size_t)(hit - buf);
		size_t k = 0;
		while (k < n && buf[i + 2 * k] == (uint8_t)needle[k] && buf[i + 2 * k + 1] == 0)
			k++;
		if (k == n)
			return i;
	}
	return SIZE_MAX;
}

bool igd_gop_version(const uint8_t *image, size_t len, char *out, size_t cap)
{
	if (!cap)
		return false;
	out[0] = 0;
	size_t at = find_utf16(image, len, "Intel(R) GOP Driver");
	if (at == SIZE_MAX)
		return false;
	/* The string runs on to its "[major.minor.build]" and a NUL; keep printable ASCII. */
	size_t k = 0;
	for (size_t i = at; i + 1 < len && k + 1 < cap; i += 2) {
		uint16_t c = (uint16_t)(image[i] | image[i + 1] << 8);
		if (c < 0x20 || c >= 0x7F)
			break;
		out[k++] = (char)c;
		if (c == ']')
			break;
	}
	out[k] = 0;
	/* Intel's GOPs mostly carry the bare name, with their build number as the next UTF-16
	 * string ("1084" in Coffee Lake GOP 9.0.1084; issue 15): take it when it is a short run of
	 * digits and dots that follows within 64 bytes. */
	bool bracket = false;
	for (size_t j = 0; j < k; j++)
		bracket |= out[j] == '[';
	if (!bracket) {
		size_t i = at + 2 * k;
		size_t end = i + 64 < len ? i + 64 : len;
		while (i + 1 < end && image[i] == 0 && image[i + 1] == 0)
			i += 2;
		char build[16];
		size_t b = 0;
		for (; i + 1 < end && b + 1 < sizeof(build); i += 2) {
			uint16_t c = (uint16_t)(image[i] | image[i + 1] << 8);
			if (!((c >= '0' && c <= '9') || c == '.'))
				break;
			build[b++] = (char)c;
		}
		bool terminated = i + 1 < len && image[i] == 0 && image[i + 1] == 0;
		if (b >= 3 && terminated && k + b + 10 < cap) {
			build[b] = 0;
			memcpy(out + k, " (build ", 8);
			memcpy(out + k + 8, build, b);
			out[k + 8 + b] = ')';
			out[k + 9 + b] = 0;
		}
	}
	return true;
}
