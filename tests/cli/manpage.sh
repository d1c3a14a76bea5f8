#!/usr/bin/env bash
# The man page documents every option each command's --help lists (issue 18 item 17).
B=${B:-build}; . "$(dirname "$0")/lib.bash"
for c in probe doctor build extract vmm-config inspect verify vbt opregion compress decompress fwcfg e820 devices; do
	missing=""
	# option lines of the help: "  --opt" or "  -o, --opt", and the usage line's [--opt]
	opts=$("$IGDROM" $c --help 2>&1 | sed -n -e 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p' \
		-e 's/^Usage:\(.*\)/\1/p' | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u)
	for o in $opts; do
		grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" docs/igdrom.1 || missing="$missing $o"
	done
	[ -n "$opts" ] && [ -z "$missing" ] && ok "man page documents every option of $c ($(echo $opts | wc -w))" \
		|| notok "man page lacks options of $c:$missing"
done
grep -qF -- '\-\-quiet' docs/igdrom.1 && ok "man page documents the global --quiet" || notok "man page lacks --quiet"
