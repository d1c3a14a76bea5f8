# Shared helpers for CLI tests: TAP output, expectations on exit codes and files.
IGDROM=${IGDROM:-$B/igdrom}
TESTDATA=${TESTDATA:-$PWD/tests/data}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { # description, then a command that must succeed
	local d=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else notok "$d"; fi
}
expect_rc() { # description, expected rc, command...
	local d=$1 want=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$d"; else notok "$d (exit $rc, wanted $want: $(head -c 300 "$TMP/err"))"; fi
}
