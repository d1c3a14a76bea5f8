#!/usr/bin/env bash
# The Debian packages igdrom's build, tests and packaging need (Debian 12 and 13).
# As root: installs the missing ones (idempotent; prints what it installs).
# As anyone else: installs nothing, names what is missing and the command that installs it,
# and exits 2.
# A need written "a|b" is the first of those names that the release has: Debian 12 and 13
# spell some packages differently, so names are looked up, not assumed.
set -euo pipefail
needs=(
	make gcc clang python3 bc lld pkg-config      # build; clang for sanitizers, libFuzzer, the driver
	"libclang-rt-dev|libclang-rt-14-dev"          # ASan/UBSan/libFuzzer runtimes of the default clang
	gnu-efi                                       # UEFI headers for firmware/
	liblzma-dev libbrotli-dev                     # LZMA and Brotli sections in firmware images
	libpci-dev                                    # igdrom probe on a real host
	libcapstone-dev                               # disassembler: the table a GOP driver scans
	libcmocka-dev                                 # unit tests
	qemu-system-x86 ovmf                          # firmware tests in QEMU + OVMF
	intel-gpu-tools                               # intel_vbt_decode, the VBT cross-check
	libvirt-clients                               # virt-xml-validate for generated domain XML
	uefitool-cli                                  # UEFIExtract, the firmware-image cross-check
	build-essential debhelper dpkg-dev lintian    # make deb and its test (dpkg-checkbuilddeps wants build-essential)
)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
has_candidate() { # the release (apt's lists) offers this package
	local c
	c=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	[[ -n $c && $c != "(none)" ]]
}

missing=()
for need in "${needs[@]}"; do
	IFS='|' read -r -a names <<<"$need"
	done_=0
	for n in "${names[@]}"; do installed "$n" && { done_=1; break; }; done
	((done_)) || missing+=("$need")
done
if ((${#missing[@]} == 0)); then
	echo "deps: all ${#needs[@]} packages present"
	exit 0
fi

resolve() { # the first name of each missing need that apt offers (or the first name)
	local out=() need n pick
	for need in "${missing[@]}"; do
		IFS='|' read -r -a names <<<"$need"
		pick=${names[0]}
		for n in "${names[@]}"; do has_candidate "$n" && { pick=$n; break; }; done
		out+=("$pick")
	done
	echo "${out[*]}"
}

if [[ $(id -u) -ne 0 ]]; then
	echo "deps: missing Debian packages: $(resolve)" >&2
	echo "deps: install them as root: apt-get install --no-install-recommends $(resolve)" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
packages=$(resolve)
echo "deps: installing $packages"
# shellcheck disable=SC2086 # one word per package
apt-get install -y -qq --no-install-recommends $packages >/dev/null
echo "deps: installed $packages"
