#!/usr/bin/env bash
# scripts/deps.sh: as a normal user it installs nothing, names what is missing and the command
# that installs it, and exits 2.  A stand-in dpkg-query reports one package missing; a
# stand-in apt-get records any call (there must be none).
B=${B:-build}; . "$(dirname "$0")/lib.bash"
shim=$TMP/shim; mkdir -p "$shim"
cat > "$shim/dpkg-query" <<'SH'
#!/bin/sh
for a; do last=$a; done
[ "$last" = libcmocka-dev ] && exit 1
echo 'install ok installed'
SH
printf '#!/bin/sh\necho "apt-get $*" >> "%s/apt-calls"\n' "$TMP" > "$shim/apt-get"
cp scripts/deps.sh "$TMP/deps.sh"   # a clone under /root is not readable by nobody
chmod 755 "$TMP" "$shim" "$shim"/* "$TMP/deps.sh"
run_user() { (cd "$TMP" && if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi); }
run_user env PATH="$shim:$PATH" bash "$TMP/deps.sh" > "$TMP/out" 2> "$TMP/err"
rc=$?
[ $rc -eq 2 ] && ok "deps as a normal user with a package missing: exit 2" || notok "deps as a user: exit $rc"
grep -q 'missing Debian packages: libcmocka-dev' "$TMP/err" && ok "deps names the missing package" || notok "deps message: $(cat "$TMP/err")"
grep -q 'apt-get install --no-install-recommends libcmocka-dev' "$TMP/err" && ok "deps gives the command that installs it" || notok "deps command: $(cat "$TMP/err")"
[ ! -e "$TMP/apt-calls" ] && ok "deps as a normal user runs no apt-get" || notok "apt-get was called: $(cat "$TMP/apt-calls")"
run_user env PATH="$PATH" bash "$TMP/deps.sh" > "$TMP/out" 2>&1
[ $? -eq 0 ] && grep -q 'packages present' "$TMP/out" && ok "deps with everything present: exit 0, as any user" || notok "deps all present: $(cat "$TMP/out")"
