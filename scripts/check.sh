#!/usr/bin/env bash
# `make check`: run every test target, go on after a failure, print a table
# and the closing line "check: N passed, N failed". Each step is one script;
# its output goes to the terminal and to build/logs/check-<step>.log.
#   harness     tests/run-harness-tests.sh (the harness itself)
#   roundtrip   scripts/check-roundtrip.sh (patches/ apply -> export identical)
#   kunit-plain scripts/kunit.sh plain
#   kunit-debug scripts/kunit.sh debug
#   gate        scripts/gate.sh, the upstream checks on every patch
#   gate-tests  tests/gate/run, broken series fail the right gate check
#   board       scripts/board.sh, the emulated board, base vs series
#   bench-smoke scripts/bench.sh --smoke, every benchmark at its smallest size
# CHECK_STEPS="roundtrip kunit-plain" runs a subset. The free disk under
# build/ is printed at the start and the end (CHECK_DISK_GB: what a cold run
# needs, measured; a warning when less is free).
. "$(dirname "$0")/lib.sh"

declare -A cmd=(
	[harness]="$TOP/tests/run-harness-tests.sh"
	[roundtrip]="$TOP/scripts/check-roundtrip.sh"
	[kunit-plain]="$TOP/scripts/kunit.sh plain"
	[kunit-debug]="$TOP/scripts/kunit.sh debug"
	[gate]="$TOP/scripts/gate.sh"
	[gate-tests]="$TOP/tests/gate/run"
	[board]="$TOP/scripts/board.sh"
	[bench-smoke]="$TOP/scripts/bench.sh --smoke"
)
CHECK_DISK_GB=${CHECK_DISK_GB:-15}
steps=(harness roundtrip kunit-plain kunit-debug gate gate-tests board bench-smoke)
read -r -a steps <<<"${CHECK_STEPS:-${steps[*]}}"

# Free space under build/, in GB. A full disk makes a step fail somewhere
# in a kernel build or checkout; say so where it will be read.
free_gb() { df -P -BG "$BUILD" | awk 'NR == 2 { sub("G", "", $4); print $4 }'; }
mkdir -p "$BUILD"
free0=$(free_gb)
echo "check: ${free0} GB free under $BUILD at the start (a cold run needs about $CHECK_DISK_GB GB)"
[ "$free0" -ge "$CHECK_DISK_GB" ] ||
	echo "check: warning: less free disk than a cold run needs; steps may fail with 'No space left on device'"

"$TOP/scripts/apply-series.sh"
declare -A verdict secs
for s in "${steps[@]}"; do
	[ -n "${cmd[$s]:-}" ] || die "unknown step $s (CHECK_STEPS)"
	echo "=== $s"
	start=$(date +%s)
	# shellcheck disable=SC2086 # the command is a script and its argument
	if ${cmd[$s]} 2>&1 | tee "$LOGS/check-$s.log"; then
		verdict[$s]=ok
	else
		verdict[$s]=FAIL
	fi
	secs[$s]=$(($(date +%s) - start))
done

"$TOP/scripts/report.sh" kunit-plain kunit-debug gate board bench
pass=0 fail=0
echo "== make check =="
for s in "${steps[@]}"; do
	printf '%-12s %-4s %5ss  (log: %s)\n' "$s" "${verdict[$s]}" "${secs[$s]}" "$LOGS/check-$s.log"
	if [ "${verdict[$s]}" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
free1=$(free_gb)
echo "disk: ${free1} GB free under $BUILD (${free0} GB at the start)"
if [ "$fail" -gt 0 ] && [ "$free1" -lt 2 ]; then
	echo "check: the disk is (nearly) full: a failed step may have run out of space"
fi
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
