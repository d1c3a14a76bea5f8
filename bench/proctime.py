#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause-Patent
"""Best-of-N wall-clock and user CPU time of a whole process, in milliseconds (getrusage of the
child: microsecond resolution, where /usr/bin/time rounds to 10 ms).
Usage: proctime.py N COMMAND [ARG...]  ->  prints "WALL_MS USER_MS"."""
import os
import resource
import subprocess
import sys
import time

runs = int(sys.argv[1])
best_wall = best_user = float("inf")
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    t0 = time.monotonic()
    subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.monotonic() - t0
    user = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before
    best_wall = min(best_wall, wall)
    best_user = min(best_user, user)
print(f"{best_wall * 1000:.0f} {best_user * 1000:.0f}")
