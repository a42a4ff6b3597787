#!/usr/bin/env bash
# `make board`: the end-to-end test on the emulated board, base vs series.
# Builds both kernels (plain and debug; same configuration, incremental, one
# build at a time), the board DTBs, the Debian armhf initramfs, then boots
# each variant three times in QEMU:
#   main    plain kernel, zc702-pse.dts         steps 1-5
#   stress  debug kernel, zc702-pse.dts         step 6
#   broken  plain kernel, zc702-pse-broken.dts  step 7
#   selftest plain kernel, zc702-pse.dts        step 8, the series' PSE selftest
# and writes the table base vs series to build/results/board.txt (last line
# "board: N passed, N failed"). Exits non-zero when the base does not
# reproduce the bug or a series step fails.
#   BOARD_SERIES_REF=dev board/host/run.sh    the series from another branch
#   BOARD_VARIANTS=base board/host/run.sh     one variant only (table incomplete)
#   BOARD_SCENARIOS="main broken"            a subset of the runs
#   BOARD_BASE_STRESS=1   also the stress run on the base (its result is
#                         shown, never judged: by default it is not run,
#                         which saves a debug kernel build and a boot)
# The benchmarks (bench/board.sh) boot the plain kernels built here;
# the two take turns on build/board (board_lock).
. "$(dirname "$0")/lib.sh"

read -r -a variants <<<"${BOARD_VARIANTS:-base series}"
read -r -a scenarios <<<"${BOARD_SCENARIOS:-main stress broken selftest}"
S=$TOP/board/host
t0=$(date +%s)
declare -A secs

phase() { # NAME CMD...: run a phase and note its time
	local name=$1 start
	shift
	start=$(date +%s)
	"$@"
	secs[$name]=$(($(date +%s) - start))
}

result_start board
if [[ " ${variants[*]} " == *" series "* ]] &&
	[ "$(board_ref series)" = "$(board_ref base)" ]; then
	die "the series commit is the base commit (no patches applied?): run 'make tree' (series/apply.sh) or set BOARD_SERIES_REF"
fi

board_lock
want() { [[ " ${scenarios[*]} " == *" $1 "* ]]; }
need_debug=false
want stress && need_debug=true

# Results of an earlier run must not be judged or shown as this run's.
rm -f "$BOARD/header.txt"
for v in "${variants[@]}"; do
	for s in main stress broken selftest; do
		rm -f "$BOARD_LOGS/$v-$s.console" "$BOARD_LOGS/$v-$s.status"
	done
	rm -f "$RESULTS/board-selftest-$v.ktap"
done

phase rootfs "$S/rootfs.sh"
# Plain kernels first, the debug ones after: base and series share ccache.
for v in "${variants[@]}"; do
	phase "kernel-$v" "$S/kernel.sh" "$v" plain
	phase "dtb-$v" "$S/dtb.sh" "$v"
	phase "initramfs-$v" "$S/initramfs.sh" "$v" plain
done
stress_on() { [ "$1" = series ] || [ "${BOARD_BASE_STRESS:-0}" = 1 ]; }
if $need_debug; then
	for v in "${variants[@]}"; do
		stress_on "$v" || continue
		phase "kernel-$v-debug" "$S/kernel.sh" "$v" debug
		phase "initramfs-$v-debug" "$S/initramfs.sh" "$v" debug
	done
fi
for v in "${variants[@]}"; do
	want main && phase "run-$v-main" "$S/boot.sh" "$v" plain zc702-pse main
	want broken && phase "run-$v-broken" "$S/boot.sh" "$v" plain zc702-pse-broken broken
	want selftest && phase "run-$v-selftest" "$S/boot.sh" "$v" plain zc702-pse selftest
	want stress && stress_on "$v" && phase "run-$v-stress" "$S/boot.sh" "$v" debug zc702-pse stress
done

mkdir -p "$RESULTS"
# The PSE selftest's KTAP output of each variant's main run (step 8)
for v in "${variants[@]}"; do
	c=$BOARD_LOGS/$v-selftest.console
	[ -f "$c" ] && grep -q '^BOARD-KTAP ' "$c" &&
		sed -n 's/^BOARD-KTAP //p' "$c" | tr -d '\r' >"$RESULTS/board-selftest-$v.ktap"
done
header=$BOARD/header.txt
{
	echo "== emulated board: QEMU xilinx-zynq-a9 (zc702), macb + podl-pse-regulator =="
	for v in base series; do
		obj=$(board_obj "$v" plain)
		if [ -s "$obj/.board-commit" ]; then
			c=$(cat "$obj/.board-commit")
			printf '%-7s %s\n' "$v:" "$(git -C "$(kernel_repo)" log -1 --format='%h %s' "$c")"
		else
			printf '%-7s %s\n' "$v:" "not built"
		fi
	done
	echo "guest:  $(tr '\n' ' ' <"$BOARD/rootfs/manifest")(Debian $BOARD_SUITE armhf)"
	echo "qemu:   $(qemu-system-arm --version | head -n 1)"
	if [ -s "$(board_obj series debug)/.config" ]; then
		dbg=$(grep -oE '^CONFIG_(PROVE_LOCKING|DEBUG_ATOMIC_SLEEP|KASAN|KASAN_GENERIC)=y' \
			"$(board_obj series debug)/.config" | sed 's/CONFIG_//; s/=y//' | tr '\n' ' ')
		echo "debug:  $dbg"
		notes=$(cat "$(board_obj series debug)/board.notes" 2>/dev/null || true)
		[ -z "$notes" ] || echo "debug:  $notes"
	fi
	times=
	for k in "${!secs[@]}"; do times+="$k=${secs[$k]}s "; done
	echo "time:   $(($(date +%s) - t0)) s total; $(tr ' ' '\n' <<<"$times" | sort | tr '\n' ' ')"
	echo
} >"$header"
rc=0
python3 "$S/table.py" "$BOARD_LOGS" "$header" "$KERNEL_REPORTS" >"$RESULTS/board.txt" || rc=$?
result_meta board "base: $(board_ref base)" "series: $(board_ref series)" "finished: $(date -u '+%F %T UTC')"
cat "$RESULTS/board.txt"
exit $rc
