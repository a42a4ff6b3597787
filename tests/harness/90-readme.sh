#!/usr/bin/env bash
# The README as a newcomer reads it: it keeps the two commands, .ci/run runs
# exactly `make check`, every environment variable the code reads with a
# default (${VAR:-...}, ${VAR:=...}, ${VAR:+...}) is in the README's list,
# and every variable that list names is read by the code.
. "$(dirname "$0")/lib.sh"
plan 4

readme=$TOP/README.md
if grep -qE '^    make +# ' "$readme" && grep -qE '^    make check +# ' "$readme"; then
	ok "README shows the two commands, make and make check"
else
	fail "README lacks 'make' or 'make check' in its two commands"
fi
if [ "$(grep -v '^#' "$TOP/.ci/run" | grep -c 'make')" = 1 ] && grep -qx 'exec make check' "$TOP/.ci/run"; then
	ok ".ci/run runs exactly make check"
else
	fail ".ci/run does not run exactly make check"
fi
(cd "$TOP" && git ls-files -co --exclude-standard | grep -v '^patches/\|\.md$\|^tests/harness/90-readme.sh$' |
	xargs grep -ohE '\$\{[A-Z][A-Z0-9_]*:[-=+]' | sed -E 's/\$\{([A-Z0-9_]+).*/\1/' | sort -u) >"$T/code"
sed -n '/^## Environment variables/,$p' "$readme" | grep -oE '`[A-Z][A-Z0-9_]+' | tr -d '`' | sort -u >"$T/readme"
missing=$(comm -23 "$T/code" "$T/readme" | paste -sd' ')
extra=$(comm -13 "$T/code" "$T/readme" | paste -sd' ')
if [ -z "$missing" ]; then ok "every variable the code reads ($(grep -c . "$T/code")) is in the README"; else
	fail "variables the README does not list: $missing"; fi
if [ -z "$extra" ]; then ok "every variable the README lists is read by the code"; else
	fail "the README lists variables no code reads: $extra"; fi
