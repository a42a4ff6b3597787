#!/usr/bin/env bash
# P1 and P2 on the emulated board of the board test (QEMU zc702, macb,
# podl-pse-regulator as a module that is never loaded), base and series.
#
#   scripts/bench-board.sh            prints one line per measurement:
#     variant=V dt=pses|nopses p2 eth0=.. up=.. usable_ms=.. wait_s=..
#     variant=V dt=pses p1 triggers=N phy_add=.. phy_remove=.. probe_us=..
#
# The kernels, DTBs and the guest userspace are made by the board test's
# own scripts (scripts/board-{kernel,dtb,initramfs}.sh), but in a board
# directory of their own, build/bench/board (BOARD=...), at the commits the
# benchmark measures: a board test running at the same time keeps its
# build directories to itself. ccache serves the objects the board test
# already compiled. On top of the board test's initramfs comes a second
# cpio with /bench-init (bench/board/bench-init.sh), started with
# rdinit=/bench-init; bench/board/zc702-nopse.dts is the board without
# "pses" on the PHY. Boots:
#   base   pses     P2 (the base gives no eth0 within the wait), then P1; once
#   series pses     P2, then P1 in the first boot
#   base   nopses   P2
#   series nopses   P2
# Environment: BENCH_WAIT (P2 seconds, default 30), BENCH_TRIGGERS
# (default "1 10 100"), BENCH_P2_BOOTS (boots of the boards that come up,
# default 3), BOARD_TIMEOUT_SCALE as for the board test.
. "$(dirname "$0")/bench-lib.sh"
export BOARD=${BENCH_BOARD:-$BENCH/board}
# shellcheck source=board-lib.sh
. "$TOP/scripts/board-lib.sh"

wait_s=${BENCH_WAIT:-30}
triggers=${BENCH_TRIGGERS:-1 10 100}
boots=${BENCH_P2_BOOTS:-3}
S=$TOP/scripts
need_pkgs cpio qemu-system-arm

BOARD_SERIES_REF=$(bench_ref series)
export BOARD_SERIES_REF

# The guest additions: /bench-init and its uevent helper.
stage=$BOARD/bench-stage
rm -rf "$stage"
mkdir -p "$stage/usr/bin"
install -m 0755 "$TOP/bench/board/bench-init.sh" "$stage/bench-init"
install -m 0755 "$TOP/bench/board/bench-uevent-log.sh" "$stage/usr/bin/bench-uevent-log"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
	>"$BOARD/bench-add.cpio" || die "cpio failed for $stage"

dtc_flags=(-Wno-unique_unit_address -Wno-unit_address_vs_reg
	-Wno-avoid_unnecessary_addr_size -Wno-alias_paths -Wno-interrupt_map
	-Wno-simple_bus_reg)
for v in base series; do
	log "$v: board kernel, DTBs, initramfs (the board test's scripts, BOARD=$BOARD)"
	"$S/board-kernel.sh" "$v" plain
	"$S/board-dtb.sh" "$v"
	"$S/board-initramfs.sh" "$v" plain
	obj=$(board_obj "$v" plain)
	cat "$obj/board-initramfs.cpio" "$BOARD/bench-add.cpio" >"$BOARD/$v/bench-initramfs.cpio"
	# The board without "pses", compiled like board-dtb.sh does.
	src=$(board_src "$v")
	inc=$src/scripts/dtc/include-prefixes
	tmp=$BOARD/$v/.zc702-nopse.dts.tmp
	gcc -E -nostdinc -I "$inc" -I "$TOP/board" -undef -D__DTS__ \
		-x assembler-with-cpp -o "$tmp" "$TOP/bench/board/zc702-nopse.dts" ||
		die "cpp failed on bench/board/zc702-nopse.dts"
	"$obj/scripts/dtc/dtc" -O dtb -o "$BOARD/$v/zc702-nopse.dtb" -b 0 \
		-i "$TOP/board" -i "$inc" "${dtc_flags[@]}" "$tmp" ||
		die "dtc failed on bench/board/zc702-nopse.dts"
done

# One boot; prints its BENCH-RESULT lines with the variant and DT.
boot() {
	local v=$1 dt=$2 trig=$3 dtb console limit rc=0
	[ -n "${retried:-}" ] || rm -f "$BENCH_LOGS/board-$v-$dt-$i.console.stalled"
	case $dt in
	pses) dtb=$BOARD/$v/zc702-pse.dtb ;;
	nopses) dtb=$BOARD/$v/zc702-nopse.dtb ;;
	esac
	console=$BENCH_LOGS/board-$v-$dt-$i.console
	limit=$(board_timeout $((wait_s + 240)))
	timeout -k 5 "$limit" qemu-system-arm -M xilinx-zynq-a9 -m 512 \
		-kernel "$(board_obj "$v" plain)/arch/arm/boot/zImage" -dtb "$dtb" \
		-initrd "$BOARD/$v/bench-initramfs.cpio" \
		-append "console=ttyPS0,115200 panic=-1 log_buf_len=1M rdinit=/bench-init bench.wait=$wait_s bench.triggers=${trig// /,}" \
		-display none -monitor none -serial null -serial stdio -no-reboot \
		</dev/null >"$console" 2>"$BENCH_LOGS/board-$v-$dt-$i.qemu.log" || rc=$?
	tr -d '\r' <"$console" | grep -a '^BENCH-ERROR' >&2 && rc=1
	if ! tr -d '\r' <"$console" | grep -aq '^BENCH-DONE'; then
		# Once in a while a guest stalls right after starting init
		# (seen once, not understood): one more boot, and the table
		# says so.
		[ -z "${retried:-}" ] ||
			die "$v/$dt: the guest did not finish twice (QEMU exit $rc); consoles: $console{,.stalled}"
		log "$v/$dt: the guest did not finish (QEMU exit $rc); booting once more"
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
