#!/usr/bin/env bash
# Print the short report of a run and write it to build/results/report.txt:
# the base, the series applied, and for each NAME given the result the
# other scripts left in build/results: kunit-plain, kunit-debug (verdict
# line), board (the base vs series table), gate (its summary lines), bench
# (the table).
#   scripts/report.sh NAME...
. "$(dirname "$0")/lib.sh"

mkdir -p "$RESULTS"
verdict() { # NAME: the last line of $RESULTS/NAME.txt, or why there is none
	local f=$RESULTS/$1.txt
	if [ ! -s "$f" ]; then
		echo "$1: not run or did not finish (see $LOGS/$1*.log)"
		return
	fi
	case $1 in
	board) # the side-by-side table and its closing verdict
		echo "board:"
		sed -n '/^step /,/^$/p' "$f" | sed '/^$/d; s/^/  /'
		tail -n 1 "$f" | sed 's/^/  /' ;;
	gate) grep -E '^gate: ' "$f" ;;
	bench) echo "bench:"; sed 's/^/  /' "$f" ;;
	*)
		grep "^$1: error" "$f" || true
		tail -n 1 "$f" ;;
	esac
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
