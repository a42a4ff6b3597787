#!/usr/bin/env bash
# Make $TREE (build/tree) a git worktree on branch $SERIES_BRANCH, created at
# the base commit; print the base commit.
#
# Base mode: a worktree of the unpacked Debian base ($SRC, tag "base").
# User mode, KERNEL_TREE=/path/to/checkout [KERNEL_BASE=rev]: a worktree of
# the user's repository at KERNEL_BASE (default: that checkout's HEAD commit)
# on the harness's own branch pse-series-harness. The user's checked-out
# branch, index and working tree are never touched.
#
# An existing worktree of the same repository is kept (apply-series.sh resets
# it); one of another repository (KERNEL_TREE changed) is replaced.
. "$(dirname "$0")/lib.sh"

need_pkgs git xz-utils python3
[ -n "${KERNEL_TREE:-}" ] || "$TOP/scripts/unpack-base.sh" >/dev/null
repo=$(kernel_repo)
base=$(git -C "$repo" rev-parse -q --verify "$(base_ref)^{commit}") ||
	die "base '$(base_ref)' is not a commit in $repo; set KERNEL_BASE to a commit of that repository"
common=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir)

if [ -e "$TREE" ]; then
	tcommon=$(git -C "$TREE" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	ttop=$(git -C "$TREE" rev-parse --show-toplevel 2>/dev/null || true)
	if [ "$tcommon" != "$common" ] || [ "$ttop" != "$TREE" ]; then
		log "$TREE is not a worktree of $repo; replacing it"
		rm -rf "$TREE"
		[ -z "$tcommon" ] || git --git-dir="$tcommon" worktree prune
	fi
fi
git -C "$repo" worktree prune

if [ ! -e "$TREE" ]; then
	log "creating worktree $TREE (branch $SERIES_BRANCH at ${base:0:12})"
	mkdir -p "$(dirname "$TREE")"
	git -C "$repo" worktree add -q -f -B "$SERIES_BRANCH" "$TREE" "$base" ||
		die "cannot create worktree $TREE on branch $SERIES_BRANCH; is that branch checked out elsewhere? Set SERIES_BRANCH to another name"
fi
# Remembered for export-series.sh --base and for the report.
git -C "$TREE" config "branch.$SERIES_BRANCH.seriesBase" "$base"
echo "$base"
