#!/usr/bin/env bash
# kunit.sh refuses a kunitconfig the tree does not have (the series' suite
# not applied) with a message that says what to do, and a bad argument.
. "$(dirname "$0")/lib.sh"
plan 5

mkdir -p "$T/tree/tools/testing/kunit"
git -C "$T/tree" init -q
run_fails "missing kunitconfig fails" "$T/missing.out" \
	env TREE="$T/tree" BUILD="$T/build" KUNITCONFIG=no/such/.kunitconfig "$TOP/kunit/run.sh" plain
check_out "and names it" "no/such/.kunitconfig is not in $T/tree" "$T/missing.out"
check_out "and tells what to do" "KUNITCONFIG=lib/kunit/.kunitconfig" "$T/missing.out"
run_fails "unknown configuration fails" "$T/usage.out" env BUILD="$T/build" "$TOP/kunit/run.sh" fast
check_out "with the usage" "usage: .*kunit/run.sh plain\|debug" "$T/usage.out"
