#!/usr/bin/env bash
# Print the short report of a run and write it to build/results/report.txt:
# the base, the series applied, the KUnit verdicts (from the result files the
# other scripts leave in build/results).
. "$(dirname "$0")/lib.sh"

mkdir -p "$RESULTS"
verdict() { # NAME: the last line of $RESULTS/NAME.txt, or why there is none
	if [ -s "$RESULTS/$1.txt" ]; then
		grep "^$1: error" "$RESULTS/$1.txt" || true
		tail -n 1 "$RESULTS/$1.txt"
	else
		echo "$1: not run or did not finish (see $LOGS/$1*.log)"
	fi
}
{
	echo "== PSE series report =="
	if [ -n "${KERNEL_TREE:-}" ]; then
		echo "base:    user tree $KERNEL_TREE"
	else
		echo "base:    $BASE_PACKAGE $BASE_VERSION ($BASE_SUITE)"
	fi
	if base=$(git -C "$TREE" config "branch.$SERIES_BRANCH.seriesBase" 2>/dev/null); then
		n=$(git -C "$TREE" rev-list --count "$base..refs/heads/$SERIES_BRANCH")
		echo "commit:  $base"
		echo "series:  $n patches applied (branch $SERIES_BRANCH in $TREE)"
	else
		echo "series:  not applied (no tree at $TREE)"
	fi
	for r in "$@"; do
		verdict "$r"
	done
	echo "logs:    $LOGS"
} | tee "$RESULTS/report.txt"
