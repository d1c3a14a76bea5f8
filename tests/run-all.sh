#!/usr/bin/env bash
# Runs every suite of `make check` and prints "N passed, N failed" at the end.
# Each suite speaks TAP ("ok"/"not ok" lines); this script counts them.
set -u
B=${B:-build}
TESTDATA=${TESTDATA:-$PWD/tests/data}
export B TESTDATA
log=$B/check.log
: > "$log"
pass=0 fail=0

run_suite() { # name command...
	local name=$1; shift
	local out
	echo "== $name"
	out=$("$@" 2>&1)
	local rc=$?
	printf '%s\n' "$out" >> "$log"
	local p f
	p=$(printf '%s\n' "$out" | grep -cE '^ok ' || true)
	f=$(printf '%s\n' "$out" | grep -cE '^not ok ' || true)
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		printf '%s\n' "$out" | tail -20
		echo "not ok - $name exited $rc"
	fi
	printf '%s\n' "$out" | grep -E '^not ok ' || true
	echo "   $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
}

export CMOCKA_MESSAGE_OUTPUT=TAP
for t in "$B"/unit/test_*; do run_suite "unit $(basename "$t")" "$t"; done
for t in "$B"/san/unit/test_*; do run_suite "unit+asan $(basename "$t")" "$t"; done
# libFuzzer stops at 2 GiB of memory; the replays hold inputs to the same bound, so an input
# that makes a parser ask for a huge buffer fails here too.
for t in "$B"/san/replay/*; do
	name=$(basename "$t")
	ASAN_OPTIONS=${ASAN_OPTIONS:-max_allocation_size_mb=2048:allocator_may_return_null=0} \
		run_suite "fuzz-replay $name" "$t" "tests/fuzz/corpus/$name"
done
for t in tests/cli/*.sh; do run_suite "cli $(basename "$t" .sh)" bash "$t"; done
if [ -d tests/qemu ] && ls tests/qemu/test-*.sh >/dev/null 2>&1; then
	for t in tests/qemu/test-*.sh; do run_suite "qemu $(basename "$t" .sh)" bash "$t"; done
fi
echo "full log: $log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
