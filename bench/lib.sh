# shellcheck shell=bash
# Shared settings of the benchmarks (bench/*.sh). Source it.
#
# Layout under build/bench/:
#   uml/src/           git worktree of the kernel repository, switched to the
#                      commit of the variant being built, plus the dropped-in
#                      benchmark (bench/phy_bench.c)
#   uml/src/obj-VARIANT  O= UML build (bench/uml.config)
#   logs/              kernel and guest logs of the last run
# P1 and P2 boot the emulated board's kernels in build/board/ (the board
# test's, see board/host/lib.sh): `make check` running both builds them once.
#   raw.txt            every measurement of the last run, one line each
# The table goes to build/results/bench.txt.
#
# Knobs (environment):
#   BENCH_SERIES_REF  commit-ish of the series (default: the branch that
#                     series/apply.sh makes, PREFIX-net-next: both series);
#                     it must be the base plus as many commits as patches/ has
#   BENCH_SMOKE=1     smallest size of everything, few iterations (make check)
# shellcheck source=../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

BENCH=${BENCH:-$BUILD/bench}
BENCH_LOGS=$BENCH/logs
mkdir -p "$BENCH_LOGS"

bench_variant_check() {
	case ${1:-} in
	base | series) ;;
	*) die "variant must be 'base' or 'series', not '${1:-}'" ;;
	esac
}

# The commit a variant is measured at. The series must be complete: a
# branch that is being re-applied by someone else (reset to the base,
# half-way through git am) would measure the base twice.
bench_ref() {
	local repo ref c base n want
	repo=$(kernel_repo)
	base=$(base_commit)
	case $1 in
	base)
		echo "$base"
		return
		;;
	series) ref=${BENCH_SERIES_REF:-refs/heads/$(series_branch net-next)} ;;
	esac
	c=$(git -C "$repo" rev-parse --verify -q "$ref^{commit}") ||
		die "no commit '$ref' for the series in $repo; run 'make tree' first or set BENCH_SERIES_REF"
	n=$(git -C "$repo" rev-list --count "$base..$c")
	want=$(series_count "$PATCHES_DIR")
	if [ "$n" -ne "$want" ] || ! git -C "$repo" merge-base --is-ancestor "$base" "$c"; then
		die "'$ref' ($c) is $n commits on the base, patches/ has $want: the series is not (completely) applied; run 'make tree' (or set BENCH_SERIES_REF)"
	fi
	echo "$c"
}

# A short description of a commit for the table header.
bench_describe() {
	git -C "$(kernel_repo)" log -1 --format='%h %s' "$1"
}
