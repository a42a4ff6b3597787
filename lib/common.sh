# shellcheck shell=bash
# The harness's one shared library: paths, messages, exit codes, packages,
# the kernel repository and its worktrees, the series layout, kernel builds,
# configuration fragments and the kernel-report patterns. Source it, do not
# run it.
#
# Exit codes, everywhere in the harness: 0 passed, 1 failed (the thing under
# test is wrong), 2 could not run (the harness or the machine could not do
# its job: a package that does not install, a tree that is missing, a lock
# held by another run). make check shows 2 as ERROR, not as FAIL.

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
SRC=$(realpath -m "${SRC:-$BUILD/src}")
# The worktree the two series are applied in.
TREE=$(realpath -m "${TREE:-$BUILD/tree}")
# The series branches are PREFIX-net and PREFIX-net-next. With KERNEL_TREE
# the prefix is the harness's own, so that a user branch called pse-net is
# never reset.
if [ -n "${KERNEL_TREE:-}" ]; then
	SERIES_BRANCH_PREFIX=${SERIES_BRANCH_PREFIX:-pse-harness}
else
	SERIES_BRANCH_PREFIX=${SERIES_BRANCH_PREFIX:-pse}
fi
PATCHES_DIR=$(realpath -m "${PATCHES_DIR:-$TOP/patches}")
RESULTS=${RESULTS:-$BUILD/results}
JOBS=${JOBS:-$(nproc)}
mkdir -p "$LOGS"

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }
# The harness could not do its job (exit 2): not a verdict on the series.
cannot_run() { printf '%s: could not run: %s\n' "${0##*/}" "$*" >&2; exit 2; }

# --- the kernel repository ---------------------------------------------------

# The git repository the series live in: the user's KERNEL_TREE checkout, or
# the unpacked Debian base.
kernel_repo() {
	local repo=${KERNEL_TREE:-$SRC}
	git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 ||
		cannot_run "$repo is not a git repository${KERNEL_TREE:+ (KERNEL_TREE)}; run 'make tree' first"
	(cd "$repo" && pwd)
}

# The base commit, as a full id: the tag "base" of the unpacked Debian
# tree, or KERNEL_BASE (default HEAD) of KERNEL_TREE. The one place that
# resolves it.
base_commit() {
	local ref=base repo
	[ -z "${KERNEL_TREE:-}" ] || ref=${KERNEL_BASE:-HEAD}
	repo=$(kernel_repo)
	git -C "$repo" rev-parse -q --verify "$ref^{commit}" ||
		cannot_run "base '$ref' is not a commit in $repo; run 'make tree'${KERNEL_TREE:+, or set KERNEL_BASE to a commit of that repository}"
}

# git with the user's global and system configuration ignored, so that
# format-patch and am output depend only on the repository and our options.
git_clean_env() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null \
		git -c core.hooksPath=/dev/null -c commit.gpgSign=false "$@"
}

# The common git directory of a worktree or repository, or nothing.
git_common() {
	git -C "$1" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true
}

# kernel_worktree DIR COMMIT [BRANCH]: the one way the harness makes a
# worktree of the kernel repository. DIR ends up a worktree at COMMIT,
# detached, or on BRANCH when given (the branch is created at COMMIT when
# DIR is new; an existing worktree on its branch is left as it is, the
# caller decides what to do with it). A DIR that belongs to another
# repository, or is no worktree, is replaced. A detached worktree is
# switched with checkout -f, which touches only the files that differ, so
# builds in it stay incremental.
kernel_worktree() {
	local wt=$1 commit=$2 branch=${3:-} repo common
	repo=$(kernel_repo)
	common=$(git_common "$repo")
	if [ -e "$wt" ] && { [ "$(git_common "$wt")" != "$common" ] ||
		[ "$(git -C "$wt" rev-parse --show-toplevel 2>/dev/null)" != "$(realpath -m "$wt")" ]; }; then
		log "$wt is not a worktree of $repo; making it anew"
		drop_worktree "$wt"
		rm -rf "$wt"
	fi
	git -C "$repo" worktree prune
	if [ ! -e "$wt" ]; then
		mkdir -p "$(dirname "$wt")"
		if [ -n "$branch" ]; then
			git -C "$repo" worktree add -q -f -B "$branch" "$wt" "$commit" ||
				cannot_run "cannot create worktree $wt on branch $branch; is that branch checked out elsewhere? Set SERIES_BRANCH_PREFIX to another name"
		else
			git -C "$repo" worktree add -q --detach "$wt" "$commit" ||
				cannot_run "cannot add the worktree $wt at $commit"
		fi
	elif [ -z "$branch" ] && [ "$(git -C "$wt" rev-parse HEAD)" != "$commit" ]; then
		git -C "$wt" checkout -q -f --detach "$commit" ||
			cannot_run "cannot check out $commit in $wt"
	fi
}

# drop_worktree DIR: remove the worktree DIR with its registration in the
# repository it belongs to (the unpacked base or the user's KERNEL_TREE).
drop_worktree() {
	local wt=$1 common
	[ -e "$wt" ] || return 0
	common=$(git_common "$wt")
	rm -rf "$wt"
	[ -z "$common" ] || git --git-dir="$common" worktree prune
}

# --- the series layout ---------------------------------------------------------
# patches/net holds the [PATCH net 0/N] series, patches/net-next the
# [PATCH net-next vN 0/M] series applied on top of it. A series directory
# holds 0000-cover-letter.patch and 0001-*.patch ... (git format-patch names).

SERIES_NAMES=(net net-next)

# series_check NAME: NAME is one of the series.
series_check() {
	case ${1:-} in
	net | net-next) ;;
	*) die "no series '${1:-}': the series are ${SERIES_NAMES[*]}" ;;
	esac
}

# series_branch NAME: the branch the series NAME is applied on in build/tree;
# PREFIX-net-next holds both series (it starts where PREFIX-net ends).
series_branch() { echo "$SERIES_BRANCH_PREFIX-$1"; }

# is_cover_letter FILE: the one test for a cover letter, by its name.
is_cover_letter() { [[ ${1##*/} == *0000-cover-letter.patch ]]; }

# series_cover DIR: the cover letter of the series in DIR, or nothing.
series_cover() {
	local f
	for f in "$1"/*.patch; do
		[ -e "$f" ] || continue
		if is_cover_letter "$f"; then echo "$f"; fi
	done
}

# series_patches DIR: the patches of the series in DIR, in order, one a line.
series_patches() {
	local f
	find "$1" -maxdepth 1 -type f -name '*.patch' 2>/dev/null | LC_ALL=C sort |
		while read -r f; do is_cover_letter "$f" || echo "$f"; done
}

# series_count [ROOT]: how many patches the series under ROOT (default
# patches/) have together.
series_count() {
	local n=0 s
	for s in "${SERIES_NAMES[@]}"; do
		n=$((n + $(series_patches "${1:-$PATCHES_DIR}/$s" | grep -c . || true)))
	done
	echo "$n"
}

# mail_header FILE NAME: the value of a header of a mail file, unfolded.
mail_header() {
	awk -v want="$(tr '[:upper:]' '[:lower:]' <<<"$2"):" '
		/^$/ { exit }
		/^[ \t]/ { if (keep) { sub(/^[ \t]+/, " "); v = v $0 } next }
		keep { exit }
		tolower($1) == want { keep = 1; v = substr($0, length($1) + 2) }
		END { if (keep) print v }' "$1"
}

# series_prefix FILE: the subject prefix of a series mail without its
# numbering: "[PATCH net-next v3 02/14] x" -> "PATCH net-next v3".
series_prefix() {
	mail_header "$1" Subject | sed -nE 's/^\[(.*[^ ]) +[0-9]+\/[0-9]+\].*/\1/p; t; s/^\[([^]]*)\].*/\1/p'
}

# prefix_tree PREFIX / prefix_version PREFIX: the netdev tree ("net",
# "net-next") and the version number (empty for none) a prefix names.
prefix_tree() { sed -nE 's/^(RFC )?PATCH ([a-z-]+)( .*)?$/\2/p' <<<"$1"; }
prefix_version() { sed -nE 's/.* v([0-9]+)( .*)?$/\1/p' <<<"$1"; }

# series_tip: the commit with both series applied (branch PREFIX-net-next).
series_tip() {
	local repo b
	repo=$(kernel_repo)
	b=refs/heads/$(series_branch net-next)
	git -C "$repo" rev-parse -q --verify "$b^{commit}" ||
		cannot_run "no branch ${b#refs/heads/} in $repo: apply the series first ('make tree')"
}

# --- packages --------------------------------------------------------------------

# Install Debian packages the harness needs when they are missing.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	# make check runs two lanes at once: one apt-get at a time (dpkg's
	# lock would make the other fail), the lock released when this
	# function's subshell ends
	(
		flock 9
		log "installing Debian packages: ${missing[*]}"
		sudo=
		[ "$(id -u)" -eq 0 ] || sudo=sudo
		if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}" \
			>"$LOGS/apt-install.log" 2>&1; then
			$sudo apt-get update >>"$LOGS/apt-install.log" 2>&1 || true
			$sudo apt-get install -y --no-install-recommends "${missing[@]}" \
				>>"$LOGS/apt-install.log" 2>&1 ||
				exit 2
		fi
	) 9>>"$LOGS/apt.lock" ||
		cannot_run "cannot install ${missing[*]}; see $LOGS/apt-install.log (the harness needs root or sudo)"
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
	cannot_run "no Debian mirror in the apt configuration; set DEBIAN_MIRROR"
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

# --- results -------------------------------------------------------------------

# result_start NAME: a step begins. Its result of an earlier run,
# build/results/NAME.txt, is removed first, so that a run that dies early
# leaves no table that reads as this run's; the report then says "not run".
result_start() {
	mkdir -p "$RESULTS"
	rm -f "$RESULTS/$1.txt" "$RESULTS/$1.meta"
}

# result_meta NAME LINE...: what a result belongs to (commits, time), shown
# by the report next to it.
result_meta() {
	local name=$1
	shift
	mkdir -p "$RESULTS"
	printf '%s\n' "$@" >"$RESULTS/$name.meta"
}

# --- kernel builds -------------------------------------------------------------

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

# config_check FRAGMENT CONFIG [TREE PENDING]: the one fragment checker.
# Every line of the configuration fragment holds in the .config CONFIG
# ("CONFIG_X=v" literally, "# CONFIG_X is not set" as X absent or not set).
# Prints the lines that do not, returns 1 when there is one. With TREE and
# PENDING: a symbol no Kconfig of the git worktree TREE declares (a later
# patch adds it) is written to the file PENDING instead of counted.
config_check() {
	local frag=$1 cfg=$2 tree=${3:-} pending=${4:-} line sym bad=0
	[ -z "$pending" ] || : >"$pending"
	while read -r line; do
		case $line in
		CONFIG_*=*)
			sym=${line%%=*}
			grep -qxF -- "$line" "$cfg" && continue
			;;
		"# CONFIG_"*" is not set")
			sym=${line#"# "}
			sym=${sym%% *}
			grep -q "^$sym=" "$cfg" || continue
			;;
		*) continue ;;
		esac
		if [ -n "$tree" ] && ! git -C "$tree" grep -qE \
			"^[[:space:]]*(menu)?config[[:space:]]+${sym#CONFIG_}[[:space:]]*\$" -- '*Kconfig*'; then
			echo "$sym" >>"$pending"
			continue
		fi
		echo "$line"
		bad=1
	done <"$frag"
	return "$bad"
}

# config_require FRAGMENT CONFIG: config_check, or die naming what kconfig
# dropped and what to do.
config_require() {
	local missing
	if ! missing=$(config_check "$1" "$2"); then
		die "$1 did not take: $(paste -sd' ' <<<"$missing") (a dependency is missing or the symbol does not exist in this kernel; see $2 and the symbol's 'depends on')"
	fi
}

# --- kernel reports ------------------------------------------------------------
# lib/kernel-reports: the one list of the kernel's own error reports
# (lockdep, KASAN, UBSAN, kmemleak, ...), one extended regular expression a
# line. Used by the KUnit runner, the emulated board (host and guest) and the
# benchmarks.
KERNEL_REPORTS=$TOP/lib/kernel-reports

# kernel_reports LOG: print the report lines of a kernel log with their line
# numbers; return 1 when there is one, 0 when the log is clean.
kernel_reports() {
	if grep -anE -f <(grep -v '^#' "$KERNEL_REPORTS" | sed '/^$/d') "$1"; then
		return 1
	fi
	return 0
}

# --- TAP output of the harness's own tests -------------------------------------
# tap_plan N, then one tap_result per assertion, then tap_end: TAP with a
# plan ("1..N"), so that an assertion that did not run shows as a missing
# one; tap_end prints "NAME: N passed, N failed" and fails when the count of
# results is not the plan.
tap_plan() { TAP_PLAN=$1 TAP_N=0 TAP_PASS=0 TAP_FAIL=0; echo "TAP version 13"; echo "1..$1"; }
# tap_result ok|fail DESCRIPTION [DETAIL-FILE]
tap_result() {
	TAP_N=$((TAP_N + 1))
	if [ "$1" = ok ]; then
		TAP_PASS=$((TAP_PASS + 1))
		echo "ok $TAP_N - $2"
	else
		TAP_FAIL=$((TAP_FAIL + 1))
		echo "not ok $TAP_N - $2"
		[ -z "${3:-}" ] || sed 's/^/#   /' "$3" | tail -n 20
	fi
}
tap_end() {
	if [ "$TAP_N" != "$TAP_PLAN" ]; then
		echo "# planned $TAP_PLAN results, got $TAP_N: an assertion did not run"
		TAP_FAIL=$((TAP_FAIL + 1))
	fi
	echo "$1: $TAP_PASS passed, $TAP_FAIL failed"
	[ "$TAP_FAIL" -eq 0 ]
}
