#!/usr/bin/env bash
# Boot the emulated board once and keep what the guest said.
#   board/host/run.sh [--dir DIR] [--name NAME] [--limit S] \
#       VARIANT FLAVOR DTB SCENARIO [KERNEL-ARG...]
#   e.g. board/host/run.sh series plain zc702-pse main
# QEMU (Debian qemu-system-arm, machine xilinx-zynq-a9) runs under a hard
# timeout (--limit seconds, scaled by BOARD_TIMEOUT_SCALE; by default 600
# for the stress scenario, 5400 for fault and soak, 180 otherwise); the
# guest (board/init.sh) runs
# SCENARIO and prints its verdict lines. KERNEL-ARGs are added to the
# command line (the benchmarks add rdinit=/bench-init and their settings).
# Writes DIR/NAME.console (the serial console) and DIR/NAME.status (how
# QEMU ended); DIR defaults to build/board/logs, NAME to VARIANT-SCENARIO.
# The verdicts are judged by board/host/table.py (the benchmark's
# results by bench-table.py), not here: this script fails only when QEMU
# cannot run at all.
. "$(dirname "$0")/lib.sh"

dir=$BOARD_LOGS name='' limit=''
while [ $# -gt 0 ]; do
	case $1 in
	--dir) dir=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--limit) limit=$2; shift 2 ;;
	*) break ;;
	esac
done
variant=${1:-}
flavor=${2:-}
dtb_name=${3:-}
scenario=${4:-}
board_variant_check "$variant"
board_flavor_check "$flavor"
if [ -z "$dtb_name" ] || [ -z "$scenario" ]; then
	die "usage: $0 [--dir DIR] [--name NAME] [--limit S] VARIANT FLAVOR DTB SCENARIO [KERNEL-ARG...]"
fi
shift 4
need_pkgs qemu-system-arm

obj=$(board_obj "$variant" "$flavor")
kernel=$obj/arch/arm/boot/zImage
initrd=$obj/board-initramfs.cpio
# The flavor's own DTBs when it has them (the fault flavor, built without
# a plain kernel), the plain build's otherwise.
dtb=$(board_dtb "$variant" "$dtb_name" "$flavor")
[ -s "$dtb" ] || dtb=$(board_dtb "$variant" "$dtb_name")
for f in "$kernel" "$initrd" "$dtb"; do
	[ -s "$f" ] || die "no $f; build it first (board/host/run.sh builds everything)"
done

# Seconds: a plain boot takes ~10 s under TCG, the debug kernel several times
# that; the stress run does 200 unbind/bind cycles, the fault sweep and the
# soak (debug kernel with kmemleak and fault injection) run much longer.
mem=512
logbuf=1M
case $scenario in
stress) limit=${limit:-600} mem=1024 ;;
fault | soak) limit=${limit:-5400} mem=1024 logbuf=4M ;;
selftest) limit=${limit:-600} ;;
*) limit=${limit:-180} ;;
esac
limit=$(board_timeout "$limit")

# An oops ends the run at once (the oopsing task may hold rtnl, so nothing
# after it would finish anyway): the table shows the step without a verdict
# and the oops.
append="console=ttyPS0,115200 oops=panic panic=-1 log_buf_len=$logbuf board.scenario=$scenario"
# The guest checks that KASAN runs when it is built in.
if grep -q '^CONFIG_KASAN=y' "$obj/.config"; then
	append+=" board.kasan=yes"
else
	append+=" board.kasan=no"
fi
append+=" $*"

name=${name:-$variant-$scenario}
mkdir -p "$dir"
console=$dir/$name.console
status=$dir/$name.status
rm -f "$console" "$status"
start=$(date +%s)
rc=0
timeout -k 5 "$limit" qemu-system-arm -M xilinx-zynq-a9 -m "$mem" \
	-kernel "$kernel" -dtb "$dtb" -initrd "$initrd" \
	-append "${append% }" \
	-display none -monitor none -serial null -serial stdio -no-reboot \
	</dev/null >"$console" 2>"$dir/$name.qemu.log" || rc=$?
secs=$(($(date +%s) - start))
case $rc in
124 | 137) how="timed out after $limit s" ;;
0) how="ended" ;;
*) how="QEMU exited with $rc: $(head -c 300 "$dir/$name.qemu.log")" ;;
esac
printf 'variant=%s flavor=%s dtb=%s scenario=%s seconds=%s limit=%s\nqemu: %s\n' \
	"$variant" "$flavor" "$dtb_name" "$scenario" "$secs" "$limit" "$how" >"$status"
log "$name ($flavor, $dtb_name.dtb): QEMU $how, $secs s"
grep -a 'BOARD-RESULT\|BOARD-ERROR\|BENCH-RESULT\|BENCH-ERROR' "$console" | tr -d '\r' | sed 's/^/    /' >&2 || true
case $rc in
0 | 124 | 137) exit 0 ;;
*) die "QEMU could not run: see $dir/$name.qemu.log" ;;
esac
