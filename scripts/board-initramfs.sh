#!/usr/bin/env bash
# The guest's initramfs for one kernel build: the Debian userspace
# (board-rootfs.sh), board/init.sh as /init (the board test),
# board/bench-init.sh as /bench-init (the benchmarks boot it with
# rdinit=/bench-init), the helpers both source (board/guest-lib.sh), the
# uevent helper, and the kernel's own pse_regulator.ko. An uncompressed
# newc cpio: the board kernel has no decompressor for initramfs.
#   scripts/board-initramfs.sh base|series plain|debug
# Writes board-initramfs.cpio into the variant's O= directory (board_obj).
. "$(dirname "$0")/board-lib.sh"

variant=${1:-}
flavor=${2:-plain}
board_variant_check "$variant"
board_flavor_check "$flavor"
need_pkgs cpio

obj=$(board_obj "$variant" "$flavor")
ko=$obj/drivers/net/pse-pd/pse_regulator.ko
[ -s "$ko" ] || die "no $ko; run scripts/board-kernel.sh $variant $flavor first"
[ -x "$BOARD/rootfs/tree/usr/bin/busybox" ] || "$TOP/scripts/board-rootfs.sh"

stage=$obj/initramfs
rm -rf "$stage"
cp -a "$BOARD/rootfs/tree" "$stage"
mkdir -p "$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/usr/lib/modules"
ln -s busybox "$stage/usr/bin/sh"
mkdir -p "$stage/usr/lib/board"
install -m 0644 "$TOP/board/guest-lib.sh" "$stage/usr/lib/board/guest-lib.sh"
install -m 0755 "$TOP/board/init.sh" "$stage/init"
install -m 0755 "$TOP/board/bench-init.sh" "$stage/bench-init"
install -m 0755 "$TOP/board/uevent-log.sh" "$stage/usr/bin/uevent-log"
install -m 0644 "$ko" "$stage/usr/lib/modules/pse_regulator.ko"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
	>"$obj/board-initramfs.cpio" || die "cpio failed for $stage"
log "$variant/$flavor: $obj/board-initramfs.cpio ($(du -h "$obj/board-initramfs.cpio" | cut -f1))"
