#!/usr/bin/env bash
# `make bench`: figures and ratios, never pass/fail.
set -eu
B=${B:-build}
SHARED=${SHARED:-../shared}
echo "== UEFI compression (EFI format) on shared/corpus/pe"
"$B/bench/bench_codec" "$SHARED"
echo
echo "== option-ROM driver size"
drv=$B/firmware/igdrom-driver.efi
size=$(stat -c %s "$drv")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$B/igdrom" compress --mode best "$drv" "$tmp/d.best" >/dev/null
"$B/igdrom" compress --mode compat "$drv" "$tmp/d.compat" >/dev/null
printf '  igdrom-driver.efi: %d bytes uncompressed (target < 12288; VfioIgdPkg 24640: %.2fx)\n' "$size" "$(echo "$size / 24640" | bc -l)"
printf '  EFI-compressed in the ROM: %d bytes best, %d bytes compat\n' "$(stat -c %s "$tmp/d.best")" "$(stat -c %s "$tmp/d.compat")"
