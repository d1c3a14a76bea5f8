#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause-Patent
"""`igdrom extract`, `inspect` and `build --host --firmware` on a firmware image built here:
an FFSv2 volume holding the GOP stand-in (EFI-compressed by `igdrom compress`) and a real
VBT (LZMA GUID-defined section), nested inside an LZMA-compressed volume-image file, the way
vendor images pack them.  The GOP's version and device IDs are read back and compared with
the stand-in's source.  TAP output."""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import tap  # noqa: E402
from fvbuild import GOP_GUID, VBT_GUID, VBIOS_GUID, board_image, guid, section, sections, ffs_file, ui, volume  # noqa: E402

B = os.environ.get("B", "build")
TESTDATA = os.environ.get("TESTDATA", "tests/data")
IGDROM = os.path.join(B, "igdrom")
GOP = os.path.join(B, "firmware", "gop-standin.efi")
VBT = os.path.join(TESTDATA, "corpus", "vbt", "Platform-CoffeelakeBoardPkg-VbtBin-Vbt.dat")
LEGACY_VBT = os.path.join(TESTDATA, "corpus", "vbt", "lenovo-t530-variants-w530-data.vbt")


def run(*args):
    return subprocess.run([IGDROM, *args], capture_output=True, text=True)


def one_volume_image(tmp, name, *files):
    """Writes a 64 KiB volume holding `files` to tmp/name and returns its path."""
    path = os.path.join(tmp, name)
    open(path, "wb").write(volume(list(files), 0x10000))
    return path


src = open(os.path.join("tests", "qemu", "gop_standin.c")).read()
ids_h = open(os.path.join("tests", "qemu", "gop_standin_ids.h")).read()
table = " ".join(re.search(rf"#define {name} (.*)", ids_h).group(1) for name in ("STANDIN_GEN9_IDS", "STANDIN_GEN12_IDS"))
want_ids = sorted(int(x, 16) for x in re.findall(r"0x([0-9A-Fa-f]{4})", table))
want_version = re.search(r'u"(Intel\(R\) GOP Driver \[[^"]*\])"', src).group(1)
gop = open(GOP, "rb").read()
vbt = open(VBT, "rb").read()
legacy_vbt = open(LEGACY_VBT, "rb").read()

with tempfile.TemporaryDirectory() as tmp:
    outer = board_image(IGDROM, gop, vbt, legacy_vbt)
    img = os.path.join(tmp, "board.fd")
    open(img, "wb").write(outer)

    out = os.path.join(tmp, "out")
    os.mkdir(out)
    r = run("extract", img, "-o", out)
    tap(r.returncode == 0, f"extract finds the GOP and the VBT (exit {r.returncode}: {r.stderr.strip()})")
    got_gop = os.path.join(out, f"IntelGopDriver-{GOP_GUID}.efi")
    got_vbt = os.path.join(out, f"vbt-{VBT_GUID}.bin")
    tap(os.path.exists(got_gop) and open(got_gop, "rb").read() == gop,
        "the GOP comes out of EFI compression inside LZMA inside a volume byte-identical")
    tap(os.path.exists(got_vbt) and open(got_vbt, "rb").read() == vbt[:len(open(got_vbt, 'rb').read())]
        and len(open(got_vbt, "rb").read()) > 0, "the VBT comes out of its LZMA section intact")
    got_legacy = os.path.join(out, f"vbt-{VBIOS_GUID}.bin")
    tap(os.path.exists(got_legacy) and legacy_vbt.startswith(open(got_legacy, "rb").read())
        and "legacy video BIOS" in r.stdout, "the VBT of a legacy video BIOS (COMPATIBILITY16 section) is found")
    tap(want_version in r.stdout, f"summary names the GOP version {want_version!r}")
    m = re.search(r"lists (\d+) device IDs: (.*)", r.stdout)
    listed = sorted(int(x, 16) for x in re.findall(r"\b([0-9A-F]{4})\b", m.group(2))) if m else []
    tap(listed == want_ids, f"the device IDs read from the GOP are exactly the stand-in's table "
        f"({len(listed)} of {len(want_ids)})")
    tap(m is not None and "Coffee Lake" in m.group(2) and "Tiger Lake" in m.group(2),
        "the IDs are grouped by platform name")

    fresh = os.path.join(tmp, "new", "dir")  # neither exists yet
    r = run("extract", img, "-o", fresh)
    tap(r.returncode == 0 and os.path.exists(os.path.join(fresh, f"IntelGopDriver-{GOP_GUID}.efi"))
        and "summary: 1 GOP" in r.stdout, "extract -o DIR makes a missing DIR (and its parent) and writes there")
    open(os.path.join(tmp, "afile"), "w").write("x")
    r = run("extract", img, "-o", os.path.join(tmp, "afile"))
    tap(r.returncode == 1 and "wants a directory" in r.stderr, "extract -o FILE says it wants a directory")

    # Two GOPs with Intel's one file GUID (two images concatenated): each gets a file of its
    # own, and --device names the one that lists the device, here the second.
    other_gop = bytes(gop).replace(struct.pack("<H", 0x9A49), struct.pack("<H", 0x1234))
    two = os.path.join(tmp, "two.fd")
    open(two, "wb").write(board_image(IGDROM, other_gop, vbt, legacy_vbt) + outer)
    out2 = os.path.join(tmp, "out2")
    r = run("extract", two, "-o", out2, "--device", "9A49")
    first = os.path.join(out2, f"IntelGopDriver-{GOP_GUID}.efi")
    second = os.path.join(out2, f"IntelGopDriver-{GOP_GUID}-2.efi")
    tap(os.path.exists(first) and os.path.exists(second) and open(first, "rb").read() == other_gop
        and open(second, "rb").read() == gop, "two GOPs of one GUID: two files, neither overwritten")
    tap(f"device 9A49: use IntelGopDriver-{GOP_GUID}-2.efi (it lists the device)" in r.stdout,
        "--device names the file of the GOP that lists it (the second)")

    r = run("extract", img, "-o", out, "--device", "9A49")
    tap(r.returncode == 0 and f"device 9A49: use IntelGopDriver-{GOP_GUID}.efi (it lists the device)" in r.stdout,
        "--device 9A49 (listed) names the GOP to use")
    r = run("extract", img, "-o", out, "--device", "5916")
    tap(r.returncode == 0 and "device 5916: no GOP here lists it" in r.stderr,
        "--device 5916 (Kaby Lake, not listed) warns that no GOP lists it")
    r = run("extract", img, "-o", out, "--device", "9A49", "--json")
    try:
        d = json.loads(r.stdout)
    except ValueError:
        d = {}
    files = {f["what"]: f for f in d.get("files", [])}
    tap(r.returncode == 0 and len(d.get("files", [])) == 3 and files.get("gop", {}).get("path") == got_gop and
        sorted(int(x, 16) for x in files["gop"].get("device_ids", [])) == want_ids and
        d.get("device") == {"id": "9A49", "fit": "listed", "gop_guid": GOP_GUID, "gop_file": f"IntelGopDriver-{GOP_GUID}.efi"},
        "extract --json: the files written, the GOP's IDs and the device verdict")
    r = run("extract", img, "-o", out, "--device", "5916", "--json")
    tap(r.returncode == 0 and json.loads(r.stdout or "{}").get("device", {}).get("fit") == "not-listed",
        "extract --json --device 5916: not-listed")
    r = run("extract", img, "-o", out, "--guid", GOP_GUID, "--device", "9A49")
    tap(r.returncode == 2, "--device with --guid is a usage error, not silently ignored")
    r = run("extract", img, "-o", out, "--device", "12345")
    tap(r.returncode == 2, "--device with more than 4 hex digits is a usage error")

    r = run("inspect", "--json", img)
    d = json.loads(r.stdout) if r.returncode == 0 else {}
    gops = [c for c in d.get("candidates", []) if c["what"] == "gop"]
    tap(len(d.get("candidates", [])) == 3, "inspect --json: one GOP and two VBTs, each found once")
    tap(len(gops) == 1 and sorted(int(x, 16) for x in gops[0].get("device_ids", [])) == want_ids,
        "inspect --json lists the GOP's device IDs")
    notes = [x.get("note", "") for x in d.get("nodes", [])]
    tap("LZMA" in notes and "EFI compression" in notes and d.get("problems") == 0,
        "the walk went through LZMA and EFI compression without problems")

    r = run("inspect", GOP)
    tap(r.returncode == 0 and want_version in r.stdout and re.search(rf"lists {len(want_ids)} device IDs", r.stdout),
        "inspect on the bare GOP driver shows its version and device IDs")

    # build --host on fake hosts: the GOP goes in when it lists the host's device, with a warning when not
    trees = os.path.join("tests", "probe", "trees")
    # the three outcomes: listed with an accepted PCH (Tiger Lake, eSPI A082), listed with a PCH the
    # GOP's table lacks (Skylake, Sunrise Point LPC A149), not listed (Cherry View)
    for tree, device, fits, pch_ok in (("tigerlake", "9a49", True, True), ("skylake", "1912", True, False),
                                       ("cherryview", None, False, None)):
        root = os.path.join(trees, tree)
        if not os.path.isdir(root):
            tap(False, f"fake host tree {tree} missing")
            continue
        rom = os.path.join(tmp, tree + ".rom")
        r = run("build", "--host", "--sysfs", root, "--firmware", img, "-o", rom)
        ok = r.returncode == 0 and os.path.exists(rom)
        if fits:
            ok = ok and f"lists 8086:{device}" in r.stdout
            pch_warned = "PCH IDs at 00:1f.0 and the host's" in r.stderr
            ok = ok and pch_warned != pch_ok
        else:
            ok = ok and "does not list 8086:" in r.stderr
        said = "" if ok else f" (exit {r.returncode}: {(r.stdout + r.stderr).strip()[-200:]!r})"
        what = ("lists the device" + (", accepts the host's PCH" if pch_ok else ", refuses the host's PCH: warned")
                if fits else "does not list the device: warned")
        tap(ok, f"build --host on {tree}: the GOP {what}{said}")
    # An IA32 copy of the GOP first in the volume: --device picks the X64 one (OVMF X64 runs it)
    ia32 = bytearray(gop)
    pe_at = struct.unpack_from("<I", ia32, 0x3C)[0]
    struct.pack_into("<H", ia32, pe_at + 4, 0x014C)
    ami = "5BBA83E6-F027-4CA7-BFD0-16358CC9E123"
    img3 = one_volume_image(tmp, "two-gops.fd",
                            ffs_file(ami, 0x07, sections(section(0x10, bytes(ia32)), ui("IntelGopDriver"))),
                            ffs_file(GOP_GUID, 0x07, sections(section(0x10, gop), ui("IntelGopDriver"))))
    r = run("extract", img3, "-o", out, "--device", "3E92")
    tap(r.returncode == 0 and "IA32" in r.stdout and
        f"device 3E92: use IntelGopDriver-{GOP_GUID}.efi (it lists the device)" in r.stdout,
        "with an IA32 and an X64 GOP listing the device, the X64 one is named")

    # AMI's other packing: the GOP as the body of a subtype-GUID section in a freeform file
    img4 = one_volume_image(tmp, "ami-subtype.fd",
                            ffs_file("0C7E5DFB-0C4B-4A62-9D25-5F0A0E1C6B1D", 0x02, section(0x18, guid(ami) + gop)))
    out4 = os.path.join(tmp, "out4")
    os.mkdir(out4)
    r = run("extract", img4, "-o", out4)
    got = os.path.join(out4, "IntelGopDriver-0C7E5DFB-0C4B-4A62-9D25-5F0A0E1C6B1D.efi")
    tap(r.returncode == 0 and "AMI IntelSaGopDriver subtype GUID" in r.stdout and os.path.exists(got) and
        open(got, "rb").read() == gop, "a GOP in an AMI subtype-GUID section is found and extracted exactly")

    # A GOP with no readable device list (an EDK2 driver under the GOP's GUID whose Supported()
    # scans no table): "may fit"
    other = open(os.path.join(TESTDATA, "corpus", "pe", "VirtioGpuDxe.efi"), "rb").read()
    img2 = one_volume_image(tmp, "nolist.fd",
                            ffs_file(GOP_GUID, 0x07, sections(section(0x10, other), ui("IntelGopDriver"))))
    r = run("extract", img2, "-o", out, "--device", "9A49")
    tap(r.returncode == 0 and "no device-ID table found in it" in r.stdout and
        f"device 9A49: IntelGopDriver-{GOP_GUID}.efi may fit (no device list could be read)" in r.stdout,
        "a GOP without a readable device list is offered as 'may fit', never as listing the device")
    # QemuVideoDxe under the GOP's GUID: its Supported() scans a {vendor, device} table of
    # other vendors' cards, which the reader follows and reports as listing no Intel device
    qemu_video = open(os.path.join(TESTDATA, "corpus", "pe", "QemuVideoDxe.efi"), "rb").read()
    img3 = one_volume_image(tmp, "others.fd",
                            ffs_file(GOP_GUID, 0x07, sections(section(0x10, qemu_video), ui("IntelGopDriver"))))
    r = run("extract", img3, "-o", os.path.join(tmp, "others"), "--device", "9A49")
    tap(r.returncode == 0 and "{vendor, device}" in r.stdout and "lists no Intel device" in r.stdout and
        "no GOP here lists it" in r.stderr,
        f"a driver whose table holds other vendors' IDs lists no Intel device ({r.stdout.strip()[-160:]!r})")
sys.exit(0)
