# Sourced by tests/cli/vmm-config.sh and scripts/check-qemu10.sh: QEMU itself parses what
# `igdrom vmm-config` prints.  Needs IGDROM, T (the sysfs trees) and TMP; ok/notok from lib.bash.
# $QEMU_RUN is the shell that runs a line: plain bash here, a chroot holding another QEMU
# release for check-qemu10.  Each line runs in a scratch directory holding the VARS copy the
# line makes; KVM becomes TCG and -S stops before the guest runs.  The only failure accepted is
# the one from the absent host IGD.
qemu_runs_clean() { # description (reads $TMP/run.sh)
	(cd "$TMP" && timeout 60 ${QEMU_RUN:-bash} < "$TMP/run.sh") > "$TMP/q.out" 2>&1
	if grep -qiE "not found|invalid|expects|not available|in use by|duplicate|unsupported|cannot" "$TMP/q.out" ||
		! grep -qE "no iommu_group found" "$TMP/q.out"; then
		notok "$1: $(tr '\n' ' ' < "$TMP/q.out" | head -c 400)"
	else
		ok "$1"
	fi
}
qemu_accepts() { # version tree rom description
	"$IGDROM" vmm-config --vmm qemu --no-notes --qemu-version "$1" --sysfs "$T/$2" --rom "$3" > "$TMP/line" 2>/dev/null
	{ echo 'mkdir -p run && cd run || exit 1'
	  sed -e 's/accel=kvm -cpu host/accel=tcg -cpu max/' -e 's/-display none/-display none -S/' "$TMP/line"; } > "$TMP/run.sh"
	qemu_runs_clean "$4: QEMU $1 parses the whole printed line (fails only on the absent host IGD)"
}
# Proxmox: what qemu-server makes of hostpci0 (legacy-igd=1: bus pci.0, addr 0x2; q35: a
# root port), plus the printed --args, parsed by QEMU.
pve_accepts() { # version
	"$IGDROM" vmm-config --vmm proxmox --no-notes --qemu-version "$1" --sysfs "$T/tigerlake" --rom "$TMP/nogop.rom" > "$TMP/pve" 2>/dev/null
	local args m devloc
	args=$(sed -n "s/.*--args '\(.*\)'/\1/p" "$TMP/pve")
	if grep -q -- '--machine pc ' "$TMP/pve"; then m=pc; devloc="bus=pci.0,addr=0x2"
	else m=q35; devloc="bus=pcie.0,addr=0x1c"; fi
	echo "qemu-system-x86_64 -machine $m,accel=tcg -display none -vga none -nodefaults -S -device vfio-pci,host=0000:00:02.0,id=hostpci0,$devloc,romfile=/usr/share/kvm/nogop.rom $args" > "$TMP/run.sh"
	qemu_runs_clean "Proxmox for QEMU $1: QEMU parses hostpci0 with the printed --args"
}
