#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause-Patent
"""Writes the fake sysfs trees under tests/probe/trees (committed; rerun to regenerate).

Usage: tests/probe/make-trees.py IGDROM   (igdrom builds the sample OpRegion they carry)
Meteor Lake keeps GGC in BAR0 at 0x108040; its 1 MiB sparse resource0 is not committed but
made by tests/cli/probe.sh at run time (see resource0.ggc).
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "trees")


def write(path, data, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


def symlink(path, target):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)


def device(root, bdf, vendor, dev, cls, config=None, driver=None, group=None):
    d = os.path.join(root, "sys/bus/pci/devices", bdf)
    write(os.path.join(d, "vendor"), f"0x{vendor:04x}\n")
    write(os.path.join(d, "device"), f"0x{dev:04x}\n")
    write(os.path.join(d, "class"), f"0x{cls:06x}\n")
    if config is not None:
        write(os.path.join(d, "config"), config, "wb")
    if driver:
        write(os.path.join(root, "sys/bus/pci/drivers", driver, "uevent"), f"DRIVER={driver}\n")
        symlink(os.path.join(d, "driver"), f"../../../../bus/pci/drivers/{driver}")
    if group is not None:
        symlink(os.path.join(d, "iommu_group"), f"../../../../kernel/iommu_groups/{group}")
        symlink(os.path.join(root, f"sys/kernel/iommu_groups/{group}/devices/{bdf}"),
                f"../../../../bus/pci/devices/{bdf}")


def config_space(vendor, dev, cls, ggc, bdsm32=0, bdsm64=0, asls=0):
    c = bytearray(256)
    struct.pack_into("<HH", c, 0, vendor, dev)
    c[9], c[10], c[11] = cls & 0xFF, (cls >> 8) & 0xFF, cls >> 16
    struct.pack_into("<H", c, 0x50, ggc)
    struct.pack_into("<I", c, 0x5C, bdsm32)
    struct.pack_into("<Q", c, 0xC0, bdsm64)
    struct.pack_into("<I", c, 0xFC, asls)
    return bytes(c)


def host(name, igd, opregion, iommu=True, cmdline="quiet intel_iommu=on iommu=pt", extra=()):
    root = os.path.join(OUT, name)
    device(root, "0000:00:00.0", 0x8086, 0x3E0F, 0x060000, driver=None, group=0)
    if igd:
        bdf, dev, cls, cfg, driver, group = igd
        device(root, bdf, 0x8086, dev, cls, cfg, driver, group if iommu and group is not None else None)
    for e in extra:
        device(root, *e)
    if iommu:
        # a file, not just the directory: git keeps no empty directories
        write(os.path.join(root, "sys/class/iommu/dmar0/intel-iommu/cap"), "d2008c40660462\n")
    write(os.path.join(root, "proc/cmdline"), cmdline + "\n")
    if opregion:
        write(os.path.join(root, "sys/kernel/debug/dri/0/i915_opregion"), opregion, "wb")


def main():
    igdrom = sys.argv[1]
    shutil.rmtree(OUT, ignore_errors=True)
    with tempfile.TemporaryDirectory() as t:
        subprocess.run([igdrom, "vbt", "sample", "-o", f"{t}/s.vbt"], check=True, capture_output=True)
        subprocess.run([igdrom, "opregion", "build", "--vbt", f"{t}/s.vbt", "-o", f"{t}/s.opr"],
                       check=True, capture_output=True)
        opr = open(f"{t}/s.opr", "rb").read()
    # Skylake HD 530: GMS 2 (64 MiB), GGMS 3 (8 MiB), vfio-pci, clean group: ready.
    host("skylake", ("0000:00:02.0", 0x1912, 0x030000,
                     config_space(0x8086, 0x1912, 0x030000, 0x02C0, bdsm32=0x8B800001, asls=0x8A4C7018),
                     "vfio-pci", 1), opr)
    # Tiger Lake: GMS 0xF1 (8 MiB), 64-bit BDSM, still on i915, audio in the same group.
    host("tigerlake", ("0000:00:02.0", 0x9A49, 0x030000,
                       config_space(0x8086, 0x9A49, 0x030000, 0xF1C0, bdsm64=0x7B800001, asls=0x7A6F4018),
                       "i915", 2), opr,
         extra=[("0000:00:1f.3", 0x8086, 0xA0C8, 0x040380, None, "snd_hda_intel", 2)])
    # Cherryview: SNB-layout GMS 0x11 = 8 MiB (CHV table), GGMS 1 = 2 MiB.
    host("cherryview", ("0000:00:02.0", 0x22B0, 0x030000,
                        config_space(0x8086, 0x22B0, 0x030000, 0x0188, bdsm32=0x7B000000, asls=0x7AE00018),
                        "vfio-pci", 1), opr)
    # Meteor Lake: GGC in BAR0 (resource0 made at test time), no BDSM, IVD set -> 0x0380.
    host("meteorlake", ("0000:00:02.0", 0x7D55, 0x038000,
                        config_space(0x8086, 0x7D55, 0x038000, 0, asls=0x6E4E4018), "vfio-pci", 1), opr)
    write(os.path.join(OUT, "meteorlake/resource0.ggc"), "0x02C0\n")
    # Guests (igdrom doctor --guest): one set up by igdrom's ROM, one without OpRegion/BDSM.
    guest_cfg = config_space(0x8086, 0x3E92, 0x030000, 0x0100, bdsm32=0x1BE00000, asls=0x1F7E8000)
    host("guest-ok", ("0000:00:02.0", 0x3E92, 0x030000, guest_cfg, "i915", None), opr, iommu=False,
         cmdline="root=/dev/vda1")
    write(os.path.join(OUT, "guest-ok/proc/cpuinfo"), "flags\t\t: fpu vme hypervisor\n")
    write(os.path.join(OUT, "guest-ok/proc/iomem"),
          "00000000-00000fff : Reserved\n1be00000-1ddfffff : Reserved\n  1be00000-1ddfffff : Graphics Stolen Memory\n")
    bad_cfg = config_space(0x8086, 0x3E92, 0x030000, 0x0100)
    host("guest-bare", ("0000:00:03.0", 0x3E92, 0x030000, bad_cfg, "i915", None), None, iommu=False,
         cmdline="root=/dev/vda1")
    write(os.path.join(OUT, "guest-bare/proc/cpuinfo"), "flags\t\t: fpu vme hypervisor\n")
    write(os.path.join(OUT, "guest-bare/proc/iomem"), "00000000-00000fff : Reserved\n")
    # No IGD: a discrete NVIDIA GPU only.
    host("no-igd", None, None,
         extra=[("0000:01:00.0", 0x10DE, 0x1C82, 0x030000, None, "nouveau", 5)])


main()
