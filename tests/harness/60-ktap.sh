#!/usr/bin/env bash
# The KTAP reader behind kunit.sh: results per case and the verdict line;
# a failed case, a crash (results missing), no KTAP and zero tests fail.
. "$(dirname "$0")/lib.sh"
plan 40

k() { python3 "$TOP/kunit/ktap.py" kunit-t "$1" "$T/out.ktap" >"$T/out" 2>&1; }
# expect FIXTURE RC SUMMARY [REGEX...]
expect() {
	local fx=$1 rc=$2 sum=$3 got
	shift 3
	k "$T/$fx.log"
	got=$?
	if [ "$got" = "$rc" ] && [ "$(tail -n 1 "$T/out")" = "kunit-t: $sum" ]; then
		ok "$fx: exit $rc, '$sum'"
	else
		fail "$fx: exit $got (want $rc), last line '$(tail -n 1 "$T/out")' (want 'kunit-t: $sum')"
	fi
	for re in "$@"; do check_out "$fx: $re" "$re" "$T/out"; done
}

cat >"$T/pass.log" <<'LOG'
Core dump limits :
[    0.010000] Linux version 7.3.4
[    0.100000] KTAP version 1
[    0.100000] 1..2
[    0.100000]     KTAP version 1
[    0.100000]     # Subtest: suite_a
[    0.100000]     # module: foo
[    0.100000]     1..3
[    0.100000]     ok 1 case_one
[    0.100000] kernel noise: ok 7 not a result line at column 0 of a nested block
[    0.100000]         KTAP version 1
[    0.100000]         # Subtest: param_case
[    0.100000]         ok 1 p0
[    0.100000]         ok 2 p1 # SKIP not on this arch
[    0.100000]     # param_case: pass:1 fail:0 skip:1 total:2
[    0.100000]     ok 2 param_case
[    0.100000]     ok 3 skipped_case # SKIP no hardware
[    0.100000] # suite_a: pass:2 fail:0 skip:1 total:3
[    0.100000] ok 1 suite_a
[    0.100000]     KTAP version 1
[    0.100000]     # Subtest: suite_b
[    0.100000]     1..1
[    0.100000]     ok 1 - b_case
[    0.100000] ok 2 suite_b
[    0.200000] reboot: System halted
LOG
expect pass 0 "3 passed, 0 failed, 2 skipped" '^  PASS suite_a\.param_case\.p0$' '^  SKIP suite_a\.skipped_case$' '^  PASS suite_b\.b_case$'
if [ "$(head -n 1 "$T/out.ktap")" = "KTAP version 1" ] && ! grep -q 'noise\|\[ ' "$T/out.ktap"; then
	ok "pass: KTAP saved without time stamps and kernel noise"
else
	fail "pass: saved KTAP is not clean"
fi

sed -e 's/ok 1 - b_case/not ok 1 - b_case/' -e 's/] ok 2 suite_b/] not ok 2 suite_b/' "$T/pass.log" >"$T/fail.log"
expect fail 1 "2 passed, 1 failed, 2 skipped" '^  FAIL suite_b\.b_case$'

head -n 14 "$T/pass.log" >"$T/crash.log"
echo '[    0.1] Kernel panic - not syncing: boom' >>"$T/crash.log"
expect crash 1 "2 passed, 0 failed, 1 skipped" 'error: suite_a: 1 of 3 results' 'error: top level: 0 of 2 results'

printf 'KTAP version 1\n1..0\n' >"$T/zero.log"
expect zero 1 "0 passed, 0 failed, 0 skipped" 'error: no test case ran'

printf 'Linux version 7.3.4\nKernel panic - not syncing: VFS\n' >"$T/none.log"
expect none 1 "0 passed, 0 failed, 0 skipped" 'error: no KTAP output'

printf 'KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: s\n    1..2\nnot ok 1 s # suite_init failed\n' >"$T/init.log"
expect init 1 "0 passed, 1 failed, 0 skipped" '^  FAIL s$'

printf 'TAP version 14\n1..1\n    # Subtest: old\n    1..1\n    ok 1 - c\nok 1 - old\n' >"$T/tap14.log"
expect tap14 0 "1 passed, 0 failed, 0 skipped" '^  PASS old\.c$'

# kernel_reports (lib/common.sh, patterns in lib/kernel-reports): the scan
# of the kernel log by the debug run, the board and the benchmarks.
reports() { # DESC WANT_RC LINE...
	local d=$1 want=$2 got
	shift 2
	printf '%s\n' "Linux version 7.3.4" "$@" "reboot: Power down" >"$T/k.log"
	bash -c '. "$1/lib/common.sh"; kernel_reports "$2"' _ "$TOP" "$T/k.log" >"$T/k.out" 2>&1
	got=$?
	if [ "$got" = "$want" ]; then ok "kernel-reports: $d (exit $want)"; else
		fail "kernel-reports: $d: exit $got, want $want"; sed 's/^/    | /' "$T/k.out"
	fi
}
reports "clean log" 0 "ok 1 suite" "kmemleak: Kernel memory leak detector initialized" \
	"Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar"
reports "a test's expected stack dump is no report" 0 \
	"sysfs: cannot create duplicate filename '/devices/platform/x'" "Call Trace:"
reports "lockdep" 1 "WARNING: possible circular locking dependency detected"
reports "lockdep, recursive" 1 "WARNING: possible recursive locking detected"
reports "sleeping in atomic context" 1 "BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580"
reports "KASAN" 1 "BUG: KASAN: slab-use-after-free in pse_control_put+0x1c/0x80"
reports "kmemleak" 1 "kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)"
reports "kmemleak object" 1 "unreferenced object 0x6f3a4c00 (size 128):"
reports "debugobjects" 1 "ODEBUG: free active (active state 0) object: 0000 object type: work_struct"
reports "UBSAN" 1 "UBSAN: shift-out-of-bounds in drivers/net/pse-pd/pse_core.c:1190:27"
reports "refcount_t" 1 "refcount_t: underflow; use-after-free."
reports "DEBUG_LOCKS_WARN_ON" 1 "DEBUG_LOCKS_WARN_ON(lock->magic != lock)"
reports "hung task" 1 "INFO: task kworker/0:1:23 blocked for more than 120 seconds."
reports "oops" 1 "Internal error: Oops: 5 [#1] ARM"
reports "NULL pointer" 1 "Unable to handle kernel NULL pointer dereference at virtual address 00000000"
reports "WARN_ON" 1 "WARNING: CPU: 0 PID: 1 at drivers/net/pse-pd/pse_core.c:100 f+0x1/0x2"
check_out "kernel-reports: prints the report with its line number" '^2:WARNING: CPU: 0 PID: 1 at' "$T/k.out"

# '#' inside a name is not a directive; only "# SKIP" (TODO, XFAIL) is.
printf '%s\n' 'KTAP version 1' '1..1' '    KTAP version 1' '    # Subtest: s' '    1..3' \
	'    ok 1 #pse-cells does not match' '    ok 2 node without #pse-cells' \
	'    ok 3 case # SKIP no #hardware' 'ok 1 s' >"$T/hash.log"
expect hash 0 "2 passed, 0 failed, 1 skipped" '^  PASS s\.#pse-cells does not match$' \
	'^  PASS s\.node without #pse-cells$' '^  SKIP s\.case$'

# Why kunit/ktap.py reads the KTAP and not the tree's `kunit.py parse`: the
# base's kunit.py takes a result whose name holds a '#' (parameter
# descriptions such as "#pse-cells") for no result at all and reports a
# crash. When this assertion fails, kunit.py parse reads such names and
# ktap.py can go.
need_base
python3 "$REAL_SRC/tools/testing/kunit/kunit.py" parse "$T/hash.log" >"$T/kunitpy.out" 2>&1
rc=$?
if [ "$rc" != 0 ] && grep -q 'crashed' "$T/kunitpy.out"; then
	ok "kunit.py parse of the base reports the '#' names as a crash (exit $rc): ktap.py is still needed"
else
	fail "kunit.py parse now reads names with '#' (exit $rc): use it instead of kunit/ktap.py"
fi
