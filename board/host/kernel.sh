#!/usr/bin/env bash
# Build the emulated board's kernel: zImage and modules for one variant and
# flavor.
#   board/host/kernel.sh base|series plain|debug|fault
# The source is the worktree build/board/src, switched to the variant's
# commit (see lib.sh); the config is allnoconfig plus
# board/configs/board.config (and debug.config for "debug", debug.config
# and fault.config for "fault"), the same for
# both variants, and every line of the fragments must hold in the result.
# Builds are incremental: switching the worktree to a new commit touches only
# the files that differ. A build that completed leaves a stamp (commit and
# fragment); the same request again (the benchmarks after the board test)
# then skips make altogether. BOARD_REBUILD=1 runs make anyway.
. "$(dirname "$0")/lib.sh"

variant=${1:-}
flavor=${2:-plain}
board_variant_check "$variant"
board_flavor_check "$flavor"
need_pkgs gcc make flex bison bc libc6-dev ccache gcc-arm-linux-gnueabihf

commit=$(board_ref "$variant")
src=$(board_src "$variant")
obj=$(board_obj "$variant" "$flavor")
kernel_worktree "$src" "$commit"

# The configuration fragment. KASAN only where the architecture has it in
# this kernel (32-bit ARM has had generic KASAN since 5.11); otherwise the
# debug kernel goes without, and says so (board.notes, the table's header).
mkdir -p "$obj"
frags=("$TOP/board/configs/board.config")
case $flavor in
debug) frags+=("$TOP/board/configs/debug.config") ;;
fault) frags+=("$TOP/board/configs/debug.config" "$TOP/board/configs/fault.config") ;;
esac
notes=
if [ "$flavor" != plain ] && ! grep -q 'select HAVE_ARCH_KASAN\b' "$src/arch/arm/Kconfig"; then
	notes="KASAN: not supported by ARCH=arm in this kernel (no HAVE_ARCH_KASAN); the debug kernel has none"
	log "$variant/$flavor: $notes"
	cat "${frags[@]}" | grep -v '^CONFIG_KASAN' >"$obj/board.fragment.new"
else
	cat "${frags[@]}" >"$obj/board.fragment.new"
fi
stamp="$commit $(sha1sum <"$obj/board.fragment.new" | cut -d' ' -f1)"
if [ "${BOARD_REBUILD:-0}" != 1 ] && [ -s "$obj/arch/arm/boot/zImage" ] &&
	[ "$(cat "$obj/.board-stamp" 2>/dev/null)" = "$stamp" ] &&
	cmp -s "$obj/board.fragment.new" "$obj/board.fragment"; then
	rm -f "$obj/board.fragment.new"
	log "$variant/$flavor: up to date ($(git -C "$src" log -1 --format='%h %s' "$commit"))"
	exit 0
fi
# From here on the objects may be half-built: no stamp until make succeeded.
rm -f "$obj/.board-stamp" "$obj/.board-commit"
mv "$obj/board.fragment.new" "$obj/board.fragment"
printf '%s\n' "$notes" >"$obj/board.notes"
log "$variant/$flavor: configuring $(git -C "$src" log -1 --format='%h %s' "$commit")"
run_logged "$BOARD_LOGS/config-$variant-$flavor.log" \
	board_make "$src" "$obj" KCONFIG_ALLCONFIG="$obj/board.fragment" allnoconfig
config_require "$obj/board.fragment" "$obj/.config"

# The kernel and its modules.
log "$variant/$flavor: building zImage and modules in $obj"
start=$(date +%s)
run_logged "$BOARD_LOGS/build-$variant-$flavor.log" \
	board_make "$src" "$obj" zImage modules
[ -s "$obj/drivers/net/pse-pd/pse_regulator.ko" ] ||
	die "$variant/$flavor: no pse_regulator.ko in $obj (PSE_REGULATOR=m?)"
echo "$commit" >"$obj/.board-commit"
echo "$stamp" >"$obj/.board-stamp"
log "$variant/$flavor: built in $(($(date +%s) - start)) s"
