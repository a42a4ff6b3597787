#!/usr/bin/env bash
# Boot the emulated board once and keep what the guest said.
#   scripts/board-run.sh VARIANT FLAVOR DTB SCENARIO
#   e.g. scripts/board-run.sh series plain zc702-pse main
# QEMU (Debian qemu-system-arm, machine xilinx-zynq-a9) runs under a hard
# timeout; the guest (board/init.sh) runs SCENARIO and prints its verdict
# lines. Writes build/board/logs/VARIANT-SCENARIO.console (the serial
# console) and .status (how QEMU ended). The verdicts are judged by
# scripts/board-table.py, not here: this script fails only when QEMU cannot
# run at all.
. "$(dirname "$0")/board-lib.sh"

variant=${1:-}
flavor=${2:-}
dtb_name=${3:-}
scenario=${4:-}
board_variant_check "$variant"
board_flavor_check "$flavor"
[ -n "$dtb_name" ] && [ -n "$scenario" ] ||
	die "usage: $0 VARIANT FLAVOR DTB SCENARIO"
need_pkgs qemu-system-arm

obj=$(board_obj "$variant" "$flavor")
kernel=$obj/arch/arm/boot/zImage
initrd=$obj/board-initramfs.cpio
dtb=$BOARD/$variant/$dtb_name.dtb
for f in "$kernel" "$initrd" "$dtb"; do
	[ -s "$f" ] || die "no $f; build it first (scripts/board.sh builds everything)"
done

# Seconds: a plain boot takes ~10 s under TCG, the debug kernel several times
# that; the stress run does 200 unbind/bind cycles.
case $scenario in
stress) limit=$(board_timeout 600) mem=1024 ;;
*) limit=$(board_timeout 180) mem=512 ;;
esac

# An oops ends the run at once (the oopsing task may hold rtnl, so nothing
# after it would finish anyway): the table shows the step without a verdict
# and the oops.
append="console=ttyPS0,115200 oops=panic panic=-1 log_buf_len=1M board.scenario=$scenario"

name=$variant-$scenario
console=$BOARD_LOGS/$name.console
status=$BOARD_LOGS/$name.status
rm -f "$console" "$status"
start=$(date +%s)
rc=0
timeout -k 5 "$limit" qemu-system-arm -M xilinx-zynq-a9 -m "$mem" \
	-kernel "$kernel" -dtb "$dtb" -initrd "$initrd" \
	-append "$append" \
	-display none -monitor none -serial null -serial stdio -no-reboot \
	</dev/null >"$console" 2>"$BOARD_LOGS/$name.qemu.log" || rc=$?
secs=$(($(date +%s) - start))
case $rc in
124 | 137) how="timed out after $limit s" ;;
0) how="ended" ;;
*) how="QEMU exited with $rc: $(head -c 300 "$BOARD_LOGS/$name.qemu.log")" ;;
esac
printf 'variant=%s flavor=%s dtb=%s scenario=%s seconds=%s limit=%s\nqemu: %s\n' \
	"$variant" "$flavor" "$dtb_name" "$scenario" "$secs" "$limit" "$how" >"$status"
log "$name ($flavor, $dtb_name.dtb): QEMU $how, $secs s"
grep -a 'BOARD-RESULT\|BOARD-ERROR' "$console" | tr -d '\r' | sed 's/^/    /' >&2 || true
case $rc in
0 | 124 | 137) exit 0 ;;
*) die "QEMU could not run: see $BOARD_LOGS/$name.qemu.log" ;;
esac
