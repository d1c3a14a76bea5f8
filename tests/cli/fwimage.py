#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause-Patent
"""igdrom's firmware-image parser against UEFIExtract (uefitool-cli) on Debian's OVMF images:
the same file GUIDs and names in the same order, and byte-identical PE32 bodies extracted by
GUID.  TAP output."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

B = os.environ.get("B", "build")
IGDROM = os.path.join(B, "igdrom")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import tap  # noqa: E402


# Debian 12's uefitool-cli installs UEFIExtract, Debian 13's uefiextract.
UEFIEXTRACT = shutil.which("UEFIExtract") or shutil.which("uefiextract")


def uefiextract_files(img, tmp):
    copy = os.path.join(tmp, os.path.basename(img))
    shutil.copy(img, copy)
    subprocess.run([UEFIEXTRACT, copy, "report"], capture_output=True)
    files = []
    for line in open(copy + ".report.txt"):
        cols = [c.strip() for c in line.split("|")]
        if len(cols) < 6 or cols[0] != "File":
            continue
        name = " | ".join(cols[5:]).strip().lstrip("- ")
        m = re.match(r"([0-9A-F-]{36})(?: \| (.*))?$", name)
        if m:
            files.append((m.group(1), (m.group(2) or "").strip()))
        else:
            files.append(("pad", ""))
    return copy, files


def igdrom_files(img):
    r = subprocess.run([IGDROM, "inspect", "--json", img], capture_output=True, text=True)
    d = json.loads(r.stdout)
    out = []
    for node in d["nodes"]:
        if node["kind"] != "File":
            continue
        if node["type"] == 0xF0:
            out.append(("pad", ""))
        else:
            out.append((node["guid"], node["name"]))
    return out, d


if not UEFIEXTRACT:
    tap(False, "UEFIExtract missing (scripts/deps.sh installs uefitool-cli)")
    sys.exit(0)
for img in ["/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/ovmf/OVMF.fd"]:
    if not os.path.exists(img):
        tap(True, f"# SKIP {img} missing")
        continue
    with tempfile.TemporaryDirectory() as tmp:
        copy, theirs = uefiextract_files(img, tmp)
        ours, d = igdrom_files(img)
        base = os.path.basename(img)
        tap(len(ours) == len(theirs), f"{base}: {len(ours)} files, UEFIExtract {len(theirs)}")
        diffs = [(a, b) for a, b in zip(ours, theirs) if a != b]
        tap(not diffs, f"{base}: file GUIDs and names equal UEFIExtract's, in order" +
            ("" if not diffs else f" (first difference {diffs[0]})"))
        tap(d["problems"] == 0, f"{base}: parsed without problems")
        # PE32 bodies of a few drivers, by GUID, against UEFIExtract -m body -t 10
        picks = [g for g, name in ours if name in ("PciBusDxe", "QemuVideoDxe", "DxeCore", "PlatformPei")]
        for guid in picks:
            od = os.path.join(tmp, "igd-" + guid)
            os.mkdir(od)
            subprocess.run([IGDROM, "extract", img, "--guid", guid, "-o", od], capture_output=True)
            got = [f for f in os.listdir(od)]
            ue = os.path.join(tmp, "ue-" + guid)
            subprocess.run([UEFIEXTRACT, copy, guid, "-o", ue, "-m", "body", "-t", "10"], capture_output=True)
            ue_files = []
            for root, _, fs in os.walk(ue):
                ue_files += [os.path.join(root, f) for f in fs if f.startswith("body")]
            ok = len(got) == 1 and len(ue_files) == 1 and \
                open(os.path.join(od, got[0]), "rb").read() == open(ue_files[0], "rb").read()
            tap(ok, f"{base}: PE32 body of {guid} byte-identical to UEFIExtract's ({got}, {len(ue_files)})")
