#!/usr/bin/env bash
# Installs the Debian 12 packages igdrom's build and tests need, only those missing.
# Idempotent; prints what it installs.  Needs root (or passwordless sudo) when something is missing.
set -euo pipefail
packages=(
	make gcc clang python3 bc lld libclang-rt-14-dev pkg-config # build, sanitizers, libFuzzer, UEFI PE link
	gnu-efi                                          # UEFI headers for firmware/
	liblzma-dev libbrotli-dev                        # LZMA and Brotli sections in firmware images
	libpci-dev                                       # igdrom probe on a real host
	libcmocka-dev                                    # unit tests
	qemu-system-x86 ovmf                             # firmware tests in QEMU + OVMF
	intel-gpu-tools                                  # intel_vbt_decode, the VBT cross-check
	libvirt-clients                                  # virt-xml-validate for generated domain XML
	uefitool-cli                                     # UEFIExtract, the firmware-image cross-check
)
missing=()
for p in "${packages[@]}"; do
	[[ $p == \#* ]] && continue
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
	echo "deps: all ${#packages[@]} packages present"
	exit 0
fi
echo "deps: installing ${missing[*]}"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed ${missing[*]}"
