#!/usr/bin/env bash
# igdrom vmm-config: configurations parsed back by QEMU itself and validated by libvirt's schema.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
T=tests/probe/trees
for v in qemu libvirt proxmox bhyve; do
	expect_rc "vmm-config --vmm $v" 0 "$IGDROM" vmm-config --vmm "$v" --sysfs "$T/tigerlake" --rom /tmp/igd.rom
	grep -qE '^# Why:|<!-- Why: -->' "$TMP/out" && ok "$v: reasons printed" || notok "$v: no reasons"
done
expect_rc "unknown VMM is a usage error" 2 "$IGDROM" vmm-config --vmm xen

installed=$(qemu-system-x86_64 --version | sed -n 's/QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" -o "$TMP/gop.rom"
"$IGDROM" build -q -o "$TMP/nogop.rom"
. "$(dirname "$0")/qemu-accepts.bash"
for tree in skylake tigerlake; do
	for rom in nogop gop; do qemu_accepts "$installed" $tree "$TMP/$rom.rom" "$tree, ROM $rom"; done
done
pve_accepts "$installed"
# Every -device property exists in the QEMU version the line was printed for.
props=$(qemu-system-x86_64 -device vfio-pci,help 2>/dev/null | sed -n 's/^  \([a-z0-9_-]*\)=.*/\1/p')
dev=$("$IGDROM" vmm-config --vmm qemu --no-notes --qemu-version "$installed" 2>/dev/null | sed -n "s/.*-device '\{0,1\}\(vfio-pci[^ ']*\).*/\1/p")
missing=""
for kv in $(echo "${dev#vfio-pci,}" | tr ',' ' '); do
	k=${kv%%=*}
	case $k in id|bus) continue ;; esac # generic qdev properties, not in the help list
	echo "$props" | grep -qx "$k" || missing="$missing $k"
done
[ -n "$dev" ] && [ -z "$missing" ] && ok "every -device property exists in the installed QEMU $installed" || notok "properties unknown to QEMU $installed:$missing ($dev)"
new=$("$IGDROM" vmm-config --vmm qemu --no-notes --qemu-version 10.1 2>/dev/null)
echo "$new" | grep -q 'x-igd-legacy-mode=off' && ! echo "$new" | grep -q 'x-igd-opregion' \
	&& ok "QEMU 10.1: legacy mode off, OpRegion on by default (not repeated)" || notok "10.1 line: $new"
old=$("$IGDROM" vmm-config --vmm qemu --qemu-version 9.1 2>/dev/null)
echo "$old" | grep -q 'x-igd-opregion=on' && ! echo "$old" | grep -q 'x-igd-legacy-mode' && echo "$old" | grep -q 'shows the guest GMS 0' \
	&& ok "QEMU 9.1: x-igd-opregion=on, no 10.0-only options, GMS pitfall named" || notok "9.1 output"
if command -v virt-xml-validate >/dev/null; then
	for q in 7.2 9.2 10.0 10.1; do
		"$IGDROM" vmm-config --vmm libvirt --qemu-version $q --sysfs "$T/tigerlake" --rom "$TMP/gop.rom" > "$TMP/d.xml" 2>/dev/null
		virt-xml-validate "$TMP/d.xml" domain >/dev/null 2>&1 && ok "libvirt XML for QEMU $q, notes included, validates against libvirt's schema" || notok "libvirt XML invalid: $(virt-xml-validate "$TMP/d.xml" domain 2>&1 | head -2)"
		virsh -c test:///default define "$TMP/d.xml" > "$TMP/virsh.out" 2>&1 && ok "virsh -c test:///default defines the QEMU $q domain" || notok "virsh define: $(cat "$TMP/virsh.out")"
	done
	grep -q "<qemu:property name='x-igd-legacy-mode' type='string' value='off'/>" "$TMP/d.xml" && ! grep -q 'qemu:commandline' "$TMP/d.xml" \
		&& ok "libvirt: IGD properties through qemu:override, not -set" || notok "libvirt override: $(grep qemu: "$TMP/d.xml")"
	odd="$TMP/a'b&c<d.rom"; cp "$TMP/nogop.rom" "$odd"
	"$IGDROM" vmm-config --vmm libvirt --sysfs "$T/tigerlake" --rom "$odd" > "$TMP/o.xml" 2>/dev/null
	virt-xml-validate "$TMP/o.xml" domain >/dev/null 2>&1 && grep -q "a&apos;b&amp;c&lt;d.rom" "$TMP/o.xml" \
		&& ok "libvirt: a ROM path with ' & < is escaped and the XML validates" || notok "libvirt escaping: $(grep rom "$TMP/o.xml")"
else
	notok "virt-xml-validate missing (scripts/deps.sh installs libvirt-clients)"
fi
"$IGDROM" vmm-config --vmm proxmox --no-notes --vmid 105 --qemu-version 10.1 > "$TMP/p"
grep -q '^qm set 105 --machine q35 --bios ovmf' "$TMP/p" && grep -q 'device.hostpci0.addr=2.0' "$TMP/p" && ok "Proxmox qm line" || notok "Proxmox: $(cat "$TMP/p")"
"$IGDROM" vmm-config --vmm bhyve --no-notes --rom /r/igd.rom > "$TMP/b"
grep -q 'passthru,0/2/0,rom=/r/igd.rom' "$TMP/b" && grep -q -- '-S' "$TMP/b" && ok "bhyve passthru line with wired memory" || notok "bhyve: $(cat "$TMP/b")"
"$IGDROM" vmm-config --vmm qemu --sysfs tests/probe/trees/skylake > "$TMP/w"
grep -q 'host-phys-bits-limit=39' "$TMP/w" && ok "IOMMU width 39 from intel-iommu/cap in the DMA-map hint" || notok "width hint: $(grep phys "$TMP/w")"
# The ROM's GOP against the device: a note when it lists it, a warning when it does not.
"$IGDROM" build -q --gop "$B/firmware/gop-standin.efi" -o "$TMP/gop.rom"
"$IGDROM" vmm-config --vmm qemu --qemu-version 10.1 --rom "$TMP/gop.rom" --device 9a49 > "$TMP/v" 2> "$TMP/e"
grep -q "the ROM's GOP (Intel(R) GOP Driver .*) lists this device" "$TMP/v" && [ ! -s "$TMP/e" ] \
	&& ok "vmm-config: the ROM's GOP lists 9a49" || notok "GOP note: $(tail -2 "$TMP/v") $(cat "$TMP/e")"
"$IGDROM" vmm-config --vmm bhyve --rom "$TMP/gop.rom" --device 5917 > "$TMP/v" 2> "$TMP/e"
grep -q 'does not list 8086:5917 and will not start on it' "$TMP/e" && ! grep -q "lists this device" "$TMP/v" \
	&& ok "vmm-config: a GOP of another family is warned about (Kaby Lake 5917)" || notok "GOP warning: $(cat "$TMP/e")"
# The host's PCH against the PCH table read from the GOP (issue 15): Tiger Lake's eSPI 8086:a082
# is one the stand-in accepts, Skylake's 8086:a149 is not.
"$IGDROM" vmm-config --vmm qemu --qemu-version 10.1 --rom "$TMP/gop.rom" --sysfs tests/probe/trees/tigerlake > "$TMP/v" 2> "$TMP/e"
grep -q "the host's PCH 8086:a082 is one the GOP accepts" "$TMP/v" && ! grep -q 'PCH IDs at 00:1f.0' "$TMP/e" \
	&& ok "vmm-config --sysfs tigerlake: the host's PCH is one the GOP accepts" || notok "PCH a082: $(cat "$TMP/v" "$TMP/e" | tail -5)"
"$IGDROM" vmm-config --vmm qemu --qemu-version 10.1 --rom "$TMP/gop.rom" --sysfs tests/probe/trees/skylake > "$TMP/v" 2> "$TMP/e"
grep -q "accepts 13 PCH IDs at 00:1f.0 and the host's 8086:a149 is not among them" "$TMP/e" \
	&& ok "vmm-config --sysfs skylake: a host PCH the GOP refuses is warned about" || notok "PCH a149: $(cat "$TMP/e")"
# Every GOP of the ROM counts, not the first (issue 18 item 6): a stand-in second behind the
# synthetic Alder Lake GOP lists 9a49; two GOPs are warned about.
"$IGDROM" build -q --gop "$B/goptable/x64-Oz-1.efi" --efi "$B/firmware/gop-standin.efi" -o "$TMP/two-gop.rom" 2>/dev/null
"$IGDROM" vmm-config --vmm qemu --qemu-version 10.1 --rom "$TMP/two-gop.rom" --device 9a49 > "$TMP/v" 2> "$TMP/e"
grep -q "the ROM's GOP (Intel(R) GOP Driver \[igdrom stand-in 1.0\]) lists this device" "$TMP/v" && ! grep -q 'does not list' "$TMP/e" \
	&& grep -q '2 GOP drivers in one ROM' "$TMP/e" \
	&& ok "vmm-config reads every GOP of a ROM (the second lists 9a49) and warns about two" || notok "two GOPs: $(cat "$TMP/e") $(grep GOP "$TMP/v")"
# Host addresses: both lspci forms, nothing else.
"$IGDROM" vmm-config --vmm libvirt --no-notes --host 00:02.0 --qemu-version 10.1 --rom "$TMP/nogop.rom" > "$TMP/h" 2>/dev/null
grep -q "bus='0x00' slot='0x02' function='0x0'" "$TMP/h" && ok "--host 00:02.0 is bus 0, slot 2" || notok "--host 00:02.0: $(grep address "$TMP/h" | head -1)"
"$IGDROM" vmm-config --vmm qemu --no-notes --host 0000:01:00.0 --qemu-version 10.1 --rom "$TMP/nogop.rom" > "$TMP/h" 2>/dev/null
grep -q "host=0000:01:00.0" "$TMP/h" && ok "--host DDDD:BB:DD.F kept" || notok "--host full form: $(cat "$TMP/h")"
for bad in banana 0000:00:02 00:32.0 00:02.8 0:2.0 "00:02.0 x"; do
	expect_rc "--host '$bad' is a usage error" 2 "$IGDROM" vmm-config --vmm qemu --host "$bad"
done
expect_rc "a missing ROM is warned about" 0 "$IGDROM" vmm-config --vmm qemu --qemu-version 10.1 --rom "$TMP/none.rom"
grep -q "none.rom: no such ROM here yet" "$TMP/err" && ok "the warning names the missing ROM" || notok "missing ROM: $(cat "$TMP/err")"
"$IGDROM" --quiet vmm-config --vmm qemu --qemu-version 10.1 --rom "$TMP/nogop.rom" > "$TMP/qq" 2>/dev/null
! grep -q '^#' "$TMP/qq" && grep -q '^qemu-system' "$TMP/qq" && ok "igdrom --quiet vmm-config: the configuration without notes" || notok "--quiet: $(head -3 "$TMP/qq")"
# The layout per QEMU version and ROM content.
plan() { "$IGDROM" vmm-config --vmm qemu --no-notes --sysfs "$T/$1" --qemu-version "$2" --rom "$TMP/$3.rom" 2>/dev/null; }
plan tigerlake 10.0 nogop | grep -q -- '-machine q35' && plan tigerlake 10.0 nogop | grep -q 'x-igd-legacy-mode=off,x-igd-opregion=on' \
	&& ok "10.0 without GOP: q35, UPT, x-igd-opregion=on" || notok "10.0 nogop: $(plan tigerlake 10.0 nogop)"
plan tigerlake 10.1 gop | grep -q -- '-machine pc' && plan tigerlake 10.1 gop | grep -q 'bus=pci.0,addr=2.0,x-igd-legacy-mode=off,x-igd-lpc=on' \
	&& ok "10.1 with a GOP: i440fx with x-igd-lpc=on (the GOP checks the PCH ID)" || notok "10.1 gop: $(plan tigerlake 10.1 gop)"
plan skylake 8.2 nogop | grep -q -- '-machine pc.*' && plan skylake 8.2 nogop | grep -q 'x-igd-opregion=on,x-igd-gms=0x2' && ! plan skylake 8.2 nogop | grep -q 'legacy-mode\|x-igd-lpc' \
	&& ok "8.2: i440fx legacy mode with x-igd-gms, no 10.0-only property" || notok "8.2: $(plan skylake 8.2 nogop)"
plan skylake 9.2 nogop | grep -q 'x-igd-opregion=on,romfile' && ok "9.2: GMS no longer zeroed, no x-igd-gms" || notok "9.2: $(plan skylake 9.2 nogop)"
"$IGDROM" vmm-config --vmm qemu --sysfs "$T/tigerlake" --qemu-version 8.2 --rom "$TMP/nogop.rom" > /dev/null 2> "$TMP/e"
grep -q 'cannot set up this IGD.s stolen memory' "$TMP/e" && ok "8.2 with Tiger Lake: says stolen memory cannot work there" || notok "8.2 TGL warning: $(cat "$TMP/e")"
"$IGDROM" vmm-config --vmm proxmox --no-notes --sysfs "$T/skylake" --qemu-version 8.2 --rom "$TMP/nogop.rom" > "$TMP/p" 2>/dev/null
grep -q -- '--machine pc --bios ovmf --vga none' "$TMP/p" && grep -q 'legacy-igd=1,romfile=nogop.rom' "$TMP/p" && grep -q "x-igd-gms=0x2" "$TMP/p" \
	&& ok "Proxmox VE 8 (QEMU 8.2): i440fx, legacy-igd=1, x-igd-gms through --args" || notok "PVE 8: $(cat "$TMP/p")"
"$IGDROM" vmm-config --vmm proxmox --no-notes --sysfs "$T/tigerlake" --qemu-version 10.1 --rom "$TMP/gop.rom" > "$TMP/p" 2>/dev/null
grep -q 'legacy-igd=1' "$TMP/p" && grep -q 'x-igd-lpc=on' "$TMP/p" && ok "Proxmox VE 9 with a GOP: legacy-igd=1 and x-igd-lpc=on" || notok "PVE 9 gop: $(cat "$TMP/p")"
"$IGDROM" vmm-config --vmm bhyve --sysfs "$T/tigerlake" --rom "$TMP/nogop.rom" > "$TMP/b" 2>/dev/null
grep -q 'pptdevs' "$TMP/b" && grep -q '64-bit BDSM at 0xC0' "$TMP/b" && ok "bhyve: pptdevs and the gen 12 BDSM note" || notok "bhyve gen 12: $(cat "$TMP/b")"
"$IGDROM" vmm-config --vmm bhyve --sysfs "$T/meteorlake" --rom "$TMP/nogop.rom" > "$TMP/b2" 2>/dev/null
grep -q 'Meteor Lake and later: no BDSM' "$TMP/b2" && ! cmp -s "$TMP/b" "$TMP/b2" && ok "bhyve: Meteor Lake gets its own note" || notok "bhyve MTL: $(cat "$TMP/b2")"
