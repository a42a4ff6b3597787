#!/usr/bin/env bash
# Prove that the series files round-trip: apply both series of patches/ on
# fresh branches in a worktree of their own (build/roundtrip, branches
# PREFIX-roundtrip-net and -net-next), export them again into a temporary
# directory and compare each series: identical files, or the diff and exit 1.
# The worktree (1.4 GB) is removed after a round trip that passed, kept after
# one that failed (to look at); ROUNDTRIP_KEEP=1 keeps it anyway.
. "$(dirname "$0")/../lib/common.sh"

result_start roundtrip
export TREE=$BUILD/roundtrip SERIES_BRANCH_PREFIX=$SERIES_BRANCH_PREFIX-roundtrip
out=$(mktemp -d "$BUILD/roundtrip-out.XXXXXX")
trap 'rm -rf "$out"' EXIT

FORCE=1 "$TOP/series/apply.sh"
"$TOP/series/export.sh" --out "$out"

for s in "${SERIES_NAMES[@]}"; do
	n=$(find "$PATCHES_DIR/$s" -maxdepth 1 -name '*.patch' 2>/dev/null | wc -l)
	if diff -r -u -x .gitkeep "$PATCHES_DIR/$s" "$out/$s" >"$LOGS/roundtrip-$s.diff"; then
		echo "round-trip: $s: ok: $n files in $PATCHES_DIR/$s identical after apply and export"
	else
		head -n 60 "$LOGS/roundtrip-$s.diff"
		echo "round-trip: $s: FAIL: export after apply differs from $PATCHES_DIR/$s (full diff: $LOGS/roundtrip-$s.diff)."
	fi
done | tee "$RESULTS/roundtrip.txt"
rc=0
if grep -q ': FAIL: ' "$RESULTS/roundtrip.txt"; then rc=1; fi
if [ "$rc" != 0 ]; then
	echo "Regenerate the files with 'make export' (or series/export.sh --from <worktree>) instead of editing them by hand."
	exit 1
fi
[ "${ROUNDTRIP_KEEP:-0}" = 1 ] || drop_worktree "$TREE"
