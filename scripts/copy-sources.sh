#!/usr/bin/env bash
# copy-sources.sh DIR: copies the project's sources (tracked files and new ones that .gitignore
# does not exclude; symlinks kept as links) into DIR, for builds that must see only sources.
# Outside a git checkout it copies the tree without build/ and .git/.
set -euo pipefail
dest=$1
mkdir -p "$dest"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			if [[ -e $f || -L $f ]]; then printf '%s\0' "$f"; fi
		done | xargs -0 cp -P --parents -t "$dest"
else
	tar -c --exclude=./build --exclude=./.git . | tar -x -C "$dest"
fi
