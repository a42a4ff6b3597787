#!/usr/bin/env bash
# make never throws work away: an edit, a new file or a commit in build/tree
# makes series/apply.sh refuse (and say how to go on) and stay untouched;
# FORCE=1 applies patches/ anew. The edit-test loop of the README: make dev
# gives a worktree of one's own with both series, a commit there is
# exported to patches/ and the next apply brings it to build/tree.
# A small repository in KERNEL_TREE mode, as 50-roundtrip.sh.
. "$(dirname "$0")/lib.sh"
plan 16

r=$T/repo
small_repo "$r" 50
# s-net: one fix at line 5; s-net-next: one change at line 30 on top.
for change in "net 5 fix" "net-next 30 feature"; do
	read -r s line what <<<"$change"
	git -C "$r" checkout -q -b "s-$s"
	sed -i "s/^line $line\$/line $line $what/" "$r/a.c"
	git -C "$r" -c user.name=F -c user.email=f@x.invalid commit -q -a -m "net: $what" -m "Signed-off-by: F <f@x.invalid>"
done
git -C "$r" checkout -q main
for s in net net-next; do
	git -C "$r" config "branch.s-$s.description" "the $s series

Text of the $s cover letter.

change-id: 20261201-tree-work-$s-0123456789ab"
done
git -C "$r" config branch.s-net.seriesPrefix "PATCH net"
git -C "$r" config branch.s-net-next.seriesPrefix "PATCH net-next v3"
p=$T/patches
"$TOP/series/export.sh" --from "$r" --net s-net --net-next s-net-next --out "$p" 2>/dev/null
env=(env KERNEL_TREE="$r" KERNEL_BASE=base TREE="$T/tree" BUILD="$T/build" PATCHES_DIR="$p")
check "the series apply in build/tree" "${env[@]}" "$TOP/series/apply.sh"
check "and again: nothing to do" "${env[@]}" "$TOP/series/apply.sh"
check_out "says it is applied already" "series already applied: 1 net \+ 1 net-next patches" "$T/last.out"

# An uncommitted edit.
echo "my edit" >>"$T/tree/a.c"
run_fails "an edit in build/tree: apply refuses" "$T/edit.out" "${env[@]}" "$TOP/series/apply.sh"
check_out "and says how to keep it and how to drop it" "To keep the work, commit it and export it" "$T/edit.out"
check_out "FORCE=1 named" "FORCE=1 make" "$T/edit.out"
if tail -n 1 "$T/tree/a.c" | grep -qx "my edit"; then ok "the edit is still there"; else fail "the edit is gone"; fi

# A commit.
git -C "$T/tree" -c user.name=U -c user.email=u@x.invalid commit -q -a -m "my commit"
mine=$(git -C "$T/tree" rev-parse HEAD)
run_fails "a commit in build/tree: apply refuses" "$T/commit.out" "${env[@]}" "$TOP/series/apply.sh"
if [ "$(git -C "$T/tree" rev-parse HEAD)" = "$mine" ]; then ok "the commit is still there"; else fail "the commit is gone"; fi

check "FORCE=1 applies patches/ anew" "${env[@]}" FORCE=1 "$TOP/series/apply.sh"
if [ -z "$(git -C "$T/tree" status --porcelain)" ] &&
	! git -C "$T/tree" log --format=%s | grep -qx "my commit"; then
	ok "after FORCE=1 the tree is patches/ again"
else
	fail "after FORCE=1 the tree still has the work"
fi

# The edit-test loop: a development worktree, a commit, export, apply.
check "make dev: a development worktree with both series" "${env[@]}" DEV="$T/dev" "$TOP/series/dev.sh"
if [ "$(git -C "$T/dev" symbolic-ref --short HEAD)" = dev-net-next ] &&
	[ "$(git -C "$r" rev-parse dev-net)" = "$(git -C "$r" rev-parse pse-harness-net)" ] &&
	[ "$(git -C "$r" config branch.dev-net-next.seriesPrefix)" = "PATCH net-next v3" ] &&
	git -C "$r" config branch.dev-net.description | grep -q 'change-id: 20261201-tree-work-net'; then
	ok "build/dev on dev-net-next, dev-net at the net series, cover letters and prefixes copied"
else
	fail "build/dev is not set up as the README says"
fi
sed -i 's/^line 40$/line 40 developed/' "$T/dev/a.c"
git -C "$T/dev" -c user.name=F -c user.email=f@x.invalid commit -q -a -m "net: more

Signed-off-by: F <f@x.invalid>"
check "export from build/dev" "${env[@]}" "$TOP/series/export.sh" --from "$T/dev" --net dev-net --net-next dev-net-next
check "apply brings the new commit to build/tree (no FORCE: nothing to lose)" "${env[@]}" "$TOP/series/apply.sh"
if grep -qx "line 40 developed" "$T/tree/a.c" && [ "$(git -C "$T/tree" rev-list --count pse-harness-net..HEAD)" = 2 ]; then
	ok "build/tree has the developed change"
else
	fail "build/tree does not have the change made in build/dev"
fi
