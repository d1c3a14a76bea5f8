#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause-Patent
"""Firmware images for the tests, built from the PI specification's layouts (docs/firmware-images.md
§4-6): FFSv2 volumes, files and sections, LZMA GUID-defined sections as EDK2 writes them, a
legacy Intel video BIOS; and the synthetic board image that the CLI test (tests/cli/gop-image.py)
and the QEMU workflow scenario share.

    python3 tests/fvbuild.py IGDROM GOP.efi VBT LEGACY_VBT OUT.fd
"""
import lzma
import os
import struct
import subprocess
import sys
import tempfile
import uuid


def guid(s):
    return uuid.UUID(s).bytes_le


FFS2 = guid("8C8CE578-8A3D-4F1C-9935-896185C32DD3")
LZMA_GUID = guid("EE4E5898-3914-4259-9D6E-DC7BD79403CF")
GOP_GUID = "FF0C8745-3270-4439-B74F-3E45F8C77064"
VBT_GUID = "56752DA9-DE6B-4895-8819-1945B6B76C22"
OUTER_GUID = "9E21FD93-9C72-4C15-8C4B-E77F1DB2D792"
VBIOS_GUID = "C5A4306E-E247-4ECD-A9D8-5B1985D3DCDA"  # any name: found by content


def align(b, a, fill=b"\0"):
    return b + fill * (-len(b) % a)


def section(stype, body):  # PI spec EFI_COMMON_SECTION_HEADER, 4-byte aligned by the caller
    return struct.pack("<I", (len(body) + 4) | stype << 24) + body


def lzma_section(inner):
    raw = lzma.compress(inner, format=lzma.FORMAT_ALONE, preset=6)
    raw = raw[:5] + struct.pack("<Q", len(inner)) + raw[13:]  # EDK2 LzmaCompress: known size
    return section(0x02, LZMA_GUID + struct.pack("<HH", 24, 1) + raw)


def ui(name):
    return section(0x15, (name + "\0").encode("utf-16-le"))


def sections(*ss):
    out = b""
    for s in ss:
        out = align(out, 4) + s
    return out


def ffs_file(name, ftype, body):  # EFI_FFS_FILE_HEADER, erase polarity 1
    size = 24 + len(body)
    hdr = bytearray(guid(name) + struct.pack("<BBBB", 0, 0xAA, ftype, 0) + size.to_bytes(3, "little") + b"\xf8")
    hdr[0x10] = (-(sum(hdr) - 0xAA - 0xF8)) & 0xFF
    return bytes(hdr) + body


def volume(files, length):  # EFI_FIRMWARE_VOLUME_HEADER rev 2, one block map entry
    body = b""
    for f in files:
        body = align(body, 8, b"\xff") + f
    hdr = bytearray(b"\0" * 16 + FFS2 + struct.pack("<Q", length) + b"_FVH" +
                    struct.pack("<IHHHBB", 0x0004FEFF, 0x48, 0, 0, 0, 2) +
                    struct.pack("<IIII", length // 0x1000, 0x1000, 0, 0))
    csum = (-sum(struct.unpack("<36H", hdr))) & 0xFFFF
    hdr[0x32:0x34] = struct.pack("<H", csum)
    out = bytes(hdr) + body
    assert len(out) <= length
    return out + b"\xff" * (length - len(out))


def video_bios(vbt, device):
    """A legacy video BIOS as Intel ships them: 55 AA, PCIR 8086:device class 030000, x86 code,
    the VBT pointer at 0x1A (Linux intel_bios.c), checksum 0."""
    rom = bytearray(0x200) + vbt
    rom += b"\0" * (-len(rom) % 512)
    rom[0:3] = bytes([0x55, 0xAA, len(rom) // 512])
    struct.pack_into("<HH", rom, 0x18, 0x40, 0x200)
    rom[0x40:0x58] = b"PCIR" + struct.pack("<HHHHB3sHHBBH", 0x8086, device, 0, 0x18, 0, b"\0\0\3",
                                           len(rom) // 512, 1, 0, 0x80, 0)
    rom[-1] = (-sum(rom[:-1])) & 0xFF
    return bytes(rom)


def board_image(igdrom, gop, vbt, legacy_vbt):
    """A vendor-like image: the GOP (PE32 section EFI-compressed by `igdrom compress`, with a
    depex on PlatformGopPolicy and a UI name) and the VBT (LZMA section) in a volume that is
    itself LZMA-compressed inside a volume-image file, plus a legacy video BIOS carrying another
    VBT in a COMPATIBILITY16 section."""
    with tempfile.TemporaryDirectory() as tmp:
        open(os.path.join(tmp, "pe32.sec"), "wb").write(section(0x10, gop))
        subprocess.run([igdrom, "compress", os.path.join(tmp, "pe32.sec"), os.path.join(tmp, "gop.efic")],
                       check=True, capture_output=True)
        efic = open(os.path.join(tmp, "gop.efic"), "rb").read()
    gop_sections = sections(section(0x13, b"\x02" + guid("EC2E931B-3281-48A5-8107-DF8A8BED3C5D") + b"\x08"),
                            section(0x01, struct.pack("<IB", len(gop) + 4, 1) + efic), ui("IntelGopDriver"))
    inner = volume([ffs_file(GOP_GUID, 0x07, gop_sections),
                    ffs_file(VBT_GUID, 0x02, sections(lzma_section(section(0x19, vbt)), ui("IntelGopVbt"))),
                    ffs_file(VBIOS_GUID, 0x02, sections(section(0x16, video_bios(legacy_vbt, 0x0166)), ui("IntelVbios")))],
                   0x40000)
    return volume([ffs_file(OUTER_GUID, 0x0B, lzma_section(section(0x17, inner)))], 0x20000)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    igdrom, gop, vbt, legacy, out = sys.argv[1:]
    image = board_image(igdrom, open(gop, "rb").read(), open(vbt, "rb").read(), open(legacy, "rb").read())
    open(out, "wb").write(image)
