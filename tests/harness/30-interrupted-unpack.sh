#!/usr/bin/env bash
# An unpack killed midway (no "base" tag yet) is redone by the next run, and
# the result is the pinned base commit.
. "$(dirname "$0")/lib.sh"
. "$TOP/base.conf"

real=$("$S/fetch-base.sh" 2>/dev/null) || { fail "cannot fetch the real base package"; exit 1; }
b=$T/build
mkdir -p "$b/downloads"
ln "$real" "$b/downloads/" 2>/dev/null || cp "$real" "$b/downloads/"

setsid env BUILD="$b" "$S/unpack-base.sh" >"$T/first.out" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
	[ -e "$b/src/Makefile" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.2
done
if kill -0 "$pid" 2>/dev/null; then
	kill -TERM -- "-$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ok "unpack interrupted midway"
else
	fail "unpack finished before it could be interrupted"
fi
if git -C "$b/src" rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	fail "interrupted unpack left a base tag"
else
	ok "interrupted unpack left no base tag"
fi
check "the next run succeeds" env BUILD="$b" "$S/unpack-base.sh"
got=$(git -C "$b/src" rev-parse base 2>/dev/null)
want=$(git -C "$REAL_SRC" rev-parse base 2>/dev/null)
if [ -n "$got" ] && [ "$got" = "$want" ] && [ "$got" = "$BASE_COMMIT" ]; then
	ok "resumed unpack gives the pinned base commit ${got:0:12}"
else
	fail "base commit after resume '$got', build/src has '$want', base.conf pins '$BASE_COMMIT'"
fi
if [ -z "$(git -C "$b/src" status --porcelain --ignored | head -n 3)" ]; then
	ok "the whole unpacked tree is tracked"
else
	fail "files of the unpacked tree are not tracked: $(git -C "$b/src" status --porcelain --ignored | head -n 3)"
fi
rm -rf "$b"
