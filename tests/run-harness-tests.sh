#!/usr/bin/env bash
# Run the harness tests (tests/harness/NN-*.sh; HARNESS_TESTS="10 50" runs a
# subset) and count their "ok"/"FAIL" lines. A test script that exits
# non-zero or prints nothing counts as a failure. The directory of a test
# that passed, build/tests/NN-*, is removed afterwards (some hold a kernel
# checkout; HARNESS_KEEP=1 keeps them). Closing line:
# "harness: N passed, N failed".
set -uo pipefail
dir=$(cd "$(dirname "$0")/harness" && pwd)
pass=0 fail=0
build=${BUILD:-$(cd "$dir/../.." && pwd)/build}
# drop_test_dir NAME: remove build/tests/NAME; worktrees of the unpacked base
# made there are unregistered too.
drop_test_dir() {
	rm -rf "${build:?}/tests/$1"
	[ ! -d "$build/src/.git" ] || git -C "$build/src" worktree prune
}
for t in "$dir"/[0-9]*.sh; do
	n=$(basename "$t" .sh)
	if [ -n "${HARNESS_TESTS:-}" ] && ! [[ " $HARNESS_TESTS " == *" ${n%%-*} "* ]]; then
		continue
	fi
	start=$(date +%s)
	out=$(bash "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(grep -c '^ok - ' <<<"$out")
	f=$(grep -c '^FAIL - ' <<<"$out")
	if [ "$rc" -ne 0 ] || [ $((p + f)) -eq 0 ]; then
		echo "FAIL - $n: exited $rc after $p ok, $f FAIL"
		f=$((f + 1))
	fi
	echo "# $n: $p ok, $f FAIL, $(($(date +%s) - start)) s"
	# One that failed keeps its directory to look at.
	[ "$f" -ne 0 ] || [ -n "${HARNESS_KEEP:-}" ] || drop_test_dir "$n"
	pass=$((pass + p)) fail=$((fail + f))
done
echo "harness: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
