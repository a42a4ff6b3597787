#!/usr/bin/env bash
# Prove that the series files round-trip: apply $PATCHES_DIR to a fresh
# branch (own worktree build/roundtrip), export it again into a temporary
# directory and compare: identical files, or the diff and exit 1.
# The worktree (1.4 GB) is removed after a round trip that passed, kept after
# one that failed (to look at); ROUNDTRIP_KEEP=1 keeps it anyway.
. "$(dirname "$0")/lib.sh"

export TREE=${ROUNDTRIP_TREE:-$BUILD/roundtrip} SERIES_BRANCH=$SERIES_BRANCH-roundtrip
out=$(mktemp -d "$BUILD/roundtrip-out.XXXXXX")
trap 'rm -rf "$out"' EXIT

FORCE=1 "$TOP/scripts/apply-series.sh"
PATCHES_DIR=$out "$TOP/scripts/export-series.sh" "$SERIES_BRANCH"
n=$(find "$PATCHES_DIR" -maxdepth 1 -name '*.patch' | wc -l)
if ! diff -r -u -x .gitkeep "$PATCHES_DIR" "$out" >"$LOGS/roundtrip.diff"; then
	head -n 60 "$LOGS/roundtrip.diff"
	echo "round-trip: FAIL: export after apply differs from $PATCHES_DIR (full diff: $LOGS/roundtrip.diff)."
	echo "Regenerate the files with 'make export' (or scripts/export-series.sh --from <worktree> <branch>) instead of editing them by hand."
	exit 1
fi
[ "${ROUNDTRIP_KEEP:-0}" = 1 ] || drop_worktree "$TREE"
echo "round-trip: ok: $n files in $PATCHES_DIR identical after apply and export"
