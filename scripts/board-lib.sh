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
# The O= directories sit directly below their source tree (kernel_make in
# kbuild-lib.sh): ccache serves the series build from the base build.
# The benchmarks (scripts/bench-board.sh) boot the same kernels, DTBs and
# initramfs with rdinit=/bench-init: `make check` builds them once.
#
# Knobs (environment):
#   BOARD_SERIES_REF  commit-ish of the series (default: the branch that
#                     scripts/apply-series.sh makes, $SERIES_BRANCH)
#   BOARD_SUITE       Debian suite of the guest userspace (default trixie)
#   BOARD_TIMEOUT_SCALE  multiply every guest timeout (slow machines)
. "$(dirname "${BASH_SOURCE[0]}")/kbuild-lib.sh"

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

# Kernel make with the cross compiler (kernel_make: ccache, niced).
board_make() {
	local src=$1 obj=$2
	shift 2
	JOBS=${BOARD_JOBS:-$JOBS} kernel_make "${BOARD_CROSS}gcc" "$src" "$obj" \
		ARCH=arm CROSS_COMPILE="$BOARD_CROSS" "$@"
}

# board_lock: hold build/board for the rest of the calling script. The board
# test and the benchmarks build and boot the same kernels; run at the same
# time, one waits for the other instead of rebuilding under its feet. The
# scripts they call inherit the lock (BOARD_LOCKED).
board_lock() {
	[ -z "${BOARD_LOCKED:-}" ] || return 0
	exec 9>"$BOARD/.lock"
	if ! flock -n 9; then
		log "waiting for another user of $BOARD (board test or benchmark)"
		flock 9
	fi
	export BOARD_LOCKED=1
}

# Seconds for a guest run, scaled by BOARD_TIMEOUT_SCALE.
board_timeout() {
	echo $(($1 * ${BOARD_TIMEOUT_SCALE:-1}))
}
