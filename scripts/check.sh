#!/usr/bin/env bash
# `make check`: run every test step, go on after a failure, print a table
# and the closing line "check: N passed, N failed". Each step is one script;
# its output goes to the terminal and to build/logs/check-<step>.log.
#   - harness     tests/harness/run, the harness itself
#   - shellcheck  scripts/shellcheck.sh: shellcheck on every shell script
#   - roundtrip   series/roundtrip.sh (patches/ apply -> export identical)
#   - kunit-plain kunit/run.sh plain
#   - kunit-debug kunit/run.sh debug
#   - board       board/host/run.sh, the emulated board, base vs series
#   - bench-smoke bench/run.sh --smoke, every benchmark at its smallest size
#   - gate        gate/run.sh, the upstream checks on every patch of both series
#   - gate-tests  gate/tests/run, the fixtures fail the right gate check
# A step exits 0 (ok), 1 (FAIL) or 2 (ERROR: it could not run, for example
# a package that does not install); any other exit counts as ERROR too.
# CHECK_STEPS="roundtrip kunit-plain" runs a subset; an unknown name is an
# error. The steps run in three lanes at once, each lane one step after
# the other: the gate with the quick steps before it and its tests after
# it; the KUnit kernels; the board and the benchmarks, which boot its
# kernels. A kernel build leaves a core idle in its serial parts (kconfig,
# link, modpost), a QEMU guest and checkpatch use one core: the other
# lanes fill them. The lanes share nothing but ccache (safe) and the
# package installs (serialised in need_pkgs). Each step's output goes to
# its log, prefixed with its name on
# the terminal. CHECK_LANES=1 runs every step in one lane, in order. The free disk under build/ is printed at the start and the end
# (CHECK_DISK_GB: what a cold run needs, measured; a warning when less is
# free).
. "$(dirname "$0")/../lib/common.sh"

declare -A cmd=(
	[harness]="$TOP/tests/harness/run"
	[shellcheck]="$TOP/scripts/shellcheck.sh"
	[roundtrip]="$TOP/series/roundtrip.sh"
	[kunit-plain]="$TOP/kunit/run.sh plain"
	[kunit-debug]="$TOP/kunit/run.sh debug"
	[gate]="$TOP/gate/run.sh"
	[gate-tests]="$TOP/gate/tests/run"
	[board]="$TOP/board/host/run.sh"
	[bench-smoke]="$TOP/bench/run.sh --smoke"
)
CHECK_DISK_GB=${CHECK_DISK_GB:-15}
# The order: the quick steps first; the board before the benchmarks, which
# boot its kernels; the gate tests after the gate, whose builds they reuse.
#
# What a cold run on 2 cores can do in an hour (measured: a kernel object
# costs about 1.5 CPU seconds cold; the whole list below is some 9000
# objects): `make check` builds one configuration of each kind - the KUnit
# suite in the debug configuration only (lockdep, KASAN, kmemleak: every
# case, more checked than in the plain one), the board's plain kernels
# (steps 1-5, 7 and the series' PSE selftest, step 8; not the stress step,
# which needs a debug kernel), the short fault sweep and soak on the
# board's fault kernel (debug + fault injection: every lifecycle operation
# with its first FAULT_NTH_MAX=3 allocations failed one by one, a soak of
# SOAK_CYCLES=50 controller cycles; make fault-sweep and make soak run the
# whole of both), and the gate's matrix at every patch in its
# gcc x86_64
# PHYLIB=m configuration (built-in PSE core and ethtool against modular
# phylib: vmlinux and modules link, modpost; W=1 and sparse; every PSE
# driver, caller and includer compiled). A cold run with i386 as a second
# configuration had not finished after 88 minutes (the gate at patch 17
# of 23). CHECK_FULL=1 (make
# check-full) runs everything: the plain KUnit run, the stress step on the
# debug board kernel, the benchmarks' smoke run and the whole matrix
# (clang, i386 without OF, PHYLIB=y, PSE=n too), with the same short
# fault sweep and soak.
if [ "${CHECK_FULL:-0}" = 1 ]; then
	steps=(harness shellcheck roundtrip kunit-plain kunit-debug board bench-smoke gate gate-tests)
	export BOARD_SCENARIOS=${BOARD_SCENARIOS:-main stress broken selftest fault soak}
else
	steps=(harness shellcheck roundtrip kunit-debug board gate gate-tests)
	export GATE_CONFIGS=${GATE_CONFIGS:-x86_64-phylib-m}
	export BOARD_SCENARIOS=${BOARD_SCENARIOS:-main broken selftest fault soak}
fi
export FAULT_NTH_MAX=${FAULT_NTH_MAX:-3} SOAK_CYCLES=${SOAK_CYCLES:-50}
read -r -a steps <<<"${CHECK_STEPS:-${steps[*]}}"
for s in "${steps[@]}"; do
	[ -n "${cmd[$s]:-}" ] || cannot_run "unknown step '$s' in CHECK_STEPS; the steps are: ${!cmd[*]}"
done

# Free space under build/, in GB. A full disk makes a step fail somewhere
# in a kernel build or checkout; say so where it will be read.
free_gb() { df -P -BG "$BUILD" | awk 'NR == 2 { sub("G", "", $4); print $4 }'; }
free0=$(free_gb)
t0=$(date +%s)
echo "check: ${free0} GB free under $BUILD at the start (a cold run needs about $CHECK_DISK_GB GB); load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$free0" -ge "$CHECK_DISK_GB" ] ||
	echo "check: warning: less free disk than a cold run needs; steps may fail with 'No space left on device'"

"$TOP/series/apply.sh"

# The lane of each step (see above)
declare -A lane=([harness]=1 [shellcheck]=1 [roundtrip]=1 [gate]=1 [gate-tests]=1
	[kunit-plain]=2 [kunit-debug]=2 [board]=3 [bench-smoke]=3)
[ "${CHECK_LANES:-2}" = 1 ] && for s in "${!lane[@]}"; do lane[$s]=1; done

# run_step STEP: run it, its output to its log (and, prefixed, to the
# terminal); its exit code and seconds to $LOGS/check-STEP.rc
run_step() {
	local s=$1 start rc
	echo "=== $s"
	start=$(date +%s)
	set +e
	# shellcheck disable=SC2086 # the command is a script and its argument
	${cmd[$s]} 2>&1 | tee "$LOGS/check-$s.log" | sed -u "s/^/[$s] /"
	rc=${PIPESTATUS[0]}
	set -e
	echo "$rc $(($(date +%s) - start))" >"$LOGS/check-$s.rc"
	echo "=== $s: exit $rc after $(($(date +%s) - start)) s"
}
run_lane() {
	local l=$1 s
	for s in "${steps[@]}"; do
		[ "${lane[$s]}" = "$l" ] && run_step "$s"
	done
	return 0
}

for s in "${steps[@]}"; do rm -f "$LOGS/check-$s.rc"; done
run_lane 2 &
lane2=$!
run_lane 3 &
lane3=$!
run_lane 1
wait "$lane2" "$lane3" || true

declare -A verdict secs
for s in "${steps[@]}"; do
	rc=2 t=0
	[ -s "$LOGS/check-$s.rc" ] && read -r rc t <"$LOGS/check-$s.rc"
	case $rc in
	0) verdict[$s]=ok ;;
	1) verdict[$s]=FAIL ;;
	*) verdict[$s]=ERROR ;;
	esac
	secs[$s]=$t
done

reports=(kunit-debug gate board fault soak)
[ "${CHECK_FULL:-0}" != 1 ] || reports=(kunit-plain kunit-debug gate board fault soak bench)
"$TOP/scripts/report.sh" "${reports[@]}"
pass=0 fail=0 errors=()
echo "== make check =="
for s in "${steps[@]}"; do
	printf '%-12s %-5s %5ss  (log: %s)\n' "$s" "${verdict[$s]}" "${secs[$s]}" "$LOGS/check-$s.log"
	case ${verdict[$s]} in
	ok) pass=$((pass + 1)) ;;
	ERROR) fail=$((fail + 1)) errors+=("$s") ;;
	*) fail=$((fail + 1)) ;;
	esac
done
free1=$(free_gb)
echo "disk: ${free1} GB free under $BUILD (${free0} GB at the start); time $(($(date +%s) - t0)) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$fail" -gt 0 ] && [ "$free1" -lt 2 ]; then
	echo "check: the disk is (nearly) full: a failed step may have run out of space"
fi
[ ${#errors[@]} -eq 0 ] ||
	echo "check: ${#errors[@]} of the failed steps could not run (ERROR): ${errors[*]}; see their logs"
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
