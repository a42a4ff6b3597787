#!/usr/bin/env bash
# Run the harness tests (tests/harness/NN-*.sh; HARNESS_TESTS="10 50" runs a
# subset) and count their "ok"/"FAIL" lines. A test script that exits
# non-zero or prints nothing counts as a failure. Closing line:
# "harness: N passed, N failed".
set -uo pipefail
dir=$(cd "$(dirname "$0")/harness" && pwd)
pass=0 fail=0
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
	pass=$((pass + p)) fail=$((fail + f))
done
echo "harness: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
