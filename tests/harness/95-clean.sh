#!/usr/bin/env bash
# make clean and make distclean remove everything they say: every directory
# the harness writes under build/ (found in its scripts) is either removed by
# make clean or one it keeps (downloads, apt, src, dev), and distclean keeps
# nothing but refuses to remove build/dev unasked.
. "$(dirname "$0")/lib.sh"
plan 5

b=$T/build
keep="apt dev downloads src"
# Every build/NAME the scripts name (the pattern is the literal text $BUILD).
# shellcheck disable=SC2016 # a literal $ in the pattern
mapfile -t names < <(cd "$TOP" && git ls-files -co --exclude-standard |
	grep -v '^patches/\|\.md$' | xargs grep -ohE '\$BUILD/[a-z][a-zA-Z0-9_.-]*|\$\{BUILD:\?\}/[a-z][a-zA-Z0-9_.-]*' |
	sed 's/.*\///' | sort -u)
if [ ${#names[@]} -ge 10 ]; then ok "${#names[@]} directories of build/ named by the scripts: ${names[*]}"; else
	fail "only ${#names[@]} build/ directories found in the scripts: ${names[*]}"; fi
mkdir -p "$b"
for n in "${names[@]}"; do
	mkdir -p "$b/$n.x" "$b/$n/sub"
	: >"$b/$n/sub/file"
done
git init -q "$b/src"
check "make clean" env BUILD="$b" SRC="$b/src" "$TOP/scripts/clean.sh"
left=$(cd "$b" && for d in *; do [[ " $keep " == *" $d "* ]] || [[ $d == *.x ]] || echo "$d"; done | paste -sd' ')
if [ -z "$left" ]; then ok "make clean left only $keep"; else fail "make clean left: $left"; fi
run_fails "make distclean refuses to remove build/dev" "$T/distclean.out" \
	env BUILD="$b" SRC="$b/src" "$TOP/scripts/clean.sh" --all
env BUILD="$b" SRC="$b/src" FORCE=1 "$TOP/scripts/clean.sh" --all >"$T/force.out" 2>&1
left=$(cd "$b" && for d in *; do [[ $d == *.x ]] || echo "$d"; done | paste -sd' ')
if [ -z "$left" ]; then ok "FORCE=1 make distclean leaves nothing"; else fail "distclean left: $left"; fi
