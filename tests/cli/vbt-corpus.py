#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause-Patent
"""Every corpus VBT: igdrom's BDB version, vbt_size and block ids against intel_vbt_decode.

Where igdrom reaches a last block that the Linux/IGT walk misses (bdb_size one byte short),
the only allowed difference is exactly that block, and igdrom must warn about it.
TAP output; run by tests/cli/vbt-corpus.sh.
"""
import json
import os
import re
import shutil
import subprocess
import sys

B = os.environ.get("B", "build")
TESTDATA = os.environ.get("TESTDATA", "tests/data")
IGDROM = os.path.join(B, "igdrom")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import tap  # noqa: E402


def igt(path):
    r = subprocess.run(["intel_vbt_decode", "--file", path], capture_output=True, text=True)
    out = r.stdout
    size = int(re.search(r"VBT size:\s+0x[0-9a-f]+ \((\d+)\)", out).group(1))
    bdb = int(re.search(r"BDB version:\s+(\d+)", out).group(1))
    m = re.search(r"BDB blocks present:\n((?:\t.*\n)+)", out)
    ids = set(int(x) for x in m.group(1).split()) if m else set()
    # IGT, like Linux, synthesises block 41 (LFP data pointers) when the VBT lacks it and then
    # lists it as present; it is not in the file.
    generated = "Generating LVDS data table pointers" in r.stdout + r.stderr
    return size, bdb, ids, generated


vbt_dir = os.path.join(TESTDATA, "corpus/vbt")
files = sorted(f for f in os.listdir(vbt_dir) if f.endswith((".vbt", ".dat")))
have_igt = shutil.which("intel_vbt_decode") is not None
for f in files:
    path = os.path.join(vbt_dir, f)
    r = subprocess.run([IGDROM, "inspect", "--json", path], capture_output=True, text=True)
    if r.returncode != 0:
        tap(False, f"{f}: igdrom inspect failed: {r.stderr.strip()}")
        continue
    v = json.loads(r.stdout)["vbt"]
    ids = {b["id"] for b in v["blocks"]}
    tap(True, f"{f}: parses (BDB {v['bdb_version']}, {len(ids)} blocks)")
    if f.startswith("purism-librem_skl"):
        tap(v["chain_broken"] and any(i["severity"] == "error" and "overruns" in i["what"] for i in v["issues"]),
            f"{f}: corrupt block chain reported as an error")
    if not have_igt:
        tap(True, f"{f}: # SKIP intel_vbt_decode not installed")
        continue
    size, bdb, igt_ids, generated = igt(path)
    if generated and 41 not in ids:
        igt_ids.discard(41)
    tap(size == v["vbt_size"], f"{f}: vbt_size {v['vbt_size']} agrees with intel_vbt_decode ({size})")
    tap(bdb == v["bdb_version"], f"{f}: BDB version {v['bdb_version']} agrees ({bdb})")
    extra, missing = ids - igt_ids, igt_ids - ids
    if v["last_block_past_bdb_size"]:
        last = v["blocks"][-1]["id"]
        warned = any("one byte past bdb_size" in i["what"] for i in v["issues"])
        tap(extra == {last} and not missing and warned,
            f"{f}: block set = intel_vbt_decode's + block {last} hidden by the bdb_size defect, warned")
    else:
        tap(not extra and not missing, f"{f}: block ids agree (extra {sorted(extra)}, missing {sorted(missing)})")

# negative fixtures and the OpRegion dump
neg = os.path.join(TESTDATA, "corpus/negative/not-a-vbt-c001c0de.bin")
r = subprocess.run([IGDROM, "inspect", neg], capture_output=True, text=True)
tap(r.returncode == 1 and "offset 0x0" in r.stderr and r.stderr.count("\n") == 1,
    "negative fixture refused with a one-line error naming the offset")
op = os.path.join(TESTDATA, "corpus/opregion/skl-hd530-opregion.bin")
d = json.loads(subprocess.run([IGDROM, "inspect", "--json", op], capture_output=True, text=True).stdout)
tap(d["kind"] == "opregion" and d["opregion"]["major"] == 2 and d["opregion"]["mbox"] == 0x1F
    and d["vbt"]["vbt_size"] == 4284 and d["vbt"]["bdb_version"] == 206,
    "real SKL OpRegion: 2.0, MBOX 0x1f, mailbox-4 VBT of 4284 bytes, BDB 206")
sys.exit(0)
