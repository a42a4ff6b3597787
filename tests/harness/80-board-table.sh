#!/usr/bin/env bash
# The judge of the emulated-board test (board/host/table.py) on made-up
# guest consoles: the base must reproduce the bug with its signature, every
# series step must pass, a missing or doubled verdict, a skip, a splat or a
# base that behaves like the fix fail the run. Also: the guest init script
# parses as POSIX sh.
. "$(dirname "$0")/lib.sh"
plan 63

# console VARIANT SCENARIO STATUS-LINE LINES...: one fake guest run.
console() {
	local v=$1 s=$2 q=$3
	shift 3
	printf 'variant=%s flavor=plain dtb=x scenario=%s seconds=9 limit=99\nqemu: %s\n' \
		"$v" "$s" "$q" >"$D/$v-$s.status"
	printf '%s\r\n' "[    1.0] Booting Linux" "$@" >"$D/$v-$s.console"
}
good_base() {
	console base main ended "BOARD-PLAN 1 2 3 4 5" \
		"BOARD-RESULT 1 fail eth0=no deferred=yes triggers=20 phy_add=20 phy_remove=20 -- the MAC waits" \
		"BOARD-RESULT 2 pass psec_ms=300 admin=disabled power=disabled" \
		"BOARD-RESULT 3 pass gpio=1,0,1 admin=enabled,disabled,enabled" \
		"BOARD-RESULT 4 fail up=yes rmmod=fail -- rmmod: can't unload module" \
		"BOARD-RESULT 5 fail up=yes unbind=ok nopse=no" \
		BOARD-DMESG-BEGIN "<4>[    2.0] WARNING: CPU: 0 PID: 1 at x" BOARD-DMESG-END BOARD-DONE
	console base selftest ended "BOARD-PLAN 8" \
		"BOARD-RESULT 8 fail failed=rmmod,unbind_detached plan=22 pass=14 fail=2 skip=6 error=0 exit=1" BOARD-DONE
	console base stress "timed out after 600 s" "BOARD-PLAN 6" "[   50.0] Kernel panic - not syncing: Fatal exception"
	console base broken ended "BOARD-PLAN 7" "BOARD-RESULT 7 fail eth0=no up=no warnings=0" \
		BOARD-DMESG-BEGIN BOARD-DMESG-END BOARD-DONE
}
good_series() {
	console series main ended "BOARD-PLAN 1 2 3 4 5" \
		"BOARD-RESULT 1 pass eth0=yes deferred=no triggers=20 phy_add=0 phy_remove=0" \
		"BOARD-RESULT 2 pass psec_ms=100 admin=disabled power=disabled" \
		"BOARD-RESULT 3 pass gpio=1,0,1 admin=enabled,disabled,enabled" \
		"BOARD-RESULT 4 pass up=yes rmmod=ok nopse=yes log_errors=0 reattach=yes" \
		"BOARD-RESULT 5 pass up=yes unbind=ok nopse=yes log_errors=0 reattach=yes" \
		BOARD-DMESG-BEGIN "<6>[    2.0] macb e000b000.ethernet eth0: Cadence GEM" BOARD-DMESG-END BOARD-DONE
	console series stress ended "BOARD-PLAN 6" "BOARD-RESULT 6 pass cycles=200 splats=0 kasan=yes" \
		BOARD-DMESG-BEGIN BOARD-DMESG-END BOARD-DONE
	console series selftest ended "BOARD-PLAN 8" \
		"BOARD-RESULT 8 pass failed=none plan=22 pass=20 fail=0 skip=2 error=0 exit=0" \
		BOARD-DMESG-BEGIN BOARD-DMESG-END BOARD-DONE
	console series broken ended "BOARD-PLAN 7" "BOARD-RESULT 7 pass eth0=yes up=yes warnings=1 splats=0" \
		BOARD-DMESG-BEGIN "<4>[    3.0] Generic PHY x: cannot get PSE control, PSE disabled: -EINVAL" BOARD-DMESG-END BOARD-DONE
}
# judge NAME RC REGEX...: run the judge on $D, expect exit RC and lines.
judge() {
	local name=$1 rc=$2 got
	shift 2
	python3 "$TOP/board/host/table.py" "$D" "$D/no-header" "$TOP/lib/kernel-reports" >"$T/$name.out" 2>&1
	got=$?
	if [ "$got" = "$rc" ]; then ok "$name: exit $rc"; else
		fail "$name: exit $got, expected $rc"
		sed 's/^/    | /' "$T/$name.out" | tail -n 30
	fi
	local re
	for re in "$@"; do check_out "$name: /$re/" "$re" "$T/$name.out"; done
	check_out "$name: closing line" '^board: [0-9]+ passed, [0-9]+ failed$' "$T/$name.out"
}
fresh() { D=$T/$1; rm -rf "$D"; mkdir -p "$D"; good_base; good_series; }

fresh good
judge good 0 '^1 .*\| FAIL eth0=no deferred=yes phy_add=20 phy_remove=20 +\| pass .*base reproduces the bug; series ok' \
	'^4 .*base reproduces the bug; series ok' \
	'^8 .*\| FAIL plan=22 pass=14 fail=2 skip=6 failed=rmmod,unbind_detached .*base reproduces the bug; series ok' '^6 .*no verdict: QEMU timed out after 600 s; Kernel panic.*base not judged; series ok' \
	', 0 failed$'

fresh base-fixed
console base main ended "BOARD-PLAN 1 2 3 4 5" \
	"BOARD-RESULT 1 pass eth0=yes deferred=no phy_add=0 phy_remove=0" \
	"BOARD-RESULT 2 pass" "BOARD-RESULT 3 pass" \
	"BOARD-RESULT 4 fail up=yes rmmod=fail" "BOARD-RESULT 5 pass" BOARD-DONE
judge base-fixed 1 '^1 .*HARNESS: base does not reproduce the bug' ', 1 failed$'

fresh base-other-failure
console base main ended "BOARD-PLAN 1 2 3 4 5" \
	"BOARD-RESULT 1 fail eth0=no deferred=yes phy_add=20 phy_remove=20" \
	"BOARD-RESULT 2 pass" "BOARD-RESULT 3 pass" \
	"BOARD-RESULT 4 fail up=yes rmmod=ok nopse=no" "BOARD-RESULT 5 pass" BOARD-DONE
judge base-other-failure 1 '^4 .*HARNESS: base fails, but not with the bug'

fresh base-error
console base main ended "BOARD-PLAN 1 2 3 4 5" \
	"BOARD-RESULT 1 error -- the uevent helper logs nothing" \
	"BOARD-RESULT 2 pass" "BOARD-RESULT 3 pass" "BOARD-RESULT 4 fail rmmod=fail" BOARD-DONE
judge base-error 1 '^1 .*\| ERROR .*HARNESS: base fails, but not with the bug' \
	'^5 .*no verdict: QEMU ended' '^2 .*base ok'

# The selftest: a failure on the series fails the run; on the base only
# its rmmod failing is the bug
fresh series-selftest-fail
console series selftest ended "BOARD-PLAN 8" \
	"BOARD-RESULT 8 fail failed=link_flap_reattached plan=22 pass=19 fail=1 skip=2 error=0 exit=1" \
	BOARD-DMESG-BEGIN BOARD-DMESG-END BOARD-DONE
judge series-selftest-fail 1 '^8 .*\| FAIL plan=22 pass=19 fail=1 skip=2 failed=link_flap_reattached .*SERIES FAILS'

fresh base-selftest-other
console base selftest ended "BOARD-PLAN 8" "BOARD-RESULT 8 fail failed=set_pse_podl" BOARD-DONE
judge base-selftest-other 1 '^8 .*HARNESS: base fails, but not with the bug'

# A subset of the scenarios (make check: no stress step): the others are
# shown as not run and not judged, the run passes
fresh scenario-subset
rm -f "$D"/*-stress.*
BOARD_SCENARIOS="main broken selftest" judge scenario-subset 0 \
	'^6 .*\| not run +\| not run +\| not judged: scenario stress not in BOARD_SCENARIOS' ', 0 failed$'

fresh series-timeout
console series stress "timed out after 600 s" "BOARD-PLAN 6" "[  9.0] some line"
judge series-timeout 1 '^6 .*no verdict: QEMU timed out after 600 s; last console line: \[  9.0\] some line.*SERIES FAILS'

fresh series-skip
console series broken ended "BOARD-PLAN 7" "BOARD-RESULT 7 skip -- not today" BOARD-DONE
judge series-skip 1 '^7 .*\| SKIP +\| .*SERIES FAILS'

fresh doubled
console series broken ended "BOARD-PLAN 7" "BOARD-RESULT 7 pass warnings=1" "BOARD-RESULT 7 fail warnings=2" BOARD-DONE
judge doubled 1 '^7 .*two verdicts for one step.*SERIES FAILS'

fresh splat
console series stress ended "BOARD-PLAN 6" "BOARD-RESULT 6 pass cycles=200 splats=0" \
	BOARD-DMESG-BEGIN "<4>[  9.0] BUG: KASAN: slab-use-after-free in pse_x" BOARD-DMESG-END BOARD-DONE
judge splat 1 'problem: series kernel logs: 1 splat lines, first: series-stress: .*KASAN'

fresh noise
console series main ended "BOARD-PLAN 1 2 3 4 5" \
	"[  2.0] rcu: noiseBOARD-RESULT 1 pass eth0=yes deferred=no phy_add=0 phy_remove=0" \
	"BOARD-RESULT 2 pass" "BOARD-RESULT 3 pass" "BOARD-RESULT 4 pass" "BOARD-RESULT 5 pass" \
	BOARD-DMESG-BEGIN BOARD-DMESG-END BOARD-DONE
judge noise 0 '^1 .*\| pass eth0=yes'

fresh missing-run
rm -f "$D"/series-broken.*
judge missing-run 1 '^7 .*no verdict: not run.*SERIES FAILS'

fresh wrong-plan
console series broken ended "BOARD-PLAN 6" "BOARD-RESULT 7 pass" BOARD-DONE
judge wrong-plan 1 'problem: series-broken: guest planned steps \[6\], expected \[7\]'

for f in init uevent-log guest-lib; do
	check "board/guest/$f.sh parses as POSIX sh" dash -n "$TOP/board/guest/$f.sh"
done

# The host judges with the one list of kernel reports (lib/kernel-reports):
# a report the old copy of the list did not know is a splat too.
fresh ubsan
console series broken ended "BOARD-PLAN 7" "BOARD-RESULT 7 pass eth0=yes up=yes warnings=1 splats=0" \
	BOARD-DMESG-BEGIN "<3>[    3.0] UBSAN: array-index-out-of-bounds in drivers/net/pse-pd/pse_core.c:99:1" BOARD-DMESG-END BOARD-DONE
judge ubsan 1 'problem: series kernel logs: 1 splat lines, first: series-broken: .*UBSAN: array-index-out-of-bounds'

fresh after-done
console series broken ended "BOARD-PLAN 7" "BOARD-RESULT 7 pass eth0=yes up=yes warnings=1 splats=0" \
	BOARD-DMESG-BEGIN BOARD-DMESG-END BOARD-DONE "[    9.1] Internal error: Oops: 17 [#1] ARM" \
	"[    9.2] Kernel panic - not syncing: Attempted to kill init!"
judge after-done 1 'series-broken +ended, 9 s, kernel \?, 2 splat lines' 'problem: series kernel logs: 2 splat lines, first: series-broken: .*Oops'

fresh hang-at-reboot
console series broken "timed out after 180 s" "BOARD-PLAN 7" "BOARD-RESULT 7 pass eth0=yes up=yes warnings=1 splats=0" \
	BOARD-DMESG-BEGIN BOARD-DMESG-END BOARD-DONE
judge hang-at-reboot 1 'problem: series-broken: QEMU timed out after 180 s \(the guest must reboot by itself\)'
