#!/usr/bin/env bash
# The guest's initramfs for one kernel build: the Debian userspace
# (rootfs.sh), board/guest/init.sh as /init (the board test),
# board/guest/bench-init.sh as /bench-init (the benchmarks boot it with
# rdinit=/bench-init), the helpers both source (board/guest/guest-lib.sh),
# the kernel-report patterns (lib/kernel-reports, without its comments, as
# /usr/lib/board/kernel-reports), the fault sweep and soak
# (board/guest/fault.sh; with the fault flavor also the text ranges of
# board/host/fault-ranges.py), the uevent helper, the kernel's own
# pse_regulator.ko, and the series' PSE selftest with the kselftest KTAP
# helpers it sources (from the series commit, in base and series guests
# alike; none when that commit has no selftest). An uncompressed
# newc cpio: the board kernel has no decompressor for initramfs.
#   board/host/initramfs.sh base|series plain|debug|fault
# Writes board-initramfs.cpio into the variant's O= directory (board_obj).
. "$(dirname "$0")/lib.sh"

variant=${1:-}
flavor=${2:-plain}
board_variant_check "$variant"
board_flavor_check "$flavor"
need_pkgs cpio

obj=$(board_obj "$variant" "$flavor")
ko=$obj/drivers/net/pse-pd/pse_regulator.ko
[ -s "$ko" ] || die "no $ko; run board/host/kernel.sh $variant $flavor first"
[ -x "$BOARD/rootfs/tree/usr/bin/busybox" ] || "$TOP/board/host/rootfs.sh"

stage=$obj/initramfs
rm -rf "$stage"
cp -a "$BOARD/rootfs/tree" "$stage"
mkdir -p "$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/usr/lib/modules"
ln -s busybox "$stage/usr/bin/sh"
mkdir -p "$stage/usr/lib/board"
install -m 0644 "$TOP/board/guest/guest-lib.sh" "$stage/usr/lib/board/guest-lib.sh"
grep -v '^#' "$KERNEL_REPORTS" | sed '/^$/d' >"$stage/usr/lib/board/kernel-reports"
install -m 0755 "$TOP/board/guest/init.sh" "$stage/init"
install -m 0644 "$TOP/board/guest/fault.sh" "$stage/usr/lib/board/fault.sh"
# The fault flavor: the text ranges the sweep keeps its failures to
if [ "$flavor" = fault ]; then
	python3 "$TOP/board/host/fault-ranges.py" "$obj" "${BOARD_CROSS}nm" \
		>"$stage/usr/lib/board/fault-ranges" ||
		die "cannot find the fault sweep's text ranges in $obj"
fi
install -m 0755 "$TOP/board/guest/bench-init.sh" "$stage/bench-init"
install -m 0755 "$TOP/board/guest/uevent-log.sh" "$stage/usr/bin/uevent-log"
install -m 0644 "$ko" "$stage/usr/lib/modules/pse_regulator.ko"
st=tools/testing/selftests/drivers/net/hw/ethtool_pse.sh
kt=tools/testing/selftests/kselftest/ktap_helpers.sh
sref=$(board_ref series)
if git -C "$(kernel_repo)" cat-file -e "$sref:$st" 2>/dev/null; then
	sdir=$stage/usr/lib/board/selftests
	mkdir -p "$sdir/drivers/net/hw" "$sdir/kselftest"
	git -C "$(kernel_repo)" show "$sref:$st" >"$sdir/drivers/net/hw/ethtool_pse.sh"
	git -C "$(kernel_repo)" show "$sref:$kt" >"$sdir/kselftest/ktap_helpers.sh"
	chmod 0755 "$sdir/drivers/net/hw/ethtool_pse.sh"
fi
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
	>"$obj/board-initramfs.cpio" || die "cpio failed for $stage"
log "$variant/$flavor: $obj/board-initramfs.cpio ($(du -h "$obj/board-initramfs.cpio" | cut -f1))"
