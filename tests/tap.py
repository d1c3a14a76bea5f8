# SPDX-License-Identifier: BSD-2-Clause-Patent
"""TAP lines for the Python tests: `tap(ok, message)` prints "ok N - message" or "not ok N -
message", numbering from 1 per process."""
_count = 0


def tap(ok, msg):
    global _count
    _count += 1
    print(f"{'ok' if ok else 'not ok'} {_count} - {msg}")
