// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/devices.h"

#define MiB (1024ull * 1024)

const igd_platform *igd_lookup(uint16_t device_id)
{
	size_t lo = 0, hi = igd_device_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (igd_devices[mid].id == device_id)
			return &igd_platforms[igd_devices[mid].platform];
		if (igd_devices[mid].id < device_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool igd_is_display_class(uint8_t base, uint8_t sub, uint8_t prog_if)
{
	return base == 0x03 && ((sub == 0x00 && prog_if == 0x00) || sub == 0x80);
}

unsigned igd_gms_field(const igd_platform *p, uint32_t ggc)
{
	switch (p->gms) {
	case IGD_GMS_GEN3: return (ggc >> 4) & 0xF;
	case IGD_GMS_SNB:
	case IGD_GMS_CHV: return (ggc >> 3) & 0x1F;
	default: return (ggc >> 8) & 0xFF;
	}
}

igd_status igd_gms_set(const igd_platform *p, uint32_t ggc, unsigned gms, uint32_t *ret)
{
	switch (p->gms) {
	case IGD_GMS_GEN3:
		if (gms > 0xF)
			return IGD_ERR_INVALID;
		*ret = (ggc & ~0xF0u) | gms << 4;
		return IGD_OK;
	case IGD_GMS_SNB:
	case IGD_GMS_CHV:
		if (gms > 0x1F)
			return IGD_ERR_INVALID;
		*ret = (ggc & ~0xF8u) | gms << 3;
		return IGD_OK;
	default:
		if (gms > 0xFF)
			return IGD_ERR_INVALID;
		*ret = (ggc & ~0xFF00u) | gms << 8;
		return IGD_OK;
	}
}

igd_status igd_gms_size(const igd_platform *p, uint32_t ggc, uint64_t *ret)
{
	/* Linux arch/x86/kernel/early-quirks.c gen3_stolen_size (values in MiB). */
	static const uint16_t gen3[16] = { 0, 1, 4, 8, 16, 32, 48, 64, 128, 256, 96, 160, 224, 352 };
	unsigned gms = igd_gms_field(p, ggc);

	switch (p->gms) {
	case IGD_GMS_GEN3:
		if (gms > 0xD)
			return IGD_ERR_INVALID;
		*ret = gen3[gms] * MiB;
		return IGD_OK;
	case IGD_GMS_SNB:
	case IGD_GMS_BDW:
		*ret = gms * 32 * MiB;
		return IGD_OK;
	case IGD_GMS_CHV:
		/* early-quirks chv_stolen_size: 0x11-0x16 and 0x17-0x1d are 4 MiB steps from 8 and
		 * 36 MiB (QEMU decodes these as 32 MiB multiples, which is wrong). */
		if (gms < 0x11)
			*ret = gms * 32 * MiB;
		else if (gms < 0x17)
			*ret = ((gms - 0x11) * 4 + 8) * MiB;
		else if (gms <= 0x1D)
			*ret = ((gms - 0x17) * 4 + 36) * MiB;
		else
			return IGD_ERR_INVALID;
		return IGD_OK;
	case IGD_GMS_GEN9:
		if (gms < 0xF0)
			*ret = gms * 32 * MiB;
		else if (gms <= 0xFE)
			*ret = (gms - 0xF0 + 1) * 4 * MiB;
		else
			return IGD_ERR_INVALID;
		return IGD_OK;
	case IGD_GMS_MTL:
		/* i915_gem_stolen.c mtl_get_gms_size */
		if (gms <= 0x04)
			*ret = gms * 32 * MiB;
		else if (gms >= 0xF0 && gms <= 0xFE)
			*ret = (gms - 0xF0 + 1) * 4 * MiB;
		else
			return IGD_ERR_INVALID;
		return IGD_OK;
	}
	return IGD_ERR_INVALID;
}

igd_status igd_ggms_size(const igd_platform *p, uint32_t ggc, uint64_t *ret)
{
	unsigned g;
	switch (p->ggms) {
	case IGD_GGMS_NONE:
		*ret = 0;
		return IGD_OK;
	case IGD_GGMS_SNB: /* intel_ggtt.c gen6_get_total_gtt_size */
		*ret = (uint64_t)((ggc >> 8) & 3) * MiB;
		return IGD_OK;
	case IGD_GGMS_BDW: /* gen8_get_total_gtt_size */
		g = (ggc >> 6) & 3;
		*ret = g ? (1ull << g) * MiB : 0;
		return IGD_OK;
	case IGD_GGMS_CHV: /* chv_get_total_gtt_size */
		g = (ggc >> 8) & 3;
		*ret = g ? 1ull << (20 + g) : 0;
		return IGD_OK;
	}
	return IGD_ERR_INVALID;
}

uint64_t igd_bdsm_base(igd_bdsm_layout layout, uint32_t lo, uint32_t hi)
{
	switch (layout) {
	case IGD_BDSM_BDSM32: return lo & IGD_BDSM_MASK;
	case IGD_BDSM_BDSM64: return (lo & IGD_BDSM_MASK) | (uint64_t)hi << 32;
	default: return 0;
	}
}

igd_status igd_bdsm_encode(igd_bdsm_layout layout, uint64_t old_value, uint64_t base,
			   uint64_t *ret)
{
	if (base & (IGD_BDSM_ALIGN - 1))
		return IGD_ERR_INVALID;
	switch (layout) {
	case IGD_BDSM_BDSM32:
		if (base > 0xFFFFFFFFull)
			return IGD_ERR_INVALID;
		*ret = (old_value & ~(uint64_t)IGD_BDSM_MASK & 0xFFFFFFFFull) | base;
		return IGD_OK;
	case IGD_BDSM_BDSM64:
		*ret = (old_value & (IGD_BDSM_ALIGN - 1)) | base;
		return IGD_OK;
	default:
		return IGD_ERR_UNSUPPORTED;
	}
}
