# shellcheck shell=sh
# The fault sweep (board.scenario=fault) and the soak (board.scenario=soak)
# of the emulated board, for the fault flavor of the kernel (debug.config +
# fault.config: lockdep, KASAN, kmemleak, failslab, fail_page_alloc).
# Sourced by /init (board/guest/init.sh) after its helpers; in the
# initramfs as /usr/lib/board/fault.sh.
#
# The sweep: each lifecycle operation runs with the fail-nth of its task
# set to N = 1, 2, ... (the Nth allocation on the operation's path fails)
# until one run meets no fault. An allocation counts only when a function
# of the operation's range is on its stack (require-start/require-end):
#   insmod, bind    the module (podl-pse-regulator's probe and what it calls)
#   attach, unbind, macbind  phylib, the PSE core and MDIO
#                   (board/host/fault-ranges.py); attach is the PHY's attach
#                   work after a bind, in a kworker (see op_attach)
#   setpse, showpse net/ethtool (the netlink request and phylib under it)
# so that allocations of other code on the way (the module loader, sysfs,
# pinctrl before the MAC's probe, exec) neither fail nor count. Whether a
# fault was injected is read from the capabilities' "times" counters, which
# every injected failure decrements: that works for operations that are
# another program (insmod, ethtool: the subshell sets its fail-nth and
# execs it) as for sysfs writes of the shell itself.
# Each run prints
#   BOARD-FAULT op=OP n=N hit=yes|no rc=RC outcome=error|degraded|unaffected|bad
#       warns=W splats=S clean=ok|fail site=FUNCTION ours=FUNCTION
# and each operation one summary line
#   BOARD-FAULT-SUM op=OP points=P error=E degraded=D unaffected=U bad=B
#       splats=S hangs=H clean_fail=C leaks=L complete=yes|no max=M range=R
# then the step's verdict, BOARD-RESULT fault pass|fail|error. A report
# in the kernel log (lib/kernel-reports) or a kmemleak leak prints its first
# lines as BOARD-REPORT lines.
# shellcheck disable=SC2086 # $data: key=value words, split on purpose

DBG=/sys/kernel/debug
KML=$DBG/kmemleak
MACDRV=/sys/bus/platform/drivers/macb
FI_ATTRS="failslab fail_page_alloc"
FI_RANGES=/usr/lib/board/fault-ranges
# "times" of each capability: decremented by every injected failure
FI_TIMES=1000000

# --- the kernel log, one piece at a time -----------------------------------
# klog_take: what the kernel logged since the last call, raw, into
# /tmp/it.log (and clears the buffer: a sweep logs more than it holds).
klog_take() { dmesg -r -c >/tmp/it.log 2>/dev/null || : >/tmp/it.log; }
# klog_add: append what the kernel logged since to /tmp/it.log
klog_add() { dmesg -r -c >>/tmp/it.log 2>/dev/null || :; }

# The log without the fault injector's own output (the "forcing a failure"
# line and the stack dump after it), without the raw prefix.
klog_clean() {
	awk '{ sub(/^<[0-9]+>\[ *[0-9.]+\] /, "") }
		/FAULT_INJECTION: forcing a failure/ { skip = 1; next }
		skip && (/^name (failslab|fail_page_alloc)/ || /^CPU: / ||
			/^Hardware name:/ || /^Workqueue:/ || /^Tainted:/ || /^Call trace:/ || / from / ||
			/^Exception stack/ || /^[0-9a-f]+: /) { next }
		{ skip = 0; print }' "$1"
}
# warnings: lines of level 0-4 that are not the injector's; how many, or
# with a second argument the lines
klog_warns() {
	awk '/FAULT_INJECTION: forcing a failure/ { skip = 1; next }
		{ t = $0; sub(/^<[0-9]+>\[ *[0-9.]+\] /, "", t) }
		skip && (t ~ /^name (failslab|fail_page_alloc)/ || t ~ /^CPU: / ||
			t ~ /^Hardware name:/ || t ~ /^Workqueue:/ || t ~ /^Tainted:/ || /^Workqueue:/ || t ~ /^Call trace:/ || t ~ / from / ||
			t ~ /^Exception stack/ || t ~ /^[0-9a-f]+: /) { next }
		{ skip = 0 }
		/^<[0-4]>/ { n++; if (show) print t }
		END { if (!show) print n + 0 }' show="${2:-}" "$1"
}
klog_splats() { grep -cE -f "$REPORTS" "$1"; }

# Reports of code that is not the series', known and listed in the table
# instead of failing every run after them (their first lines are printed
# all the same). One report a line: an extended regular expression for
# its first line, or "FIRST +++ SECOND" for a report whose first line is
# too general to tell alone (a WARNING's location) and whose second line
# tells. A report runs from its first line to KASAN's closing "===="
# line or the end of a WARNING's trace.
#   KASAN on 32-bit ARM: a module loaded where an unloaded one was finds
#   the old module's global redzones still poisoned in the shadow of the
#   module area (load_module's memset of the new module's memory)
#   The regulator core: regulator_register() -> regulator_resolve_supply()
#   -> set_supply() -> create_regulator() failing (an injected
#   allocation failure) leaves rdev->bdev registered, and bdev has no
#   release(): regulator_unregister() -> device_unregister(&rdev->bdev)
#   -> kobject_put() -> device_release() warns when the PI regulators are
#   unregistered (pse_controller_unregister() at unbind or rmmod). Any
#   regulator with a supply meets it; reached here through
#   pse_controller_register() -> devm_regulator_register().
FOREIGN='BUG: KASAN: global-out-of-bounds in load_module
WARNING: drivers/base/core.c:[0-9]+ at device_release +++ Device .regulator[.][0-9]+[.]bdev. does not have a release[(][)] function'
# klog_foreign FILE: FILE without the foreign reports into FILE.own; prints
# how many there were, their lines into FILE.foreign
klog_foreign() {
	awk -v pats="$FOREIGN" -v own="$1.own" -v fr="$1.foreign" '
		BEGIN {
			np = split(pats, P, "\n")
			for (i = 1; i <= np; i++) {
				A[i] = P[i]; B[i] = ""
				if (split(P[i], ab, / \+\+\+ /) == 2) { A[i] = ab[1]; B[i] = ab[2] }
			}
		}
		held != "" {
			if ($0 ~ heldnext) { print held >fr; on = 1; n++ }
			else print held >own
			held = ""
		}
		!on {
			for (i = 1; i <= np; i++) {
				if ($0 !~ A[i]) continue
				if (B[i] == "") { on = 1; n++ }
				else { held = $0; heldnext = B[i] }
				break
			}
			if (held != "") next
		}
		on { print >fr; if ($0 ~ /====|---\[ end trace/) on = 0; next }
		/Disabling lock debugging due to kernel taint/ { print >fr; next }
		{ print >own }
		END { if (held != "") print held >own; print n + 0 }' "$1"
	touch "$1.own" "$1.foreign"
}

# Where the injected failure was: the first caller in its stack dump that
# is not the allocator or the injector (site), and the first function of
# ours (phylib, the PSE core, MDIO, the MAC, ethtool's PSE code).
klog_site() {
	awk -v want="$2" '
		/FAULT_INJECTION: forcing a failure/ { on = 1; site = ""; ours = ""; next }
		on && / from / {
			s = $0; sub(/.* from /, "", s); sub(/\+.*/, "", s)
			f = s; sub(/_noprof$/, "", f)
			if (site == "" && f !~ /^(_+)?(dump_stack|show_stack|should_fail|fail_dump|should_failslab|prepare_alloc_pages|alloc_pages|alloc_frozen_pages|folio_alloc|kmalloc|kmem_cache_alloc|slab_|new_slab|allocate_slab|alloc_slab|kzalloc|kcalloc|kmemdup|kstrdup|kstrndup|kvasprintf|kasprintf|krealloc|kvmalloc|kvzalloc|devm_kmalloc|devm_kzalloc|devm_kcalloc|devm_kstrdup|devm_kasprintf|devm_kvasprintf|devres_alloc|devres_alloc_node|get_free_pages|alloc_skb|kmalloc_reserve|kmem_cache_alloc_node|kmalloc_node|pcpu_|alloc_page)/)
				site = s
			if (ours == "" && s ~ /^(pse_|phy_|of_pse|mdio|__mdio|fwnode_mdio|of_mdio|podl|pse|macb|ethnl|devm_pse|genphy)/)
				ours = s
			next
		}
		on && (/name (failslab|fail_page_alloc)/ || /CPU: / || /Hardware name:/ || /Workqueue:/ || /Tainted:/ ||
			/Call trace:/) { next }
		on { on = 0; if (site != "") { print site " " (ours == "" ? "-" : ours); exit } }
		END { if (on && site != "") print site " " (ours == "" ? "-" : ours) }' "$1"
}

# report_lines TAG FILE: the first 30 lines of FILE from its first kernel
# report on, as BOARD-REPORT lines
report_lines() {
	awk -v tag="$1" 'NR == FNR { pat[++np] = $0; next }
		!on { for (i = 1; i <= np; i++) if ($0 ~ pat[i]) { on = 1; break } }
		on && n < 30 { print "BOARD-REPORT " tag " | " $0; n++ }' "$REPORTS" "$2"
}

# --- the injector ----------------------------------------------------------------
fi_setup() {
	for a in $FI_ATTRS; do
		d=$DBG/$a
		[ -d "$d" ] || return 1
		echo 0 >"$d/probability"
		echo 1 >"$d/interval"
		echo 0 >"$d/space"
		echo $FI_TIMES >"$d/times"
		echo 2 >"$d/verbose"
		# only tasks with a fail-nth (probability 0 fails nobody else)
		echo Y >"$d/task-filter"
		# sleeping allocations fail too: nearly all of them are
		echo N >"$d/ignore-gfp-wait"
		echo 32 >"$d/stacktrace-depth"
	done
	echo N >"$DBG/fail_page_alloc/ignore-gfp-highmem"
	echo 0 >"$DBG/fail_page_alloc/min-order"
}
# fi_reject LO HI: no allocation with a function in [LO, HI) on the stack
# (kmemleak's bookkeeping of each allocation: it falls back to a pool, and
# would double the count of fault points without testing our code)
fi_reject() {
	for a in $FI_ATTRS; do
		echo "$2" >"$DBG/$a/reject-end"
		echo "$1" >"$DBG/$a/reject-start"
	done
}
# fi_range LO HI: only allocations with a function in [LO, HI) on the stack
fi_range() {
	for a in $FI_ATTRS; do
		echo "$1" >"$DBG/$a/require-start"
		echo "$2" >"$DBG/$a/require-end"
	done
}
# How many failures are left to inject, per capability
fi_times() {
	t=
	for a in $FI_ATTRS; do t=$t$(cat "$DBG/$a/times"),; done
	echo "$t"
}

# The ranges: RANGE_<name>="LO HI"; the module's from its .text address
# (the board's only module: [its 16 MiB-aligned start, + 16 MiB), the
# module area, below the kernel's text), the others from FI_RANGES, each
# checked against /proc/kallsyms.
ranges_load() {
	t=$(cat /sys/module/pse_regulator/sections/.text 2>/dev/null) ||
		{ RANGE_ERR="no .text of pse_regulator in /sys/module"; return 1; }
	lo=$(printf '0x%x' $((t & ~0xffffff)))
	hi=$(printf '0x%x' $((lo + 0x1000000)))
	kt=0x$(awk '$3 == "_stext" { print $1 }' /proc/kallsyms)
	if [ $((hi)) -gt $((kt)) ] || [ $((t)) -lt $((lo)) ]; then
		RANGE_ERR="module text $t not below the kernel's ($kt)"
		return 1
	fi
	# shellcheck disable=SC2034 # read through eval (RANGE_$name)
	RANGE_module="$lo $hi"
	while read -r name start end first last; do
		a=$(awk -v s="$first" '$3 == s { print $1; exit }' /proc/kallsyms)
		if [ $((0x$a)) != $((start)) ]; then
			RANGE_ERR="$name: $first is at 0x$a in /proc/kallsyms, not $start"
			return 1
		fi
		eval "RANGE_$name=\"$start $end\""
		echo "BOARD-INFO range=$name start=$start end=$end first=$first last=$last"
	done <"$FI_RANGES"
	echo "BOARD-INFO range=module start=$lo end=$hi text=$t"
}

# --- the board's state -------------------------------------------------------
mod_loaded() { [ -d /sys/module/pse_regulator ]; }
# shellcheck disable=SC2153 # PSEDRV: guest-lib.sh's, PSEDEV: set by the scenario
ctrl_bound() { [ -e "$PSEDRV/$PSEDEV" ]; }
mac_bound() { [ -e "$MACDRV/$MAC" ]; }
eth0_up() { ip link show eth0 2>/dev/null | grep -q '[<,]UP[,>]'; }
no_pse_now() { no_pse "$(show_pse)"; }

ensure_mod() { mod_loaded || insmod $MOD 2>/dev/null; }
ensure_ctrl() {
	ensure_mod || return 1
	ctrl_bound || echo "$PSEDEV" 2>/dev/null >"$PSEDRV/bind"
	ctrl_bound
}
ensure_mac() {
	mac_bound || echo "$MAC" 2>/dev/null >"$MACDRV/bind"
	wait_for 10 test -e /sys/class/net/eth0
}
# Everything there: controller bound, MAC bound, eth0 up with its PSE
full() {
	ensure_ctrl && ensure_mac && ip link set eth0 up 2>/dev/null &&
		wait_for 10 pse_ok
}
drop_ctrl() {
	! ctrl_bound || echo "$PSEDEV" 2>/dev/null >"$PSEDRV/unbind"
	wait_for 5 pi_absent
}
drop_mod() {
	! mod_loaded || rmmod pse_regulator 2>/dev/null
	! mod_loaded && wait_for 5 pi_absent
}
drop_mac() {
	! mac_bound || echo "$MAC" 2>/dev/null >"$MACDRV/unbind"
	wait_for 5 sh -c '! test -e /sys/class/net/eth0'
}
# The supply's enable line and --show-pse's admin state agree
truthful() {
	g=$(sim_gpio)
	a=$(pse_field "$(show_pse)" 'Admin State')
	[ "$g/$a" = 1/enabled ] || [ "$g/$a" = 0/disabled ]
}

# --- the operations ------------------------------------------------------------
# For each OP: op_OP (the operation, in the subshell that has the fail-nth),
# pre_OP (from any state to the one OP starts from), after_OP RC (what the
# run left: sets OUT to error, degraded, unaffected or bad, and WHY),
# undo_OP (back to where OP starts, with the inverse operation only) and
# range_OP (the range name).
op_insmod() { exec insmod $MOD; }
pre_insmod() { full && drop_mod; }
undo_insmod() { drop_mod; }
range_insmod() { echo module; }
# After an insmod or bind: the controller is there and eth0 gets its PSE
# (unaffected), the controller is there without it (degraded), or it is
# not there (error); eth0 stays up in every case.
after_ctrl() {
	WHY=
	if ! eth0_up; then
		OUT=bad WHY="eth0 not up"
	elif [ "$1" != 0 ] || ! ctrl_bound; then
		OUT=error
		no_pse_now || { OUT=bad WHY="PSE attached without its controller"; }
	elif wait_for 10 pse_ok; then
		OUT=unaffected
		truthful || { OUT=bad WHY="--show-pse does not match the supply"; }
	else
		OUT=degraded WHY="$(show_pse | tr '\n' ' ' | cut -c 1-80)"
	fi
}
# insmod succeeds when only the probe failed (the driver registered):
# that is an error of the operation too (the controller is not there)
after_insmod() { after_ctrl "$1"; }

op_bind() { echo "$PSEDEV" >"$PSEDRV/bind"; }
pre_bind() { full && drop_ctrl; }
undo_bind() { drop_ctrl; }
after_bind() { after_ctrl "$1"; }
range_bind() { echo module; }

op_unbind() { echo "$PSEDEV" >"$PSEDRV/unbind"; }
pre_unbind() { full; }
undo_unbind() { ensure_ctrl && wait_for 10 pse_ok; }
after_unbind() {
	WHY=
	if [ "$1" != 0 ]; then
		OUT=error
	elif ctrl_bound; then
		OUT=bad WHY="still bound after unbind"
	elif ! no_pse_now; then
		OUT=bad WHY="--show-pse still has a PSE"
	elif ! wait_for 5 pi_absent; then
		OUT=bad WHY="PI regulator not released"
	elif ! eth0_up; then
		OUT=bad WHY="eth0 not up"
	else
		OUT=unaffected
	fi
}
range_unbind() { echo phylib; }

op_macbind() { echo "$MAC" >"$MACDRV/bind"; }
pre_macbind() { full && drop_mac; }
undo_macbind() { drop_mac; }
after_macbind() {
	WHY=
	if [ "$1" != 0 ]; then
		OUT=error
		# a deferred probe may bind it later, without a fault: let it
		sleep 1
		if grep -q "^$MAC" $DBG/devices_deferred 2>/dev/null; then
			WHY="deferred"
		fi
		return
	fi
	if ! wait_for 10 test -e /sys/class/net/eth0 ||
		! ip link set eth0 up 2>/dev/null || ! eth0_up; then
		OUT=bad WHY="bound, but no eth0 that goes up"
	elif wait_for 10 pse_ok; then
		OUT=unaffected
	else
		OUT=degraded WHY="$(show_pse | tr '\n' ' ' | cut -c 1-80)"
	fi
}
range_macbind() { echo phylib; }

op_setpse() { exec ethtool --set-pse eth0 podl-pse-admin-control disable; }
pre_setpse() {
	full && ethtool --set-pse eth0 podl-pse-admin-control enable 2>/dev/null
}
undo_setpse() { ethtool --set-pse eth0 podl-pse-admin-control enable 2>/dev/null; }
after_setpse() {
	WHY=
	if ! pse_ok; then
		OUT=bad WHY="PSE gone after --set-pse"
	elif ! truthful; then
		OUT=bad WHY="--show-pse does not match the supply"
	elif [ "$1" != 0 ]; then
		OUT=error
	elif [ "$(sim_gpio)" = 0 ]; then
		OUT=unaffected
	else
		OUT=bad WHY="--set-pse disable succeeded, the supply is on"
	fi
}
range_setpse() { echo ethtool; }

op_showpse() { exec ethtool --show-pse eth0; }
pre_showpse() { full; }
undo_showpse() { :; }
after_showpse() {
	WHY=
	if [ "$1" != 0 ]; then
		OUT=error
	elif grep -q 'PoDL PSE Admin State:' /tmp/op.out; then
		OUT=unaffected
	else
		OUT=bad WHY="--show-pse succeeded without the admin state"
	fi
	pse_ok || { OUT=bad WHY="PSE gone after --show-pse"; }
}
range_showpse() { echo ethtool; }

# attach: the PHY's attach work (phy_pse_attach, a kworker's) after a
# clean bind of the controller. The work runs in a kworker, not in the
# task that binds: every kworker gets the fail-nth (on the phylib range
# only the attach work's allocations count), and gets it back to 0 as soon
# as the work has run - before its retry, 100 ms later. A run in which no
# kworker with a fail-nth ran the work proves nothing (kw.dec 0).
kw_nth() { # N: every kworker that was there when N was set (kw.list)
	if [ "$1" != 0 ]; then
		: >/tmp/kw.list
		for t in /proc/[0-9]*/task/[0-9]*; do
			read -r c <"$t/comm" 2>/dev/null || continue
			case $c in kworker/*) echo "$t" >>/tmp/kw.list ;; esac
		done
	fi
	while read -r t; do
		echo "$1" 2>/dev/null >"$t/fail-nth"
	done </tmp/kw.list
}
kw_used() { # N: kworkers whose fail-nth is no longer N
	k=0
	while read -r t; do
		read -r v <"$t/fail-nth" 2>/dev/null || continue
		[ "$v" = "$1" ] || k=$((k + 1))
	done </tmp/kw.list
	echo $k
}
op_attach() {
	: >/tmp/kw.list
	[ "$FAULT_N" = 0 ] || kw_nth "$FAULT_N"
	echo "$PSEDEV" >"$PSEDRV/bind" || { kw_nth 0; return 1; }
	i=0 used=0
	if [ "$FAULT_N" != 0 ]; then
		while [ $i -lt 100 ]; do
			used=$(kw_used "$FAULT_N")
			[ "$used" = 0 ] || break
			sleep 0.05
			i=$((i + 1))
		done
		kw_nth 0
	fi
	echo "$used" >/tmp/kw.dec
	pse_ok && echo attached >/tmp/kw.first
	return 0
}
pre_attach() { full && drop_ctrl; }
undo_attach() { drop_ctrl; }
after_attach() {
	WHY=
	first=no
	[ -e /tmp/kw.first ] && first=yes
	rm -f /tmp/kw.first
	if [ "$1" != 0 ] || ! ctrl_bound; then
		OUT=bad WHY="the controller did not bind"
	elif ! eth0_up; then
		OUT=bad WHY="eth0 not up"
	elif ! wait_for 10 pse_ok; then
		OUT=bad WHY="no PSE 10 s after the bind: $(show_pse | tr '\n' ' ' | cut -c 1-60)"
	elif dmesg | grep -q 'cannot get PSE control yet'; then
		# the attach failed and its retry attached (the log says so)
		OUT=degraded WHY="attached by the retry"
	elif [ $first = yes ]; then
		OUT=unaffected
	else
		OUT=degraded WHY="attached after a while"
	fi
}
range_attach() { echo phylib; }

# op_timed LIMIT N OP: OP in a subshell whose task fails its Nth allocation
# on the range (N 0: none); returns its status, 124 when it is still
# running after LIMIT seconds (a hang: the caller stops). The attach
# operation gives the fail-nth to the kworkers instead.
op_timed() {
	(
		FAULT_N=$2
		[ "$2" = 0 ] || [ "$3" = attach ] || echo "$2" >/proc/self/fail-nth
		"op_$3"
	) >/tmp/op.out 2>&1 &
	pid=$!
	i=$(($1 * 10))
	while [ -e /proc/$pid ] &&
		[ "$(cut -d' ' -f3 /proc/$pid/stat 2>/dev/null)" != Z ]; do
		i=$((i - 1))
		[ $i -gt 0 ] || return 124
		sleep 0.1
	done
	wait $pid
}

# fault_hang OP N: a run that does not end. The blocked tasks go to the
# log, the log to the console; nothing after it can be trusted.
fault_hang() {
	echo w >/proc/sysrq-trigger
	klog_add
	echo "BOARD-FAULT op=$1 n=$2 hit=unknown rc=hang outcome=hang"
	sed "s/^/BOARD-REPORT op=$1 n=$2 hang | /" /tmp/it.log | tail -n 60
}

# fault_run OP N: one run with fail-nth N and the clean run after it.
# Returns 0 (a fault was injected), 1 (none: the sweep of OP is done),
# 2 (OP's starting state could not be made), 3 (a hang).
fault_run() {
	op=$1 fnth=$2
	"pre_$op" || { PRE_WHY="cannot reach the state $op starts from"; return 2; }
	klog_take
	t0=$(fi_times)
	rc=0
	op_timed 120 "$fnth" "$op" || rc=$?
	[ $rc != 124 ] || { fault_hang "$op" "$fnth"; return 3; }
	hit=no
	[ "$(fi_times)" = "$t0" ] || hit=yes
	# attach: a run in which no kworker with the fail-nth ran the work
	if [ "$op" = attach ] && [ $hit = no ] && [ "$(cat /tmp/kw.dec 2>/dev/null)" = 0 ]; then
		UNCOVERED=$((UNCOVERED + 1))
		[ $UNCOVERED -ge 3 ] || { "undo_$op"; fault_run "$op" "$fnth"; return; }
		hit=uncovered
	fi
	"after_$op" $rc
	klog_add
	cp /tmp/it.log /tmp/fault.log
	site=$(klog_site /tmp/fault.log)
	warns=$(klog_warns /tmp/fault.log)
	# The same operation without a fault works and leaves the expected
	# state (the run without a fault that ends the sweep is its own).
	clean=ok
	if [ $hit = yes ]; then
		fout=$OUT fwhy=$WHY
		if ! "undo_$op"; then
			clean=fail WHY="undo failed"
		else
			crc=0
			op_timed 120 0 "$op" || crc=$?
			[ $crc != 124 ] || { fault_hang "$op" "$fnth"; return 3; }
			"after_$op" $crc
			[ "$OUT" = unaffected ] || clean=fail
		fi
		cwhy=$WHY
		OUT=$fout WHY=$fwhy
		klog_add
	fi
	rm -f /tmp/it.log.own /tmp/it.log.foreign
	foreign=$(klog_foreign /tmp/it.log)
	splats=$(klog_splats /tmp/it.log.own)
	[ "$foreign" = 0 ] || sed "s/^/BOARD-REPORT op=$op n=$fnth foreign | /" /tmp/it.log.foreign | head -n 30
	# shellcheck disable=SC2086 # site: two words
	set -- $site
	note=
	[ -z "$WHY" ] || note=" -- $WHY"
	[ -z "$cwhy" ] || note="$note (clean run: $cwhy)"
	cwhy=
	echo "BOARD-FAULT op=$op n=$fnth hit=$hit rc=$rc outcome=$OUT warns=$warns splats=$splats foreign=$foreign clean=$clean site=${1:--} ours=${2:--}$note"
	[ "$splats" = 0 ] || report_lines "op=$op n=$fnth" /tmp/it.log.own
	# what the kernel said at warning level or worse in the faulted run
	[ $hit != yes ] || klog_warns /tmp/fault.log show | grep -v '^ *$' | head -n 4 |
		sed "s/^/BOARD-LOG op=$op n=$fnth | /" | cut -c 1-200
	UNCOVERED=0
	[ $hit != uncovered ] || { PRE_WHY="the attach work ran on no kworker with the fail-nth, 3 times at n=$fnth"; return 2; }
	[ $hit = yes ] || return 1
	return 0
}

# kmemleak: new leaks since the last call. Objects younger than 5 s are
# never reported: wait, then scan twice (an object whose contents changed
# during the first scan is only reported by the second).
leaks_scan() {
	[ -e "$KML" ] || { echo unknown; return; }
	sleep 6
	echo scan >"$KML"
	echo scan >"$KML"
	cat "$KML" >/tmp/kml
	echo clear >"$KML"
	grep -c '^unreferenced object' /tmp/kml
}

# The checkers must be on (as in step 6): lockdep, KASAN when built in,
# kmemleak, the injector.
checkers() {
	CHK=
	[ -e /proc/lockdep ] || CHK="no lockdep"
	want=$(cmdline_arg board.kasan unknown)
	if [ "$want" = yes ] && ! dmesg | grep -q 'KernelAddressSanitizer initialized'; then
		CHK="KASAN built in but not running"
	fi
	[ -e "$KML" ] || CHK="no kmemleak"
	[ -z "$CHK" ]
}

fault_sweep() {
	max=$(cmdline_arg board.fault_max 1000)
	# seconds for the whole sweep (0: no limit), shared out evenly between
	# the operations: when an operation's share is spent, none of its runs
	# is started, and the table says where it stopped
	budget=$(cmdline_arg board.fault_budget 0)
	# insmod last: reloading the module meets a KASAN bug of 32-bit ARM
	# (FOREIGN), which switches lockdep off for what comes after it
	ops=$(cmdline_arg board.fault_ops bind,attach,unbind,macbind,setpse,showpse,insmod | tr ',' ' ')
	UNCOVERED=0
	insmod $MOD 2>/tmp/err || { result fault error -- "insmod: $(head -n 1 /tmp/err)"; return; }
	PSEDEV=$(pse_device) || { result fault error -- "no device bound to '$PSEDRV'"; return; }
	[ -d "$MACDRV" ] || { result fault error -- "no driver $MACDRV"; return; }
	full || { result fault error -- "no PSE on eth0: $(show_pse | head -n 1)"; return; }
	checkers || { result fault error -- "$CHK"; return; }
	fi_setup || { result fault error -- "no failslab/fail_page_alloc in debugfs"; return; }
	ranges_load || { result fault error -- "$RANGE_ERR"; return; }
	# shellcheck disable=SC2154 # RANGE_kmemleak: set by ranges_load's eval
	[ -z "${RANGE_kmemleak:-}" ] || fi_reject $RANGE_kmemleak
	base_leaks=$(leaks_scan)
	echo "BOARD-INFO kmemleak_boot=$base_leaks (cleared: leaks are counted from here)"
	klog_take
	total_bad=0 total_points=0 stop=no
	for op in $ops; do
		command -v "op_$op" >/dev/null ||
			{ result fault error -- "no operation '$op' (board.fault_ops)"; return; }
		eval "r=\$RANGE_$("range_$op")"
		# shellcheck disable=SC2154 # r: set by the eval
		fi_range $r
		t=$(ms)
		share=0
		[ "$budget" = 0 ] || share=$((budget / $(echo "$ops" | wc -w)))
		nf=0
		nth=1 points=0 ne=0 nd=0 nu=0 nb=0 ns=0 nh=0 nc=0 complete=no why=
		while [ $nth -le "$max" ]; do
			if [ "$share" != 0 ] && [ $(($(ms) - t)) -gt $((share * 1000)) ]; then
				why="not done after $((nth - 1)) runs: its share of the time budget ($share s of board.fault_budget=$budget) is spent"
				break
			fi
			rv=0
			fault_run "$op" "$nth" >/tmp/line || rv=$?
			cat /tmp/line
			line=$(grep -m 1 '^BOARD-FAULT ' /tmp/line)
			case $rv in
			1)
				complete=yes
				# the run without a fault: it must have left the full state
				case $line in *outcome=unaffected*) ;; *) nb=$((nb + 1)) ;; esac
				case $line in *splats=0*) ;; *) ns=$((ns + 1)) ;; esac
				case $line in *foreign=0*) ;; *) nf=$((nf + 1)) ;; esac
				break
				;;
			2) why=$PRE_WHY; break ;;
			3) nh=$((nh + 1)); why="hang at n=$nth"; stop=yes; break ;;
			esac
			points=$((points + 1))
			case $line in
			*outcome=error*) ne=$((ne + 1)) ;;
			*outcome=degraded*) nd=$((nd + 1)) ;;
			*outcome=unaffected*) nu=$((nu + 1)) ;;
			*) nb=$((nb + 1)) ;;
			esac
			case $line in *splats=0*) ;; *) ns=$((ns + 1)) ;; esac
			case $line in *foreign=0*) ;; *) nf=$((nf + 1)) ;; esac
			case $line in *clean=ok*) ;; *) nc=$((nc + 1)) ;; esac
			nth=$((nth + 1))
		done
		fi_range 0 0
		leaks=$(leaks_scan)
		[ "$leaks" = 0 ] || sed 's/^/BOARD-REPORT op='"$op"' kmemleak | /' /tmp/kml | head -n 30
		[ $complete = yes ] || [ -n "$why" ] || why="not done after $max runs (board.fault_max)"
		echo "BOARD-FAULT-SUM op=$op points=$points error=$ne degraded=$nd unaffected=$nu bad=$nb splats=$ns foreign=$nf hangs=$nh clean_fail=$nc leaks=$leaks complete=$complete max=$max range=$("range_$op") seconds=$((($(ms) - t) / 1000))${why:+ -- $why}"
		total_points=$((total_points + points))
		[ $((nb + ns + nh + nc)) = 0 ] && [ "$leaks" = 0 ] && { [ $complete = yes ] || [ "$nth" -gt "$max" ] ||
			[ "${why#not done after}" != "$why" ]; } ||
			total_bad=$((total_bad + 1))
		[ $stop = no ] || break
	done
	end=no
	[ $stop = no ] && full && end=yes
	debug_locks=$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats 2>/dev/null)
	data="ops=$(echo "$ops" | tr ' ' ',') points=$total_points failed_ops=$total_bad full_at_end=$end debug_locks=${debug_locks:-none}"
	if [ $total_bad = 0 ] && [ $end = yes ]; then
		result fault pass $data
	else
		result fault fail $data -- "see the BOARD-FAULT-SUM lines"
	fi
}

# --- the soak ------------------------------------------------------------------
# board.soak_cycles controller unbind/bind cycles while, at the same time,
# the MAC is unbound and bound (its PHY removed and registered again),
# ethtool --show-pse/--set-pse loop and eth0 goes down and up. At the end:
# eth0 up with its PSE, the module's refcount 0 and rmmod working,
# kmemleak clean, and insmod attaching the PSE again.
soak() {
	cycles=$(cmdline_arg board.soak_cycles 1000)
	insmod $MOD 2>/tmp/err || { result soak error -- "insmod: $(head -n 1 /tmp/err)"; return; }
	PSEDEV=$(pse_device) || { result soak error -- "no device bound to '$PSEDRV'"; return; }
	[ -d "$MACDRV" ] || { result soak error -- "no driver $MACDRV"; return; }
	full || { result soak error -- "no PSE on eth0: $(show_pse | head -n 1)"; return; }
	checkers || { result soak error -- "$CHK"; return; }
	base_leaks=$(leaks_scan)
	echo "BOARD-INFO kmemleak_boot=$base_leaks (cleared: leaks are counted from here)"
	klog_take
	: >/tmp/soak.log
	stress_loops
	(
		n=0 e=0
		while [ ! -e /tmp/stop ]; do
			echo "$MAC" >"$MACDRV/unbind" || e=$((e + 1))
			sleep 0.3
			echo "$MAC" >"$MACDRV/bind" || e=$((e + 1))
			sleep 1
			n=$((n + 1))
		done 2>/dev/null
		echo $n $e >/tmp/n.mac
	) &
	t0=$(ms)
	i=0 uerr=0 berr=0
	while [ $i -lt "$cycles" ]; do
		echo "$PSEDEV" 2>/dev/null >"$PSEDRV/unbind" || uerr=$((uerr + 1))
		echo "$PSEDEV" 2>/dev/null >"$PSEDRV/bind" || berr=$((berr + 1))
		i=$((i + 1))
		# the log in pieces: the buffer does not hold a whole soak
		[ $((i % 50)) != 0 ] || { dmesg -r -c >>/tmp/soak.log 2>/dev/null || :; }
		# progress on the console, for a run that does not finish
		[ $((i % 100)) != 0 ] || echo "BOARD-INFO soak_progress=$i seconds=$((($(ms) - t0) / 1000))"
	done
	t1=$(ms)
	touch /tmp/stop
	wait
	dmesg -r -c >>/tmp/soak.log 2>/dev/null || :
	rate=$(awk -v n="$i" -v ms=$((t1 - t0)) 'BEGIN { printf "%.2f", ms ? n * 1000 / ms : 0 }')
	read -r macn macerr </tmp/n.mac
	end=no
	full && end=yes
	usable=no
	[ $end = yes ] && switch_check && usable=yes
	# lockdep's state before the reload below, which meets FOREIGN
	debug_locks=$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats 2>/dev/null)
	refcnt=$(cat /sys/module/pse_regulator/refcnt 2>/dev/null || echo none)
	rm_ok=no
	rmmod pse_regulator 2>/tmp/err && rm_ok=yes
	wait_for 5 pi_absent
	leaks=$(leaks_scan)
	[ "$leaks" = 0 ] || sed 's/^/BOARD-REPORT soak kmemleak | /' /tmp/kml | head -n 30
	reload=no
	insmod $MOD 2>/dev/null && full && reload=yes
	dmesg -r -c >>/tmp/soak.log 2>/dev/null || :
	foreign=$(klog_foreign /tmp/soak.log)
	splats=$(klog_splats /tmp/soak.log.own)
	[ "$splats" = 0 ] || report_lines soak /tmp/soak.log.own
	[ "$foreign" = 0 ] || sed "s/^/BOARD-REPORT soak foreign | /" /tmp/soak.log.foreign | head -n 30
	data="foreign=$foreign cycles=$i seconds=$(((t1 - t0) / 1000)) cycles_per_s=$rate unbind_err=$uerr bind_err=$berr mac_cycles=$macn mac_err=$macerr ethtool_loops=$(cat /tmp/n.ethtool) updown_loops=$(cat /tmp/n.updown) splats=$splats pse_at_end=$end usable=$usable refcnt=$refcnt rmmod=$rm_ok leaks=$leaks reload=$reload debug_locks=${debug_locks:-none}"
	if [ "$(cat /tmp/n.ethtool)" -lt 1 ] || [ "$(cat /tmp/n.updown)" -lt 1 ] || [ "$macn" -lt 1 ]; then
		result soak error $data -- "a load loop did not run"
	elif [ "$debug_locks" != 1 ] && [ "$splats" = 0 ]; then
		result soak error $data -- "lockdep switched itself off"
	elif [ $uerr = 0 ] && [ $berr = 0 ] && [ "$macerr" = 0 ] && [ "$splats" = 0 ] &&
		[ $end = yes ] && [ $usable = yes ] && [ "$refcnt" = 0 ] && [ $rm_ok = yes ] &&
		[ "$leaks" = 0 ] && [ $reload = yes ]; then
		result soak pass $data
	else
		result soak fail $data -- "$(grep -m 1 -E -f "$REPORTS" /tmp/soak.log.own | cut -c 1-120)"
	fi
}
