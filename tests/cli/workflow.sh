#!/usr/bin/env bash
# The README's three-command workflow on a fake host: probe, build, configure.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
IG=$PWD/$IGDROM
T=$PWD/tests/probe/trees/skylake
cd "$TMP" || exit 1
expect_rc "1. probe" 0 "$IG" probe --sysfs "$T"
grep -q 'verdict: ready for passthrough' "$TMP/out" && ok "probe verdict ready" || notok "probe verdict"
expect_rc "2. build --host --firmware" 0 "$IG" build --host --sysfs "$T" --firmware /usr/share/OVMF/OVMF_CODE_4M.fd
[ -f igd-skylake-1912.rom ] && ok "ROM named after platform and device" || notok "ROM name: $(ls)"
expect_rc "the ROM verifies strictly" 0 "$IG" verify --strict igd-skylake-1912.rom
expect_rc "inspect it" 0 "$IG" inspect --json igd-skylake-1912.rom
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); i=d["images"]; assert i[0]["device_id"]==0x1912 and i[-1]["code_type"]==0x70 and i[-1]["last"]' "$TMP/out" \
	&& ok "ROM: PCIR device 1912, host OpRegion embedded last" || notok "ROM contents: $(head -c 300 "$TMP/out")"
expect_rc "3. vmm-config" 0 "$IG" vmm-config --vmm qemu --sysfs "$T" --rom igd-skylake-1912.rom --qemu-version 10.1
grep -q 'romfile=igd-skylake-1912.rom' "$TMP/out" && ok "QEMU line uses the ROM" || notok "vmm-config: $(cat "$TMP/out")"
expect_rc "build --firmware without --host is a usage error" 2 "$IG" build --firmware x -o y.rom
