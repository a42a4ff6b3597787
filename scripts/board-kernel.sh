#!/usr/bin/env bash
# Build the emulated board's kernel: zImage and modules for one variant and
# flavor.
#   scripts/board-kernel.sh base|series plain|debug
# The variant's source is a worktree under build/board/ at the variant's
# commit (see board-lib.sh); the config is allnoconfig plus
# configs/board/board.config (and debug.config for "debug"), the same for
# both variants, and every line of the fragments must hold in the result.
# Builds are incremental: switching the worktree to a new commit touches only
# the files that differ.
. "$(dirname "$0")/board-lib.sh"

variant=${1:-}
flavor=${2:-plain}
board_variant_check "$variant"
board_flavor_check "$flavor"
need_pkgs gcc make flex bison bc libc6-dev ccache gcc-arm-linux-gnueabihf

repo=$(kernel_repo)
commit=$(board_ref "$variant")
src=$(board_src "$variant")
obj=$(board_obj "$variant" "$flavor")

# The source worktree, at the variant's commit.
if [ -e "$src/.git" ]; then
	common=$(cd "$src" && realpath "$(git rev-parse --git-common-dir)")
	if [ "$common" != "$(cd "$repo" && realpath "$(git rev-parse --git-common-dir)")" ]; then
		log "$src belongs to another repository; making it anew"
		rm -rf "$src"
		git -C "$repo" worktree prune
	fi
fi
if [ ! -e "$src/.git" ]; then
	git -C "$repo" worktree prune
	git -C "$repo" worktree add -q --detach "$src" "$commit" ||
		die "cannot add the worktree $src at $commit"
elif [ "$(git -C "$src" rev-parse HEAD)" != "$commit" ]; then
	git -C "$src" checkout -q -f --detach "$commit" ||
		die "cannot check out $commit in $src"
fi

# The configuration.
mkdir -p "$obj"
frags=("$TOP/configs/board/board.config")
[ "$flavor" = debug ] && frags+=("$TOP/configs/board/debug.config")
cat "${frags[@]}" >"$obj/board.fragment"
log "$variant/$flavor: configuring $(git -C "$src" log -1 --format='%h %s' "$commit")"
run_logged "$BOARD_LOGS/config-$variant-$flavor.log" \
	board_make "$src" "$obj" KCONFIG_ALLCONFIG="$obj/board.fragment" allnoconfig
missing=()
while read -r line; do
	case $line in
	CONFIG_*=*) grep -qxF -- "$line" "$obj/.config" || missing+=("$line") ;;
	"# CONFIG_"*" is not set")
		sym=${line#"# "}
		sym=${sym%% *}
		! grep -q "^$sym=" "$obj/.config" || missing+=("$line")
		;;
	esac
done <"$obj/board.fragment"
[ ${#missing[@]} -eq 0 ] ||
	die "$variant/$flavor: the config fragment did not take: ${missing[*]} (a dependency is missing or the symbol does not exist in $commit; see $obj/.config)"

# The kernel and its modules.
log "$variant/$flavor: building zImage and modules in $obj"
start=$(date +%s)
run_logged "$BOARD_LOGS/build-$variant-$flavor.log" \
	board_make "$src" "$obj" zImage modules
[ -s "$obj/drivers/net/pse-pd/pse_regulator.ko" ] ||
	die "$variant/$flavor: no pse_regulator.ko in $obj (PSE_REGULATOR=m?)"
echo "$commit" >"$obj/.board-commit"
log "$variant/$flavor: built in $(($(date +%s) - start)) s"
