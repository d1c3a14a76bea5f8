#!/usr/bin/env bash
# The committed device table matches data/, and the importer expands nested family macros.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
if out=$(python3 scripts/gen-devices.py --check 2>&1); then ok "$out"; else notok "$out"; fi
n_tsv=$(grep -c '^0x' data/igd-devices.tsv)
[ "$n_tsv" -ge 350 ] && ok "device list has $n_tsv ids" || notok "device list has only $n_tsv ids"
# The importer on a synthetic header, in a scratch copy of the tree so data/ is untouched.
mkdir -p "$TMP/t/scripts" "$TMP/t/data"
cp scripts/import-pciids.py "$TMP/t/scripts/"
printf '#macro\tplatform\tgen\tbdsm\tgms\tggms\topregion\nSKL\tSkylake\t9\tbdsm32\tgen9\tbdw\tyes\n' > "$TMP/t/data/platforms.tsv"
cat > "$TMP/pciids.h" <<'H'
#define INTEL_SKL_GT1_IDS(MACRO__, ...) \
	MACRO__(0x1906, ## __VA_ARGS__), /* ULT GT1 */ \
	MACRO__(0x1913, ## __VA_ARGS__)
#define INTEL_SKL_IDS(MACRO__, ...) \
	INTEL_SKL_GT1_IDS(MACRO__, ## __VA_ARGS__), \
	MACRO__(0x1912, ## __VA_ARGS__)
H
python3 "$TMP/t/scripts/import-pciids.py" "$TMP/pciids.h" abc >/dev/null
[ "$(grep -c '^0x' "$TMP/t/data/igd-devices.tsv")" = 3 ] && grep -q '^0x1913	SKL' "$TMP/t/data/igd-devices.tsv" \
	&& ok "import-pciids expands nested macros" || notok "import-pciids output: $(cat "$TMP/t/data/igd-devices.tsv")"
