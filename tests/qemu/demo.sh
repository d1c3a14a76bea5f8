#!/usr/bin/env bash
# `make demo`: the whole job end to end on a built-in sample, no Intel hardware and no
# tests/data needed.  Builds a sample VBT and OpRegion with igdrom's own builders, a ROM with
# igdrom's driver and a stand-in for Intel's GOP, boots it in QEMU + Debian's OVMF, and prints
# what the guest ended up with.
set -eu
B=${B:-build}
. "$(dirname "$0")/lib.bash"
D=$B/demo
rm -rf "$D"; mkdir -p "$D"

echo "== 1. a sample VBT and an OpRegion built around it"
"$IGDROM" vbt sample -o "$D/sample.vbt"
"$IGDROM" opregion build --vbt "$D/sample.vbt" -o "$D/sample-opregion.bin"
echo
echo "== 2. the option ROM: igdrom's driver + a GOP stand-in"
# What igdrom reads from a GOP before using it: its version, the device table its Supported()
# scans and the PCH IDs its Start() accepts (both read by following its code), its binding version.
"$IGDROM" inspect "$B/firmware/gop-standin.efi" | sed 's/^/  /'
# As `build --host` does from a host's BDSM, the ROM records where the host's stolen memory is
# (here a sample address); the driver puts the guest's there when it is free RAM.
HOST_DSM=0x30000000
"$IGDROM" build --gop "$B/firmware/gop-standin.efi" --stolen-base $HOST_DSM --stolen-size 32 -o "$D/igd.rom"
echo
# The machine `igdrom vmm-config` gives a ROM with a GOP: i440fx with an Intel PCH ID at 00:1f.0
# (QEMU's x-igd-lpc copies the host's; here an i82801b11-bridge, 8086:244e, stands in for it).
echo "== 3. boot: QEMU i440fx + OVMF (TCG), ROM on a PCI device, an Intel PCH ID at 00:1f.0, OpRegion as etc/igd-opregion"
printf 'device=0x3E92\ngmch=0x0100\nexpect_opregion=1\nexpect_bdsm_size=33554432\nexpect_bdsm_base=%s\nexpect_vbt_size=%s\n' \
	"$HOST_DSM" \
	"$(stat -c %s "$D/sample.vbt")" > "$D/config"
QEMU_MACHINE=pc QEMU_EXTRA="-device i82801b11-bridge,bus=pci.0,addr=1f.0" QEMU_MEM=1024 \
	boot_vm "$D/vm" "$D/igd.rom" "opt/igdtest/config=$D/config" \
	"etc/igd-opregion=$D/sample-opregion.bin" "opt/igdtest/opregion=$D/sample-opregion.bin"
log=$D/vm/debugcon.log
if ! grep -q '^igdtest: done' "$log"; then
	echo "demo: the guest did not finish (qemu exit $(cat "$D/vm/qemu.rc")); see $log" >&2
	exit 1
fi
echo
echo "== 4. driver log (debug port 0x402)"
grep -E '^(igdrom|gop-standin):' "$log" | sed 's/^/  /'
echo
echo "== 5. what the guest ended up with"
asls=$(sed -n 's/^igdrom: ASLS <- \(0x[0-9a-f]*\).*/\1/p' "$log" | head -1)
bdsm=$(sed -n 's/^igdrom: BDSM (0x5C) <- \(0x[0-9a-f]*\), read back \(0x[0-9a-f]*\).*/\2/p' "$log" | head -1)
stolen=$(sed -n 's/^igdrom: stolen memory \(0x[0-9a-f]*\.\.0x[0-9a-f]*\) (\([0-9]* MiB\).*/\1 (\2)/p' "$log" | head -1)
vbt=$(sed -n 's/^gop-standin: VBT \(.*\)/\1/p' "$log" | head -1)
gop=$(sed -n 's/^gop-standin: PCH \(.*\) at 00:1f.0 known: \(started on .*\)/\2 (PCH \1 at 00:1f.0 accepted)/p' "$log" | head -1)
printf '  %-28s %s\n' "device" "8086:3E92 (Coffee Lake) at 00:02.0, stand-in" \
	"ASLS (0xFC)" "$asls -> OpRegion, ACPI NVS, 8 KiB" \
	"BDSM (0x5C)" "$bdsm" \
	"stolen memory" "$stolen, Reserved" \
	"host's stolen memory (ROM)" "$HOST_DSM: the guest's $(grep -q "at the host's address" "$log" && echo "is at the same address" || echo "could not go there (see the log)")" \
	"VBT handed to the GOP" "$vbt" \
	"GOP stand-in" "${gop:-did not start (see the log)}"
pass=$(grep -c '^igdtest: ok' "$log"); fail=$(grep -c '^igdtest: not ok' "$log" || true)
echo
echo "  guest-side checks: $pass passed, $fail failed (memory map types, alignment, copied bytes,"
echo "  PlatformGopPolicy results); full log: $log"
[ "$fail" -eq 0 ] && [ -n "$gop" ]
