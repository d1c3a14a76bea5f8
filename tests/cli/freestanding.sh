#!/usr/bin/env bash
# Every core file compiles freestanding: no libc headers, only the compiler's own (stddef,
# stdint, stdbool) and igd/env.h's IGD_FREESTANDING prototypes, as the UEFI driver builds them.
B=${B:-build}; . "$(dirname "$0")/lib.bash"
res=$(${CLANG:-clang} -print-resource-dir)
for f in lib/core/*.c; do
	if ${CLANG:-clang} -std=c11 -ffreestanding -nostdinc -isystem "$res/include" -DIGD_FREESTANDING -Iinclude \
		-Wall -Werror -fsyntax-only "$f" > "$TMP/out" 2>&1; then
		ok "$f compiles freestanding"
	else
		notok "$f needs the hosted environment: $(head -3 "$TMP/out" | tr '\n' ' ')"
	fi
done
