#!/usr/bin/env bash
# No stale result is shown as current: each step removes its result when it
# starts, so a step that fails early or is killed in the middle leaves no
# table of an earlier run, and the report says "not run" for it.
. "$(dirname "$0")/lib.sh"
plan 7

res=$T/results
seed() { mkdir -p "$res"; echo "$1: 99 passed, 0 failed (an earlier run)" >"$res/$1.txt"; }
gone() { # NAME: its result is gone and the report says so
	env RESULTS="$res" "$TOP/scripts/report.sh" "$1" >"$T/report-$1.out" 2>&1
	if [ ! -e "$res/$1.txt" ] && grep -q "^$1: not run" "$T/report-$1.out"; then
		ok "$1: the earlier result is gone, the report says not run"
	else
		fail "$1: the earlier result is still shown: $(cat "$res/$1.txt" 2>/dev/null)"
	fi
}
need_base

seed kunit-plain
env RESULTS="$res" TREE="$T/no-tree" "$TOP/kunit/run.sh" plain >"$T/kunit.out" 2>&1
gone kunit-plain

seed board
env RESULTS="$res" BOARD="$T/board" BOARD_SERIES_REF=base "$TOP/board/host/run.sh" >"$T/board.out" 2>&1
gone board

seed bench
env RESULTS="$res" BENCH="$T/bench" BENCH_SERIES_REF=no-such-ref "$TOP/bench/run.sh" --smoke >"$T/bench.out" 2>&1
gone bench

seed gate
env GATE_RESULTS="$res" GATE_CHECKS=no_such_check "$TOP/gate/run.sh" >"$T/gate.out" 2>&1
gone gate

# A gate run killed in the middle: no table at all, not the earlier one.
"$TOP/gate/fixtures/make-series.sh" "$T/fx" good >/dev/null 2>&1 || fail "cannot make the fixture series"
seed gate
setsid env GATE_RESULTS="$res" GATE_CHECKS="checkpatch verify_signedoff" GATE_NO_CACHE=1 \
	"$TOP/gate/run.sh" "$T/fx" >"$T/killed.out" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
	[ -s "$res/gate.tsv" ] && break
	sleep 0.2
done
if [ -s "$res/gate.tsv" ] && kill -0 "$pid" 2>/dev/null; then
	kill -KILL -- "-$pid"
	wait "$pid" 2>/dev/null
	ok "a gate run killed after its first verdicts"
else
	fail "the gate run ended before it could be killed, or wrote no verdict"
	wait "$pid" 2>/dev/null
fi
gone gate
# The lock died with it: the next run is not refused.
if env GATE_RESULTS="$T/again" GATE_CHECKS=patch_count "$TOP/gate/run.sh" "$T/fx" >"$T/again.out" 2>&1; then
	ok "the next gate run after the kill runs"
else
	fail "the next gate run after the kill: $(tail -n 1 "$T/again.out")"
fi
