#!/usr/bin/env bash
# Bad input to efirom/inspect/verify: clear one-line errors, exit codes, no output left behind.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
PE=$TESTDATA/corpus/pe/SioBusDxe.efi
expect_rc "missing input file" 2 "$IGDROM" efirom -f 0x8086 -i 0x1234 -e "$TMP/none.efi" -o "$TMP/a.rom"
[ ! -e "$TMP/a.rom" ] && ok "no output after missing input" || notok "output left after missing input"
printf 'not a pe' > "$TMP/bad.efi"
expect_rc "non-PE input" 2 "$IGDROM" efirom -f 0x8086 -i 0x1234 -e "$TMP/bad.efi" -o "$TMP/b.rom"
grep -q "bad.efi: offset 0x0: no MZ signature" "$TMP/err" && ok "non-PE error names file and offset" || notok "non-PE message: $(cat "$TMP/err")"
[ ! -e "$TMP/b.rom" ] && ok "no output after non-PE input" || notok "output left after non-PE"
expect_rc "device ID above 0xFFFF" 2 "$IGDROM" efirom -f 0x8086 -i 0x10000 -e "$PE" -o "$TMP/c.rom"
expect_rc "vendor ID above 0xFFFF" 2 "$IGDROM" efirom -f 65536 -i 0x1 -e "$PE" -o "$TMP/c.rom"
[ ! -e "$TMP/c.rom" ] && ok "no output after bad ID" || notok "output left after bad ID"
expect_rc "-p with two device IDs" 2 "$IGDROM" efirom -f 0x8086 -i 1 2 -p -e "$PE" -o "$TMP/d.rom"
# An image over 16 MiB: a sparse PE-looking file.
head -c 4096 "$PE" > "$TMP/huge.efi"; truncate -s 17M "$TMP/huge.efi"
expect_rc "image over 16 MiB" 2 "$IGDROM" efirom -f 0x8086 -i 0x1234 -e "$TMP/huge.efi" -o "$TMP/e.rom"
grep -q "16 MiB" "$TMP/err" && ok "size limit named" || notok "size limit message: $(cat "$TMP/err")"
[ ! -e "$TMP/e.rom" ] && ok "no output after oversize" || notok "output left after oversize"
expect_rc "input equals output" 2 "$IGDROM" efirom -f 0x8086 -i 1 -e "$TMP/x.rom" -o "$TMP/x.rom"

# Damaged ROMs: truncated, zero-length image, looping chain, garbage.
"$IGDROM" efirom -f 0x8086 -i 0x1234 -e "$PE" "$PE" -o "$TMP/two.rom" >/dev/null
head -c 3000 "$TMP/two.rom" > "$TMP/trunc.rom"
expect_rc "verify truncated ROM finds errors" 1 "$IGDROM" verify "$TMP/trunc.rom"
grep -q "runs past the end" "$TMP/out" && ok "truncation reported" || notok "truncation: $(cat "$TMP/out")"
expect_rc "inspect truncated ROM exits 1" 1 "$IGDROM" inspect "$TMP/trunc.rom"
cp "$TMP/two.rom" "$TMP/zero.rom"; printf '\0\0' | dd of="$TMP/zero.rom" bs=1 seek=$((0x2C)) conv=notrunc 2>/dev/null
expect_rc "verify zero-length image (no last bit) terminates with exit 1" 1 timeout 10 "$IGDROM" verify "$TMP/zero.rom"
grep -q "image length is 0 without the last-image bit" "$TMP/out" && ok "zero length reported" || notok "zero length: $(cat "$TMP/out")"
expect_rc "efirom -d on zero-length image terminates" 2 timeout 10 "$IGDROM" efirom -d "$TMP/zero.rom"
head -c 65536 /dev/urandom > "$TMP/garbage.rom"
expect_rc "verify garbage exits 1" 1 "$IGDROM" verify "$TMP/garbage.rom"
expect_rc "verify clean ROM exits 0" 0 "$IGDROM" verify "$TMP/two.rom"
expect_rc "inspect --json clean ROM" 0 "$IGDROM" inspect --json "$TMP/two.rom"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["images"])==2; assert d["images"][1]["last"]' "$TMP/out" \
	&& ok "inspect --json parses, 2 images, last bit" || notok "inspect --json"
for r in "$TESTDATA"/vectors/efirom/*.rom; do
	# a ROM whose only EFI image is an application does nothing in OVMF: an error (exit 1)
	want=0; [ "$(basename "$r")" = app-image.rom ] && want=1
	expect_rc "verify $(basename "$r") exits $want" $want "$IGDROM" verify "$r"
	expect_rc "inspect $(basename "$r")" 0 "$IGDROM" inspect --json "$r"
done
expect_rc "verify --json on a no-last ROM" 0 "$IGDROM" verify --json "$TESTDATA/vectors/efirom/no-last.rom"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d["findings"]; assert d["errors"]==0 and d["warnings"]==1 and f[0]["offset"]==0x31 and f[0]["image"]==1' "$TMP/out" \
	&& ok "verify --json: the missing last-image bit at 0x31" || notok "verify --json: $(cat "$TMP/out")"
expect_rc "verify --json --strict fails on the warning" 1 "$IGDROM" verify --json --strict "$TESTDATA/vectors/efirom/no-last.rom"
expect_rc "efirom with only a legacy image (no -f/-i needed)" 0 "$IGDROM" efirom -b "$TESTDATA/corpus/legacy/vgabios-stdvga.bin" -o "$TMP/leg.rom"
python3 -c '
import sys
d = open(sys.argv[1], "rb").read(); o = open(sys.argv[2], "rb").read()
pcir = d[0x18] | d[0x19] << 8
assert len(d) == len(o) == 39936, len(d)
assert sum(d) % 256 == 0
assert d[pcir + 0x15] == 0x80' "$TMP/leg.rom" "$TESTDATA/corpus/legacy/vgabios-stdvga.bin" \
	&& ok "legacy-only ROM: same size, balanced checksum, last-image bit" || notok "legacy-only ROM"
# Newcomer findings (issue 18): no command writes over its inputs; 2.0 with an extended VBT is
# refused; errors that say what is wrong.
cp "$B/firmware/gop-standin.efi" "$TMP/self.efi"; cp "$TMP/self.efi" "$TMP/self.orig"
expect_rc "build --gop X -o X is refused" 1 "$IGDROM" build --gop "$TMP/self.efi" -o "$TMP/self.efi"
cmp -s "$TMP/self.efi" "$TMP/self.orig" && grep -q 'is also an input' "$TMP/err" && ok "build left its input GOP intact and said why" || notok "build -o its input: $(cat "$TMP/err")"
[ ! -s "$TMP/out" ] && ok "build -o its input: refused before any work (no listing)" || notok "build -o its input printed: $(cat "$TMP/out")"
mkdir -p "$TMP/sub"; cp "$TMP/self.orig" "$TMP/sub/drv.efi"
expect_rc "build --efi X -o ./X (another spelling of the same file) is refused" 1 "$IGDROM" build --efi "$TMP/sub/drv.efi" -o "$TMP/sub/../sub/drv.efi"
cmp -s "$TMP/sub/drv.efi" "$TMP/self.orig" && ok "build left its --efi input intact" || notok "build --efi overwrote its input"
"$IGDROM" vbt sample -o "$TMP/self.vbt" > /dev/null; cp "$TMP/self.vbt" "$TMP/self.vbt.orig"
expect_rc "vbt fix-checksum X -o X is refused" 1 "$IGDROM" vbt fix-checksum "$TMP/self.vbt" -o "$TMP/self.vbt"
cmp -s "$TMP/self.vbt" "$TMP/self.vbt.orig" && ok "vbt fix-checksum left its input intact" || notok "fix-checksum overwrote its input"
"$IGDROM" vbt sample --size 7000 -o "$TMP/big.vbt" > /dev/null
expect_rc "opregion build --version 2.0 with a VBT over 6 KiB is refused" 1 "$IGDROM" opregion build --vbt "$TMP/big.vbt" --version 2.0 -o "$TMP/o20.bin"
grep -q '2.1 or later' "$TMP/err" && [ ! -e "$TMP/o20.bin" ] && ok "the refusal says 2.1 is needed, and nothing is written" || notok "2.0 refusal: $(cat "$TMP/err")"
expect_rc "inspect of an empty file" 1 "$IGDROM" inspect /dev/null
grep -q ': empty file' "$TMP/err" && ok "inspect says the file is empty" || notok "inspect /dev/null: $(cat "$TMP/err")"
expect_rc "doctor --qemu-version 10 is a usage error" 2 "$IGDROM" doctor --qemu-version 10
grep -q 'wants X.Y' "$TMP/err" && ok "doctor names the X.Y form, as vmm-config does" || notok "doctor qemu-version: $(cat "$TMP/err")"
expect_rc "doctor --guest --host is a usage error" 2 "$IGDROM" doctor --guest --host
expect_rc "vbt foo is a usage error" 2 "$IGDROM" vbt foo
grep -q "unknown action 'foo'" "$TMP/err" && ok "vbt foo names the unknown action" || notok "vbt foo: $(cat "$TMP/err")"
head -c 3000 "$B/firmware/gop-standin.efi" > "$TMP/trunc.efi"
expect_rc "build with a truncated GOP fails" 1 "$IGDROM" build --gop "$TMP/trunc.efi" -o "$TMP/tr.rom"
grep -q "trunc.efi: offset 0x[0-9a-f]*: section data lies outside the file" "$TMP/err" && [ ! -e "$TMP/tr.rom" ] \
	&& ok "the truncated GOP is named, with the offset, and no ROM is written" || notok "truncated GOP: $(cat "$TMP/err")"
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" -o "$TMP/efi-only.rom"
expect_rc "build --legacy of an EFI ROM is refused" 1 "$IGDROM" build --legacy "$TMP/efi-only.rom" -o "$TMP/l.rom"
grep -q 'wants one legacy video BIOS image' "$TMP/err" && ok "--legacy says it wants one legacy image" || notok "--legacy EFI ROM: $(cat "$TMP/err")"
"$IGDROM" verify "$TESTDATA/vectors/efirom/app-image.rom" > "$TMP/out" 2>&1
grep -q 'no EFI image here is one OVMF X64 would run' "$TMP/out" && ok "verify says an application-only ROM does nothing" || notok "app-only verify: $(cat "$TMP/out")"
# Builds from files check the GOP against --device, and warn about two GOPs (issue 18 item 6).
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" --device 3e92 -o "$TMP/g1.rom" 2> "$TMP/err"
[ ! -s "$TMP/err" ] && ok "build --gop --device 3e92 (listed): no warning" || notok "listed device warned: $(cat "$TMP/err")"
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" --device 5917 -o "$TMP/g2.rom" 2> "$TMP/err"
grep -q "lists none of the --device IDs (first 8086:5917)" "$TMP/err" && ok "build --gop --device 5917 (not listed) warns" || notok "unlisted device: $(cat "$TMP/err")"
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" --efi "$B/firmware/gop-standin.efi" -o "$TMP/g3.rom" 2> "$TMP/err"
grep -q '2 GOP drivers in one ROM' "$TMP/err" && ok "two GOPs in one ROM are warned about" || notok "two GOPs: $(cat "$TMP/err")"
head -c 100000 /usr/share/OVMF/OVMF_CODE_4M.fd > "$TMP/trunc.fd"
expect_rc "inspect of a truncated firmware image" 1 "$IGDROM" inspect "$TMP/trunc.fd"
grep -q 'offset 0x20: truncated firmware image.*gives [0-9]* bytes, the file has 100000' "$TMP/err" && ok "inspect says the image is truncated, with the volume's length" || notok "truncated image: $(cat "$TMP/err")"
expect_rc "extract of a truncated firmware image" 1 "$IGDROM" extract "$TMP/trunc.fd" -o "$TMP/tx"
grep -q 'truncated firmware image' "$TMP/err" && [ ! -e "$TMP/tx" ] && ok "extract says truncated, and makes no output directory" || notok "extract truncated: $(cat "$TMP/err")"
# verify checks what the ROM carries against the device IDs its header names (issue 15): a VBT
# of another platform, and a GOP whose table lists none of them, are warnings (errors with --strict).
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" --device 5917 -o "$TMP/vg.rom" 2>/dev/null
expect_rc "verify: a GOP that lists none of the ROM's devices is a warning" 0 "$IGDROM" verify "$TMP/vg.rom"
grep -q "warning: the GOP (Intel(R) GOP Driver \[igdrom stand-in 1.0\]) lists none of the ROM's device IDs (first 8086:5917; its Supported() table)" "$TMP/out" \
	&& ok "verify names the GOP and the device it will not start on" || notok "verify GOP: $(cat "$TMP/out")"
expect_rc "verify --strict: the same ROM fails" 1 "$IGDROM" verify --strict "$TMP/vg.rom"
"$IGDROM" build -q --force --gop "$B/firmware/gop-standin.efi" --device 3e92 \
	--vbt "$TESTDATA/corpus/vbt/google-rambi-variants-banjo-data.vbt" -o "$TMP/vv.rom" >/dev/null 2>&1
expect_rc "verify: another platform's VBT is a warning" 0 "$IGDROM" verify "$TMP/vv.rom"
grep -q 'warning: the OpRegion.s VBT is "$VBT VALLEYVIEW *" (BDB 179), another platform.s than the ROM.s device 8086:3e92 (Coffee Lake, gen 9)' "$TMP/out" \
	&& ok "verify names the VBT's platform and the device's" || notok "verify VBT: $(cat "$TMP/out")"
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" --device 3e92 -o "$TMP/vok.rom"
expect_rc "verify: a GOP that lists the device, no foreign VBT: clean under --strict" 0 "$IGDROM" verify --strict "$TMP/vok.rom"
