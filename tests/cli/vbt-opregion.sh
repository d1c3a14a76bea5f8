#!/usr/bin/env bash
# igdrom vbt / opregion commands: round trips, extended layout, clear errors, inputs untouched.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
OP=$TESTDATA/corpus/opregion/skl-hd530-opregion.bin
expect_rc "extract the real OpRegion's VBT" 0 "$IGDROM" opregion extract-vbt "$OP" -o "$TMP/a.vbt"
[ "$(stat -c %s "$TMP/a.vbt")" = 4284 ] && ok "extracted exactly vbt_size bytes" || notok "extracted size"
expect_rc "build an OpRegion from it" 0 "$IGDROM" opregion build --vbt "$TMP/a.vbt" -o "$TMP/b.opr"
expect_rc "extract again" 0 "$IGDROM" opregion extract-vbt "$TMP/b.opr" -o "$TMP/c.vbt"
cmp -s "$TMP/a.vbt" "$TMP/c.vbt" && ok "round trip gives the same VBT bytes" || notok "round trip differs"
expect_rc "vbt extract from an OpRegion" 0 "$IGDROM" vbt extract "$OP" -o "$TMP/d.vbt"
cmp -s "$TMP/a.vbt" "$TMP/d.vbt" && ok "vbt extract = opregion extract-vbt" || notok "vbt extract differs"
sum_before=$(sha256sum "$TMP/a.vbt")
expect_rc "fix-checksum" 0 "$IGDROM" vbt fix-checksum "$TMP/a.vbt" -o "$TMP/e.vbt"
[ "$sum_before" = "$(sha256sum "$TMP/a.vbt")" ] && ok "fix-checksum leaves its input alone" || notok "input modified"
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(sum(d) % 256)' "$TMP/e.vbt" && ok "fixed copy sums to 0" || notok "fixed copy sum"
expect_rc "big sample VBT" 0 "$IGDROM" vbt sample --size 8000 -o "$TMP/big.vbt"
expect_rc "OpRegion from a VBT over 6 KiB" 0 "$IGDROM" opregion build --vbt "$TMP/big.vbt" -o "$TMP/big.opr"
expect_rc "inspect it" 0 "$IGDROM" inspect --json "$TMP/big.opr"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); o=d["opregion"]; assert (o["major"],o["minor"],o["rvda"],o["rvds"])==(2,1,0x2000,8192), o' "$TMP/out" \
	&& ok "extended layout: 2.1, RVDA 0x2000, RVDS 8192 (aligned to 512)" || notok "extended layout: $(cat "$TMP/out")"
expect_rc "relocate base + extended VBT" 0 "$IGDROM" opregion relocate "$OP" "$TMP/big.vbt" -o "$TMP/rel.opr"
expect_rc "relocated image inspects" 0 "$IGDROM" inspect "$TMP/rel.opr"
grep -q 'version 2.1' "$TMP/out" && ok "relocated image is 2.1" || notok "relocated version"
expect_rc "opregion build --version 1.0 is a usage error" 2 "$IGDROM" opregion build --vbt "$TMP/a.vbt" --version 1.0 -o "$TMP/x"
expect_rc "garbage VBT refused" 1 "$IGDROM" opregion build --vbt "$TESTDATA/corpus/negative/not-a-vbt-c001c0de.bin" -o "$TMP/x"
grep -qE 'not-a-vbt-c001c0de.bin: offset 0x[0-9a-f]+: ' "$TMP/err" && ok "error names file and offset" || notok "error text: $(cat "$TMP/err")"
[ ! -e "$TMP/x" ] && ok "nothing written on error" || notok "output left behind"
expect_rc "ROM with embedded OpRegion" 0 "$IGDROM" build -q --opregion "$OP" -o "$TMP/r.rom"
expect_rc "verify accepts it" 0 "$IGDROM" verify --strict "$TMP/r.rom"
expect_rc "build --vbt with a >6 KiB VBT" 0 "$IGDROM" build -q --vbt "$TMP/big.vbt" --device 3e92 --device 3e9b -o "$TMP/r2.rom"
expect_rc "verify accepts that too" 0 "$IGDROM" verify --strict "$TMP/r2.rom"
expect_rc "build with a bad device ID" 2 "$IGDROM" build --device 10000 -o "$TMP/r3.rom"
[ ! -e "$TMP/r3.rom" ] && ok "no ROM after a usage error" || notok "ROM left behind"
# Block decoders, checked against intel_vbt_decode's output for the same files.
V=$TESTDATA/corpus/vbt
expect_rc "inspect T410 VBT" 0 "$IGDROM" inspect "$V/lenovo-t410-data.vbt"
grep -q 'panel 2 timing (block 42): 1440x900, 101.300 MHz' "$TMP/out" && ok "T410 panel 2 is 1440x900 at 101.3 MHz (block 42 via 41)" || notok "T410 timing: $(grep timing "$TMP/out")"
grep -q 'integrated CRT yes' "$TMP/out" && ok "T410 general features: integrated CRT" || notok "T410 general features"
expect_rc "inspect Brya VBT" 0 "$IGDROM" inspect "$V/google-brya-variants-crota-data.vbt"
grep -q 'panel 2 backlight (block 43): PWM, 200 Hz, minimum brightness 6' "$TMP/out" && ok "Brya backlight: PWM 200 Hz, min 6" || notok "Brya backlight: $(grep backlight "$TMP/out")"
grep -q 'panel 2 timing (block 58)' "$TMP/out" && ok "Brya timing from the generic DTD block 58" || notok "Brya timing source"
grep -q 'handle 0x0008 type 0x1806 port DP-A' "$TMP/out" && ok "Brya eDP child on port A" || notok "Brya children: $(grep handle "$TMP/out" | head -3)"
expect_rc "inspect the OpRegion dump" 0 "$IGDROM" inspect "$OP"
grep -q 'DIDL 0x300 0x301 0x302' "$TMP/out" && grep -q 'BCLP 0xff, PFIT 0x80000006, CBLV 0x80000064' "$TMP/out" \
	&& ok "OpRegion mailboxes 1 and 3 decoded (DIDL, BCLP, PFIT, CBLV)" || notok "OpRegion mailboxes: $(cat "$TMP/out" | head -8)"
# build: every combination of images ends with exactly one last-image bit and verifies strictly
G=$B/firmware/gop-standin.efi
P=$TESTDATA/corpus/pe/SioBusDxe.efi
L=$TESTDATA/corpus/legacy/vgabios-stdvga.bin
n_combo=0
for args in "--gop $G" "--gop $G --efi $P" "--no-driver --gop $G" "--gop $G --vbt $TMP/a.vbt" \
	"--legacy $L --gop $G" "--legacy $L --no-driver --efi $P" "--no-compress --gop $G --opregion $OP"; do
	n_combo=$((n_combo + 1))
	# shellcheck disable=SC2086
	if "$IGDROM" build -q $args -o "$TMP/combo$n_combo.rom" && "$IGDROM" verify --strict "$TMP/combo$n_combo.rom" >/dev/null; then
		ok "build $args: verifies strictly"
	else
		notok "build $args"
	fi
done
expect_rc "inspect --json of the OpRegion dump" 0 "$IGDROM" inspect --json "$OP"
python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["opregion"]; assert o["didl"]==[0x300,0x301,0x302] and o["vver"]=="1046" and o["clid"]==3 and o["pfit"]==0x80000006 and o["bclm"][10]==0xE4FF' "$TMP/out" \
	&& ok "OpRegion JSON carries the mailbox fields" || notok "OpRegion JSON: $(head -c 300 "$TMP/out")"
# The VBT against the device (issue 15): another platform's VBT is refused unless --force.
expect_rc "build: a Skylake VBT for a Haswell device is refused" 1 "$IGDROM" build -q --vbt "$V/purism-librem_skl-data.vbt" --device 0a16 -o "$TMP/m.rom"
grep -q 'SKYLAKE.*Haswell (gen 7)' "$TMP/err" && [ ! -e "$TMP/m.rom" ] && ok "the refusal names both platforms, no ROM written" || notok "VBT mismatch: $(cat "$TMP/err")"
expect_rc "build --force builds it, warning" 0 "$IGDROM" build -q --force --vbt "$V/purism-librem_skl-data.vbt" --device 0a16 -o "$TMP/m.rom"
grep -q 'built anyway' "$TMP/err" && ok "--force warns" || notok "--force: $(cat "$TMP/err")"
expect_rc "build: the Coffee Lake VBT for 3e92 is fine" 0 "$IGDROM" build -q --vbt "$V/Platform-CoffeelakeBoardPkg-VbtBin-Vbt.dat" --device 3e92 -o "$TMP/ok.rom"
"$IGDROM" vmm-config --vmm qemu --qemu-version 10.1 --device 0a16 --rom "$TMP/m.rom" > /dev/null 2> "$TMP/err"
grep -q 'made for another platform than 8086:0a16' "$TMP/err" && ok "vmm-config warns about the ROM's foreign VBT" || notok "vmm-config VBT: $(cat "$TMP/err")"
