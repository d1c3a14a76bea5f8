#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause-Patent
"""Best-of-N wall-clock and user CPU time of a whole process, in milliseconds (getrusage of the
child: microsecond resolution, where /usr/bin/time rounds to 10 ms).
Usage: proctime.py N [--fresh PATH] COMMAND [ARG...]  ->  prints "WALL_MS USER_MS".
--fresh PATH removes PATH before each run, untimed: every run then writes a new file, whether the
tool truncates its output first (EDK2's fopen "wb") or renames a finished file over it (igdrom),
so that neither pays for the other's way of freeing the old file's pages."""
import os
import resource
import subprocess
import sys
import time

runs = int(sys.argv[1])
command = sys.argv[2:]
fresh = None
if command[:1] == ["--fresh"]:
    fresh, command = command[1], command[2:]
best_wall = best_user = float("inf")
for _ in range(runs):
    if fresh and os.path.exists(fresh):
        os.unlink(fresh)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    t0 = time.monotonic()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.monotonic() - t0
    user = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before
    best_wall = min(best_wall, wall)
    best_user = min(best_user, user)
print(f"{best_wall * 1000:.0f} {best_user * 1000:.0f}")
