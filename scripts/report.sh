#!/usr/bin/env bash
# Print the short report of a run and write it to build/results/report.txt:
# the base, the two series applied, and for each NAME given the result its
# step left in build/results (kunit-plain, kunit-debug: the verdict line;
# board: the base vs series table; gate: its summary; bench: the table),
# with the commits that result belongs to. A step removes its result when it
# starts: a result that is missing says "not run" (or did not finish), never
# an older run's table.
#   scripts/report.sh NAME...
. "$(dirname "$0")/../lib/common.sh"

mkdir -p "$RESULTS"
verdict() { # NAME: the result of a step, or why there is none
	local f=$RESULTS/$1.txt
	if [ ! -s "$f" ]; then
		echo "$1: not run, or it did not finish (see $LOGS/check-$1*.log, $LOGS/$1*.log)"
		return
	fi
	case $1 in
	board) # the side-by-side table and its closing verdict
		echo "board:"
		sed -n '/^step /,/^$/p' "$f" | sed '/^$/d; s/^/  /'
		tail -n 1 "$f" | sed 's/^/  /' ;;
	gate) grep -E '^gate: |^== ' "$f" ;;
	bench) echo "bench:"; sed 's/^/  /' "$f" ;;
	*)
		grep "^$1: error" "$f" || true
		tail -n 1 "$f" ;;
	esac
	[ ! -s "$RESULTS/$1.meta" ] || sed "s/^/  ($1) /" "$RESULTS/$1.meta"
}
{
	echo "== PSE series report =="
	if [ -n "${KERNEL_TREE:-}" ]; then
		echo "base:    user tree $KERNEL_TREE"
	else
		echo "base:    $BASE_PACKAGE $BASE_VERSION ($BASE_SUITE)"
	fi
	net=$(series_branch net) nn=$(series_branch net-next)
	if base=$(git -C "$TREE" config "branch.$net.seriesBase" 2>/dev/null) &&
		git -C "$TREE" rev-parse -q --verify "refs/heads/$nn" >/dev/null; then
		echo "commit:  $base"
		echo "series:  net $(git -C "$TREE" rev-list --count "$base..refs/heads/$net") patches (branch $net), net-next $(git -C "$TREE" rev-list --count "refs/heads/$net..refs/heads/$nn") patches (branch $nn, tip $(git -C "$TREE" rev-parse --short=12 "refs/heads/$nn")) in $TREE"
	else
		echo "series:  not applied (no tree at $TREE)"
	fi
	for r in "$@"; do
		verdict "$r"
	done
	echo "logs:    $LOGS"
} | tee "$RESULTS/report.txt"
