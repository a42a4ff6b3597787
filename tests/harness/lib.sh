# shellcheck shell=bash
# Helpers for the harness tests. A test prints one "ok - ..." or
# "FAIL - ..." line per assertion; tests/run-harness-tests.sh counts them.
# Every test works in its own directory under build/tests/ with its own
# BUILD/TREE/PATCHES_DIR, never in the real build/tree or patches/.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
S=$TOP/scripts
REAL_BUILD=${BUILD:-$TOP/build}
REAL_SRC=$REAL_BUILD/src
NAME=$(basename "$0" .sh)
T=$REAL_BUILD/tests/$NAME
rm -rf "$T"
mkdir -p "$T"
# The harness configuration of the caller must not leak into a test.
unset KERNEL_TREE KERNEL_BASE TREE SRC SERIES_BRANCH PATCHES_DIR RESULTS BASE_CONF \
	EXPORT_FROM EXPORT_BRANCH EXPORT_BASE FORCE KUNITCONFIG

ok() { echo "ok - $NAME: $*"; }
fail() { echo "FAIL - $NAME: $*"; }

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
need_base() { "$S/unpack-base.sh" >/dev/null; }

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

# A dev branch with COUNT small commits on the base of REPO, with a
# description (cover letter) holding a change-id line.
make_series() {
	local repo=$1 branch=$2 count=$3 i
	git -C "$repo" branch -f "$branch" base >/dev/null 2>&1 ||
		git -C "$repo" branch -f "$branch" HEAD || return 1
	local wt=$T/wt-$branch
	git -C "$repo" worktree add -q "$wt" "$branch" || return 1
	for i in $(seq 1 "$count"); do
		echo "harness test line $i" >>"$wt/Documentation/networking/pse-pd/introduction.rst"
		git -C "$wt" -c user.name="Dev Eloper" -c user.email=dev@x.invalid \
			commit -q -a -m "net: pse-pd: test change $i

Why change $i is needed.

Signed-off-by: Dev Eloper <dev@x.invalid>" --date="2026-11-0${i}T10:00:00+01:00" || return 1
	done
	git -C "$repo" config "branch.$branch.description" "net: pse-pd: a test series

The problem and the design, in a few lines.

---
change-id: 20261122-harness-test-0123456789ab"
	git -C "$repo" worktree remove --force "$wt"
}

# check_lit DESC TEXT FILE: FILE contains the fixed string TEXT.
check_lit() {
	if grep -qF -- "$2" "$3"; then ok "$1"; else
		fail "$1 (no '$2' in the output:)"
		sed 's/^/    | /' "$3" | tail -n 20
	fi
}
