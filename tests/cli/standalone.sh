#!/usr/bin/env bash
# The repository stands on its own: nothing reads a directory beside the clone, every test data
# file is listed in tests/data/INDEX.tsv with a source and licence, and code comments cite
# docs/ (or public sources), not files outside the tree.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
files=$(git ls-files 2>/dev/null || find . -path ./build -prune -o -type f -print)
code=$(printf '%s\n' "$files" | grep -E '\.(c|h|sh|py|mk|bash)$|(^|/)Makefile$|^debian/rules$' | grep -v '^tests/cli/standalone.sh$')
# the directory beside a developer's checkout, and the variable that named it (spelled in
# pieces so that this file does not name them itself)
beside=$(printf '%s' '\.\./' 'sha' 'red'); var=$(printf '%s' 'SHA' 'RED')
hits=$(printf '%s\n' "$code" | xargs grep -lE "$beside|\\\$\\{?$var\\b" 2>/dev/null)
[ -z "$hits" ] && ok "no code, test or build rule reads the directory beside the clone" || notok "these read the directory beside the clone: $hits"
listed=$(tail -n +2 tests/data/INDEX.tsv | cut -f1 | sort)
present=$(cd tests/data && find . -type f ! -path ./INDEX.tsv | sed 's|^\./||' | sort)
[ "$listed" = "$present" ] && ok "tests/data/INDEX.tsv lists exactly the files in tests/data ($(echo "$present" | wc -l))" \
	|| notok "INDEX.tsv and tests/data differ: $(diff <(echo "$listed") <(echo "$present") | head -5 | paste -sd' ')"
bad=$(tail -n +2 tests/data/INDEX.tsv | awk -F'\t' 'NF != 6 || $2 == "" || $5 == "" || $6 == "" {print $1}')
[ -z "$bad" ] && ok "every INDEX.tsv row gives source, licence and reason" || notok "incomplete rows: $bad"
size=$(du -sk tests/data | cut -f1)
[ "$size" -le 5120 ] && ok "test data is small (${size} KiB)" || notok "test data is ${size} KiB"
# Every "docs/X.md" a comment cites exists.
cited=$(printf '%s\n' "$code" | xargs grep -ohE 'docs/[a-z0-9-]+\.md' 2>/dev/null | sort -u)
missing=$(for d in $cited; do [ -f "$d" ] || echo "$d"; done)
[ -n "$cited" ] && [ -z "$missing" ] && ok "the $(echo "$cited" | wc -l) docs the code cites exist" || notok "cited docs missing: $missing"
bare=$(printf '%s\n' "$code" | xargs grep -nE '(^|[^/a-z-])(vmm-contracts|firmware-driver|firmware-images|opregion-vbt|option-rom|uefi-compression|users|toolchain)\.md' 2>/dev/null | head -3)
[ -z "$bare" ] && ok "doc citations name docs/" || notok "citations outside docs/: $bare"
[ -z "$(git ls-files 2>/dev/null | grep -E '__pycache__|\.pyc$|^build/')" ] && ok "no build artefacts in git" || notok "artefacts tracked in git"
