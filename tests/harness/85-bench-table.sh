#!/usr/bin/env bash
# The judge of `make bench` (bench/table.py) on made-up raw
# results: a complete run passes and shows its ratios; a missing or
# non-positive number fails the run. A base that does not reproduce the bug
# or a series that still retries fails a full run; the smoke run (make
# check) reports such values as notes and passes. Also: the bench guest
# init parses as POSIX sh.
. "$(dirname "$0")/lib.sh"
plan 94

good() {
	cat <<-'EOF'
	# mode=smoke rounds=2 p4_iters=300 p3_sizes=1,16 p3_reps=1 p3c_rounds=1 p5_rounds=2 p5_slow_ms=2000 wait_s=15 triggers=1,10
	# base=dd585c0 Linux
	# series=8cfce12 doc (12 patches)
	round=1 variant=base what=p4 kind=dt part=total n=300 median_ns=40000
	round=1 variant=series what=p4 kind=dt part=total n=300 median_ns=40400
	round=2 variant=series what=p4 kind=dt part=total n=300 median_ns=40100
	round=2 variant=base what=p4 kind=dt part=total n=300 median_ns=40050
	round=1 variant=base what=p4 kind=nonode part=total n=300 median_ns=30000
	round=1 variant=series what=p4 kind=nonode part=total n=300 median_ns=30300
	round=2 variant=series what=p4 kind=nonode part=total n=300 median_ns=30100
	round=2 variant=base what=p4 kind=nonode part=total n=300 median_ns=30050
	variant=series what=p3-setup pses=1 phys=32 buses=1 bus_register_ms=3 reps=1
	variant=series what=p3 pses=1 part=register_until_attached n=1 median_ns=400000
	variant=series what=p3 pses=1 part=attach_walk n=1 median_ns=100000
	variant=series what=p3 pses=1 part=unregister_until_detached n=1 median_ns=200000
	variant=series what=p3 pses=1 part=detach_walk n=1 median_ns=50000
	variant=series what=p3-setup pses=16 phys=32 buses=1 bus_register_ms=3 reps=1
	variant=series what=p3 pses=16 part=register_until_attached n=1 median_ns=4000000
	variant=series what=p3 pses=16 part=attach_walk n=1 median_ns=1000000
	variant=series what=p3 pses=16 part=unregister_until_detached n=1 median_ns=2000000
	variant=series what=p3 pses=16 part=detach_walk n=1 median_ns=500000
	variant=base what=p3-base pses=1 bus_register=-517
	round=1 variant=base what=p5 slow_ms=2000 part=other_attach n=1 median_ns=1990000000
	round=1 variant=series what=p5 slow_ms=2000 part=other_attach n=1 median_ns=300000
	round=2 variant=series what=p5 slow_ms=2000 part=other_attach n=1 median_ns=500000
	round=2 variant=base what=p5 slow_ms=2000 part=other_attach n=1 median_ns=1970000000
	variant=base dt=pses what=p1 triggers=1 phy_add=1 phy_remove=1 uevents=4 probe_us=20000
	variant=base dt=pses what=p1 triggers=10 phy_add=10 phy_remove=10 uevents=40 probe_us=200000
	variant=series dt=pses what=p1 triggers=1 phy_add=0 phy_remove=0 uevents=0 probe_us=200
	variant=series dt=pses what=p1 triggers=10 phy_add=0 phy_remove=0 uevents=0 probe_us=2000
	variant=base dt=pses what=p2 eth0=no up=no eth0_ms= usable_ms= wait_s=15
	variant=series dt=pses what=p2 eth0=yes up=yes eth0_ms=2900 usable_ms=2950 wait_s=15
	variant=base dt=nopses what=p2 eth0=yes up=yes eth0_ms=2900 usable_ms=2940 wait_s=15
	variant=series dt=nopses what=p2 eth0=yes up=yes eth0_ms=2900 usable_ms=2960 wait_s=15
	# time=100s build-uml-base=3s
	EOF
	# P3c: PHYs with pses, kernel, part, median of round 1
	local n v part med spec
	for spec in 1:base:bus_register:300000 1:base:bus_unregister:200000 1:series:bus_register:330000 1:series:bus_unregister:180000 16:base:bus_register:400000 16:base:bus_unregister:200000 16:series:bus_register:400000 16:series:bus_unregister:200000; do
		IFS=: read -r n v part med <<<"$spec"
		echo "round=1 variant=$v what=p3c pses=$n part=$part n=1 median_ns=$med"
	done
}

# judge NAME RC EDIT REGEX...: the good raw file through the sed script
# EDIT, judged; expect exit RC and lines matching each REGEX.
judge() {
	local name=$1 rc=$2 edit=$3 got re
	shift 3
	good | sed -e "$edit" >"$T/$name.raw"
	python3 "$TOP/bench/table.py" "$T/$name.raw" >"$T/$name.out" 2>&1
	got=$?
	if [ "$got" = "$rc" ]; then ok "$name: exit $rc"; else
		fail "$name: exit $got, expected $rc"
		sed 's/^/    | /' "$T/$name.out" | tail -n 30
	fi
	for re in "$@"; do check_out "$name: /$re/" "$re" "$T/$name.out"; done
	check_out "$name: closing line" '^bench: (ok|[0-9]+ problems) \((smoke|full)\)$' "$T/$name.out"
}

judge good 0 '' \
	'^\| P1 \| PHY register/remove cycles, 10 deferred-probe trigger\(s\) \| 10/10 \| 0/0 \| 0\.00 \|' \
	'^\| P1 \|   guest time in those 10 trigger\(s\) \| 200\.0 ms \| 2\.0 ms \| 0\.010 \|' \
	'^\| P2 \| .*"pses" on the PHY \| no eth0 after 15 s \| 2\.95 s \| - \|' \
	'^\| P3 \| pse_controller_register\(\) .*16 PHYs with pses .* \|  \| 4\.000 ms \| 10\.0 \| x10\.0 for x16 PHYs from 1;' \
	'^\| P3 \| .*1 PHYs with pses .*\| n/a \(MDIO bus registration fails with -EPROBE_DEFER\) \|' \
	'^\| P5 \| PHY of controller B registered until attached, while an op of controller A sleeps 2000 ms \| 1980\.0 ms \| 0\.40 ms \| 0\.000 \| median of 2 alternating round\(s\); series worst 0\.50 ms' \
	'^\| P3c \| MDIO bus registration until every PHY with pses is attached / removal, controller bound first: 1 PHYs with pses among 32 on 1 bus\(es\) \| 0\.30 / 0\.20 ms \| 0\.33 / 0\.18 ms \| 1\.10 / 0\.90 \|' \
	'^\| P4 \| register\+remove, PHY with a DT node.* \| 40\.02 us \| 40\.25 us \| 1\.006 \|' \
	'^bench: ok \(smoke\)$'
judge p4-missing-round 1 '/round=2 variant=series what=p4 kind=dt/d' \
	'problem: P4 dt: round 2 lacks a median'
judge p4-zero 1 's/median_ns=30300/median_ns=0/' \
	'problem: P4 nonode: round 1 median not positive'
judge p3-missing-size 1 '/pses=16 part=attach_walk/d' \
	'problem: P3 register_until_attached for 16 PHYs with pses'
judge p3c-missing 1 '/variant=series what=p3c pses=16 part=bus_unregister/d' \
	'problem: P3c bus_unregister 16 PHYs with pses: round 1: base 200000.0, series None'
judge p5-missing 1 '/round=2 variant=series what=p5/d' \
	'problem: P5: 2 base and 1 series results of 2 round\(s\)'
# The series' limit holds in the smoke run too
judge p5-series-stalls 1 's/median_ns=500000$/median_ns=150000000/' \
	'problem: P5: the series made B wait 150\.0 ms for controller A \(limit 100 ms\)'
# judge_value NAME EDIT TEXT: a value that says the benchmark did not
# measure what it should (TEXT, a regex): a note in the smoke run, which
# passes; a problem in a full run, which fails.
judge_value() {
	judge "$1" 0 "$2" "^not judged \(smoke\): $3" '^bench: ok \(smoke\)$'
	judge "$1-full" 1 "$2; s/^# mode=smoke /# mode=full /" "^bench: problem: $3" \
		'^bench: [0-9]+ problems \(full\)$'
}
judge_value p3-base-no-defer 's/bus_register=-517/bus_register=0/' \
	'P3: the base MDIO bus registration returned 0'
judge_value p5-base-no-stall 's/median_ns=1990000000$/median_ns=400000/; s/median_ns=1970000000$/median_ns=500000/' \
	'P5: the base made B wait only 0\.5 ms'
judge_value p1-base-fixed 's/triggers=10 phy_add=10 phy_remove=10/triggers=10 phy_add=0 phy_remove=0/' \
	'P1: the base made 0 PHY adds/0 removes for 10 triggers'
judge_value p1-series-retries 's/variant=series dt=pses what=p1 triggers=1 phy_add=0/variant=series dt=pses what=p1 triggers=1 phy_add=1/' \
	'P1: the series made 1 PHY adds'
judge_value p2-base-up 's/variant=base dt=pses what=p2 eth0=no up=no/variant=base dt=pses what=p2 eth0=yes up=yes/; s/usable_ms= wait_s=15/usable_ms=3000 wait_s=15/' \
	'P2: the base brought eth0 up'
judge p1-no-time 1 's/probe_us=200$/probe_us=0/' \
	'problem: P1 series: guest time for 1 triggers not positive'
judge p2-series-down 1 's/variant=series dt=pses what=p2 eth0=yes up=yes/variant=series dt=pses what=p2 eth0=yes up=no/' \
	'problem: P2 series/pses: no usable eth0 within 15 s' 'eth0 not usable after 15 s'
judge p2-missing 1 '/variant=series dt=nopses what=p2/d' 'problem: P2 series/nopses: no result'
# A phase of bench.sh that failed: its reason is the first problem, before
# the numbers it left missing.
judge phase-failed 1 '/variant=series what=p3c/d; s/^# time=/# failed=build-uml-series: fatal: could not create work tree dir: No space left on device\n# time=/' \
	'^bench: problem: phase build-uml-series: fatal: could not create work tree dir: No space left on device$' \
	'problem: P3c bus_register'
if grep -m1 '^bench: problem' "$T/phase-failed.out" | grep -q 'phase build-uml-series'; then
	ok "phase-failed: the failed phase is the first problem"
else
	fail "phase-failed: the failed phase is not the first problem"
fi

check "board/guest/bench-init.sh parses as POSIX sh" dash -n "$TOP/board/guest/bench-init.sh"
for f in bench/run.sh bench/lib.sh bench/uml.sh bench/board.sh lib/common.sh; do
	check "$f parses" bash -n "$TOP/$f"
done
judge board-retry 0 's/^# time=/# board_retry=base\/pses\n# time=/' \
	'^Board boots that stalled and were made once more: base/pses\.$' '^bench: ok \(smoke\)$'
