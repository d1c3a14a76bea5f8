#!/usr/bin/env bash
# igdrom vmm-config: configurations parsed back by QEMU itself and validated by libvirt's schema.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
T=tests/probe/trees
for v in qemu libvirt proxmox bhyve; do
	expect_rc "vmm-config --vmm $v" 0 "$IGDROM" vmm-config --vmm "$v" --sysfs "$T/tigerlake" --rom /tmp/igd.rom
	grep -q '^# Why:' "$TMP/out" && ok "$v: reasons printed" || notok "$v: no reasons"
done
expect_rc "unknown VMM is a usage error" 2 "$IGDROM" vmm-config --vmm xen

installed=$(qemu-system-x86_64 --version | sed -n 's/QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p')
props=$(qemu-system-x86_64 -device vfio-pci,help 2>/dev/null | sed -n 's/^  \([a-z0-9_-]*\)=.*/\1/p')
dev=$("$IGDROM" vmm-config --vmm qemu --no-notes --qemu-version "$installed" | sed -n 's/.*-device \(vfio-pci[^ ]*\).*/\1/p')
missing=""
for kv in $(echo "${dev#vfio-pci,}" | tr ',' ' '); do
	k=${kv%%=*}
	case $k in id|bus) continue ;; esac # generic qdev properties, not in the help list
	echo "$props" | grep -qx "$k" || missing="$missing $k"
done
[ -z "$missing" ] && ok "every -device property exists in the installed QEMU $installed" || notok "properties unknown to QEMU $installed:$missing"
# QEMU parses the whole argument: the only complaint may be the missing host device.
timeout 20 qemu-system-x86_64 -nodefaults -machine q35 -accel tcg -display none -S -device "$dev" > "$TMP/q.out" 2>&1
if grep -qiE "property .* not found|invalid parameter|parameter .* expects" "$TMP/q.out"; then
	notok "QEMU rejected the -device syntax: $(cat "$TMP/q.out")"
else
	grep -qi "vfio\|0000:00:02.0\|no such file" "$TMP/q.out" && ok "QEMU $installed parses the -device line (fails only on the absent host IGD)" || notok "unexpected QEMU output: $(cat "$TMP/q.out")"
fi
new=$("$IGDROM" vmm-config --vmm qemu --no-notes --qemu-version 10.1)
echo "$new" | grep -q 'x-igd-legacy-mode=off' && ! echo "$new" | grep -q 'x-igd-opregion' \
	&& ok "QEMU 10.1: legacy mode off, OpRegion on by default (not repeated)" || notok "10.1 line: $new"
old=$("$IGDROM" vmm-config --vmm qemu --qemu-version 9.1)
echo "$old" | grep -q 'x-igd-opregion=on' && ! echo "$old" | grep -q 'x-igd-legacy-mode' && echo "$old" | grep -q 'zeroes GMS' \
	&& ok "QEMU 9.1: x-igd-opregion=on, no 10.0-only options, GMS pitfall named" || notok "9.1 output"
if command -v virt-xml-validate >/dev/null; then
	for q in 9.2 10.1; do
		"$IGDROM" vmm-config --vmm libvirt --no-notes --qemu-version $q --rom "$TMP/igd.rom" > "$TMP/d.xml"
		virt-xml-validate "$TMP/d.xml" domain >/dev/null 2>&1 && ok "libvirt XML for QEMU $q validates against libvirt's schema" || notok "libvirt XML invalid: $(virt-xml-validate "$TMP/d.xml" domain 2>&1 | head -2)"
	done
else
	ok "libvirt XML # SKIP virt-xml-validate not installed"
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
"$IGDROM" vmm-config --vmm bhyve --rom "$TMP/gop.rom" --device 1912 > "$TMP/v" 2> "$TMP/e"
grep -q 'does not list 8086:1912 and will not start on it' "$TMP/e" && ! grep -q "lists this device" "$TMP/v" \
	&& ok "vmm-config: a GOP of another family is warned about (Skylake 1912)" || notok "GOP warning: $(cat "$TMP/e")"
