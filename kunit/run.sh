#!/usr/bin/env bash
# Build and run the series' KUnit suite on UML with the tree's own
# tools/testing/kunit/kunit.py, and judge the result from its KTAP output.
#
# Usage: kunit/run.sh plain|debug
#   plain  the kunitconfig as it is
#   debug  plus kunit/debug.config (lockdep, KASAN, kmemleak, ...);
#          every option of the fragment must reach .config.
# In both, any kernel report (lib/kernel-reports: lockdep, KASAN, kmemleak,
# BUG:, WARNING: ...) in the kernel log fails the run. The kernel is booted by this script (not kunit.py exec)
#          so that a kmemleak scan can run after the tests.
# Environment:
#   KUNITCONFIG   kunitconfig path relative to the tree
#                 (default drivers/net/pse-pd/.kunitconfig, added by the series)
#   KUNIT_TIMEOUT seconds the tests may run (default 600)
#   CCACHE=0      build without ccache
# Build directory build/kunit/<cfg> (kept: incremental), full log
# build/logs/kunit-<cfg>.log, KTAP build/results/kunit-<cfg>.ktap, results
# build/results/kunit-<cfg>.txt (removed when the run starts).
# Last line: "kunit-<cfg>: N passed, N failed, N skipped"; exit 1 on a failed
# case, a crash or timeout, no test run, or a kernel report.
. "$(dirname "$0")/../lib/common.sh"

cfg=${1:-}
case $cfg in plain|debug) ;; *) die "usage: $0 plain|debug" ;; esac
KUNITCONFIG=${KUNITCONFIG:-drivers/net/pse-pd/.kunitconfig}
timeout=${KUNIT_TIMEOUT:-600}
name=kunit-$cfg
bdir=$BUILD/kunit/$cfg
blog=$LOGS/$name-build.log
klog=$LOGS/$name.log
ktap=$RESULTS/$name.ktap
frag=$TOP/kunit/debug.config

result_start "$name"
need_pkgs gcc make flex bison bc python3 libc6-dev ccache
[ -d "$TREE/tools/testing/kunit" ] || cannot_run "no kernel tree at $TREE; run 'make tree' first"
[ -f "$TREE/$KUNITCONFIG" ] ||
	die "$KUNITCONFIG is not in $TREE: the series ($(git -C "$TREE" log -1 --format='%h %s' HEAD)) does not add this KUnit suite.
Apply the series ('make tree'), or point KUNITCONFIG at another kunitconfig
of the tree, e.g. KUNITCONFIG=lib/kunit/.kunitconfig"
mkdir -p "$bdir" "$RESULTS"
rm -f "$ktap"
result_meta "$name" "commit: $(git -C "$TREE" rev-parse HEAD) ($(git -C "$TREE" log -1 --format=%s HEAD | cut -c1-60))" \
	"started: $(date -u '+%F %T UTC')"

args=(--build_dir "$bdir" --kunitconfig "$TREE/$KUNITCONFIG" --arch um --jobs "$JOBS")
want=()
if [ "$cfg" = debug ]; then
	mapfile -t want < <(grep -E '^CONFIG_[A-Z0-9_]+=' "$frag")
	for o in "${want[@]}"; do args+=(--kconfig_add "$o"); done
fi
if [ "${CCACHE:-1}" != 0 ]; then
	args+=(--make_options "CC=ccache gcc")
	# Paths under build/ hash the same in every clone of the project.
	export CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1
fi
kunit=(nice -n 10 python3 "$TREE/tools/testing/kunit/kunit.py")

log "building $name ($KUNITCONFIG) in $bdir; log: $blog"
start=$(date +%s)
if ! "${kunit[@]}" build "${args[@]}" >"$blog" 2>&1; then
	grep -E 'error|Error|Missing|ERROR' "$blog" | tail -n 30 >&2 || tail -n 30 "$blog" >&2
	die "$name: kernel build failed; full log: $blog"
fi
log "built in $(($(date +%s) - start)) s"

# kconfig silently drops options whose dependencies are not met: every
# option we asked for must be in .config as asked.
if [ "$cfg" = debug ] && ! dropped=$(config_check "$frag" "$bdir/.config"); then
	while read -r o; do
		echo "$name: error: kconfig dropped $o (not in $bdir/.config)" >&2
	done <<<"$dropped"
	die "$name: debug options missing from .config; see $frag and the option's 'depends on' in Kconfig"
fi

start=$(date +%s)
urc=0
if [ "$cfg" = plain ]; then
	"${kunit[@]}" exec --build_dir "$bdir" --raw_output=all --timeout "$timeout" \
		</dev/null >"$klog" 2>&1 || true
else
	# After the tests, instead of halting: the host's / as a read-only
	# hostfs root and a small init that makes kmemleak scan, prints what
	# it found and powers off.
	init=$bdir/kmemleak-scan.sh
	cat >"$init" <<-'INIT'
	#!/bin/sh
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t debugfs debugfs /sys/kernel/debug
	echo "kunit.sh: kmemleak scan" >/dev/kmsg
	sleep 6 # kmemleak reports objects older than 5 s only
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	while IFS= read -r l; do echo "$l" >/dev/kmsg; done </sys/kernel/debug/kmemleak
	echo "kunit.sh: kmemleak scan done" >/dev/kmsg
	# SysRq-O only queues the power-off: init must not exit before it
	# runs ("Attempted to kill init" panic).
	echo o >/proc/sysrq-trigger
	while :; do sleep 1; done
	INIT
	chmod +x "$init"
	timeout -k 10 "$timeout" "$bdir/linux" kunit.enable=1 mem=1G console=tty \
		kunit_shutdown=none root=/dev/root rootfstype=hostfs rootflags=/ ro \
		init="$init" </dev/null >"$klog" 2>&1 || urc=$?
fi
log "ran in $(($(date +%s) - start)) s; kernel log: $klog"

# $RESULTS/$name.txt: the errors, the per-case results, the verdict line
# last (report.sh shows the errors and the verdict).
out=$RESULTS/$name.txt
: >"$out"
rc=0
# A WARN or BUG is a bug in either configuration; the debug one adds the
# reports of lockdep, KASAN, kmemleak and debugobjects.
if ! kernel_reports "$klog"; then
	echo "$name: error: kernel reports above (lockdep/KASAN/kmemleak/BUG/WARNING); full log: $klog" |
		tee -a "$out"
	rc=1
fi
if [ "$cfg" = debug ]; then
	# The init waits for the power-off: a kernel that never powers off
	# ends in the timeout, and that is a failure, not a pass.
	if [ "$urc" = 124 ] || [ "$urc" = 137 ]; then
		echo "$name: error: the kernel did not power off within ${timeout} s; see $klog" | tee -a "$out"
		rc=1
	fi
	if ! grep -q 'kunit.sh: kmemleak scan done' "$klog"; then
		echo "$name: error: the kmemleak scan did not run to its end; see $klog" | tee -a "$out"
		rc=1
	fi
fi
python3 "$TOP/kunit/ktap.py" "$name" "$klog" "$ktap" >>"$out" || rc=1
grep -v "^$name: error: kernel reports\|^$name: error: the kmemleak\|^$name: error: the kernel did not" "$out"
exit $rc
