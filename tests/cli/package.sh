#!/usr/bin/env bash
# make deb, reproducible builds and deterministic ROMs.
# - The Debian packages build, pass lintian without errors, and unpack into a root where the
#   packaged igdrom runs and a program builds against the packaged library with pkg-config.
# - Two package builds in different directories give byte-identical packages; two `make all`
#   in different directories give byte-identical igdrom, driver and libraries.
# - The same inputs give the same ROM, whatever the clock and time zone say: a ROM's EFI
#   images are measured into the guest's TPM (PCR 2), so a changed byte breaks sealing.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
if ! command -v dpkg-buildpackage >/dev/null || ! command -v lintian >/dev/null; then
	notok "dpkg-buildpackage or lintian missing (scripts/deps.sh installs dpkg-dev, debhelper, lintian)"; exit 0
fi
for i in 1 2; do
	make -s --no-print-directory deb B="$TMP/pkg$i" > "$TMP/deb$i.log" 2>&1 \
		&& ok "make deb (build $i, in $TMP/pkg$i)" || notok "make deb $i: $(tail -5 "$TMP/deb$i.log")"
done
for p in igdrom libigd0 libigd-dev; do
	f=$(cd "$TMP/pkg1/deb" 2>/dev/null && ls ${p}_*.deb 2>/dev/null)
	[ -n "$f" ] && ok "package $p built ($f)" || { notok "package $p missing"; continue; }
	cmp -s "$TMP/pkg1/deb/$f" "$TMP/pkg2/deb/$f" && ok "$f: byte-identical from two build directories" \
		|| notok "$f differs between the two builds"
	dpkg-deb -x "$TMP/pkg1/deb/$f" "$TMP/root"
done
L=$TMP/pkg1/deb/lintian.txt
if [ -s "$L" ] && ! grep -q '^E:' "$L"; then ok "lintian: no errors ($(grep -c '^W:' "$L") warnings)"
else notok "lintian: $(grep '^E:' "$L" 2>/dev/null | head -3 || echo 'no report')"; fi
R=$TMP/root
expect_rc "packaged igdrom runs" 0 "$R/usr/bin/igdrom" --version
[ -f "$R/usr/share/man/man1/igdrom.1.gz" ] && ok "packaged man page" || notok "no man page in the igdrom package"
"$R/usr/bin/igdrom" devices 9a49 > "$TMP/dev.out" 2>&1 && grep -q 'Tiger Lake' "$TMP/dev.out" \
	&& ok "packaged igdrom knows 9a49 (Tiger Lake)" || notok "packaged igdrom devices: $(cat "$TMP/dev.out")"
cat > "$TMP/use.c" <<'C'
#include <stdio.h>
#include <igd/devices.h>
int main(void) { const igd_platform *p = igd_lookup(0x46D1); printf("%s\n", p ? p->name : "?"); return !p; }
C
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
if cc -o "$TMP/use" "$TMP/use.c" $(PKG_CONFIG_SYSROOT_DIR=$R PKG_CONFIG_LIBDIR=$R/usr/lib/$ma/pkgconfig pkg-config --cflags --libs igd) > "$TMP/cc.log" 2>&1 \
	&& out=$(LD_LIBRARY_PATH=$R/usr/lib/$ma "$TMP/use") && [ "$out" = "Alder Lake-N" ]; then
	ok "a program builds against the packaged libigd with pkg-config and runs ($out)"
else
	notok "build against the package: $(cat "$TMP/cc.log") ${out:-}"
fi
ldd "$TMP/use" 2>/dev/null | grep -q "libigd.so.0" && ok "linked against libigd.so.0 (SONAME)" || notok "not linked against libigd.so.0"
# Plain builds in two directories.
bash scripts/copy-sources.sh "$TMP/src"
make -s -C "$TMP/src" all > "$TMP/src.log" 2>&1 || notok "second tree build: $(tail -3 "$TMP/src.log")"
for f in igdrom firmware/igdrom-driver.efi libigd.so libigd.a; do
	cmp -s "$B/$f" "$TMP/src/build/$f" && ok "$f: byte-identical from another directory" || notok "$f differs when built in another directory"
done
# Same inputs, same ROM: another clock, another zone, and the packaged tool.
"$IGDROM" vbt sample -o "$TMP/s.vbt" > /dev/null
SOURCE_DATE_EPOCH=1 TZ=UTC "$IGDROM" build --vbt "$TMP/s.vbt" --device 9a49 -o "$TMP/a.rom" > /dev/null 2>&1
sleep 1
SOURCE_DATE_EPOCH=2000000000 TZ=Asia/Tokyo "$IGDROM" build --vbt "$TMP/s.vbt" --device 9a49 -o "$TMP/b.rom" > /dev/null 2>&1
"$R/usr/bin/igdrom" build --vbt "$TMP/s.vbt" --device 9a49 -o "$TMP/c.rom" > /dev/null 2>&1
[ -s "$TMP/a.rom" ] && cmp -s "$TMP/a.rom" "$TMP/b.rom" && ok "the same inputs give the same ROM at another time and zone" || notok "ROMs differ across time"
[ -s "$TMP/c.rom" ] && cmp -s "$TMP/a.rom" "$TMP/c.rom" && ok "the packaged igdrom builds the same ROM" || notok "packaged igdrom's ROM differs"
