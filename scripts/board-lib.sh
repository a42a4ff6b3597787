# shellcheck shell=bash
# Shared settings of the emulated-board test (scripts/board-*.sh). Source it.
#
# Layout under build/board/ (VARIANT is "base" or "series"):
#   VARIANT/            a git worktree of the kernel repository at the
#                       variant's commit (never build/dev or build/tree)
#   VARIANT/obj         O= build, configs/board/board.config
#   VARIANT/obj-debug   O= build, board.config + debug.config
#   VARIANT/*.dtb       the board DTBs compiled from board/*.dts
#   rootfs/             guest userspace from Debian armhf packages
#   logs/               guest console logs and QEMU/host logs
# The O= directories sit directly below their source tree, so Kbuild uses
# the relative srctree ".." and compiler command lines are the same for base
# and series: ccache serves the series build from the base build.
#
# Knobs (environment):
#   BOARD_SERIES_REF  commit-ish of the series (default: the branch that
#                     scripts/apply-series.sh makes, $SERIES_BRANCH)
#   BOARD_SUITE       Debian suite of the guest userspace (default trixie)
#   BOARD_TIMEOUT_SCALE  multiply every guest timeout (slow machines)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BOARD=${BOARD:-$BUILD/board}
BOARD_SUITE=${BOARD_SUITE:-trixie}
BOARD_LOGS=$BOARD/logs
BOARD_CROSS=arm-linux-gnueabihf-
mkdir -p "$BOARD_LOGS"

board_variant_check() {
	case ${1:-} in
	base | series) ;;
	*) die "variant must be 'base' or 'series', not '${1:-}'" ;;
	esac
}

board_flavor_check() {
	case ${1:-} in
	plain | debug) ;;
	*) die "flavor must be 'plain' or 'debug', not '${1:-}'" ;;
	esac
}

# The commit a variant is built from.
board_ref() {
	local repo ref
	repo=$(kernel_repo)
	case $1 in
	base) ref=$(base_ref) ;;
	series) ref=${BOARD_SERIES_REF:-refs/heads/$SERIES_BRANCH} ;;
	esac
	git -C "$repo" rev-parse --verify -q "$ref^{commit}" ||
		die "no commit '$ref' for the $1 kernel in $repo${BOARD_SERIES_REF:+ (BOARD_SERIES_REF)}; run 'make tree' first or set BOARD_SERIES_REF"
}

board_src() { echo "$BOARD/$1"; }

board_obj() {
	if [ "$2" = debug ]; then echo "$BOARD/$1/obj-debug"; else echo "$BOARD/$1/obj"; fi
}

# Kernel make with the cross compiler through ccache, niced: the machine is
# shared with other kernel builds.
board_make() {
	local src=$1 obj=$2
	shift 2
	local cc=${BOARD_CROSS}gcc
	[ "${CCACHE:-1}" = 0 ] || cc="ccache $cc"
	CCACHE_BASEDIR=$BOARD CCACHE_NOHASHDIR=1 \
		nice -n 15 make -C "$src" O="${obj#"$src"/}" ARCH=arm \
		CROSS_COMPILE="$BOARD_CROSS" CC="$cc" -j"${BOARD_JOBS:-$JOBS}" "$@"
}

# Seconds for a guest run, scaled by BOARD_TIMEOUT_SCALE.
board_timeout() {
	echo $(($1 * ${BOARD_TIMEOUT_SCALE:-1}))
}
