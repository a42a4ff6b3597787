#!/usr/bin/env bash
# make clean: remove what the harness built - the worktrees build/tree,
# build/roundtrip and those of the gate, the emulated board and the
# benchmarks, with their build directories; KUnit builds; the gate's tests,
# the harness tests' directories, the sendable series, the tools the gate
# builds (sparse); results and logs.
# Kept: the downloads, the apt index, the unpacked base build/src, and your
# development worktree build/dev.
# make distclean (--all): also the downloads, the apt index and build/src -
# refused while build/src has worktrees that are not the harness's (for
# example build/dev); FORCE=1 removes them anyway.
. "$(dirname "$0")/../lib/common.sh"

drop_worktree "$TREE"
for wt in "$BUILD/roundtrip" "$BUILD/gate/tree" "$BUILD/board/src" "$BUILD/bench/uml/src"; do
	drop_worktree "$wt"
done
rm -rf "$BUILD/kunit" "$RESULTS" "$BUILD"/export.* "$BUILD"/roundtrip-out.* "$BUILD/tests" \
	"$BUILD/gate" "$BUILD/gate-tests" "$BUILD/board" "$BUILD/bench" "$BUILD/sendable" \
	"$BUILD/unpack.tmp" "$BUILD/tools" "$BUILD/tools.lock"
if [ "${1:-}" = --all ]; then
	if [ -d "$SRC/.git" ] && [ -z "${FORCE:-}" ]; then
		others=$(git -C "$SRC" worktree list --porcelain | sed -n 's/^worktree //p' | grep -vx "$SRC" || true)
		[ -z "$others" ] || die "build/src has other worktrees, kept:
$others
Remove them first (git -C $SRC worktree remove <dir>) or run FORCE=1 make distclean."
	fi
	[ ! -d "$BUILD/dev" ] || [ -n "${FORCE:-}" ] || die "build/dev is kept: remove it yourself, or FORCE=1 make distclean"
	rm -rf "$SRC" "$DL" "$APTDIR" "${BUILD:?}/dev"
fi
rm -rf "$LOGS"
log "removed the harness's build outputs${1:+, downloads and the unpacked base}"
