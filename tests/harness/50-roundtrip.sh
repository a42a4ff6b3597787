#!/usr/bin/env bash
# export -> apply -> export gives identical files (cover letter with
# change-id, several authors, non-ASCII names, a long subject); a hand-edited
# patch file is caught by check-roundtrip.sh; a series without description
# (no cover letter) is refused by export; an empty series exports nothing.
# Uses a small repository in KERNEL_TREE mode: the logic does not depend on
# the tree's size (40-user-tree.sh covers a real kernel tree).
. "$(dirname "$0")/lib.sh"

r=$T/repo
git init -q -b main "$r"
seq 1 100 | sed 's/^/line /' >"$r/a.c"
git -C "$r" add a.c
git -C "$r" -c user.name=B -c user.email=b@x.invalid commit -q -m base
git -C "$r" tag base
git -C "$r" checkout -q -b dev
i=0
for who in "Ada Lovelace:ada@x.invalid" "Zoë Ünicode:zoe@x.invalid" "Ada Lovelace:ada@x.invalid"; do
	i=$((i + 1))
	sed -i "s/^line $((i * 20))\$/line $((i * 20)) changed/" "$r/a.c"
	git -C "$r" -c user.name="${who%%:*}" -c user.email="${who#*:}" commit -q -a \
		--date="2026-10-0${i}T09:00:00+02:00" -m "net: pse-pd: change $i ü

Signed-off-by: ${who%%:*} <${who#*:}>"
done
env=(env KERNEL_TREE="$r" KERNEL_BASE=base TREE="$T/tree" BUILD="$T/build")

run_fails "export without a branch description fails" "$T/nodesc.out" \
	"$S/export-series.sh" --from "$r" --out "$T/p0" dev
check_out "and says how to write one" "branch --edit-description dev" "$T/nodesc.out"

git -C "$r" config branch.dev.description "net: pse-pd: a rather long cover letter subject that git has to fold over two lines

Body paragraph one,
two lines.

Changes since RFC v1:
- one
    - indented

---
change-id: 20261122-roundtrip-0123456789ab"
check "export from the dev repository" "$S/export-series.sh" --from "$r" --out "$T/p1" dev
n=$(find "$T/p1" -name '*.patch' | wc -l)
if [ "$n" = 4 ]; then ok "3 patches + cover letter exported"; else fail "$n files exported, want 4"; fi
cover=$T/p1/v2-0000-cover-letter.patch
check_out "cover letter subject prefix" '^Subject: \[PATCH net-next v2 0/3\] net: pse-pd: a rather' "$cover"
check_out "cover letter keeps the change-id" '^change-id: 20261122-roundtrip-0123456789ab$' "$cover"
check_out "cover letter has the base-commit trailer" "^base-commit: $(git -C "$r" rev-parse base)\$" "$cover"
check_out "cover letter date is the newest author date" '^Date: Sat, 3 Oct 2026 09:00:00 \+0200$' "$cover"
check_out "zero commit ids" '^From 0{40} Mon Sep 17 00:00:00 2001$' "$T/p1/v2-0002-net-pse-pd-change-2.patch"
check_out "blob ids abbreviated to 12 digits, whatever the repository size" \
	'^index [0-9a-f]{12}\.\.[0-9a-f]{12} 100644$' "$T/p1/v2-0002-net-pse-pd-change-2.patch"
if grep -q '^-- $' "$T"/p1/*.patch; then fail "a signature (git version) is in the files"; else ok "no signature"; fi

check "apply the exported files" "${env[@]}" PATCHES_DIR="$T/p1" "$S/apply-series.sh"
check "export again from the applied branch" "${env[@]}" "$S/export-series.sh" --out "$T/p2"
if diff -r "$T/p1" "$T/p2" >"$T/rt.diff"; then ok "files identical after apply and export"; else
	fail "files differ after apply and export:"; sed 's/^/    | /' "$T/rt.diff" | head -n 30
fi
check "check-roundtrip.sh passes" "${env[@]}" PATCHES_DIR="$T/p1" "$S/check-roundtrip.sh"

# A note under "---" written into the file by hand: git am drops it, so
# the file does not round-trip (notes belong in the commit message).
sed -i '0,/^---$/s//---\nv2: hand-written note/' "$T/p1/v2-0002-net-pse-pd-change-2.patch"
out=$T/edited.out
run_fails "check-roundtrip.sh catches a hand-edited patch" "$out" \
	"${env[@]}" PATCHES_DIR="$T/p1" "$S/check-roundtrip.sh"
check_out "and shows the difference" '^-v2: hand-written note' "$out"

git -C "$r" branch -f empty base
check "export of an empty series" "$S/export-series.sh" --from "$r" --out "$T/p3" empty
if [ -z "$(ls -A "$T/p3")" ]; then ok "empty series exports no file"; else fail "empty series exported: $(ls "$T/p3")"; fi
touch "$T/p3/.gitkeep"
check "an empty patches dir applies" "${env[@]}" PATCHES_DIR="$T/p3" FORCE=1 "$S/apply-series.sh"
check_out "and reports 0 patches" "applied 0 patches" "$T/last.out"
if [ "$(git -C "$T/tree" rev-parse HEAD)" = "$(git -C "$r" rev-parse base)" ]; then
	ok "empty series: branch = base"
else
	fail "empty series: branch is not at the base"
fi
