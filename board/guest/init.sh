#!/bin/sh
# /init of the emulated-board guest (busybox ash). The kernel command line
# picks the scenario: board.scenario=main (steps 1-5), stress (step 6),
# broken (step 7), selftest (step 8), or fault and soak (the fault sweep
# and the soak of board/guest/fault.sh, steps "fault" and "soak"). Every
# step prints exactly one verdict line
#   BOARD-RESULT <step> <pass|fail|error> [key=value ...] [-- note]
# "fail" is the behaviour under test going wrong; "error" is the test itself
# unable to judge (a tool or a precondition missing) and never counts as a
# reproduced bug. The host (board/host/table.py) reads these lines; a
# step without a line is a crash or a timeout.
# shellcheck disable=SC2086 # $data and friends: key=value words, split on purpose
# shellcheck source-path=SCRIPTDIR source=guest-lib.sh
. /usr/lib/board/guest-lib.sh

PHY=/sys/bus/mdio_bus/devices/$MAC-ffffffff:07
MOD=/lib/modules/pse_regulator.ko
# The kernel's error reports: lib/kernel-reports of the harness, one
# extended regular expression a line (the one list the host uses too).
REPORTS=/usr/lib/board/kernel-reports

scenario=$(cmdline_arg board.scenario "")

result() { echo "BOARD-RESULT $*"; }

# The kernel log as raw lines ("<level>[time] text"), from line $1 + 1 on.
kmark() { dmesg -r | wc -l; }
ksince() { dmesg -r | tail -n +$(($1 + 1)); }
splats_since() { ksince "$1" | grep -cE -f "$REPORTS"; }
errors_since() { ksince "$1" | grep -cE '^<[0-3]>'; }

# --show-pse output with spaces in values turned into "_".
show_pse() { ethtool --show-pse eth0 2>&1; }
pse_ok() { ethtool --show-pse eth0 2>/dev/null | grep -q 'PoDL PSE Admin State:'; }
pse_field() { # OUTPUT FIELD
	echo "$1" | sed -n "s/.*PoDL PSE $2: *//p" | tr ' ' '_'
}
# OUTPUT: ethtool says there is no PSE control on the PHY. The base says
# "No PSE is attached"; the series says why (its extack messages): waiting
# for the controller, binding broken, attach failed and retried, or the PI
# held by another PHY.
no_pse() {
	echo "$1" | grep -qE 'No PSE is attached|PSE control waiting for its controller|PSE binding broken|PSE control attach failed|PSE PI attached to another PHY' &&
		! echo "$1" | grep -q 'PoDL PSE Admin State:'
}

# The enable line of the PSE supply, as the simulated GPIO chip sees it.
sim_gpio() {
	for f in /sys/bus/platform/devices/gpio-sim/gpiochip*/sim_gpio0/value; do
		[ -r "$f" ] && cat "$f" && return 0
	done
	echo none
}

# The PSE controller's PI regulator is gone: its debugfs directory goes away
# only when the regulator device is released, after the last consumer let
# go of it and the driver core's asynchronous device-link cleanup ran.
pi_absent() {
	for d in /sys/kernel/debug/regulator/*_pi0; do
		[ -e "$d" ] && return 1
	done
	return 0
}

pse_device() {
	for d in "$PSEDRV"/*; do
		[ -L "$d" ] && [ "${d##*/}" != module ] && echo "${d##*/}" && return 0
	done
	return 1
}

# switch_check: --set-pse enable, disable, enable, each confirmed by the
# supply's enable line and by --show-pse. Sets SW_DATA, returns 0 when all
# agree.
switch_check() {
	ok=0 gpios='' admins='' powers=''
	: >/tmp/sw
	for want in enable disable enable; do
		ethtool --set-pse eth0 podl-pse-admin-control $want >>/tmp/sw 2>&1 || ok=1
		gpio=$(sim_gpio)
		out=$(show_pse)
		admin=$(pse_field "$out" 'Admin State')
		power=$(pse_field "$out" 'Power Detection Status')
		gpios=$gpios${gpios:+,}$gpio
		admins=$admins${admins:+,}$admin
		powers=$powers${powers:+,}$power
		case $want in
		enable) [ "$gpio" = 1 ] && [ "$admin" = enabled ] &&
			[ "$power" = delivering_power ] || ok=1 ;;
		disable) [ "$gpio" = 0 ] && [ "$admin" = disabled ] &&
			[ "$power" = disabled ] || ok=1 ;;
		esac
	done
	SW_DATA="gpio=$gpios admin=$admins power=$powers"
	return $ok
}

# Step 1: booted without the PSE module. The MAC must be bound (eth0, not
# deferred) and 20 probe triggers must not add or remove the PHY.
step1() {
	[ -e "/sys/bus/platform/devices/$MAC" ] ||
		{ result 1 error -- "no platform device $MAC"; return; }
	[ -r /sys/kernel/debug/devices_deferred ] ||
		{ result 1 error -- "no debugfs devices_deferred"; return; }
	uevents_on || { result 1 error -- "the uevent helper logs nothing"; return; }
	eth0=no
	[ -e /sys/class/net/eth0 ] && eth0=yes
	deferred=no
	grep -q "^$MAC" /sys/kernel/debug/devices_deferred && deferred=yes
	before=$(wc -l </tmp/uevents)
	trigger 20 >/dev/null
	uevents_settle
	uevents_off
	tail -n +$((before + 1)) /tmp/uevents >/tmp/uevents.trig
	add=$(phy_events /tmp/uevents.trig add)
	rem=$(phy_events /tmp/uevents.trig remove)
	deferred_after=no
	grep -q "^$MAC" /sys/kernel/debug/devices_deferred && deferred_after=yes
	data="eth0=$eth0 deferred=$deferred triggers=20 phy_add=$add phy_remove=$rem deferred_after=$deferred_after"
	if [ $eth0 = yes ] && [ $deferred = no ] && [ "$add" = 0 ] && [ "$rem" = 0 ]; then
		result 1 pass $data
	else
		result 1 fail $data -- "the MAC waits for the PSE module"
	fi
}

# Step 2: load the PSE module; the PHY gets its PSE control, --show-pse
# shows admin state and power status.
step2() {
	t0=$(ms)
	insmod $MOD 2>/tmp/err ||
		{ result 2 fail insmod=fail -- "$(head -n 1 /tmp/err)"; return; }
	wait_for 10 test -e /sys/class/net/eth0 ||
		{ result 2 fail insmod=ok eth0=no -- "no eth0 10 s after insmod"; return; }
	ip link set eth0 up 2>/tmp/err ||
		{ result 2 fail insmod=ok eth0=yes up=fail -- "$(head -n 1 /tmp/err)"; return; }
	wait_for 10 pse_ok ||
		{ result 2 fail insmod=ok up=yes -- "$(show_pse | head -n 1)"; return; }
	t1=$(ms)
	out=$(show_pse)
	admin=$(pse_field "$out" 'Admin State')
	power=$(pse_field "$out" 'Power Detection Status')
	data="psec_ms=$((t1 - t0)) admin=$admin power=$power gpio=$(sim_gpio)"
	if [ -n "$admin" ] && [ -n "$power" ]; then
		result 2 pass $data
	else
		result 2 fail $data -- "--show-pse lacks admin state or power status"
	fi
}

# Step 3: --set-pse really switches the supply (and leaves it on, so the
# detach steps run with the port powered).
step3() {
	pse_ok || { result 3 error -- "no PSE on eth0 to switch"; return; }
	if switch_check; then
		result 3 pass $SW_DATA
	else
		result 3 fail $SW_DATA -- "$(head -n 1 /tmp/sw)"
	fi
}

# detach_check STEP HOW: HOW removes the controller (rmmod or unbind) while
# eth0 is up, REATTACH brings it back; --show-pse must say "no PSE" in
# between, the kernel log must stay clean, and the PSE must work again.
detach_check() {
	step=$1 how=$2
	pse_ok || { result "$step" error -- "no PSE on eth0 before $how"; return; }
	up=no
	ip link show eth0 | grep -q '[<,]UP[,>]' && up=yes
	m=$(kmark)
	dev=$(pse_device) || { result "$step" error -- "no device bound to '$PSEDRV'"; return; }
	case $how in
	rmmod) rmmod pse_regulator 2>/tmp/err ;;
	unbind) echo "$dev" 2>/tmp/err >"$PSEDRV/unbind" ;;
	esac || {
		result "$step" fail up=$up $how=fail -- "$(head -n 1 /tmp/err)"
		return
	}
	out=$(show_pse)
	nopse=no
	no_pse "$out" && nopse=yes
	gpio_off=$(sim_gpio)
	# The PHY must not notice: it keeps its driver, eth0 stays up and can go
	# down and up (without a driver, phy_stop() would oops, so it is not
	# tried then).
	phy_driver=no updown=skipped
	[ -e "$PHY/driver" ] && phy_driver=yes
	link=down
	ip link show eth0 | grep -q '[<,]UP[,>]' && link=up
	if [ $phy_driver = yes ]; then
		updown=ok
		{ ip link set eth0 down && ip link set eth0 up; } 2>/dev/null || updown=fail
	fi
	# Rebinding before the old PI regulator is released makes the regulator
	# core log "debugfs: '..._pi0' already exists" (base and series alike),
	# so wait for the release; a release that never comes is a leak.
	t=$(ms)
	released=no
	wait_for 5 pi_absent && released=yes
	release_ms=$(($(ms) - t))
	case $how in
	rmmod) insmod $MOD 2>/tmp/err ;;
	unbind) echo "$dev" 2>/tmp/err >"$PSEDRV/bind" ;;
	esac
	reattach=no
	wait_for 10 pse_ok && reattach=yes
	# Re-attached, --show-pse reports the supply as it really is (read
	# from the regulator, not a default): enabled exactly when its enable
	# line is high.
	gpio_back=$(sim_gpio)
	admin_back=$(pse_field "$(show_pse)" 'Admin State')
	truthful=no
	case $gpio_back/$admin_back in
	1/enabled | 0/disabled) truthful=yes ;;
	esac
	switch=no
	[ $reattach = yes ] && switch_check && switch=yes
	errs=$(errors_since "$m")
	splats=$(splats_since "$m")
	data="up=$up $how=ok nopse=$nopse phy_driver=$phy_driver link=$link updown=$updown gpio_detached=$gpio_off pi_released=$released release_ms=$release_ms log_errors=$errs splats=$splats reattach=$reattach gpio_back=$gpio_back admin_back=$admin_back truthful=$truthful switch=$switch"
	if [ $up = yes ] && [ $nopse = yes ] && [ $phy_driver = yes ] &&
		[ $link = up ] && [ $updown = ok ] && [ $released = yes ] &&
		[ "$errs" = 0 ] && [ "$splats" = 0 ] &&
		[ $reattach = yes ] && [ $truthful = yes ] && [ $switch = yes ]; then
		result "$step" pass $data
	else
		result "$step" fail $data -- "after $how: $(echo "$out" | tr '\n' ' ' | cut -c 1-100)"
	fi
}

# Step 6 (debug kernel): 200 unbind/bind cycles of the controller while one
# loop runs --show-pse/--set-pse and another takes eth0 down and up.
step6() {
	insmod $MOD 2>/tmp/err ||
		{ result 6 error -- "insmod: $(head -n 1 /tmp/err)"; return; }
	wait_for 20 test -e /sys/class/net/eth0 || { result 6 error -- "no eth0"; return; }
	ip link set eth0 up
	wait_for 20 pse_ok || { result 6 error -- "no PSE on eth0: $(show_pse | head -n 1)"; return; }
	dev=$(pse_device) || { result 6 error -- "no device bound to '$PSEDRV'"; return; }
	# The checkers must be on: lockdep built in and not switched off by an
	# earlier report (debug_locks 1), KASAN running when the host built it
	# in (board.kasan=yes, board/host/boot.sh reads the .config).
	lockdep=no kasan=no
	[ -e /proc/lockdep ] && lockdep=yes
	dmesg | grep -q 'KernelAddressSanitizer initialized' && kasan=yes
	want_kasan=$(cmdline_arg board.kasan unknown)
	m=$(kmark)
	stress_loops
	i=0 uerr=0 berr=0
	while [ $i -lt 200 ]; do
		echo "$dev" 2>/dev/null >"$PSEDRV/unbind" || uerr=$((uerr + 1))
		echo "$dev" 2>/dev/null >"$PSEDRV/bind" || berr=$((berr + 1))
		i=$((i + 1))
	done
	touch /tmp/stop
	wait
	ip link set eth0 up
	alive=no
	wait_for 20 pse_ok && alive=yes
	splats=$(splats_since "$m")
	debug_locks=$(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats 2>/dev/null)
	data="cycles=$i unbind_err=$uerr bind_err=$berr ethtool_loops=$(cat /tmp/n.ethtool) updown_loops=$(cat /tmp/n.updown) splats=$splats pse_after=$alive lockdep=$lockdep debug_locks=${debug_locks:-none} kasan=$kasan"
	if [ "$(cat /tmp/n.ethtool)" -lt 1 ] || [ "$(cat /tmp/n.updown)" -lt 1 ]; then
		result 6 error $data -- "a load loop did not run"
	elif [ $lockdep = no ]; then
		result 6 error $data -- "not a lockdep kernel"
	elif [ "$want_kasan" = yes ] && [ $kasan = no ]; then
		result 6 error $data -- "KASAN is built in but did not start"
	elif [ "$debug_locks" != 1 ] && [ "$splats" = 0 ]; then
		result 6 error $data -- "lockdep switched itself off before the stress run"
	elif [ "$uerr" = 0 ] && [ "$berr" = 0 ] && [ "$splats" = 0 ] && [ $alive = yes ]; then
		result 6 pass $data
	else
		result 6 fail $data -- "$(ksince "$m" | grep -m 1 -E -f "$REPORTS" | cut -c 1-120)"
	fi
}

# Step 7 (broken "pses" binding): eth0 works, one warning about the PSE, no
# matter how often the PHY or the controller come and go.
step7() {
	insmod $MOD 2>/tmp/err ||
		{ result 7 error -- "insmod: $(head -n 1 /tmp/err)"; return; }
	eth0=no up=no
	wait_for 10 test -e /sys/class/net/eth0 && eth0=yes
	if [ $eth0 = yes ] && ip link set eth0 up 2>/dev/null &&
		ip link show eth0 | grep -q '[<,]UP[,>]'; then
		up=yes
	fi
	trigger 20 >/dev/null
	if [ $eth0 = yes ]; then
		for i in 1 2 3; do
			ip link set eth0 down
			ip link set eth0 up
		done
	fi
	if dev=$(pse_device); then
		echo "$dev" >"$PSEDRV/unbind"
		echo "$dev" >"$PSEDRV/bind"
	fi
	nopse=no
	no_pse "$(show_pse)" && nopse=yes
	# The base's warning, and the series' (one per broken binding)
	warns=$(dmesg | grep -cE 'cannot get PSE control|broken PSE binding')
	pse_msgs=$(dmesg -r | grep -E '^<[0-4]>' | grep -ci 'pse')
	splats=$(splats_since 0)
	data="eth0=$eth0 up=$up warnings=$warns pse_log_lines=$pse_msgs splats=$splats nopse=$nopse"
	if [ $up = yes ] && [ "$warns" = 1 ] && [ "$pse_msgs" = 1 ] && [ "$splats" = 0 ] &&
		[ $nopse = yes ]; then
		result 7 pass $data
	else
		result 7 fail $data -- "$(dmesg -r | grep -E '^<[0-4]>' | grep -i -m 1 'pse' | cut -c 1-120)"
	fi
}

# Step 8: the series' PSE selftest (tools/testing/selftests/drivers/net/hw/
# ethtool_pse.sh, bash) on eth0, with the board's controller device, its
# module, and the supply's enable line as power read-back. podl-pse-regulator
# lets its supply go when its driver goes, so power is not expected to be
# kept. Its KTAP output goes to the console as "BOARD-KTAP " lines.
SELFTEST=/usr/lib/board/selftests/drivers/net/hw/ethtool_pse.sh
step8() {
	[ -r $SELFTEST ] || { result 8 skip -- "the series has no PSE selftest"; return; }
	command -v bash >/dev/null || { result 8 error -- "no bash in the guest"; return; }
	dev=$(pse_device) || { result 8 error -- "no device bound to '$PSEDRV'"; return; }
	m=$(kmark)
	NETIF=eth0 PSE_ALLOW_DISRUPT=1 PSE_CTRL_DEV=$dev PSE_CTRL_MODULE=$MOD \
		PSE_POWER_READ='/sys/bus/platform/devices/gpio-sim/gpiochip*/sim_gpio0/value' \
		PSE_POWER_ON=1 PSE_EXPECT_POWER_KEPT=0 PSE_CYCLES=5 PSE_TIMEOUT=10 \
		bash $SELFTEST >/tmp/ktap 2>&1
	rc=$?
	sed 's/^/BOARD-KTAP /' /tmp/ktap
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' /tmp/ktap | head -n 1)
	totals=$(grep -m 1 '^# Totals:' /tmp/ktap)
	npass=$(echo "$totals" | sed -n 's/.* pass:\([0-9]*\).*/\1/p')
	nfail=$(echo "$totals" | sed -n 's/.* fail:\([0-9]*\).*/\1/p')
	nskip=$(echo "$totals" | sed -n 's/.* skip:\([0-9]*\).*/\1/p')
	nerr=$(echo "$totals" | sed -n 's/.* error:\([0-9]*\).*/\1/p')
	splats=$(splats_since "$m")
	# The names of the failed tests, comma-separated
	failed=$(sed -n 's/^not ok [0-9]* \([^ ]*\).*/\1/p' /tmp/ktap | tr '\n' ',')
	failed=${failed%,}
	data="failed=${failed:-none} plan=${plan:-none} pass=${npass:-none} fail=${nfail:-none} skip=${nskip:-none} error=${nerr:-none} exit=$rc splats=$splats"
	if [ -n "$plan" ] && [ -n "$npass" ] && [ "$rc" = 0 ] && [ "$nfail" = 0 ] &&
		[ "$nerr" = 0 ] && [ "$npass" -gt 0 ] &&
		[ $((npass + nskip)) = "$plan" ] && [ "$splats" = 0 ]; then
		result 8 pass $data
	else
		result 8 fail $data -- "$(grep -m 1 '^not ok' /tmp/ktap | cut -c 1-120)"
	fi
}

echo "BOARD-INFO scenario=$scenario kernel=$(uname -r) ethtool=$(ethtool --version | cut -d' ' -f3)"
case $scenario in
main)
	echo "BOARD-PLAN 1 2 3 4 5"
	step1
	step2
	step3
	detach_check 4 rmmod
	detach_check 5 unbind
	;;
selftest)
	echo "BOARD-PLAN 8"
	insmod $MOD 2>/dev/null
	wait_for 10 pse_ok
	step8
	;;
stress)
	echo "BOARD-PLAN 6"
	step6
	;;
broken)
	echo "BOARD-PLAN 7"
	step7
	;;
fault)
	# the fault sweep (board/guest/fault.sh), fault flavor
	echo "BOARD-PLAN fault"
	# shellcheck source=fault.sh
	. /usr/lib/board/fault.sh
	fault_sweep
	;;
soak)
	echo "BOARD-PLAN soak"
	# shellcheck source=fault.sh
	. /usr/lib/board/fault.sh
	soak
	;;
*)
	echo "BOARD-PLAN"
	echo "BOARD-ERROR unknown scenario '$scenario' (board.scenario=)"
	;;
esac
echo "BOARD-DMESG-BEGIN"
dmesg -r
echo "BOARD-DMESG-END"
echo "BOARD-DONE"
# Shutdown messages (an oops in a driver's shutdown) go to the console; the
# host counts them too. QEMU runs with -no-reboot: the reset ends it.
dmesg -n 7
reboot -f
