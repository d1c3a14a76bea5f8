// SPDX-License-Identifier: BSD-2-Clause-Patent
#include "igd/probe.h"

#include <dirent.h>
#include <pci/pci.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "igd/bytes.h"
#include "igd/file.h"

/* Paths under a --sysfs root: long enough for any root the OS accepts.  A path that does not
 * fit becomes "" (which no open() finds) instead of a cut one that could name another file. */
#define PROBE_PATH_MAX 4096

static bool path_of(char *out, size_t cap, const char *root, const char *rel)
{
	size_t rl = strlen(root);
	int n = snprintf(out, cap, "%s%s%s", root, (rl && root[rl - 1] == '/') ? "" : "/",
			 rel[0] == '/' ? rel + 1 : rel);
	if (n < 0 || (size_t)n >= cap) {
		out[0] = 0;
		return false;
	}
	return true;
}

static bool read_text(const char *root, const char *rel, char *out, size_t cap)
{
	char path[PROBE_PATH_MAX];
	uint8_t *buf;
	size_t len;
	path_of(path, sizeof(path), root, rel);
	if (igd_file_read(path, 1u << 20, &buf, &len))
		return false;
	if (len >= cap)
		len = cap - 1;
	memcpy(out, buf, len);
	out[len] = 0;
	while (len && (out[len - 1] == '\n' || out[len - 1] == ' '))
		out[--len] = 0;
	free(buf);
	return true;
}

static bool read_hex(const char *root, const char *rel, unsigned long *v)
{
	char text[32], *end;
	if (!read_text(root, rel, text, sizeof(text)))
		return false;
	*v = strtoul(text, &end, 16);
	return end != text;
}

static void link_basename(const char *root, const char *rel, char *out, size_t cap)
{
	char path[PROBE_PATH_MAX], target[512];
	ssize_t n;
	out[0] = 0;
	path_of(path, sizeof(path), root, rel);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = 0;
	const char *slash = strrchr(target, '/');
	snprintf(out, cap, "%.31s", slash ? slash + 1 : target);
}

/* MTL+ keep GGC in MMIO (docs/vmm-contracts.md §6.1): read it from BAR0 (resource0). */
static bool read_mmio_ggc(const char *root, const char *bdf, uint32_t *ggc)
{
	char rel[128], path[PROBE_PATH_MAX];
	uint8_t b[2];
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/resource0", bdf);
	path_of(path, sizeof(path), root, rel);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = pread(fd, b, 2, 0x108040) == 2;
	close(fd);
	if (ok)
		*ggc = (uint32_t)b[0] | (uint32_t)b[1] << 8;
	return ok;
}

static void find_opregion(const char *root, igd_probe *p)
{
	char path[PROBE_PATH_MAX];
	uint8_t *buf = NULL;
	size_t len = 0;
	/* debugfs i915_opregion: the 8 KiB Linux mapped (docs/opregion-vbt.md §1.1) */
	path_of(path, sizeof(path), root, "sys/kernel/debug/dri");
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while (!p->opregion_found && (e = readdir(d))) {
			char rel[320];
			if (e->d_name[0] == '.')
				continue;
			snprintf(rel, sizeof(rel), "sys/kernel/debug/dri/%.200s/i915_opregion", e->d_name);
			path_of(path, sizeof(path), root, rel);
			if (igd_file_read(path, 1u << 20, &buf, &len) == IGD_OK) {
				if (igd_opregion_parse(buf, len, &p->opregion, NULL) == IGD_OK) {
					p->opregion_found = true;
					snprintf(p->opregion_source, sizeof(p->opregion_source), "debugfs %.40s", e->d_name);
				}
				free(buf);
			}
		}
		closedir(d);
	}
	if (!p->opregion_found && p->asls && p->asls != 0xFFFFFFFFu && strcmp(root, "/") == 0) {
		uint8_t *mem;
		size_t mlen;
		if (igd_probe_read_opregion(root, p, &mem, &mlen) == IGD_OK) {
			if (igd_opregion_parse(mem, mlen, &p->opregion, NULL) == IGD_OK) {
				p->opregion_found = true;
				snprintf(p->opregion_source, sizeof(p->opregion_source), "/dev/mem at ASLS");
			}
			free(mem);
		}
	}
}

igd_status igd_probe_read_opregion(const char *root, const igd_probe *p, uint8_t **buf, size_t *len)
{
	char path[PROBE_PATH_MAX];
	if (strncmp(p->opregion_source, "debugfs ", 8) == 0) {
		char rel[300];
		snprintf(rel, sizeof(rel), "sys/kernel/debug/dri/%s/i915_opregion", p->opregion_source + 8);
		path_of(path, sizeof(path), root, rel);
		return igd_file_read(path, 1u << 20, buf, len);
	}
	/* /dev/mem at ASLS: 8 KiB, as Linux maps it */
	path_of(path, sizeof(path), root, "dev/mem");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return IGD_ERR_IO;
	uint8_t *b = malloc(OPREGION_BASE_SIZE);
	if (!b) {
		close(fd);
		return IGD_ERR_NOMEM;
	}
	bool ok = pread(fd, b, OPREGION_BASE_SIZE, (off_t)p->asls) == OPREGION_BASE_SIZE;
	close(fd);
	if (!ok) {
		free(b);
		return IGD_ERR_IO;
	}
	*buf = b;
	*len = OPREGION_BASE_SIZE;
	return IGD_OK;
}

/* libpci's errors exit the process by default; report them as "no device" instead. */
static void pci_quiet(char *msg, ...)
{
	(void)msg;
}

/*
 * On the running host, libpci finds the IGD and reads its config space (through whichever
 * access method works: sysfs, /proc, direct I/O as root).  Fake trees (--sysfs) are read as
 * plain files instead, below.
 */
static bool find_with_libpci(igd_probe *p, uint8_t cfg[256], size_t *cfg_len)
{
	struct pci_access *pacc = pci_alloc();
	struct pci_dev *dev, *best = NULL;
	if (!pacc)
		return false;
	pacc->warning = pci_quiet;
	pacc->debug = pci_quiet;
	pci_init(pacc);
	pci_scan_bus(pacc);
	for (dev = pacc->devices; dev; dev = dev->next) {
		pci_fill_info(dev, PCI_FILL_IDENT | PCI_FILL_CLASS);
		uint8_t prog_if = pci_read_byte(dev, PCI_CLASS_PROG);
		if (dev->vendor_id != IGD_VENDOR_INTEL ||
		    !igd_is_display_class((uint8_t)(dev->device_class >> 8), (uint8_t)dev->device_class, prog_if))
			continue;
		if (!best || (dev->bus == 0 && dev->dev == 2 && dev->func == 0))
			best = dev;
	}
	if (best) {
		snprintf(p->bdf, sizeof(p->bdf), "%04x:%02x:%02x.%x", (unsigned)best->domain, best->bus,
			 best->dev, best->func);
		p->vendor = best->vendor_id;
		p->device = best->device_id;
		p->class_code = (uint32_t)best->device_class << 8 | pci_read_byte(best, PCI_CLASS_PROG);
		/* beyond the first 64 bytes only root reads the real values */
		*cfg_len = pci_read_block(best, 0, cfg, 256) ? 256 : 0;
	}
	pci_cleanup(pacc);
	return best != NULL;
}

igd_status igd_probe_host(const char *root, igd_probe *ret)
{
	char path[PROBE_PATH_MAX], rel[512];
	igd_probe p;
	DIR *d;
	struct dirent *e;
	bool found = false;

#ifndef __linux__
	/* The live probe reads Linux's sysfs, debugfs and /proc; a tree given with --sysfs is
	 * just files and works anywhere. */
	if (strcmp(root, "/") == 0)
		return IGD_ERR_UNSUPPORTED;
#endif
	/* Leave room for the longest relative path read below (rel[512]). */
	if (strlen(root) + 512 >= PROBE_PATH_MAX)
		return IGD_ERR_TOO_LARGE;
	memset(&p, 0, sizeof(p));
	p.iommu_group = -1;
	bool live = strcmp(root, "/") == 0;
	uint8_t live_cfg[256];
	size_t live_cfg_len = 0;
	if (live) {
		found = find_with_libpci(&p, live_cfg, &live_cfg_len);
		d = NULL;
	} else {
		path_of(path, sizeof(path), root, "sys/bus/pci/devices");
		if (!(d = opendir(path)))
			return IGD_ERR_NOT_FOUND;
	}
	while (d && (e = readdir(d))) {
		unsigned long vendor, device, cls;
		if (e->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%.200s/vendor", e->d_name);
		if (!read_hex(root, rel, &vendor) || vendor != IGD_VENDOR_INTEL)
			continue;
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%.200s/class", e->d_name);
		if (!read_hex(root, rel, &cls) ||
		    !igd_is_display_class((uint8_t)(cls >> 16), (uint8_t)(cls >> 8), (uint8_t)cls))
			continue;
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%.200s/device", e->d_name);
		if (!read_hex(root, rel, &device))
			continue;
		/* Prefer 00:02.0, the IGD's address on every Intel platform. */
		if (found && strcmp(e->d_name, "0000:00:02.0") != 0)
			continue;
		found = true;
		snprintf(p.bdf, sizeof(p.bdf), "%.15s", e->d_name);
		p.vendor = (uint16_t)vendor;
		p.device = (uint16_t)device;
		p.class_code = (uint32_t)cls;
	}
	if (d)
		closedir(d);
	if (!found)
		return IGD_ERR_NOT_FOUND;
	p.platform = igd_lookup(p.device);
	unsigned long pch_vendor, pch_device;
	if (read_hex(root, "sys/bus/pci/devices/0000:00:1f.0/vendor", &pch_vendor) &&
	    read_hex(root, "sys/bus/pci/devices/0000:00:1f.0/device", &pch_device)) {
		p.pch_vendor = (uint16_t)pch_vendor;
		p.pch_device = (uint16_t)pch_device;
	}

	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/driver", p.bdf);
	link_basename(root, rel, p.driver, sizeof(p.driver));
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/iommu_group", p.bdf);
	char group[32];
	link_basename(root, rel, group, sizeof(group));
	if (group[0]) {
		p.iommu_group = atoi(group);
		snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%d/devices", p.iommu_group);
		path_of(path, sizeof(path), root, rel);
		if ((d = opendir(path))) {
			while ((e = readdir(d)) && p.group_count < IGD_PROBE_MAX_GROUP)
				if (e->d_name[0] != '.' && strcmp(e->d_name, p.bdf) != 0)
					snprintf(p.group_members[p.group_count++], 16, "%.15s", e->d_name);
			closedir(d);
		}
	}
	p.iommu_width = -1;
	path_of(path, sizeof(path), root, "sys/class/iommu");
	if ((d = opendir(path))) {
		while ((e = readdir(d))) {
			unsigned long cap;
			if (e->d_name[0] == '.')
				continue;
			p.iommu_enabled = true;
			/* MGAW: ((cap & 0x3F0000) >> 16) + 1 bits (docs/vmm-contracts.md §9 item 1) */
			snprintf(rel, sizeof(rel), "sys/class/iommu/%.100s/intel-iommu/cap", e->d_name);
			if (p.iommu_width < 0 && read_hex(root, rel, &cap))
				p.iommu_width = (int)(((cap & 0x3F0000) >> 16) + 1);
		}
		closedir(d);
	}
	read_text(root, "proc/cmdline", p.cmdline, sizeof(p.cmdline));

	/* Config space: the file is 64 bytes to unprivileged readers on a real host. */
	uint8_t *cfg;
	size_t clen;
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/config", p.bdf);
	path_of(path, sizeof(path), root, rel);
	igd_status cst = IGD_ERR_IO;
	if (live && live_cfg_len) {
		cfg = malloc(live_cfg_len);
		if (cfg) {
			memcpy(cfg, live_cfg, live_cfg_len);
			clen = live_cfg_len;
			cst = IGD_OK;
		}
	} else if (!live) {
		cst = igd_file_read(path, 4096, &cfg, &clen);
	}
	if (cst == IGD_OK) {
		p.config_full = clen >= 256;
		if (p.config_full) {
			uint32_t lo = 0, hi = 0;
			uint16_t ggc16 = 0;
			igd_get_le16(cfg, clen, IGD_CFG_GMCH, &ggc16);
			p.ggc = ggc16;
			igd_get_le32(cfg, clen, IGD_CFG_ASLS, &p.asls);
			if (p.platform && p.platform->bdsm == IGD_BDSM_BDSM64) {
				igd_get_le32(cfg, clen, IGD_CFG_BDSM64, &lo);
				igd_get_le32(cfg, clen, IGD_CFG_BDSM64 + 4, &hi);
			} else if (p.platform && p.platform->bdsm == IGD_BDSM_BDSM32) {
				igd_get_le32(cfg, clen, IGD_CFG_BDSM, &lo);
			}
			p.bdsm_raw = (uint64_t)hi << 32 | lo;
			if (p.platform)
				p.dsm_base = igd_bdsm_base(p.platform->bdsm, lo, hi);
		}
		free(cfg);
	}
	if (p.platform && p.platform->gms == IGD_GMS_MTL)
		p.ggc_from_mmio = read_mmio_ggc(root, p.bdf, &p.ggc);
	if (p.platform && (p.config_full || p.ggc_from_mmio)) {
		p.dsm_size_valid = igd_gms_size(p.platform, p.ggc, &p.dsm_size) == IGD_OK;
		igd_ggms_size(p.platform, p.ggc, &p.ggms_size);
	}
	find_opregion(root, &p);
	*ret = p;
	return IGD_OK;
}
