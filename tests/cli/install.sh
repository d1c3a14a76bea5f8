#!/usr/bin/env bash
# make install PREFIX=...: tool, libraries, headers, pkg-config file and man page; a program
# built against the installed library through pkg-config runs.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
P=$TMP/prefix
if make -s install PREFIX="$P" >"$TMP/install.log" 2>&1; then ok "make install"; else notok "make install: $(tail -3 "$TMP/install.log")"; fi
for f in bin/igdrom lib/libigd.a lib/libigd.so include/igd/vbt.h lib/pkgconfig/igd.pc share/man/man1/igdrom.1; do
	[ -e "$P/$f" ] && ok "installed $f" || notok "missing $f"
done
expect_rc "installed igdrom runs" 0 "$P/bin/igdrom" --version
cat > "$TMP/use.c" <<'C'
#include <stdio.h>
#include <igd/devices.h>
int main(void) { const igd_platform *p = igd_lookup(0x9A49); printf("%s\n", p ? p->name : "?"); return !p; }
C
if cc -o "$TMP/use" "$TMP/use.c" $(PKG_CONFIG_PATH=$P/lib/pkgconfig pkg-config --cflags --libs igd) >"$TMP/cc.log" 2>&1 &&
	[ "$(LD_LIBRARY_PATH=$P/lib "$TMP/use")" = "Tiger Lake" ]; then
	ok "a program links libigd.so through pkg-config"
else
	notok "pkg-config build: $(cat "$TMP/cc.log")"
fi
# The prefixes come from the version script itself (lines like "igd_*;" between global and local).
prefixes=$(sed -n '/global:/,/local:/s/^[[:space:]]*\([a-z0-9]*_\)\*;$/\1/p' lib/libigd.map | paste -sd'|')
nm -D --defined-only "$P/lib/libigd.so" | awk '{print $3}' | grep -vE "^($prefixes)" | grep -v '^IGD_0$' > "$TMP/leaks"
[ ! -s "$TMP/leaks" ] && ok "libigd.so exports only its module prefixes" || notok "unexpected exports: $(head -5 "$TMP/leaks")"
