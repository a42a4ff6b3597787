#!/usr/bin/env bash
# Compile the board device trees (board/dts/*.dts) for one variant, the way
# Kbuild compiles a .dts: the host cpp with the kernel's include prefixes,
# then the kernel's own dtc (built in the variant's plain O= directory, or
# in FLAVOR's when given: the fault sweep builds no plain kernel).
#   board/host/dtb.sh base|series [FLAVOR]
# Writes board_dtb VARIANT NAME [FLAVOR] (lib.sh) for every
# board/dts/NAME.dts.
. "$(dirname "$0")/lib.sh"

variant=${1:-}
flavor=${2:-plain}
board_variant_check "$variant"
board_flavor_check "$flavor"
need_pkgs gcc make flex bison

src=$(board_src "$variant")
obj=$(board_obj "$variant" "$flavor")
[ -s "$obj/.config" ] ||
	die "$obj is not configured; run board/host/kernel.sh $variant $flavor first"
# The worktree is shared by both variants: make in the variant's O=
# directory only with the variant's sources.
commit=$(board_ref "$variant")
kernel_worktree "$src" "$commit"
run_logged "$BOARD_LOGS/dtc-build-$variant-$flavor.log" board_make "$src" "$obj" scripts_dtc
dtc=$obj/scripts/dtc/dtc
inc=$src/scripts/dtc/include-prefixes
# The warnings Kbuild silences by default (scripts/Makefile.dtbs).
dtc_flags=(-Wno-unique_unit_address -Wno-unit_address_vs_reg
	-Wno-avoid_unnecessary_addr_size -Wno-alias_paths -Wno-interrupt_map
	-Wno-simple_bus_reg)

for dts in "$TOP"/board/dts/*.dts; do
	name=$(basename "$dts" .dts)
	out=$(board_dtb "$variant" "$name" "$flavor")
	tmp=$obj/.$name.dts.tmp
	gcc -E -nostdinc -I "$inc" -undef -D__DTS__ -x assembler-with-cpp \
		-o "$tmp" "$dts" 2>"$BOARD_LOGS/dtc-$variant-$name.log" ||
		die "cpp failed on $dts: $(cat "$BOARD_LOGS/dtc-$variant-$name.log")"
	"$dtc" -O dtb -o "$out" -b 0 -i "$(dirname "$dts")" -i "$inc" \
		"${dtc_flags[@]}" "$tmp" 2>>"$BOARD_LOGS/dtc-$variant-$name.log" ||
		die "dtc failed on $dts: $(cat "$BOARD_LOGS/dtc-$variant-$name.log")"
	if [ -s "$BOARD_LOGS/dtc-$variant-$name.log" ]; then
		log "$name.dts: dtc says:"
		sed 's/^/    /' "$BOARD_LOGS/dtc-$variant-$name.log" >&2
	fi
done
log "$variant: $(cd "$obj" && echo ./*.dtb)"
