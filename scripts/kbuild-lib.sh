# shellcheck shell=bash
# Kernel builds outside the series worktree, shared by the emulated board
# (board-lib.sh) and the benchmarks (bench-lib.sh). Source it.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# kernel_worktree DIR COMMIT: DIR is a detached worktree of the kernel
# repository (kernel_repo) at COMMIT. An existing one is switched with
# `checkout -f`, which touches only the files that differ, so the builds in
# it stay incremental; one of another repository is made anew.
kernel_worktree() {
	local wt=$1 commit=$2 repo common
	repo=$(kernel_repo)
	if [ -e "$wt/.git" ]; then
		common=$(cd "$wt" && realpath "$(git rev-parse --git-common-dir)")
		if [ "$common" != "$(cd "$repo" && realpath "$(git rev-parse --git-common-dir)")" ]; then
			log "$wt belongs to another repository; making it anew"
			rm -rf "$wt"
			git -C "$repo" worktree prune
		fi
	fi
	if [ ! -e "$wt/.git" ]; then
		git -C "$repo" worktree prune
		mkdir -p "$(dirname "$wt")"
		git -C "$repo" worktree add -q --detach "$wt" "$commit" ||
			die "cannot add the worktree $wt at $commit"
	elif [ "$(git -C "$wt" rev-parse HEAD)" != "$commit" ]; then
		git -C "$wt" checkout -q -f --detach "$commit" ||
			die "cannot check out $commit in $wt"
	fi
}

# kernel_make CC SRC OBJ MAKE-ARGS...: make in the kernel tree SRC with the
# objects in OBJ, a directory directly below SRC (Kbuild then uses the
# relative srctree ".."), so that compiler command lines are the same in
# every worktree and ccache serves one commit's unchanged files from
# another's build. Niced: the machine is shared with other kernel builds.
# CCACHE=0 compiles without ccache; JOBS sets -j.
kernel_make() {
	local cc=$1 src=$2 obj=$3
	shift 3
	[ "${CCACHE:-1}" = 0 ] || cc="ccache $cc"
	CCACHE_BASEDIR=$(dirname "$src") CCACHE_NOHASHDIR=1 \
		nice -n 15 make -C "$src" O="${obj#"$src"/}" CC="$cc" -j"$JOBS" "$@"
}

# config_check FRAGMENT CONFIG: every line of the config fragment holds in
# the .config CONFIG ("CONFIG_X=v" literally, "# CONFIG_X is not set" as
# X absent or not set); dies naming the lines that do not.
config_check() {
	local frag=$1 cfg=$2 missing=() line sym
	while read -r line; do
		case $line in
		CONFIG_*=*) grep -qxF -- "$line" "$cfg" || missing+=("$line") ;;
		"# CONFIG_"*" is not set")
			sym=${line#"# "}
			sym=${sym%% *}
			! grep -q "^$sym=" "$cfg" || missing+=("$line")
			;;
		esac
	done <"$frag"
	[ ${#missing[@]} -eq 0 ] ||
		die "$frag did not take: ${missing[*]} (a dependency is missing or the symbol does not exist in this kernel; see $cfg)"
}
