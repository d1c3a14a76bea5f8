#!/usr/bin/env bash
# make check-qemu10: the QEMU 10.x lines `igdrom vmm-config` prints, parsed by QEMU 10.0 itself.
# Debian 12 ships QEMU 7.2; Debian 13's qemu-system-x86 (10.0) runs in a trixie root made with
# debootstrap (kept in $ROOT for the next run).  Root only: debootstrap and chroot need it.
set -u
B=${B:-build}
ROOT=${QEMU10_ROOT:-$B/trixie-root}
[ "$(id -u)" -eq 0 ] || { echo "check-qemu10: needs root (debootstrap, chroot)" >&2; exit 2; }
if [ ! -x "$ROOT/usr/bin/qemu-system-x86_64" ]; then
	command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
	debootstrap --variant=minbase trixie "$ROOT" http://deb.debian.org/debian > "$B/trixie-root.log" 2>&1 ||
		{ echo "check-qemu10: debootstrap failed, see $B/trixie-root.log" >&2; exit 1; }
	chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		qemu-system-x86 ovmf >> "$B/trixie-root.log" 2>&1 ||
		{ echo "check-qemu10: installing QEMU in $ROOT failed, see $B/trixie-root.log" >&2; exit 1; }
fi
[ -e "$ROOT/dev/null" ] || mount --rbind /dev "$ROOT/dev"
IGDROM=${IGDROM:-$B/igdrom}
T=tests/probe/trees
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; fails=$((${fails:-0} + 1)); }
printf '#!/bin/sh\nexec chroot "%s" /bin/bash -c "cd /tmp && exec bash"\n' "$ROOT" > "$TMP/in-root"
chmod +x "$TMP/in-root"
QEMU_RUN=$TMP/in-root
. tests/cli/qemu-accepts.bash
ver=$(chroot "$ROOT" qemu-system-x86_64 --version | sed -n 's/QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
echo "# QEMU in $ROOT: $ver"
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" -o "$TMP/gop.rom"
"$IGDROM" build -q -o "$TMP/nogop.rom"
# The lines printed for this release and for 10.1 (whose properties are a subset of 10.0's).
for v in "$ver" 10.1; do
	for tree in skylake tigerlake meteorlake; do
		for rom in nogop gop; do qemu_accepts "$v" $tree "$TMP/$rom.rom" "$tree, ROM $rom"; done
	done
done
pve_accepts "$ver"
echo "${fails:-0} failed"
[ "${fails:-0}" -eq 0 ]
