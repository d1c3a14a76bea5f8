# Shared by the QEMU suites and `make demo`: boots Debian's OVMF under TCG with a ROM on a
# pci-testdev (OVMF's PCI bus driver loads it: docs/option-rom.md §10, docs/toolchain.md) and the
# igdtest application as the boot program standing in for the IGD.
B=${B:-build}
IGDROM=${IGDROM:-$B/igdrom}
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-90}

# boot_vm DIR ROM [fw_cfg name=file ...]: boots once, leaves DIR/debugcon.log and DIR/serial.log.
# QEMU_MACHINE (default q35) and QEMU_MEM (MiB, default 512) pick the machine; QEMU_EXTRA adds
# arguments (a device at 00:1f.0, say).
boot_vm() {
	local dir=$1 rom=$2; shift 2
	local fwcfg=() item
	mkdir -p "$dir/esp/EFI/BOOT"
	cp "$B/firmware/igdtest.efi" "$dir/esp/EFI/BOOT/BOOTX64.EFI"
	cp "$OVMF_VARS" "$dir/vars.fd"
	for item in "$@"; do fwcfg+=(-fw_cfg "name=${item%%=*},file=${item#*=}"); done
	timeout "$QEMU_TIMEOUT" qemu-system-x86_64 -machine "${QEMU_MACHINE:-q35}" -accel tcg -m "${QEMU_MEM:-512}" \
		-nographic -no-reboot \
		-net none -display none -monitor none -serial "file:$dir/serial.log" \
		-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE" \
		-drive "if=pflash,format=raw,file=$dir/vars.fd" \
		-drive "format=raw,file=fat:rw:$dir/esp" \
		-device "pci-testdev,romfile=$rom" "${fwcfg[@]}" \
		-debugcon "file:$dir/debugcon.log" -global isa-debugcon.iobase=0x402 ${QEMU_EXTRA:-} \
		>"$dir/qemu.out" 2>&1
	echo $? > "$dir/qemu.rc"
}
