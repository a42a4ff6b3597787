#!/usr/bin/env bash
# KERNEL_TREE mode on a real kernel checkout (a clone of the base) with work
# in progress: a patch that does not apply is named and fails the run; after
# the failed and after a successful run the user's branch, HEAD, index,
# working tree, stash and other branches (one called pse-net-next too) are
# as they were.
. "$(dirname "$0")/lib.sh"
plan 20

u=$T/user
kernel_clone "$u" || { fail "cannot clone the base"; exit 1; }
make_series "$u" dev 2 || { fail "cannot make a test series"; exit 1; }
good=$T/good bad=$T/bad
check "the test series exports" "$TOP/series/export.sh" --from "$u" --net dev-net --net-next dev-net-next --out "$good"
mkdir -p "$bad/net-next"
cp -r "$good/net" "$bad/"
cp "$good"/net-next/0000-*.patch "$good"/net-next/0001-*.patch "$bad/net-next/"
cat >"$bad/net-next/0002-net-pse-pd-does-not-apply.patch" <<'PATCH'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Dev Eloper <dev@x.invalid>
Date: Mon, 2 Nov 2026 10:00:00 +0100
Subject: [PATCH net-next v3 2/2] net: pse-pd: does not apply

Signed-off-by: Dev Eloper <dev@x.invalid>
---
 drivers/net/pse-pd/pse_core.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/drivers/net/pse-pd/pse_core.c b/drivers/net/pse-pd/pse_core.c
--- a/drivers/net/pse-pd/pse_core.c
+++ b/drivers/net/pse-pd/pse_core.c
@@ -1,2 +1,2 @@
-this line is not in the base
+and neither is this one
 nor this context
PATCH

# The user's state: a commit of their own, a stash, staged and unstaged
# changes, an untracked file, and a branch that happens to be called
# pse-net-next.
echo "user change" >>"$u/CREDITS"
# (an identity of the test's own: a fresh machine may have none)
uid=(-c user.name=U -c user.email=u@x.invalid)
git -C "$u" "${uid[@]}" commit -q -a -m "user commit"
echo "stashed" >>"$u/COPYING" && git -C "$u" "${uid[@]}" stash -q
git -C "$u" branch pse-net-next HEAD
echo "staged" >"$u/staged-file" && git -C "$u" add -f staged-file
echo "unstaged" >>"$u/README"
echo "untracked" >"$u/untracked-file"
snapshot() {
	git -C "$u" symbolic-ref HEAD
	git -C "$u" rev-parse HEAD
	git -C "$u" ls-files -s | sha256sum
	git -C "$u" diff | sha256sum
	git -C "$u" status --porcelain
	git -C "$u" stash list --format='%H %gs'
	git -C "$u" for-each-ref --format='%(refname) %(objectname)' refs/heads refs/tags |
		grep -v 'refs/heads/pse-harness-net\(-next\)\? '
	sha256sum "$u/README" "$u/untracked-file" "$u/staged-file"
}
snapshot >"$T/before"
same_as_before() {
	snapshot >"$T/after"
	if diff -u "$T/before" "$T/after" >"$T/state.diff"; then
		ok "user tree untouched after the $1 run"
	else
		fail "user tree changed by the $1 run:"; sed 's/^/    | /' "$T/state.diff"
	fi
}
base=$(git -C "$u" rev-parse base)
env_user=(env KERNEL_TREE="$u" KERNEL_BASE=base TREE="$T/tree")

out=$T/fail.out
run_fails "a patch that does not apply fails the run" "$out" \
	"${env_user[@]}" PATCHES_DIR="$bad" "$TOP/series/apply.sh"
check_out "the failing patch is named" "patch net-next/0002-net-pse-pd-does-not-apply.patch does not apply to" "$out"
check_out "git's reason is shown" "error: patch failed: drivers/net/pse-pd/pse_core.c:1" "$out"
check_out "the hunk that fails is shown" "this line is not in the base" "$out"
check_out "the next step is suggested" "Rebase the series onto that base" "$out"
if [ -e "$(git -C "$T/tree" rev-parse --git-path rebase-apply)" ]; then
	fail "git am was left in progress"
else
	ok "git am was aborted"
fi
same_as_before failed

check "the good series applies" "${env_user[@]}" PATCHES_DIR="$good" "$TOP/series/apply.sh"
same_as_before successful
if [ "$(git -C "$T/tree" symbolic-ref --short HEAD)" = pse-harness-net-next ] &&
   [ "$(git -C "$u" rev-list --count "$base..pse-harness-net")" = 1 ] &&
   [ "$(git -C "$u" rev-list --count "pse-harness-net..pse-harness-net-next")" = 2 ] &&
   [ "$(git -C "$u" rev-parse 'pse-harness-net-next^{tree}')" = "$(git -C "$u" rev-parse 'dev-net-next^{tree}')" ]; then
	ok "branches pse-harness-net (1 patch) and pse-harness-net-next (2 more), in their own worktree"
else
	fail "branches pse-harness-net/-net-next are not base + the two series"
fi
check_lit "exported patches Cc the netdev list (get_maintainer.pl)" "netdev@vger.kernel.org" \
	"$(ls "$good"/net-next/0001-*.patch)"
check "export from the applied branches" "${env_user[@]}" "$TOP/series/export.sh" --out "$T/again"
if diff -r "$good" "$T/again" >"$T/rt.diff"; then
	ok "real kernel tree: files identical after apply and export"
else
	fail "real kernel tree: files differ after apply and export:"; sed 's/^/    | /' "$T/rt.diff" | head -n 30
fi
# The same patches give the same commit ids (fixed committer, dates).
first=$(git -C "$u" rev-parse pse-harness-net-next)
check "a forced re-apply succeeds" "${env_user[@]}" PATCHES_DIR="$good" FORCE=1 "$TOP/series/apply.sh"
if [ "$(git -C "$u" rev-parse pse-harness-net-next)" = "$first" ]; then
	ok "re-applied series has the same commit ids"
else
	fail "re-applied series has other commit ids"
fi
# The gate, the emulated board and the benchmarks keep detached worktrees
# of the same repository, with their build directories inside (made here
# without a checkout: what clean has to remove is the registration and the
# directory, and a checkout of the kernel costs a minute).
others=("$T/build/gate/tree" "$T/build/board/src" "$T/build/bench/uml/src")
for wt in "${others[@]}"; do
	if ! { git -C "$u" worktree add -q --no-checkout --detach "$wt" base && mkdir -p "$wt/obj" && : >"$wt/obj/vmlinux"; }; then
		fail "cannot add worktree $wt"
	fi
done
check "make clean removes the worktree" env KERNEL_TREE="$u" TREE="$T/tree" BUILD="$T/build" "$TOP/scripts/clean.sh"
if [ ! -e "$T/tree" ] && ! git -C "$u" worktree list | grep -q "$T/tree"; then
	ok "worktree and its registration are gone"
else
	fail "worktree $T/tree is still there or registered"
fi
left=$(git -C "$u" worktree list | grep -F "$T/build/" || true)
if [ -z "$left" ] && [ ! -e "$T/build/gate" ] && [ ! -e "$T/build/board" ] && [ ! -e "$T/build/bench" ]; then
	ok "the gate's, board's and benchmarks' worktrees and builds are gone"
else
	fail "make clean left gate/board/bench worktrees or builds: ${left:-$(ls -d "$T"/build/{gate,board,bench} 2>/dev/null)}"
fi
same_as_before clean
