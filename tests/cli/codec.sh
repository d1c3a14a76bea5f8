#!/usr/bin/env bash
# `igdrom compress|decompress` on files: EDK2-identical output for every TianoCompress vector
# (EFI and Tiano formats), exact round trips in both modes, and refusals that leave no output.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
cd "$TESTDATA" || exit 1
IGDROM=$OLDPWD/$IGDROM
while IFS=$'\t' read -r input efi tiano; do
	[ "$input" = input ] && continue
	name=$(basename "$input")
	for fmt in efi tiano; do
		want=$efi; [ $fmt = tiano ] && want=$tiano
		"$IGDROM" --quiet compress --format $fmt "$input" "$TMP/c" 2>"$TMP/err"
		if cmp -s "$TMP/c" "$want"; then ok "compress $fmt $name byte-identical to EDK2"
		else notok "compress $fmt $name differs from $want ($(head -c 200 "$TMP/err"))"; fi
		"$IGDROM" decompress --format $fmt "$want" "$TMP/d" 2>"$TMP/err"
		if cmp -s "$TMP/d" "$input"; then ok "decompress $fmt $name (EDK2 stream) restores the input"
		else notok "decompress $fmt $name ($(head -c 200 "$TMP/err"))"; fi
	done
	"$IGDROM" --quiet compress --mode best "$input" "$TMP/b" &&
		"$IGDROM" decompress "$TMP/b" "$TMP/bd"
	if cmp -s "$TMP/bd" "$input" && [ "$(stat -c %s "$TMP/b")" -le "$(stat -c %s "$efi")" ]; then
		ok "best $name round-trips and is no larger than EDK2's"
	else notok "best $name: round trip or size"; fi
	rm -f "$TMP/c" "$TMP/d" "$TMP/b" "$TMP/bd"
done < vectors/compress/MANIFEST.tsv

# A truncated stream and a stream of the other format are refused with a located error, no output.
head -c 20 vectors/compress/out/gpl3.txt.efi.cmp >"$TMP/short.cmp"
expect_rc "truncated stream refused" 1 "$IGDROM" decompress "$TMP/short.cmp" "$TMP/none"
if [ ! -e "$TMP/none" ] && grep -q "short.cmp: offset 0x" "$TMP/err"; then ok "no output, error names file and offset"
else notok "truncated stream: output left or error unlocated: $(head -c 200 "$TMP/err")"; fi
expect_rc "Tiano stream read as EFI refused" 1 "$IGDROM" decompress vectors/compress/out/gpl3.txt.tiano.cmp "$TMP/none"
[ ! -e "$TMP/none" ] && ok "no output after format mismatch" || notok "output left after format mismatch"
expect_rc "--mode is not a decompress option" 2 "$IGDROM" decompress --mode best vectors/compress/out/a1.efi.cmp "$TMP/none"
expect_rc "missing OUT is a usage error" 2 "$IGDROM" compress vectors/compress/inputs/a1.bin
# decompress is strict: a file that is not exactly one stream is refused.
head -c 4096 /dev/zero > "$TMP/zeros.bin"
expect_rc "decompress of 4 KiB of zeros (not a stream) fails" 1 "$IGDROM" decompress "$TMP/zeros.bin" "$TMP/z.out"
grep -q 'not a compressed stream' "$TMP/err" && [ ! -e "$TMP/z.out" ] && ok "it says so and writes nothing" || notok "zeros: $(cat "$TMP/err")"
{ cat "$TESTDATA/vectors/compress/out/abab.efi.cmp"; printf 'XXXX'; } > "$TMP/trailing.cmp"
expect_rc "decompress of a stream with trailing bytes fails" 1 "$IGDROM" decompress "$TMP/trailing.cmp" "$TMP/t.out"
# Decompression writes behind the decoder (a second thread writes each final MiB): a 3 MB
# round trip is exact, and a stream corrupt in its middle, after megabytes went to the
# temporary file, leaves no output and no temporary file.
cat "$TESTDATA"/corpus/pe/*.efi "$TESTDATA"/corpus/pe/*.efi > "$TMP/big.bin"
"$IGDROM" compress --mode compat "$TMP/big.bin" "$TMP/big.cmp" > /dev/null
expect_rc "decompress of a 3 MB stream (written behind the decoder)" 0 "$IGDROM" decompress "$TMP/big.cmp" "$TMP/big.out"
cmp -s "$TMP/big.out" "$TMP/big.bin" && ok "the 3 MB round trip is exact" || notok "3 MB round trip differs"
python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); m = len(d) * 3 // 4
for i in range(m, m + 64): d[i] ^= 0x5A
open(sys.argv[2], "wb").write(d)' "$TMP/big.cmp" "$TMP/bigbad.cmp"
mkdir -p "$TMP/bad"
expect_rc "decompress of a stream corrupt three quarters in fails" 1 "$IGDROM" decompress "$TMP/bigbad.cmp" "$TMP/bad/out.bin"
[ -z "$(ls -A "$TMP/bad")" ] && grep -q 'corrupt compressed data' "$TMP/err" \
	&& ok "nothing is left of the output, temporary file included" || notok "after a failed decompression: $(ls -A "$TMP/bad") $(cat "$TMP/err")"
# Best mode on 600 KB of random A/C/G/T (more matches a position than its match pool holds on
# average): it once wrote a stream that decoded to other bytes; compress now decodes what it
# wrote before it writes, and the round trip is exact.
python3 -c 'import random, sys; r = random.Random(1); open(sys.argv[1], "wb").write(bytes(r.choice(b"ACGT") for _ in range(600000)))' "$TMP/acgt.bin"
expect_rc "compress --mode best of 600 KB of random A/C/G/T" 0 "$IGDROM" compress --mode best "$TMP/acgt.bin" "$TMP/acgt.cmp"
"$IGDROM" decompress "$TMP/acgt.cmp" "$TMP/acgt.out" >/dev/null 2>&1
cmp -s "$TMP/acgt.out" "$TMP/acgt.bin" && ok "and it decodes back exactly" || notok "A/C/G/T round trip differs"
# The EFI window (issue 18 item 14): best mode stays inside the specification's 8 KiB window
# unless --window 16k; decompress and verify --strict tell the two apart.
DRIVER=$OLDPWD/$B/firmware/igdrom-driver.efi
"$IGDROM" compress --mode best "$DRIVER" "$TMP/w8.bin" >/dev/null
"$IGDROM" compress --mode best --window 16k "$DRIVER" "$TMP/w16.bin" >/dev/null
"$IGDROM" decompress --json "$TMP/w8.bin" "$TMP/w8.out" | grep -q '"within_spec":true' && cmp -s "$TMP/w8.out" "$DRIVER" \
	&& ok "best mode, default window: the stream is inside the specification" || notok "w8 not within spec"
"$IGDROM" decompress --json "$TMP/w16.bin" "$TMP/w16.out" | grep -q '"within_spec":false' && cmp -s "$TMP/w16.out" "$DRIVER" \
	&& ok "--window 16k: the stream is beyond the specification, and decodes exactly" || notok "w16 not flagged"
# compress --json reads within_spec off the stream: 16k on data with no far match stays inside
"$IGDROM" compress --json --mode best --window 16k "$DRIVER" "$TMP/w16j.bin" | grep -q '"within_spec":false' \
	&& ok "compress --json --window 16k: the driver's stream is beyond the specification" || notok "compress json w16"
head -c 6000 "$DRIVER" > "$TMP/small.bin"
"$IGDROM" compress --json --mode best --window 16k "$TMP/small.bin" "$TMP/small16.bin" | grep -q '"within_spec":true' \
	&& "$IGDROM" decompress --json "$TMP/small16.bin" "$TMP/small.out" | grep -q '"within_spec":true' \
	&& ok "compress --json --window 16k of 6000 bytes (no match that far): inside the specification, as decompress says" \
	|| notok "compress json small w16"
"$IGDROM" compress --mode compat --window 16k "$DRIVER" "$TMP/wx.bin" 2>"$TMP/err"; rc=$?
[ $rc = 2 ] && grep -q 'window applies to --format efi --mode best' "$TMP/err" && ok "--window with compat mode is refused" || notok "--window compat: rc $rc $(cat "$TMP/err")"
"$IGDROM" build -q --window 16k -o "$TMP/w16.rom"
"$IGDROM" verify --strict "$TMP/w16.rom" > "$TMP/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'warning: EFI compression with a 16 KiB window (position class 14): beyond the UEFI specification' "$TMP/out" \
	&& ok "verify --strict flags a ROM built with --window 16k" || notok "verify 16k: rc $rc $(cat "$TMP/out")"
"$IGDROM" build -q -o "$TMP/w8.rom"
"$IGDROM" verify --strict "$TMP/w8.rom" > "$TMP/out" 2>&1 && ok "a ROM built with the default window passes verify --strict" || notok "verify 8k: $(cat "$TMP/out")"
