#!/usr/bin/env bash
# P1 and P2 on the emulated board of the board test (QEMU zc702, macb,
# podl-pse-regulator as a module that is never loaded), base and series.
#
#   bench/board.sh                    prints one line per measurement:
#     variant=V dt=pses|nopses p2 eth0=.. up=.. usable_ms=.. wait_s=..
#     variant=V dt=pses p1 triggers=N phy_add=.. phy_remove=.. probe_us=..
#
# The kernels, DTBs and initramfs are the board test's, in its build
# directories (build/board, board/host/{kernel,dtb,initramfs}.sh), at the
# commits the benchmark measures: after `board/host/run.sh` nothing is built
# again. The board test's initramfs holds /bench-init
# (board/guest/bench-init.sh), booted with rdinit=/bench-init by
# board/host/boot.sh;
# board/dts/zc702-nopse.dts is the board without "pses" on the PHY. Boots:
#   base   pses     P2 (the base gives no eth0 within the wait), then P1; once
#   series pses     P2, then P1 in the first boot
#   base   nopses   P2
#   series nopses   P2
# Environment: BENCH_WAIT (P2 seconds, default 30), BENCH_TRIGGERS
# (default "1 10 100"), BENCH_P2_BOOTS (boots of the boards that come up,
# default 3), BOARD_TIMEOUT_SCALE as for the board test.
. "$(dirname "$0")/lib.sh"
# shellcheck source=../board/host/lib.sh
. "$TOP/board/host/lib.sh"

wait_s=${BENCH_WAIT:-30}
triggers=${BENCH_TRIGGERS:-1 10 100}
boots=${BENCH_P2_BOOTS:-3}
S=$TOP/board/host

board_lock
BOARD_SERIES_REF=$(bench_ref series)
export BOARD_SERIES_REF
for v in base series; do
	"$S/kernel.sh" "$v" plain
	"$S/dtb.sh" "$v"
	"$S/initramfs.sh" "$v" plain
done

# One boot; prints its BENCH-RESULT lines with the variant and DT.
boot() {
	local v=$1 dt=$2 trig=$3 dtb console name rc=0
	case $dt in
	pses) dtb=zc702-pse ;;
	nopses) dtb=zc702-nopse ;;
	esac
	name=board-$v-$dt-$i
	console=$BENCH_LOGS/$name.console
	[ -n "${retried:-}" ] || rm -f "$console.stalled"
	"$S/boot.sh" --dir "$BENCH_LOGS" --name "$name" --limit $((wait_s + 240)) \
		"$v" plain "$dtb" bench rdinit=/bench-init "bench.wait=$wait_s" \
		"bench.triggers=${trig// /,}" || rc=$?
	tr -d '\r' <"$console" | grep -a '^BENCH-ERROR' >&2 && rc=1
	if ! tr -d '\r' <"$console" | grep -aq '^BENCH-DONE'; then
		# Once in a while a guest stalls right after starting init
		# (seen once, not understood): one more boot, and the table
		# says so.
		[ -z "${retried:-}" ] ||
			die "$v/$dt: the guest did not finish twice ($(sed -n 's/^qemu: //p' "$BENCH_LOGS/$name.status")); consoles: $console{,.stalled}"
		log "$v/$dt: the guest did not finish ($(sed -n 's/^qemu: //p' "$BENCH_LOGS/$name.status")); booting once more"
		mv "$console" "$console.stalled"
		echo "# board_retry=$v/$dt"
		retried=1 boot "$@"
		return
	fi
	tr -d '\r' <"$console" | sed -n "s/^BENCH-RESULT \([a-z0-9]*\) /variant=$v dt=$dt what=\1 /p"
	return $rc
}

# P2 of a board that comes up is a single boot time: BENCH_P2_BOOTS boots
# each (the table takes the median). The base with "pses" waits the whole
# BENCH_WAIT seconds for nothing: once.
rc=0
for i in $(seq 1 "$boots"); do
	for vd in "series pses" "base nopses" "series nopses"; do
		read -r v dt <<<"$vd"
		trig=
		[ "$i" = 1 ] && [ "$dt" = pses ] && trig=$triggers
		boot "$v" "$dt" "$trig" | sed "s/^variant=/boot=$i variant=/" || rc=1
	done
	[ "$i" = 1 ] && { boot base pses "$triggers" | sed "s/^variant=/boot=1 variant=/" || rc=1; }
done
exit $rc
