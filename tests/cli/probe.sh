#!/usr/bin/env bash
# igdrom probe, fwcfg and e820 against the fake sysfs trees in tests/probe/trees.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
T=tests/probe/trees
# Meteor Lake's GGC lives in BAR0 at 0x108040: make its sparse resource0 here.
cp -a "$T/meteorlake" "$TMP/meteorlake"
r0=$TMP/meteorlake/sys/bus/pci/devices/0000:00:02.0/resource0
truncate -s $((0x108042)) "$r0"
printf '\xc0\x02' | dd of="$r0" bs=1 seek=$((0x108040)) conv=notrunc 2>/dev/null

probe_json() { # tree key expected description
	"$IGDROM" probe --json --sysfs "$1" > "$TMP/p.json" 2>"$TMP/err"
	if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2], {}, {"d": d}); sys.exit(0 if v == eval(sys.argv[3]) else 1)' "$TMP/p.json" "$2" "$3"; then
		ok "$4"
	else
		notok "$4 (got: $(head -c 400 "$TMP/p.json"))"
	fi
}
MiB=$((1024 * 1024))
probe_json "$T/skylake" 'd["platform"]' '"Skylake"' "Skylake: platform"
probe_json "$T/skylake" 'd["stolen_bytes"]' "$((64 * MiB))" "Skylake: GMS 2 = 64 MiB"
probe_json "$T/skylake" 'd["bdsm_layout"]' '"32-bit 0x5C"' "Skylake: 32-bit BDSM"
probe_json "$T/skylake" 'd["dsm_base"]' "$((0x8B800000))" "Skylake: host DSM base from BDSM"
probe_json "$T/skylake" 'd["verdict"]' '"ready"' "Skylake: ready"
probe_json "$T/tigerlake" 'd["stolen_bytes"]' "$((8 * MiB))" "Tiger Lake: GMS 0xF1 = 8 MiB (4 MiB steps)"
probe_json "$T/tigerlake" 'd["bdsm_layout"]' '"64-bit 0xC0"' "Tiger Lake: 64-bit BDSM"
probe_json "$T/tigerlake" 'd["verdict"]' '"not ready"' "Tiger Lake: not ready (i915 bound, shared group)"
probe_json "$T/tigerlake" 'any("vfio-pci" in f["text"] for f in d["findings"])' 'True' "Tiger Lake: hint to bind vfio-pci"
probe_json "$T/cherryview" 'd["stolen_bytes"]' "$((8 * MiB))" "Cherryview: GMS 0x11 = 8 MiB from CHV's own table"
probe_json "$T/cherryview" 'd["gtt_stolen_bytes"]' "$((2 * MiB))" "Cherryview: GGMS 1 = 2 MiB"
probe_json "$TMP/meteorlake" 'd["stolen_bytes"]' "$((64 * MiB))" "Meteor Lake: GGC read from BAR0 0x108040"
probe_json "$TMP/meteorlake" 'd["bdsm_layout"]' '"none"' "Meteor Lake: no BDSM"
probe_json "$TMP/meteorlake" 'd["verdict"]' '"ready"' "Meteor Lake: ready (notes only)"
expect_rc "no IGD: exit 1" 1 "$IGDROM" probe --sysfs "$T/no-igd"
grep -q 'no Intel integrated GPU' "$TMP/err" && ok "no IGD: said clearly" || notok "no IGD message: $(cat "$TMP/err")"
expect_rc "probe: not ready is exit 1, as doctor's problems found" 1 "$IGDROM" probe --sysfs "$T/tigerlake"
grep -q '^verdict: not ready' "$TMP/out" && ok "human verdict line" || notok "human verdict"
expect_rc "probe --json: not ready is exit 1 too" 1 "$IGDROM" probe --json --sysfs "$T/tigerlake"
expect_rc "probe: ready is exit 0" 0 "$IGDROM" probe --sysfs "$T/skylake"
# one contract: probe's verdict and doctor's exit agree wherever doctor adds nothing of its own
for tree in skylake tigerlake guest-bare; do
	"$IGDROM" probe --sysfs "$T/$tree" >/dev/null 2>&1; p=$?
	"$IGDROM" doctor --host --qemu-version 10.1 --sysfs "$T/$tree" >/dev/null 2>&1; d=$?
	[ $p = $d ] && ok "probe and doctor --host agree on $tree (exit $p)" || notok "probe exit $p, doctor exit $d on $tree"
done
# -o DIR of fwcfg and e820: made when missing (with parents), refused when it is a file
expect_rc "fwcfg -o makes a missing directory" 0 "$IGDROM" fwcfg --sysfs "$T/skylake" -o "$TMP/new/fw"
[ -s "$TMP/new/fw/igd-opregion.bin" ] && ok "fwcfg wrote inside the new directory" || notok "fwcfg -o new dir: $(cat "$TMP/err")"
expect_rc "e820 -o makes a missing directory" 0 "$IGDROM" e820 --sysfs "$T/skylake" -o "$TMP/new/e8"
[ -s "$TMP/new/e8/etc-e820.bin" ] && ok "e820 wrote inside the new directory" || notok "e820 -o new dir: $(cat "$TMP/err")"
: > "$TMP/plainfile"
expect_rc "e820 -o FILE is an error" 1 "$IGDROM" e820 --sysfs "$T/skylake" -o "$TMP/plainfile"
grep -q 'wants a directory' "$TMP/err" && ok "e820 -o FILE: says it wants a directory" || notok "e820 -o file: $(cat "$TMP/err")"
# build --host -o DIR writes the default name inside it; without --host a directory is refused
mkdir -p "$TMP/romdir"
expect_rc "build --host -o DIR" 0 "$IGDROM" build -q --host --sysfs "$T/skylake" -o "$TMP/romdir"
[ -s "$TMP/romdir/igd-skylake-1912.rom" ] && ok "build --host -o DIR: the default name inside DIR" || notok "build -o dir: $(ls "$TMP/romdir") $(cat "$TMP/err")"
expect_rc "build -o DIR without --host is refused" 2 "$IGDROM" build -q -o "$TMP/romdir"
grep -q 'is a directory' "$TMP/err" && ok "build -o DIR: says it is a directory" || notok "build -o dir: $(cat "$TMP/err")"

expect_rc "fwcfg from the Skylake tree" 0 "$IGDROM" fwcfg --sysfs "$T/skylake" -o "$TMP"
[ "$(od -An -tx8 "$TMP/igd-bdsm-size.bin" | tr -d ' ')" = "0000000004000000" ] && ok "etc/igd-bdsm-size = 64 MiB for QEMU >= 10" || notok "bdsm-size: $(od -An -tx8 "$TMP/igd-bdsm-size.bin")"
expect_rc "fwcfg for QEMU 9.2" 0 "$IGDROM" fwcfg --sysfs "$T/skylake" --qemu-version 9.2 -o "$TMP"
[ "$(od -An -tx8 "$TMP/igd-bdsm-size.bin" | tr -d ' ')" = "0000000004800000" ] && ok "QEMU < 10 counts GTT stolen: 72 MiB" || notok "old bdsm-size"
cmp -s "$TMP/igd-opregion.bin" "$T/skylake/sys/kernel/debug/dri/0/i915_opregion" && ok "etc/igd-opregion = the host OpRegion" || notok "fw_cfg OpRegion differs"
expect_rc "e820 plan from the Tiger Lake tree" 0 "$IGDROM" e820 --sysfs "$T/tigerlake" --ram-mb 4096 -o "$TMP"
grep -q 'stolen memory: GPA 0x7b800000 (host address), 8 MiB' "$TMP/out" && ok "stolen memory at the host address" || notok "e820 plan: $(cat "$TMP/out")"
grep -q 'BDSM (0xC0) = 0x7b800001' "$TMP/out" && ok "BDSM keeps its lock bit" || notok "BDSM value"
[ $(( $(stat -c %s "$TMP/etc-e820.bin") % 20 )) = 0 ] && ok "etc/e820 blob is whole 20-byte records" || notok "e820 blob size"
expect_rc "explicit profile needs --opregion" 2 "$IGDROM" e820 --device 9a49 -o "$TMP"
expect_rc "devices lists the table" 0 "$IGDROM" devices
[ "$(wc -l < "$TMP/out")" = 352 ] && ok "352 device IDs listed" || notok "device list length $(wc -l < "$TMP/out")"
expect_rc "devices 22b1 --gmch 0x00b8" 0 "$IGDROM" devices 22b1 --gmch 0x00b8
grep -q 'GMS 0x17 = 36 MiB' "$TMP/out" && ok "CHV GMS 0x17 = 36 MiB" || notok "CHV decode: $(cat "$TMP/out")"
expect_rc "devices with an unknown ID" 1 "$IGDROM" devices 56a0
# --json: the same table, checked against its source in data/
"$IGDROM" devices --json > "$TMP/devices.json"
python3 - "$TMP/devices.json" data/igd-devices.tsv <<'PY' && ok "devices --json lists exactly data/'s IDs with platform and BDSM" || notok "devices --json"
import json, sys
d = json.load(open(sys.argv[1]))
ids = sorted(int(l.split()[0], 16) for l in open(sys.argv[2]) if l.startswith("0x"))
assert sorted(int(x["id"], 16) for x in d) == ids
assert all(x["bdsm"] in ("0x5C", "0xC0", None) and x["platform"] and x["gen"] >= 3 for x in d)
PY
"$IGDROM" devices --json 22b1 --gmch 0x00b8 > "$TMP/chv.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["stolen_bytes"] == 36 << 20 and d["gms"] == 0x17' \
	"$TMP/chv.json" 2>/dev/null && ok "devices --json 22b1 --gmch 0x00b8: 36 MiB" || notok "devices --json gmch: $(cat "$TMP/chv.json")"
# igdrom doctor on hosts and guests
expect_rc "doctor: healthy Skylake host" 0 "$IGDROM" doctor --sysfs "$T/skylake" --qemu-version 10.1
expect_rc "doctor: Tiger Lake host with problems" 1 "$IGDROM" doctor --sysfs "$T/tigerlake" --qemu-version 10.1
grep -q 'fix:  IGD is bound to i915' "$TMP/out" && ok "doctor names the driver fix" || notok "doctor host output"
expect_rc "doctor: old QEMU flagged" 1 "$IGDROM" doctor --sysfs "$T/skylake" --qemu-version 9.2
grep -q 'QEMU 9.2: use 10.0 or later' "$TMP/out" && ok "doctor names the QEMU fix" || notok "doctor QEMU: $(cat "$TMP/out")"
expect_rc "doctor: guest set up by the ROM (detected from cpuinfo)" 0 "$IGDROM" doctor --sysfs "$T/guest-ok"
grep -q '^doctor (guest)' "$TMP/out" && grep -q 'stolen memory at 0x1be00000, 32 MiB, reserved' "$TMP/out" && ok "guest mode: OpRegion and reserved stolen memory seen" || notok "guest ok output: $(cat "$TMP/out")"
expect_rc "doctor: bare guest" 1 "$IGDROM" doctor --sysfs "$T/guest-bare"
grep -q 'ASLS is 0' "$TMP/out" && grep -q 'BDSM is 0' "$TMP/out" && grep -q 'put it at 00:02.0' "$TMP/out" && ok "bare guest: ASLS, BDSM and address fixes" || notok "bare guest output: $(cat "$TMP/out")"
# The running machine, through libpci: a VM without an IGD says so; a host with one reports it.
"$IGDROM" probe > "$TMP/live.out" 2> "$TMP/live.err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'no Intel integrated GPU .* on this host' "$TMP/live.err"; then ok "probe on this machine (libpci): no IGD, exit 1"
elif [ $rc -le 1 ] && grep -q '^verdict:' "$TMP/live.out"; then ok "probe on this machine (libpci): IGD found, verdict printed"
else notok "probe on this machine: exit $rc, $(cat "$TMP/live.err")"; fi
expect_rc "doctor --json on the bare guest" 1 "$IGDROM" doctor --json --sysfs "$T/guest-bare"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["mode"]=="guest" and d["problems"] and len([f for f in d["findings"] if f["problem"]])==3' "$TMP/out" \
	&& ok "doctor --json: guest mode, three problems" || notok "doctor --json: $(cat "$TMP/out")"
# A --sysfs root longer than 512 bytes: paths were once cut at 512, reading another file.
long=$TMP; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do long=$long/abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz; done
mkdir -p "$long" && cp -a "$T/skylake" "$long/skylake"
[ ${#long} -gt 600 ] && probe_json "$long/skylake" 'd["platform"]' '"Skylake"' "probe: a ${#long}-byte --sysfs root is read whole"
expect_rc "probe: --sysfs of a missing directory is a usage error" 2 "$IGDROM" probe --sysfs "$TMP/nonexistent"
grep -q 'no such directory' "$TMP/err" && ok "probe: says the --sysfs directory does not exist" || notok "probe missing root: $(cat "$TMP/err")"
# doctor --guest: the guest's stolen memory against the host's address the ROM records (sysfs rom).
for case in match:0x1be00000 mismatch:0x30000000; do
	name=${case%%:*}; base=${case#*:}
	cp -a "$T/guest-ok" "$TMP/guest-$name"
	"$IGDROM" build -q --stolen-base "$base" -o "$TMP/guest-$name/sys/bus/pci/devices/0000:00:02.0/rom"
	"$IGDROM" doctor --guest --sysfs "$TMP/guest-$name" > "$TMP/d.out" 2>&1
	echo "rc=$?" >> "$TMP/d.out"
	if [ $name = match ]; then
		grep -q "at the host's address 0x1be00000, as the ROM records" "$TMP/d.out" && grep -q 'rc=0' "$TMP/d.out" \
			&& ok "doctor --guest: stolen memory at the host's address the ROM records" || notok "doctor match: $(cat "$TMP/d.out")"
	else
		grep -q "the host's is at 0x30000000 (recorded in the ROM) (harmless before gen 11)" "$TMP/d.out" && grep -q 'vmm-config --rom' "$TMP/d.out" \
			&& ok "doctor --guest: a different address is named, with the fix" || notok "doctor mismatch: $(cat "$TMP/d.out")"
	fi
done
# doctor --guest with a GOP in the ROM: Q35's ICH9 at 00:1f.0 is a problem, an LPC bridge with
# another Intel ID is fine (issue 15).
cp -a "$T/guest-ok" "$TMP/guest-lpc"
D=$TMP/guest-lpc/sys/bus/pci/devices
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" -o "$D/0000:00:02.0/rom"
mkdir -p "$D/0000:00:1f.0"; echo 0x8086 > "$D/0000:00:1f.0/vendor"; echo 0x2918 > "$D/0000:00:1f.0/device"
expect_rc "doctor --guest: ICH9 at 00:1f.0 with a GOP ROM is a problem" 1 "$IGDROM" doctor --guest --sysfs "$TMP/guest-lpc"
grep -q "8086:2918 (Q35's ICH9 LPC), not one of the 13 PCH IDs the ROM's GOP accepts" "$TMP/out" && grep -q 'x-igd-lpc=on' "$TMP/out" \
	&& ok "doctor names ICH9, the GOP's PCH table and the fix" || notok "ICH9: $(cat "$TMP/out")"
# the PCH table read from the stand-in decides: an Intel PCH it lacks is refused, one it has is fine
echo 0x7a06 > "$D/0000:00:1f.0/device"
expect_rc "doctor --guest: a PCH ID the GOP's table lacks (8086:7a06) is a problem" 1 "$IGDROM" doctor --guest --sysfs "$TMP/guest-lpc"
grep -q "8086:7a06, not one of the 13 PCH IDs" "$TMP/out" && ok "doctor names the PCH the GOP refuses" || notok "7a06: $(cat "$TMP/out")"
echo 0xa082 > "$D/0000:00:1f.0/device"
expect_rc "doctor --guest: a PCH ID in the GOP's table (8086:a082) is fine" 0 "$IGDROM" doctor --guest --sysfs "$TMP/guest-lpc"
grep -q "00:1f.0 is 8086:a082, a PCH ID the ROM's GOP accepts" "$TMP/out" && ok "doctor says the GOP accepts 8086:a082" || notok "a082: $(cat "$TMP/out")"
# two GOPs: the firmware tries the next when one refuses, so one that accepts the PCH is enough
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" --efi "$B/goptable/x64-Oz-1.efi" -o "$D/0000:00:02.0/rom" 2>/dev/null
echo 0x7a83 > "$D/0000:00:1f.0/device"
expect_rc "doctor --guest: two GOPs, the second accepts 8086:7a83" 0 "$IGDROM" doctor --guest --sysfs "$TMP/guest-lpc"
grep -q "00:1f.0 is 8086:7a83, a PCH ID GOP 2 of the ROM's 2 (Intel(R) GOP Driver" "$TMP/out" \
	&& ok "doctor judges every GOP of the ROM and names the one that accepts" || notok "two GOPs: $(cat "$TMP/out")"
echo 0x2918 > "$D/0000:00:1f.0/device"
expect_rc "doctor --guest: two GOPs, neither accepts ICH9" 1 "$IGDROM" doctor --guest --sysfs "$TMP/guest-lpc"
