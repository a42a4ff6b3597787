#!/usr/bin/env bash
# The fault sweep's list of foreign kernel reports (board/guest/fault.sh
# FOREIGN, klog_foreign) on a made-up kernel log: a listed report, from its
# first line to its end, is set apart and counted; a report that only
# starts like a listed one (the same WARNING location, another device)
# stays ours, and so does everything around them.
. "$(dirname "$0")/lib.sh"
plan 8

# The definitions only: the script itself runs in the guest
sed -n '/^FOREIGN=/,/^}/p' "$TOP/board/guest/fault.sh" >"$T/foreign.sh"
# shellcheck source=/dev/null
. "$T/foreign.sh"

log=$T/klog
cat >"$log" <<'LOG'
<6>[    1.0] before
<4>[    2.0] WARNING: drivers/base/core.c:2642 at device_release+0xe8/0x100, CPU#0: init/1
<3>[    2.1] Device 'regulator.141.bdev' does not have a release() function, it is broken and must be fixed. See Documentation/core-api/kobject.rst.
<4>[    2.2] Call trace:
<4>[    2.3] ---[ end trace 0000000000000000 ]---
<6>[    3.0] between
<4>[    4.0] WARNING: drivers/base/core.c:2642 at device_release+0xe8/0x100, CPU#0: init/1
<3>[    4.1] Device 'mdio_bus.0' does not have a release() function, it is broken and must be fixed.
<4>[    4.2] ---[ end trace 0000000000000000 ]---
<3>[    5.0] BUG: KASAN: global-out-of-bounds in load_module+0x1/0x2
<3>[    5.1] Write of size 4
<3>[    5.2] ==================================================================
<4>[    5.3] Disabling lock debugging due to kernel taint
<6>[    6.0] after
LOG
n=$(klog_foreign "$log")
check "two foreign reports counted (got '$n')" test "$n" = 2
check_out "the regulator core's report is set apart" "regulator\.141\.bdev" "$log.foreign"
check_out "from its WARNING line" "2\.0\] WARNING: drivers/base/core.c" "$log.foreign"
check_out "the KASAN report is set apart" "5\.1\] Write of size" "$log.foreign"
check_out "another device's report stays ours" "4\.1\] Device 'mdio_bus\.0'" "$log.own"
check_out "with its WARNING line" "4\.0\] WARNING: drivers/base/core.c" "$log.own"
check "the lines around them stay ours" test "$(grep -c -e before -e between -e after "$log.own")" = 3
check "nothing of the foreign reports is left in ours" \
	sh -c "! grep -qE 'bdev|Write of size|2\\.2\\] Call trace' '$log.own'"
