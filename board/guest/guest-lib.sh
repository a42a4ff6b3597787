# shellcheck shell=sh
# Sourced first by both inits of the emulated-board guest (busybox ash):
# /init (board/init.sh, the board test) and /bench-init (board/bench-init.sh,
# the benchmarks). In the initramfs as /usr/lib/board/guest-lib.sh.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t debugfs debugfs /sys/kernel/debug
exec </dev/console >/dev/console 2>&1
/bin/busybox --install -s /usr/bin
# Kernel messages stay in the log buffer, not on the console, so they cannot
# break the verdict and result lines; oopses and panics still reach the
# console.
dmesg -n 1

# The zc702 gem0 (macb) and the platform driver of the PSE controller.
# shellcheck disable=SC2034 # used by the scripts that source this file
MAC=e000b000.ethernet
# shellcheck disable=SC2034 # PSEDRV: used by the inits that source this file
PSEDRV="/sys/bus/platform/drivers/PSE regulator"

# cmdline_arg NAME DEFAULT: the value of NAME= on the kernel command line.
cmdline_arg() {
	# shellcheck disable=SC2013 # the command line is one line of words
	for a in $(cat /proc/cmdline); do
		case $a in "$1"=*)
			echo "${a#"$1"=}"
			return
			;;
		esac
	done
	echo "$2"
}

# Milliseconds since boot.
ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
	n=$(($1 * 10))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# The uevent helper (/usr/bin/uevent-log, board/uevent-log.sh) logs one line
# per uevent to /tmp/uevents. uevents_on starts it and checks with a uevent
# it causes that lines reach the log (otherwise a count of zero would mean
# nothing); uevents_settle waits until the asynchronous helpers are done
# (the log stops growing); uevents_off stops it.
uevents_on() {
	: >/tmp/uevents
	echo /usr/bin/uevent-log >/proc/sys/kernel/hotplug
	echo change >"/sys/bus/platform/devices/$MAC/uevent"
	wait_for 10 grep -q "^ACTION=change SUBSYSTEM=platform .*/$MAC\$" /tmp/uevents
}
uevents_settle() {
	c=-1
	while [ "$c" != "$(wc -l </tmp/uevents)" ]; do
		c=$(wc -l </tmp/uevents)
		sleep 1
	done
}
uevents_off() { echo >/proc/sys/kernel/hotplug; }

# trigger N: N deferred-probe triggers, writes of the MAC to drivers_probe.
# Prints how many writes failed.
trigger() {
	i=0 werr=0
	while [ "$i" -lt "$1" ]; do
		echo "$MAC" >/sys/bus/platform/drivers_probe 2>/dev/null || werr=$((werr + 1))
		i=$((i + 1))
	done
	echo "$werr"
}

# phy_events FILE ACTION: PHY uevents with ACTION (add, remove) in FILE.
phy_events() { grep -c "^ACTION=$2 SUBSYSTEM=mdio_bus DEVTYPE=PHY " "$1"; }

# stress_loops: two loops in the background until /tmp/stop exists -
# ethtool --show-pse and --set-pse disable/enable on eth0, and eth0
# down/up; when they stop, each writes its rounds to /tmp/n.ethtool and
# /tmp/n.updown.
stress_loops() {
	rm -f /tmp/stop
	(
		n=0
		while [ ! -e /tmp/stop ]; do
			ethtool --show-pse eth0
			ethtool --set-pse eth0 podl-pse-admin-control disable
			ethtool --set-pse eth0 podl-pse-admin-control enable
			n=$((n + 1))
		done >/dev/null 2>&1
		echo $n >/tmp/n.ethtool
	) &
	(
		n=0
		while [ ! -e /tmp/stop ]; do
			ip link set eth0 down
			ip link set eth0 up
			n=$((n + 1))
		done >/dev/null 2>&1
		echo $n >/tmp/n.updown
	) &
}
