#!/bin/sh
# /bench-init of the emulated board (busybox ash), started with
# rdinit=/bench-init by bench/board.sh: the same kernels and
# initramfs as the board test (/init), which this replaces. The PSE module
# is never loaded. Kernel command line:
#   bench.wait=T          P2: seconds after boot to wait for a usable eth0
#   bench.triggers=1,10   P1: deferred-probe trigger counts, empty skips P1
# Prints one line per measurement:
#   BENCH-RESULT p2 eth0=yes|no up=yes|no eth0_ms=.. usable_ms=.. wait_s=T
#   BENCH-RESULT p1 triggers=N phy_add=.. phy_remove=.. uevents=.. probe_us=..
#   BENCH-ERROR <text>    the measurement could not be made
# then BENCH-DONE. Times are guest kernel time stamps (printk, us
# resolution) of markers written to /dev/kmsg.
# shellcheck source-path=SCRIPTDIR source=guest-lib.sh
. /usr/lib/board/guest-lib.sh

wait_s=$(cmdline_arg bench.wait 20)
triggers=$(cmdline_arg bench.triggers "1,10,100" | tr ',' ' ')

# Markers in the kernel log; their time stamps are read afterwards, so the
# reading is not part of what is timed.
mark() { echo "BENCH-MARK $1" >/dev/kmsg; }
# Time stamp of marker $1 in microseconds since boot (empty if none)
mark_us() {
	dmesg | sed -n "s/^\[ *\([0-9]*\)\.\([0-9]*\)\] BENCH-MARK $1\$/\1 \2/p" |
		tail -n 1 | { read -r s us && echo $((s * 1000000 + 1$us - 1000000)); }
}

uptime_s() { cut -d. -f1 /proc/uptime; }

# P2: boot to a usable eth0 (it exists and can be brought up)
eth0=no up=no eth0_us='' up_us=''
while [ "$(uptime_s)" -lt "$wait_s" ]; do
	if [ -e /sys/class/net/eth0 ]; then
		[ $eth0 = no ] && mark eth0 && eth0=yes
		if ip link set eth0 up 2>/dev/null; then
			mark usable
			up=yes
			break
		fi
	fi
	sleep 0.05
done
[ $eth0 = yes ] && eth0_us=$(mark_us eth0)
[ $up = yes ] && up_us=$(mark_us usable)
if [ $up = yes ]; then
	echo "BENCH-RESULT p2 eth0=yes up=yes eth0_ms=$((eth0_us / 1000)) usable_ms=$((up_us / 1000)) wait_s=$wait_s"
else
	echo "BENCH-RESULT p2 eth0=$eth0 up=no eth0_ms=${eth0_us:+$((eth0_us / 1000))} usable_ms= wait_s=$wait_s"
fi

# P1: PHY register/remove cycles and guest time for N deferred-probe
# triggers (as in step 1 of the board test). Pass 1 counts the PHY uevents
# through the uevent helper; pass 2 times the triggers without the helper
# (its processes would be timed too). The kernel's uevent sequence number
# must move the same in both passes.
seqnum() { cat /sys/kernel/uevent_seqnum; }
if [ -n "$triggers" ]; then
	if [ ! -e "/sys/bus/platform/devices/$MAC" ]; then
		echo "BENCH-ERROR p1 no platform device $MAC"
		triggers=
	elif ! uevents_on; then
		echo "BENCH-ERROR p1 the uevent helper logs nothing"
		triggers=
	fi
	uevents_off
fi
for n in $triggers; do
	echo /usr/bin/uevent-log >/proc/sys/kernel/hotplug
	before=$(wc -l </tmp/uevents)
	s0=$(seqnum)
	trigger "$n" >/dev/null
	s1=$(seqnum)
	uevents_settle
	uevents_off
	tail -n +$((before + 1)) /tmp/uevents >/tmp/uevents.n
	add=$(phy_events /tmp/uevents.n add)
	rem=$(phy_events /tmp/uevents.n remove)

	s2=$(seqnum)
	mark "p1-$n-start"
	trigger "$n" >/dev/null
	mark "p1-$n-end"
	s3=$(seqnum)
	t0=$(mark_us "p1-$n-start")
	t1=$(mark_us "p1-$n-end")
	echo "BENCH-RESULT p1 triggers=$n phy_add=$add phy_remove=$rem uevents=$((s1 - s0)) uevents_timed=$((s3 - s2)) probe_us=$((t1 - t0))"
done
echo "BENCH-DONE"
# QEMU runs with -no-reboot: the reset ends it.
reboot -f
