#!/usr/bin/env bash
# `make bench`: base vs series in one run, one table.
#   P1  emulated board: PHY register/remove cycles and guest time for 1, 10
#       and 100 deferred-probe triggers, PSE module not loaded
#   P2  emulated board: boot to a usable eth0, PSE module never loaded, with
#       and without "pses" on the PHY
#   P3  UML (series only): pse_controller_register() until every PHY is
#       attached, unregister until every PHY is detached, 1/16/256/1024
#       PHYs with "pses" among as many without; P3c the same PHYs with the
#       controller bound first: MDIO bus registration and removal, base vs
#       series, alternating rounds
#   P5  UML: a PHY of controller B registers while an op of controller A
#       sleeps 2 s in A's PSE lookup: the time until B's PHY has its PSE
#       control, base vs series (the series must stay under 100 ms)
#   P4  UML: phy_device_register() + phy_device_remove() of a PHY without
#       "pses", median ns, series/base over rounds that alternate the two
#       kernels
# Writes build/bench/raw.txt (every measurement) and build/results/bench.txt
# (the table, also printed). Exits non-zero when a phase failed or a number
# is missing (bench/table.py says which); a full run also when a
# value shows that the benchmark did not measure what it should (a base
# that does not reproduce the bug, ...). A phase that fails does not stop
# the others. P1/P2 boot the board test's kernels (build/board).
#
#   --smoke, BENCH_SMOKE=1  the smallest size of each (P1 1 trigger, P2 one
#                      boot each, P3/P3c 1 PHY, P4 one short round): what
#                      `make check` runs to keep the benchmarks working; it
#                      reports the values, it does not judge them
#   BENCH_PARTS="p4 p3 board"   a subset (the table then lacks rows and the
#                      run fails the completeness check; for development)
#   BENCH_ROUNDS, BENCH_P4_ITERS, BENCH_P3_SIZES, BENCH_P3_REPS, BENCH_P3C_ROUNDS,
#   BENCH_P5_ROUNDS, BENCH_P5_SLOW_MS, BENCH_WAIT, BENCH_TRIGGERS  override the sizes
. "$(dirname "$0")/lib.sh"

S=$TOP/bench
result_start bench
case ${1:-} in
--smoke) BENCH_SMOKE=1 ;;
"") ;;
*) die "usage: $0 [--smoke]" ;;
esac
if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	mode=smoke
	rounds=${BENCH_ROUNDS:-1}
	p4_iters=${BENCH_P4_ITERS:-2000}
	p4_warmup=100
	p3_sizes=${BENCH_P3_SIZES:-1}
	p3_reps=${BENCH_P3_REPS:-1}
	p3c_rounds=${BENCH_P3C_ROUNDS:-1}
	p5_rounds=${BENCH_P5_ROUNDS:-1}
	export BENCH_WAIT=${BENCH_WAIT:-15} BENCH_TRIGGERS=${BENCH_TRIGGERS:-1} BENCH_P2_BOOTS=${BENCH_P2_BOOTS:-1}
else
	mode=full
	rounds=${BENCH_ROUNDS:-9}
	p4_iters=${BENCH_P4_ITERS:-100000}
	p4_warmup=2000
	p3_sizes=${BENCH_P3_SIZES:-1,16,256,1024}
	p3_reps=${BENCH_P3_REPS:-5}
	p3c_rounds=${BENCH_P3C_ROUNDS:-5}
	p5_rounds=${BENCH_P5_ROUNDS:-3}
	export BENCH_WAIT=${BENCH_WAIT:-30} BENCH_TRIGGERS=${BENCH_TRIGGERS:-1 10 100}
fi
p5_slow_ms=${BENCH_P5_SLOW_MS:-2000}
read -r -a parts <<<"${BENCH_PARTS:-p4 p3 p5 board}"
want() { [[ " ${parts[*]} " == *" $1 "* ]]; }

t0=$(date +%s)
declare -A secs
failed=()
phase() { # NAME CMD...: run a phase, note its time; a failure is noted and
	# the run goes on: the table says which numbers are missing, and why
	# (the phase's last error line, "# failed=" in the raw file)
	local name=$1 start err why rc=0
	shift
	start=$(date +%s)
	err=$BENCH_LOGS/phase-$name.err
	# stderr to the terminal and to $err, stdout as it is
	{ "$@" 2>&1 1>&3 3>&- | tee "$err" >&2 3>&-; } 3>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		failed+=("$name")
		log "$name failed"
		why=$(grep -E 'error|[Ee]rror:|failed|cannot|No space|fatal' "$err" | tail -n 1 | cut -c1-300)
		echo "# failed=$name: ${why:-no error line; see $err}" >>"$raw"
	fi
	secs[$name]=$(($(date +%s) - start))
}

base=$(bench_ref base)
series=$(bench_ref series)
raw=$BENCH/raw.txt
rm -f "$raw"
{
	echo "# mode=$mode rounds=$rounds p4_iters=$p4_iters p3_sizes=$p3_sizes p3_reps=$p3_reps p3c_rounds=$p3c_rounds p5_rounds=$p5_rounds p5_slow_ms=$p5_slow_ms wait_s=$BENCH_WAIT triggers=${BENCH_TRIGGERS// /,}"
	echo "# base=$(bench_describe "$base")"
	echo "# series=$(bench_describe "$series") ($(git -C "$(kernel_repo)" rev-list --count "$base..$series") patches)"
	echo "# host=$(nproc) CPUs, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$raw"

# shellcheck disable=SC2317 # uml, board_part and alternate are called through phase
# uml VARIANT NAME CASE PARAM...: one run of the UML benchmark, its lines
# appended to the raw file; board_part: the same for the board (P1, P2).
uml() {
	"$S/uml.sh" run "$@" >>"$raw"
}
# shellcheck disable=SC2317 # called through phase
board_part() {
	"$S/board.sh" >>"$raw"
}

# alternate ROUNDS NAME CASE PARAM...: ROUNDS rounds of the UML benchmark on
# both kernels, the first one of a round alternating too (base series,
# series base, ...), so that a drift of the machine's speed hits both
# alike. Lines prefixed with round=N.
# shellcheck disable=SC2317 # called through phase
alternate() {
	local rounds=$1 name=$2 case=$3 r v order rc=0
	shift 3
	for r in $(seq 1 "$rounds"); do
		if [ $((r % 2)) = 1 ]; then order="base series"; else order="series base"; fi
		for v in $order; do
			"$S/uml.sh" run "$v" "$name-r$r-$v" "$case" "$@" |
				sed "/^#/!s/^/round=$r /" >>"$raw" || rc=1
		done
	done
	return "$rc"
}

uml_built=true
if want p4 || want p3 || want p5; then
	phase build-uml-base "$S/uml.sh" build base
	phase build-uml-series "$S/uml.sh" build series
	[[ " ${failed[*]} " != *" build-uml-"* ]] || uml_built=false
fi

if want p4 && $uml_built; then
	phase run-p4 alternate "$rounds" p4 'p4*' "p4_iters=$p4_iters" "p4_warmup=$p4_warmup"
fi

if want p3 && $uml_built; then
	phase run-p3-series uml series p3-series 'p3_*' "p3_sizes=$p3_sizes" "p3_reps=$p3_reps"
	# The base cannot: it shows why (the smallest size is enough).
	phase run-p3-base uml base p3-base 'p3_*' "p3_sizes=${p3_sizes%%,*}" p3_reps=1
	# P3c, controller first, works on both: alternating rounds as for P4.
	phase run-p3c alternate "$p3c_rounds" p3c 'p3c*' "p3_sizes=$p3_sizes" "p3_reps=$p3_reps"
fi

if want p5 && $uml_built; then
	phase run-p5 alternate "$p5_rounds" p5 'p5*' "p5_slow_ms=$p5_slow_ms" p5_reps=1
fi

if want board; then
	phase board board_part
fi

times=
for k in $(printf '%s\n' "${!secs[@]}" | sort); do times+="$k=${secs[$k]}s "; done
echo "# time=$(($(date +%s) - t0))s ${times% }" >>"$raw"

mkdir -p "$RESULTS"
rc=0
python3 "$S/table.py" "$raw" >"$RESULTS/bench.txt" || rc=$?
result_meta bench "base: $base" "series: $series" "mode: $mode" "finished: $(date -u '+%F %T UTC')"
cat "$RESULTS/bench.txt"
if [ ${#failed[@]} -gt 0 ]; then
	echo "bench: failed phases: ${failed[*]} (logs: $BENCH_LOGS)"
	rc=1
fi
exit $rc
