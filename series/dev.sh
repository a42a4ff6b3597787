#!/usr/bin/env bash
# `make dev`: a development worktree of your own, build/dev (DEV), with
# branches dev-net and dev-net-next (DEV_PREFIX-net, -net-next) where the
# harness's pse-net and pse-net-next are, and their cover letters (branch
# descriptions) and subject prefixes. The harness never resets it; make
# clean keeps it. The edit-test loop:
#   cd build/dev; edit, git commit (git rebase -i for a fix in the net
#   series: dev-net-next is rebased onto it with git rebase --onto)
#   TREE=$PWD kunit/run.sh plain           quick: the KUnit suite on build/dev
#   make export FROM=build/dev NET=dev-net NET_NEXT=dev-net-next
#   make check                             everything, on what you exported
# Refuses when DEV exists already.
. "$(dirname "$0")/../lib/common.sh"

dev=$(realpath -m "${DEV:-$BUILD/dev}")
prefix=${DEV_PREFIX:-dev}
[ ! -e "$dev" ] || die "$dev exists; work there, or remove it (git -C $(kernel_repo) worktree remove $dev) to start anew"
repo=$(kernel_repo)
for s in "${SERIES_NAMES[@]}"; do
	from=$(series_branch "$s")
	git -C "$repo" rev-parse -q --verify "refs/heads/$from" >/dev/null ||
		cannot_run "no branch $from: apply the series first (make tree)"
	git -C "$repo" rev-parse -q --verify "refs/heads/$prefix-$s" >/dev/null &&
		die "branch $prefix-$s exists already in $repo; set DEV_PREFIX to another name"
done
git -C "$repo" branch "$prefix-net" "refs/heads/$(series_branch net)"
kernel_worktree "$dev" "$(series_tip)" "$prefix-net-next"
for s in "${SERIES_NAMES[@]}"; do
	for key in description seriesPrefix seriesBase; do
		v=$(git -C "$repo" config "branch.$(series_branch "$s").$key" || true)
		[ -z "$v" ] || git -C "$repo" config "branch.$prefix-$s.$key" "$v"
	done
done
log "development worktree $dev on $prefix-net-next ($prefix-net: the net series); export with:
  make export FROM=$dev NET=$prefix-net NET_NEXT=$prefix-net-next"
