# shellcheck shell=bash
# Helpers for the harness tests. A test says how many assertions it makes
# (plan N) and prints TAP: one "ok N - ..." or "not ok N - ..." line per
# assertion; when it ends with another count than its plan, a last
# "not ok" says so (an assertion that did not run is a failure, not a
# pass). tests/harness/run counts them.
# Every test works in its own directory under build/tests/ with its own
# BUILD/TREE/PATCHES_DIR, never in the real build/tree or patches/.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REAL_BUILD=${BUILD:-$TOP/build}
REAL_SRC=$REAL_BUILD/src
NAME=$(basename "$0" .sh)
T=$REAL_BUILD/tests/$NAME
rm -rf "$T"
mkdir -p "$T"
# The harness configuration of the caller must not leak into a test.
unset KERNEL_TREE KERNEL_BASE TREE SRC SERIES_BRANCH_PREFIX PATCHES_DIR RESULTS BASE_CONF \
	FORCE KUNITCONFIG SENDER_NAME SENDER_EMAIL DEV DEV_PREFIX GATE_CHECKS CHECK_STEPS \
	GATE_CONFIGS BOARD_SCENARIOS CHECK_FULL

N_RUN=0 N_PLAN=
# plan N: the number of assertions this test makes.
plan() { N_PLAN=$1; echo "1..$1"; }
ok() { N_RUN=$((N_RUN + 1)); echo "ok $N_RUN - $*"; }
fail() { N_RUN=$((N_RUN + 1)); echo "not ok $N_RUN - $*"; }
plan_check() {
	if [ -z "$N_PLAN" ]; then
		echo "not ok $((N_RUN + 1)) - $NAME has no plan"
		exit 1
	fi
	if [ "$N_RUN" != "$N_PLAN" ]; then
		echo "# $NAME: planned $N_PLAN assertions, ran $N_RUN"
		exit 1
	fi
}
trap plan_check EXIT

# check DESC CMD...: CMD succeeds.
check() {
	local d=$1
	shift
	if "$@" >"$T/last.out" 2>&1; then ok "$d"; else
		fail "$d"; sed 's/^/    | /' "$T/last.out" | tail -n 20
	fi
}

# check_out DESC REGEX FILE: FILE has a line matching the extended REGEX.
check_out() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else
		fail "$1 (no line matching '$2' in the output:)"
		sed 's/^/    | /' "$3" | tail -n 20
	fi
}

# run_fails DESC OUTFILE CMD...: CMD exits non-zero; output in OUTFILE.
run_fails() {
	local d=$1 out=$2
	shift 2
	if "$@" >"$out" 2>&1; then
		fail "$d: exited 0, expected a failure"; sed 's/^/    | /' "$out" | tail -n 20
	else
		ok "$d"
	fi
}

# The unpacked base (fetched and unpacked if needed).
need_base() { "$TOP/series/unpack-base.sh" >/dev/null; }

# A user's kernel checkout: a cheap clone of the base sharing its objects,
# with a branch of its own checked out.
kernel_clone() {
	local dir=$1
	need_base || return 1
	git clone -q --shared "$REAL_SRC" "$dir" &&
		git -C "$dir" checkout -q -b topic &&
		git -C "$dir" config user.name "Test User" &&
		git -C "$dir" config user.email test@user.invalid
}

# The two series of a developer on the base of REPO: BRANCH-net with one
# small commit and BRANCH-net-next with COUNT more on top, each with a
# description (cover letter, change-id) and a subject prefix. Made with
# plumbing (a temporary index), so the kernel is not checked out once more.
make_series() {
	local repo=$1 branch=$2 count=$3 i f=Documentation/networking/pse-pd/introduction.rst
	local parent content blob tree
	parent=$(git -C "$repo" rev-parse base) || return 1
	content=$(git -C "$repo" show "base:$f") || return 1
	export GIT_INDEX_FILE=$T/series.index
	git -C "$repo" read-tree "$parent" || { unset GIT_INDEX_FILE; return 1; }
	for i in $(seq 0 "$count"); do
		content+=$'\n'"harness test line $i"
		if ! blob=$(printf '%s\n' "$content" | git -C "$repo" hash-object -w --stdin) ||
		   ! git -C "$repo" update-index --cacheinfo "100644,$blob,$f" ||
		   ! tree=$(git -C "$repo" write-tree) ||
		   ! parent=$(GIT_AUTHOR_NAME="Dev Eloper" GIT_AUTHOR_EMAIL=dev@x.invalid \
				GIT_AUTHOR_DATE="2026-11-0$((i + 1))T10:00:00+01:00" \
				GIT_COMMITTER_NAME="Dev Eloper" GIT_COMMITTER_EMAIL=dev@x.invalid \
				git -C "$repo" commit-tree "$tree" -p "$parent" -m "net: pse-pd: test change $i

Why change $i is needed.

Signed-off-by: Dev Eloper <dev@x.invalid>"); then
			unset GIT_INDEX_FILE
			return 1
		fi
		[ "$i" != 0 ] || git -C "$repo" branch -f "$branch-net" "$parent"
	done
	unset GIT_INDEX_FILE
	rm -f "$T/series.index"
	git -C "$repo" branch -f "$branch-net-next" "$parent" &&
		git -C "$repo" config "branch.$branch-net.seriesPrefix" "PATCH net" &&
		git -C "$repo" config "branch.$branch-net.description" "net: pse-pd: a test fix

The fix, in a few lines.

change-id: 20261122-harness-test-net-0123456789ab" &&
		git -C "$repo" config "branch.$branch-net-next.seriesPrefix" "PATCH net-next v3" &&
		git -C "$repo" config "branch.$branch-net-next.description" "net: pse-pd: a test series

The problem and the design, in a few lines.

---
change-id: 20261122-harness-test-0123456789ab"
}

# small_repo DIR LINES: a small git repository with one file a.c of LINES
# lines, committed and tagged "base" (the series tests in KERNEL_TREE mode).
small_repo() {
	git init -q -b main "$1" &&
		seq 1 "$2" | sed 's/^/line /' >"$1/a.c" &&
		git -C "$1" add a.c &&
		git -C "$1" -c user.name=B -c user.email=b@x.invalid commit -q -m base &&
		git -C "$1" tag base
}

# check_lit DESC TEXT FILE: FILE contains the fixed string TEXT.
check_lit() {
	if grep -qF -- "$2" "$3"; then ok "$1"; else
		fail "$1 (no '$2' in the output:)"
		sed 's/^/    | /' "$3" | tail -n 20
	fi
}
