# shellcheck shell=bash
# Shared helpers for the harness scripts. Source it, do not run it.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# BASE_CONF: another pin file (the harness tests use it for a wrong version).
# shellcheck source=../base.conf
. "${BASE_CONF:-$TOP/base.conf}"

BUILD=${BUILD:-$TOP/build}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
# shellcheck disable=SC2034 # used by the scripts that source this file
DL=$BUILD/downloads
APTDIR=$BUILD/apt
LOGS=$BUILD/logs
# The unpacked Debian base, a git repository (tag "base").
SRC=${SRC:-$BUILD/src}
# The worktree the series is applied in, and its branch. With KERNEL_TREE the
# branch gets a name of its own so that a user branch called pse-series is
# never reset by the harness.
TREE=${TREE:-$BUILD/tree}
if [ -n "${KERNEL_TREE:-}" ]; then
	SERIES_BRANCH=${SERIES_BRANCH:-pse-series-harness}
else
	SERIES_BRANCH=${SERIES_BRANCH:-pse-series}
fi
PATCHES_DIR=$(realpath -m "${PATCHES_DIR:-$TOP/patches}")
RESULTS=${RESULTS:-$BUILD/results}
JOBS=${JOBS:-$(nproc)}

mkdir -p "$LOGS"
TREE=$(realpath -m "$TREE")
SRC=$(realpath -m "$SRC")

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# The base commit: the commit the series branch starts from.
base_ref() {
	if [ -n "${KERNEL_TREE:-}" ]; then
		echo "${KERNEL_BASE:-HEAD}"
	else
		echo base
	fi
}

# The git repository the series branch lives in: the user's KERNEL_TREE
# checkout, or the unpacked Debian base.
kernel_repo() {
	local repo=${KERNEL_TREE:-$SRC}
	git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 ||
		die "$repo is not a git repository${KERNEL_TREE:+ (KERNEL_TREE)}"
	(cd "$repo" && pwd)
}

# git with the user's global and system configuration ignored, so that
# format-patch and am output depend only on the repository and our options.
git_clean_env() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null \
		git -c core.hooksPath=/dev/null -c commit.gpgSign=false "$@"
}

# Install Debian packages the harness needs when they are missing.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing Debian packages: ${missing[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}" \
		>"$LOGS/apt-install.log" 2>&1; then
		$sudo apt-get update >>"$LOGS/apt-install.log" 2>&1 || true
		$sudo apt-get install -y --no-install-recommends "${missing[@]}" \
			>>"$LOGS/apt-install.log" 2>&1 ||
			die "cannot install ${missing[*]}; see $LOGS/apt-install.log"
	fi
}

# The Debian mirror URI, read from the machine's apt sources (deb822 and
# one-line formats). The first Debian archive entry that is not a security
# archive wins. DEBIAN_MIRROR overrides it.
debian_mirror() {
	if [ -n "${DEBIAN_MIRROR:-}" ]; then
		echo "$DEBIAN_MIRROR"
		return
	fi
	local f uri
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		 /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		case $f in
		*.sources)
			uri=$(awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f")
			;;
		*)
			uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i ~ /:\/\//) { print $i; break } }' "$f")
			;;
		esac
		uri=$(printf '%s\n' "$uri" | grep -E '/debian/?$' | grep -v security | head -n1 || true)
		if [ -n "$uri" ]; then
			echo "${uri%/}"
			return
		fi
	done
	die "no Debian mirror in the apt configuration; set DEBIAN_MIRROR"
}

# apt-get/apt-cache options for a private package index: the machine's own
# apt sources, lists and cache stay untouched.
# Usage: priv_apt_opts SUITE [ARCH]
priv_apt_opts() {
	local suite=$1 arch=${2:-} d
	d=$APTDIR/$suite${arch:+-$arch}
	mkdir -p "$d/lists/partial" "$d/archives/partial" "$d/etc"
	echo "deb $(debian_mirror) $suite main" >"$d/etc/sources.list"
	printf '%s\n' \
		-o "Dir::Etc::sourcelist=$d/etc/sources.list" \
		-o "Dir::Etc::sourceparts=-" \
		-o "Dir::State::lists=$d/lists" \
		-o "Dir::State::status=$d/status" \
		-o "Dir::Cache=$d" \
		-o "Dir::Cache::archives=$d/archives" \
		-o "Debug::NoLocking=1"
	if [ -n "$arch" ]; then
		printf '%s\n' -o "APT::Architecture=$arch" \
			-o "APT::Architectures=$arch"
	fi
	touch "$d/status"
}

# Run a command, its output into a log; on failure show the log's tail.
run_logged() {
	local logf=$1
	shift
	if ! "$@" >"$logf" 2>&1; then
		tail -n 40 "$logf" >&2
		die "'$*' failed; full log: $logf"
	fi
}

# drop_worktree DIR: remove the worktree DIR with its registration in the
# repository it belongs to (the unpacked base or the user's KERNEL_TREE).
drop_worktree() {
	local wt=$1 common
	[ -e "$wt" ] || return 0
	common=$(git -C "$wt" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	rm -rf "$wt"
	[ -z "$common" ] || git --git-dir="$common" worktree prune
}
