# shellcheck shell=bash
# Shared settings of the benchmarks (scripts/bench*.sh). Source it.
#
# Layout under build/bench/:
#   uml/src/           git worktree of the kernel repository, switched to the
#                      commit of the variant being built, plus the dropped-in
#                      benchmark (bench/phy_bench.c)
#   uml/src/obj-VARIANT  O= UML build (bench/uml.config)
#   logs/              kernel and guest logs of the last run
# P1 and P2 boot the emulated board's kernels in build/board/ (the board
# test's, see board-lib.sh): `make check` running both builds them once.
#   raw.txt            every measurement of the last run, one line each
# The table goes to build/results/bench.txt.
#
# Knobs (environment):
#   BENCH_SERIES_REF  commit-ish of the series (default: the branch that
#                     scripts/apply-series.sh makes, $SERIES_BRANCH); it must
#                     be the base plus as many commits as patches/ has
#   BENCH_SMOKE=1     smallest size of everything, few iterations (make check)
. "$(dirname "${BASH_SOURCE[0]}")/kbuild-lib.sh"

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
	base=$(git -C "$repo" rev-parse --verify -q "$(base_ref)^{commit}") ||
		die "no base commit '$(base_ref)' in $repo; run 'make tree' first"
	case $1 in
	base)
		echo "$base"
		return
		;;
	series) ref=${BENCH_SERIES_REF:-refs/heads/$SERIES_BRANCH} ;;
	esac
	c=$(git -C "$repo" rev-parse --verify -q "$ref^{commit}") ||
		die "no commit '$ref' for the series in $repo; run 'make tree' first or set BENCH_SERIES_REF"
	n=$(git -C "$repo" rev-list --count "$base..$c")
	want=$(find "$PATCHES_DIR" -maxdepth 1 -name '*.patch' ! -name '*0000-*' | wc -l)
	if [ "$n" -ne "$want" ] || ! git -C "$repo" merge-base --is-ancestor "$base" "$c"; then
		die "'$ref' ($c) is $n commits on the base, patches/ has $want: the series is not (completely) applied; run 'make tree' (or set BENCH_SERIES_REF)"
	fi
	echo "$c"
}

# A short description of a commit for the table header.
bench_describe() {
	git -C "$(kernel_repo)" log -1 --format='%h %s' "$1"
}
