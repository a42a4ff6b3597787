#!/usr/bin/env bash
# The two series round-trip: export -> apply -> export gives identical files
# for net and net-next (cover letters with change-id, several authors,
# non-ASCII names, a long subject); the net-next cover letter names the net
# series with b4's prerequisite trailers (added to its description when
# missing, refused when wrong); a hand-edited patch of either series is
# caught by series/roundtrip.sh; a series without description or prefix is
# refused by export; empty series export nothing. Uses a small repository in
# KERNEL_TREE mode: the logic does not depend on the tree's size
# (40-user-tree.sh covers a real kernel tree).
. "$(dirname "$0")/lib.sh"
plan 35

r=$T/repo
small_repo "$r" 100
# dev-net: one fix; dev-net-next: three changes on top of it.
git -C "$r" checkout -q -b dev-net
sed -i 's/^line 5$/line 5 fixed/' "$r/a.c"
git -C "$r" -c user.name=Fixer -c user.email=fixer@x.invalid commit -q -a \
	--date="2026-09-01T09:00:00+02:00" -m "net: pse-pd: fix line 5

Fixes: 0123456789ab (\"net: the commit that broke it\")
Signed-off-by: Fixer <fixer@x.invalid>"
git -C "$r" checkout -q -b dev-net-next
i=0
for who in "Ada Lovelace:ada@x.invalid" "Zoë Ünicode:zoe@x.invalid" "Ada Lovelace:ada@x.invalid"; do
	i=$((i + 1))
	sed -i "s/^line $((i * 20))\$/line $((i * 20)) changed/" "$r/a.c"
	git -C "$r" -c user.name="${who%%:*}" -c user.email="${who#*:}" commit -q -a \
		--date="2026-10-0${i}T09:00:00+02:00" -m "net: pse-pd: change $i ü

Signed-off-by: ${who%%:*} <${who#*:}>"
done
env=(env KERNEL_TREE="$r" KERNEL_BASE=base TREE="$T/tree" BUILD="$T/build")
exp=("$TOP/series/export.sh" --from "$r" --net dev-net --net-next dev-net-next)

run_fails "export without a branch description fails" "$T/nodesc.out" "${exp[@]}" --out "$T/p0"
check_out "and says how to write one" "branch --edit-description dev-net" "$T/nodesc.out"
git -C "$r" config branch.dev-net.description "net: pse-pd: a fix

The fix, in a few lines.

change-id: 20261122-roundtrip-net-0123456789ab"
git -C "$r" config branch.dev-net-next.description "net: pse-pd: a rather long cover letter subject that git has to fold over two lines

Body paragraph one,
two lines.

Changes since RFC v1:
- one
    - indented

---
change-id: 20261122-roundtrip-0123456789ab"
run_fails "export without a subject prefix fails" "$T/noprefix.out" "${exp[@]}" --out "$T/p0"
check_out "and says how to set one" "config branch.dev-net.seriesPrefix 'PATCH net'" "$T/noprefix.out"
git -C "$r" config branch.dev-net.seriesPrefix "PATCH net"
git -C "$r" config branch.dev-net-next.seriesPrefix "PATCH net-next v3"

check "export both series from the dev repository" "${exp[@]}" --out "$T/p1"
check_out "the missing prerequisite-change-id is added to the description" \
	"added 'prerequisite-change-id: 20261122-roundtrip-net-0123456789ab:v1'" "$T/last.out"
n=$(find "$T/p1/net" -name '*.patch' | wc -l) nn=$(find "$T/p1/net-next" -name '*.patch' | wc -l)
if [ "$n" = 2 ] && [ "$nn" = 4 ]; then ok "net: 1 patch + cover letter, net-next: 3 + cover letter"; else
	fail "net: $n files, net-next: $nn files; want 2 and 4"; fi
cover=$T/p1/net-next/0000-cover-letter.patch
check_out "net cover letter subject prefix" '^Subject: \[PATCH net 0/1\] net: pse-pd: a fix$' "$T/p1/net/0000-cover-letter.patch"
check_out "net patch subject prefix" '^Subject: \[PATCH net 1/1\] net: pse-pd: fix line 5$' "$T/p1/net/0001-net-pse-pd-fix-line-5.patch"
check_out "net-next cover letter subject prefix, version from the branch" '^Subject: \[PATCH net-next v3 0/3\] net: pse-pd: a rather' "$cover"
check_out "cover letter keeps the change-id" '^change-id: 20261122-roundtrip-0123456789ab$' "$cover"
check_out "net-next names the net series: prerequisite-change-id" '^prerequisite-change-id: 20261122-roundtrip-net-0123456789ab:v1$' "$cover"
pid=$(git patch-id --stable <"$T/p1/net/0001-net-pse-pd-fix-line-5.patch" | cut -d' ' -f1)
check_out "and prerequisite-patch-id of the net patch" "^prerequisite-patch-id: $pid\$" "$cover"
check_out "net-next base-commit is the upstream base, not the net tip" "^base-commit: $(git -C "$r" rev-parse base)\$" "$cover"
check_out "cover letter date is the newest author date" '^Date: Sat, 3 Oct 2026 09:00:00 \+0200$' "$cover"
check_out "zero commit ids" '^From 0{40} Mon Sep 17 00:00:00 2001$' "$T/p1/net-next/0002-net-pse-pd-change-2.patch"
check_out "blob ids abbreviated to 12 digits, whatever the repository size" \
	'^index [0-9a-f]{12}\.\.[0-9a-f]{12} 100644$' "$T/p1/net-next/0002-net-pse-pd-change-2.patch"
if grep -q '^-- $' "$T"/p1/*/*.patch; then fail "a signature (git version) is in the files"; else ok "no signature"; fi

check "apply the exported files" "${env[@]}" PATCHES_DIR="$T/p1" "$TOP/series/apply.sh"
nb=$(git -C "$r" rev-parse pse-harness-net)
if [ "$(git -C "$r" rev-list --count base..pse-harness-net)" = 1 ] &&
	[ "$(git -C "$r" rev-list --count "$nb..pse-harness-net-next")" = 3 ] &&
	[ "$(git -C "$r" merge-base pse-harness-net pse-harness-net-next)" = "$nb" ]; then
	ok "branch pse-harness-net = base + net, pse-harness-net-next = that + net-next"
else
	fail "the branches are not base + net and net + net-next"
fi
check "export again from the applied branches" "${env[@]}" "$TOP/series/export.sh" --out "$T/p2"
if diff -r "$T/p1" "$T/p2" >"$T/rt.diff"; then ok "both series identical after apply and export"; else
	fail "files differ after apply and export:"; sed 's/^/    | /' "$T/rt.diff" | head -n 30
fi
check "series/roundtrip.sh passes" "${env[@]}" PATCHES_DIR="$T/p1" "$TOP/series/roundtrip.sh"

# A wrong prerequisite is refused, not exported.
git -C "$r" config branch.dev-net-next.description "$(git -C "$r" config branch.dev-net-next.description |
	sed 's/^prerequisite-change-id: .*/prerequisite-change-id: 20261122-something-else-0123456789ab:v1/')"
run_fails "a prerequisite-change-id that is not the net series is refused" "$T/wrongpre.out" "${exp[@]}" --out "$T/p0"
check_out "with the line it should be" "the net series is '20261122-roundtrip-net-0123456789ab:v1'" "$T/wrongpre.out"

# A note under "---" written into the file by hand: git am drops it, so
# the file does not round-trip (notes belong in the commit message).
for s in net net-next; do
	cp -r "$T/p1" "$T/p1-$s"
	f=$(ls "$T/p1-$s/$s"/0001-*.patch)
	sed -i '0,/^---$/s//---\nv3: hand-written note/' "$f"
	out=$T/edited-$s.out
	run_fails "series/roundtrip.sh catches a hand-edited $s patch" "$out" \
		"${env[@]}" PATCHES_DIR="$T/p1-$s" "$TOP/series/roundtrip.sh"
	check_out "and names the series and shows the difference" "round-trip: $s: FAIL" "$out"
done

# No net series: the net-next cover letter then has no prerequisite.
git -C "$r" branch -f nonet base
git -C "$r" branch -f nn-only dev-net-next
git -C "$r" config branch.nn-only.seriesPrefix "PATCH net-next v3"
git -C "$r" config branch.nn-only.description "net: pse-pd: alone

No net series under this one.

change-id: 20261122-alone-0123456789ab"
git -C "$r" checkout -q -b nn-alone base
sed -i 's/^line 50$/line 50 alone/' "$r/a.c"
git -C "$r" -c user.name=A -c user.email=a@x.invalid commit -q -a -m "net: pse-pd: alone

Signed-off-by: A <a@x.invalid>"
git -C "$r" config branch.nn-alone.seriesPrefix "PATCH net-next v3"
git -C "$r" config branch.nn-alone.description "$(git -C "$r" config branch.nn-only.description)"
check "a net-next series without a net series exports" "$TOP/series/export.sh" --from "$r" \
	--net nonet --net-next nn-alone --out "$T/p3"
if [ -z "$(ls -A "$T/p3/net")" ] && ! grep -q '^prerequisite-' "$T/p3/net-next/0000-cover-letter.patch"; then
	ok "no net files, no prerequisite trailers"
else
	fail "an empty net series exported files or prerequisites: $(ls "$T/p3/net") $(grep '^prerequisite-' "$T/p3/net-next/0000-cover-letter.patch")"
fi

git -C "$r" branch -f empty base
check "export of two empty series" "$TOP/series/export.sh" --from "$r" --net empty --net-next empty --out "$T/p4"
if [ -z "$(find "$T/p4" -type f)" ]; then ok "empty series export no file"; else fail "empty series exported: $(find "$T/p4" -type f)"; fi
check "empty series apply" "${env[@]}" PATCHES_DIR="$T/p4" FORCE=1 "$TOP/series/apply.sh"
if [ "$(git -C "$T/tree" rev-parse HEAD)" = "$(git -C "$r" rev-parse base)" ]; then
	ok "empty series: both branches at the base"
else
	fail "empty series: the branch is not at the base"
fi
