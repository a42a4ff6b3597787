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
# Two more scenarios, not in the default list, run on the series only, on
# a kernel of their own (flavor "fault": debug.config + fault.config, with
# kmemleak, failslab and fail_page_alloc; board/guest/fault.sh):
#   fault   the fault sweep: each lifecycle operation with fail-nth 1, 2, ...
#           until it meets no fault; table in build/results/fault.txt
#   soak    controller unbind/bind cycles under MAC rebinds, ethtool and
#           link flaps; table in build/results/soak.txt
# (make fault-sweep, make soak). The base is not swept: it is the code
# the series replaces, and its rmmod with a PHY attached fails by design
# (step 4), so the sweep's starting state cannot be made there.
#   FAULT_NTH_MAX=20      stop each operation's sweep after 20 runs
#   FAULT_OPS=bind,unbind the operations (insmod,bind,attach,unbind,macbind,
#                         setpse,showpse)
#   FAULT_BUDGET=3000     seconds for the whole sweep, shared out evenly
#                         between the operations; runs not started in an
#                         operation's share are shown as not done (default:
#                         no limit)
#   SOAK_CYCLES=50        controller cycles of the soak (default 1000)
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

want() { [[ " ${scenarios[*]} " == *" $1 "* ]]; }
for s in "${scenarios[@]}"; do
	case $s in
	main | stress | broken | selftest | fault | soak) ;;
	*) die "unknown scenario '$s' in BOARD_SCENARIOS (main stress broken selftest fault soak)" ;;
	esac
done
need_debug=false
want stress && need_debug=true
# The board table (table.py) for its scenarios, the fault and soak tables
# for theirs; the plain kernels for every scenario but those two.
need_plain=false need_fault=false
for s in main stress broken selftest; do want "$s" && need_plain=true; done
want fault && need_fault=true
want soak && need_fault=true
fault_on() { [ "$1" = series ]; }
# A run that dies from here on leaves no earlier table behind.
$need_plain && result_start board
want fault && result_start fault
want soak && result_start soak
if [[ " ${variants[*]} " == *" series "* ]] &&
	[ "$(board_ref series)" = "$(board_ref base)" ]; then
	die "the series commit is the base commit (no patches applied?): run 'make tree' (series/apply.sh) or set BOARD_SERIES_REF"
fi

board_lock

# Results of an earlier run must not be judged or shown as this run's.
rm -f "$BOARD/header.txt"
for v in "${variants[@]}"; do
	for s in main stress broken selftest fault soak; do
		rm -f "$BOARD_LOGS/$v-$s.console" "$BOARD_LOGS/$v-$s.status"
	done
	rm -f "$RESULTS/board-selftest-$v.ktap"
done

phase rootfs "$S/rootfs.sh"
# Plain kernels first, the debug ones after: base and series share ccache.
if $need_plain; then
	for v in "${variants[@]}"; do
		phase "kernel-$v" "$S/kernel.sh" "$v" plain
		phase "dtb-$v" "$S/dtb.sh" "$v"
		phase "initramfs-$v" "$S/initramfs.sh" "$v" plain
	done
fi
stress_on() { [ "$1" = series ] || [ "${BOARD_BASE_STRESS:-0}" = 1 ]; }
if $need_debug; then
	for v in "${variants[@]}"; do
		stress_on "$v" || continue
		phase "kernel-$v-debug" "$S/kernel.sh" "$v" debug
		phase "initramfs-$v-debug" "$S/initramfs.sh" "$v" debug
	done
fi
if $need_fault; then
	for v in "${variants[@]}"; do
		if ! fault_on "$v"; then
			log "$v: no fault sweep or soak (the series' lifecycle is what they test; see the top of this script)"
			continue
		fi
		phase "kernel-$v-fault" "$S/kernel.sh" "$v" fault
		phase "dtb-$v-fault" "$S/dtb.sh" "$v" fault
		phase "initramfs-$v-fault" "$S/initramfs.sh" "$v" fault
	done
fi
for v in "${variants[@]}"; do
	want main && phase "run-$v-main" "$S/boot.sh" "$v" plain zc702-pse main
	want broken && phase "run-$v-broken" "$S/boot.sh" "$v" plain zc702-pse-broken broken
	want selftest && phase "run-$v-selftest" "$S/boot.sh" "$v" plain zc702-pse selftest
	want stress && stress_on "$v" && phase "run-$v-stress" "$S/boot.sh" "$v" debug zc702-pse stress
	want fault && fault_on "$v" && phase "run-$v-fault" "$S/boot.sh" "$v" fault zc702-pse fault \
		"board.fault_max=${FAULT_NTH_MAX:-1000}" "board.fault_budget=${FAULT_BUDGET:-0}" \
		"board.fault_ops=${FAULT_OPS:-bind,attach,unbind,macbind,setpse,showpse,insmod}"
	want soak && fault_on "$v" && phase "run-$v-soak" "$S/boot.sh" "$v" fault zc702-pse soak \
		"board.soak_cycles=${SOAK_CYCLES:-1000}"
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
		$need_plain || obj=$(board_obj "$v" fault)
		if [ -s "$obj/.board-commit" ]; then
			c=$(cat "$obj/.board-commit")
			printf '%-7s %s\n' "$v:" "$(git -C "$(kernel_repo)" log -1 --format='%h %s' "$c")"
		else
			printf '%-7s %s\n' "$v:" "not built"
		fi
	done
	echo "guest:  $(tr '\n' ' ' <"$BOARD/rootfs/manifest")(Debian $BOARD_SUITE armhf)"
	echo "qemu:   $(qemu-system-arm --version | head -n 1)"
	if $need_fault && [ -s "$(board_obj series fault)/.config" ]; then
		f=$(grep -oE '^CONFIG_(PROVE_LOCKING|DEBUG_ATOMIC_SLEEP|KASAN|DEBUG_KMEMLEAK|FAILSLAB|FAIL_PAGE_ALLOC|FAULT_INJECTION_STACKTRACE_FILTER)=y' \
			"$(board_obj series fault)/.config" | sed 's/CONFIG_//; s/=y//' | tr '\n' ' ')
		echo "fault:  $f(series only)"
	fi
	if $need_plain && [ -s "$(board_obj series debug)/.config" ]; then
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
if $need_plain; then
	python3 "$S/table.py" "$BOARD_LOGS" "$header" "$KERNEL_REPORTS" >"$RESULTS/board.txt" || rc=$?
	result_meta board "base: $(board_ref base)" "series: $(board_ref series)" "finished: $(date -u '+%F %T UTC')"
	cat "$RESULTS/board.txt"
fi
for s in fault soak; do
	want "$s" || continue
	python3 "$S/fault-table.py" "$s" "$BOARD_LOGS" "$header" "$KERNEL_REPORTS" >"$RESULTS/$s.txt" || rc=1
	result_meta "$s" "series: $(board_ref series)" "finished: $(date -u '+%F %T UTC')"
	cat "$RESULTS/$s.txt"
done
exit $rc
