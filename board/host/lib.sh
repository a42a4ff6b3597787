# shellcheck shell=bash
# Shared settings of the emulated-board test (board/host/*.sh). Source it.
#
# Layout under build/board/ (VARIANT is "base" or "series"):
#   src/                one git worktree of the kernel repository (never
#                       build/dev or build/tree), switched to the commit of
#                       the variant being built: a second checkout would
#                       cost 1.4 GB of disk for ~20 changed files
#   src/obj-VARIANT     O= build, board/configs/board.config
#   src/obj-VARIANT/*.dtb  the board DTBs compiled from board/*.dts
#   src/obj-VARIANT-debug  O= build, board.config + debug.config
#   src/obj-VARIANT-fault  O= build, board.config + debug.config +
#                       fault.config (fault sweep and soak)
#   rootfs/             guest userspace from Debian armhf packages
#   logs/               guest console logs and QEMU/host logs
# The O= directories sit directly below the source tree (kernel_make in
# lib/common.sh): ccache serves the series build from the base build.
# Switching the worktree touches only the files the series changes, so each
# build stays incremental; a build that completed is not run again at all
# (the stamp in board-kernel.sh).
# The benchmarks (bench/board.sh) boot the same kernels, DTBs and
# initramfs with rdinit=/bench-init: `make check` builds them once.
#
# Knobs (environment):
#   BOARD_SERIES_REF  commit-ish of the series (default: the branch that
#                     series/apply.sh makes, PREFIX-net-next: both series)
#   BOARD_SUITE       Debian suite of the guest userspace (default trixie)
#   BOARD_TIMEOUT_SCALE  multiply every guest timeout (slow machines)
# shellcheck source=../../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/common.sh"

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
	plain | debug | fault) ;;
	*) die "flavor must be 'plain', 'debug' or 'fault', not '${1:-}'" ;;
	esac
}

# The commit a variant is built from.
board_ref() {
	local repo ref
	repo=$(kernel_repo)
	case $1 in
	base) ref=$(base_commit) ;;
	series) ref=${BOARD_SERIES_REF:-refs/heads/$(series_branch net-next)} ;;
	esac
	git -C "$repo" rev-parse --verify -q "$ref^{commit}" ||
		die "no commit '$ref' for the $1 kernel in $repo${BOARD_SERIES_REF:+ (BOARD_SERIES_REF)}; run 'make tree' first or set BOARD_SERIES_REF"
}

# board_src: the worktree (the same for both variants); board_obj VARIANT
# FLAVOR: its O= directory; board_dtb VARIANT NAME [FLAVOR]: a compiled
# board DTB (in the plain O= directory unless FLAVOR names another).
board_src() { echo "$BOARD/src"; }

board_obj() {
	case $2 in
	debug | fault) echo "$BOARD/src/obj-$1-$2" ;;
	*) echo "$BOARD/src/obj-$1" ;;
	esac
}

board_dtb() { echo "$(board_obj "$1" "${3:-plain}")/$2.dtb"; }

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
