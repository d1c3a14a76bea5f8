#!/usr/bin/env bash
# The CLI skeleton: help, version, unknown commands and usage errors.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
expect_rc "--help exits 0" 0 "$IGDROM" --help
grep -q '^Commands:' "$TMP/out" && ok "--help lists commands" || notok "--help lists commands"
expect_rc "--version exits 0" 0 "$IGDROM" --version
grep -qE '^igdrom [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out" && ok "--version prints a version" || notok "--version output"
expect_rc "no arguments is a usage error" 2 "$IGDROM"
expect_rc "unknown command exits 2" 2 "$IGDROM" nosuch
grep -q "unknown command 'nosuch'" "$TMP/err" && ok "unknown command named" || notok "unknown command named"
for c in $("$IGDROM" --help | awk '/^Commands:/{f=1;next} f&&!NF{exit} f{print $1}'); do
	[ "$c" = efirom ] && continue
	expect_rc "$c --help exits 0" 0 "$IGDROM" "$c" --help
	grep -q "^Usage: igdrom $c" "$TMP/out" && ok "$c --help shows usage" || notok "$c --help shows usage"
	expect_rc "$c with a bad option exits 2" 2 "$IGDROM" "$c" --no-such-option
done
expect_rc "efirom -h exits 2 like EfiRom" 2 "$IGDROM" efirom -h
expect_rc "inspect of a missing file exits 1" 1 "$IGDROM" inspect "$TMP/missing"
grep -q "$TMP/missing: No such file" "$TMP/err" && ok "missing file named in the error" || notok "missing file message: $(cat "$TMP/err")"
expect_rc "--quiet before a command" 0 "$IGDROM" --quiet vbt sample -o "$TMP/q.vbt"
[ ! -s "$TMP/out" ] && [ -s "$TMP/q.vbt" ] && ok "--quiet: file written, nothing printed" || notok "--quiet printed: $(cat "$TMP/out")"
expect_rc "--quiet alone is a usage error" 2 "$IGDROM" --quiet
# --quiet: one mechanism (igdrom --quiet COMMAND and build -q are the same), honoured by build,
# verify and vmm-config alike.
"$IGDROM" vbt sample -o "$TMP/q.vbt" > /dev/null
"$IGDROM" --quiet build --vbt "$TMP/q.vbt" -o "$TMP/q1.rom" > "$TMP/q.out" 2>&1
[ ! -s "$TMP/q.out" ] && [ -s "$TMP/q1.rom" ] && ok "igdrom --quiet build prints nothing and writes the ROM" || notok "--quiet build: $(head -3 "$TMP/q.out")"
"$IGDROM" build -q --vbt "$TMP/q.vbt" -o "$TMP/q2.rom" > "$TMP/q.out" 2>&1
[ ! -s "$TMP/q.out" ] && cmp -s "$TMP/q1.rom" "$TMP/q2.rom" && ok "build -q is the same as igdrom --quiet build" || notok "build -q: $(head -3 "$TMP/q.out")"
"$IGDROM" --quiet verify "$TMP/q1.rom" > "$TMP/q.out" 2>&1
[ $? -eq 0 ] && [ ! -s "$TMP/q.out" ] && ok "igdrom --quiet verify of a clean ROM prints nothing, exit 0" || notok "--quiet verify: $(cat "$TMP/q.out")"
"$IGDROM" --quiet vmm-config --vmm qemu --qemu-version 10.1 --rom "$TMP/q1.rom" > "$TMP/q.out" 2>&1
! grep -q '^#' "$TMP/q.out" && grep -q qemu-system "$TMP/q.out" && ok "igdrom --quiet vmm-config drops the notes" || notok "--quiet vmm-config: $(head -3 "$TMP/q.out")"
# Numbers as people paste them: lspci -n's 8086:46d4, lspci's 4-digit class.
expect_rc "devices 8086:46d4 (lspci -n form)" 0 "$IGDROM" devices 8086:46d4
grep -q 'Alder Lake-N' "$TMP/out" && ok "8086:46d4 is read as device 46d4" || notok "devices 8086:46d4: $(cat "$TMP/out")"
expect_rc "devices 1234:46d4 (not Intel) is a usage error" 2 "$IGDROM" devices 1234:46d4
"$IGDROM" build --class 0x0300 --device 8086:46d4 -o "$TMP/cls.rom" > "$TMP/out" 2>&1
"$IGDROM" inspect --json "$TMP/cls.rom" > "$TMP/cls.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); i=d["images"][0]; assert i["class_code"]==0x030000 and i["device_id"]==0x46d4' "$TMP/cls.json" \
	&& grep -q 'read as class code 030000' "$TMP/out" && ok "build --class 0x0300 gives class 030000 and says so; --device 8086:46d4 gives 46d4" \
	|| notok "class/device forms: $(cat "$TMP/out") $(head -c 300 "$TMP/cls.json")"
# One definition of a compressed size: build's listing and inspect (text and JSON) agree.
"$IGDROM" build --gop "$B/firmware/gop-standin.efi" -o "$TMP/sz.rom" > "$TMP/b.out"
"$IGDROM" inspect --json "$TMP/sz.rom" > "$TMP/i.json"
"$IGDROM" inspect "$TMP/sz.rom" > "$TMP/i.txt"
built=$(sed -n 's/.*compressed ([0-9]* -> \([0-9]*\) bytes).*/\1/p' "$TMP/b.out" | paste -sd,)
json=$(python3 -c 'import json,sys; print(",".join(str(i["efi"]["compressed_size"]) for i in json.load(open(sys.argv[1]))["images"]))' "$TMP/i.json")
text=$(sed -n 's/.*compression: [0-9]* -> \([0-9]*\) bytes.*/\1/p' "$TMP/i.txt" | paste -sd,)
[ -n "$built" ] && [ "$built" = "$json" ] && [ "$built" = "$text" ] && ok "compressed sizes agree: build $built, inspect $text, JSON $json" \
	|| notok "compressed sizes differ: build $built, inspect $text, JSON $json"
expect_rc "vbt sample --size 0x2000 (hex) is accepted" 0 "$IGDROM" vbt sample --size 0x2000 -o "$TMP/s8k.vbt"
[ "$(stat -c %s "$TMP/s8k.vbt")" = 8192 ] && ok "vbt sample --size 0x2000 gives 8192 bytes" || notok "0x2000 sample size"
expect_rc "vbt sample --size 100 (below the smallest sample) is refused" 2 "$IGDROM" vbt sample --size 100 -o "$TMP/s100.vbt"
expect_rc "fwcfg --gmch 61888 (more than 16 bits) is refused" 2 "$IGDROM" fwcfg --gmch 61888 --device 3e92 -o "$TMP/fw"
# Every --json output is one JSON document, errors included (issue 18 item 9).
isjson() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2], {}, {"d": d}) else 1)' "$@"; }
"$IGDROM" inspect --json /dev/null > "$TMP/j1" 2>/dev/null
isjson "$TMP/j1" '"empty file" in d["error"]' && ok "inspect --json of bad input: one JSON object with the error" || notok "inspect --json error: $(cat "$TMP/j1")"
"$IGDROM" verify --json "$TMP/q1.rom" "$TMP/q2.rom" > "$TMP/j2" 2>/dev/null
isjson "$TMP/j2" 'len(d) == 2 and all(x["errors"] == 0 for x in d)' && ok "verify --json of two ROMs: one array" || notok "verify --json two: $(cat "$TMP/j2")"
"$IGDROM" doctor --json --sysfs tests/probe/trees/no-igd > "$TMP/j3" 2>/dev/null
isjson "$TMP/j3" 'd["problems"] and d["device"] is None' && ok "doctor --json without an IGD: JSON" || notok "doctor --json no IGD: $(cat "$TMP/j3")"
"$IGDROM" doctor --json --sysfs tests/probe/trees/skylake --qemu-version 9.2 > "$TMP/j4" 2>/dev/null
isjson "$TMP/j4" 'd["qemu_version"] == "9.2"' && ok "doctor --json carries the QEMU version" || notok "doctor qemu_version: $(cat "$TMP/j4")"
"$IGDROM" probe --json --sysfs tests/probe/trees/skylake > "$TMP/j5" 2>/dev/null
isjson "$TMP/j5" '"intel_iommu=on" in d["cmdline"]' && ok "probe --json carries the kernel command line" || notok "probe cmdline: $(cat "$TMP/j5")"
"$IGDROM" build --jsn -o "$TMP/x.rom" > /dev/null 2> "$TMP/e"
[ "$(grep -c . "$TMP/e")" = 2 ] && grep -q "'--jsn': unknown option" "$TMP/e" && ok "an unknown option is reported once, by name" || notok "unknown option: $(cat "$TMP/e")"
# build, vmm-config, compress and decompress have --json too: one document, errors included
"$IGDROM" build --json --gop "$B/firmware/gop-standin.efi" --device 3e92 -o "$TMP/bj.rom" > "$TMP/j6" 2>/dev/null
isjson "$TMP/j6" 'd["output"].endswith("bj.rom") and len(d["images"]) == 2 and d["images"][1]["compressed"] and d["window"] == "8k" and d["gops"][0]["table_found_by"] == "code" and "3E92" in d["gops"][0]["device_ids"]' \
	&& ok "build --json: the images, the window and the GOP's table" || notok "build --json: $(cat "$TMP/j6")"
"$IGDROM" build --json --gop "$TMP/missing.efi" -o "$TMP/bj2.rom" > "$TMP/j7" 2>/dev/null
isjson "$TMP/j7" '"missing.efi" in d["error"]' && [ ! -e "$TMP/bj2.rom" ] && ok "build --json of a missing input: the error as JSON, no ROM" || notok "build --json error: $(cat "$TMP/j7")"
"$IGDROM" build --json --window 4k -o "$TMP/bj3.rom" > "$TMP/j8" 2>/dev/null
isjson "$TMP/j8" '"--window" in d["error"]' && ok "build --json usage error: JSON" || notok "build --json usage: $(cat "$TMP/j8")"
"$IGDROM" vmm-config --json --vmm qemu --qemu-version 10.1 --rom "$TMP/bj.rom" --device 3e92 > "$TMP/j9" 2>/dev/null
isjson "$TMP/j9" 'd["machine"] == "i440fx" and d["properties"]["x-igd-lpc"] == "on" and "romfile=" in d["configuration"] and any("lists this device" in n for n in d["notes"])' \
	&& ok "vmm-config --json: machine, properties, configuration and notes" || notok "vmm-config --json: $(cat "$TMP/j9")"
"$IGDROM" vmm-config --json --vmm xen > "$TMP/j10" 2>/dev/null
isjson "$TMP/j10" '"--vmm must be" in d["error"]' && ok "vmm-config --json usage error: JSON" || notok "vmm-config --json error: $(cat "$TMP/j10")"
"$IGDROM" compress --json --mode best "$B/firmware/gop-standin.efi" "$TMP/c.bin" > "$TMP/j11" 2>/dev/null
isjson "$TMP/j11" 'd["mode"] == "best" and d["window"] == "8k" and d["within_spec"] and 0 < d["output_bytes"] < d["input_bytes"]' \
	&& ok "compress --json: sizes, mode, window" || notok "compress --json: $(cat "$TMP/j11")"
"$IGDROM" decompress --json "$TMP/c.bin" "$TMP/d.bin" > "$TMP/j12" 2>/dev/null
isjson "$TMP/j12" 'd["within_spec"] and d["output_bytes"] == '"$(stat -c %s "$B/firmware/gop-standin.efi")" \
	&& cmp -s "$TMP/d.bin" "$B/firmware/gop-standin.efi" && ok "decompress --json: sizes; the round trip is exact" || notok "decompress --json: $(cat "$TMP/j12")"
"$IGDROM" decompress --json "$B/firmware/gop-standin.efi" "$TMP/d2.bin" > "$TMP/j13" 2>/dev/null
isjson "$TMP/j13" '"error" in d' && ok "decompress --json of a file that is no stream: JSON error" || notok "decompress --json error: $(cat "$TMP/j13")"
"$IGDROM" probe --json --sysfs tests/probe/trees/tigerlake > "$TMP/j14" 2>/dev/null
isjson "$TMP/j14" 'd["pch"] == "8086:a082"' && ok "probe --json carries the PCH at 00:1f.0" || notok "probe pch: $(cat "$TMP/j14")"
