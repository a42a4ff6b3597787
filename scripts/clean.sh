#!/usr/bin/env bash
# make clean: remove what the harness built (worktrees build/tree,
# build/roundtrip and those of the gate, the emulated board and the
# benchmarks, with their build directories; KUnit build directories,
# results, logs); keep the downloads and the unpacked base build/src.
# make distclean (--all): also the downloads, the apt index and build/src -
# refused while build/src has worktrees that are not the harness's (for
# example a development worktree build/dev); FORCE=1 removes them anyway.
. "$(dirname "$0")/lib.sh"

drop_worktree "$TREE"
drop_worktree "$BUILD/roundtrip"
for wt in "$BUILD/gate/tree" "$BUILD"/board/*/ "$BUILD"/bench/uml/*/; do
	[ ! -e "$wt/.git" ] || drop_worktree "${wt%/}"
done
rm -rf "$BUILD/kunit" "$RESULTS" "$BUILD"/export.* "$BUILD"/roundtrip-out.* "$BUILD/tests" \
	"$BUILD/gate" "$BUILD/board" "$BUILD/bench"
if [ "${1:-}" = --all ]; then
	if [ -d "$SRC/.git" ] && [ -z "${FORCE:-}" ]; then
		others=$(git -C "$SRC" worktree list --porcelain | sed -n 's/^worktree //p' | grep -vx "$SRC" || true)
		[ -z "$others" ] || die "build/src has other worktrees, kept:
$others
Remove them first (git -C $SRC worktree remove <dir>) or run FORCE=1 make distclean."
	fi
	rm -rf "$SRC" "$DL" "$APTDIR" "$BUILD/unpack.tmp"
fi
rm -rf "$LOGS"
log "removed the harness's build outputs${1:+, downloads and the unpacked base}"
