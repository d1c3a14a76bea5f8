#!/usr/bin/env bash
# `igdrom efirom` reproduces every EDK2 EfiRom vector byte for byte and refuses what EfiRom refuses.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
cd "$TESTDATA" || exit 1
IGDROM=$OLDPWD/$IGDROM
while IFS=$'\t' read -r name status args; do
	[ "$name" = name ] && continue
	out=$TMP/$name.rom
	# shellcheck disable=SC2086
	"$IGDROM" efirom $args -o "$out" >/dev/null 2>"$TMP/err"
	rc=$?
	if [ "$status" = 0 ]; then
		if [ $rc -eq 0 ] && cmp -s "$out" "vectors/efirom/$name.rom"; then ok "efirom $name byte-identical"
		else notok "efirom $name (exit $rc: $(head -c 200 "$TMP/err"))"; fi
	else
		if [ $rc -eq "$status" ] && [ ! -e "$out" ] && [ -s "$TMP/err" ]; then ok "efirom $name refused, no output"
		else notok "efirom $name should be refused with $status and no output (exit $rc)"; fi
	fi
done < vectors/efirom/MANIFEST.tsv
