#!/usr/bin/env bash
# The in-kernel benchmark (P3, P4) on UML: the KUnit suite "phy_bench"
# (bench/phy_bench.c) dropped into the base or the series tree.
#
#   bench/uml.sh build base|series
#       the worktree build/bench/uml/src (one for both variants) switched
#       to the variant's commit, the benchmark dropped in
#       (drivers/net/phy/phy_bench.c, a Kconfig entry, a Makefile line;
#       -DPHY_BENCH_PSE_NOTIFIER when the tree has the series'
#       pse_register_notifier()), configured from bench/uml.config and
#       built in build/bench/uml/src/obj-VARIANT (incremental, ccache, nice).
#   bench/uml.sh run base|series NAME CASE [PARAM=VALUE ...]
#       boots that kernel with kunit.filter_glob=phy_bench.CASE and the
#       phy_bench.PARAM=VALUE arguments; the kernel log goes to
#       build/bench/logs/NAME.log; prints the PHYBENCH lines prefixed with
#       "variant=VARIANT run=NAME". Exits 1 if the suite failed, crashed,
#       timed out or printed no PHYBENCH line.
# The benchmark files are not part of patches/ and are never committed to
# the worktree: `git diff` there shows exactly the drop-in.
. "$(dirname "$0")/lib.sh"

cmd=${1:-}
variant=${2:-}
bench_variant_check "$variant"
# One worktree, switched between the two commits: they differ in ~20 files,
# a second checkout would cost 1.4 GB of disk.
wt=$BENCH/uml/src
obj=$wt/obj-$variant

# Write $2 to $1 only when the content differs: unchanged files keep their
# time stamps and the build stays incremental.
put_file() {
	if ! cmp -s "$2" "$1" 2>/dev/null; then
		cp "$2" "$1"
	fi
}

build() {
	need_pkgs gcc make flex bison bc libc6-dev ccache
	local commit tmp
	commit=$(bench_ref "$variant")

	# Only the drop-in files differ from HEAD: switching commits with
	# checkout -f puts the tracked ones back, the drop-in is written again
	# below.
	kernel_worktree "$wt" "$commit"

	# The drop-in.
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	git -C "$wt" show "$commit:drivers/net/phy/Kconfig" >"$tmp/Kconfig"
	cat "$TOP/bench/kernel/phy_bench.Kconfig" >>"$tmp/Kconfig"
	git -C "$wt" show "$commit:drivers/net/phy/Makefile" >"$tmp/Makefile"
	{
		echo
		echo "# Added by bench/uml.sh: not part of the series"
		echo "obj-\$(CONFIG_PHY_BENCH) += phy_bench.o"
		if grep -q 'pse_register_notifier' "$wt/include/linux/pse-pd/pse.h"; then
			echo "CFLAGS_phy_bench.o += -DPHY_BENCH_PSE_NOTIFIER"
		fi
	} >>"$tmp/Makefile"
	put_file "$wt/drivers/net/phy/Kconfig" "$tmp/Kconfig"
	put_file "$wt/drivers/net/phy/Makefile" "$tmp/Makefile"
	put_file "$wt/drivers/net/phy/phy_bench.c" "$TOP/bench/kernel/phy_bench.c"

	# The configuration: the fragment, then olddefconfig; every line of
	# the fragment must hold.
	mkdir -p "$obj"
	cp "$TOP/bench/kernel/uml.config" "$obj/.config"
	run_logged "$BENCH_LOGS/config-uml-$variant.log" umake olddefconfig
	config_require "$TOP/bench/kernel/uml.config" "$obj/.config"

	log "$variant: building UML $(bench_describe "$commit") in $obj"
	local start
	start=$(date +%s)
	run_logged "$BENCH_LOGS/build-uml-$variant.log" umake linux
	echo "$commit" >"$obj/.bench-commit"
	log "$variant: built in $(($(date +%s) - start)) s"
}

# make for the UML tree (kernel_make: ccache, niced, the same relative
# paths for both variants).
umake() { kernel_make gcc "$wt" "$obj" ARCH=um "$@"; }

run() {
	local name=${3:-} case=${4:-}
	if [ -z "$name" ] || [ -z "$case" ]; then
		die "usage: $0 run VARIANT NAME CASE [PARAM=VALUE ...]"
	fi
	shift 4
	[ -x "$obj/linux" ] || die "no $obj/linux; run $0 build $variant first"
	local args=() p
	for p in "$@"; do args+=("phy_bench.$p"); done
	local klog=$BENCH_LOGS/$name.log timeout=${BENCH_TIMEOUT:-900}
	rm -f "$klog"
	# Not niced: the measurements should not wait for the builds of others.
	timeout -k 10 "$timeout" "$obj/linux" mem=2G console=tty kunit.enable=1 \
		kunit_shutdown=halt "kunit.filter_glob=phy_bench.$case" \
		kunit.timeout=1800 "${args[@]}" </dev/null >"$klog" 2>&1 || true
	local out rc=0
	out=$(python3 "$TOP/kunit/ktap.py" "bench-$name" "$klog" "$BENCH_LOGS/$name.ktap" 2>&1) || rc=1
	if [ $rc -ne 0 ]; then
		printf '%s\n' "$out" >&2
		{ grep -E 'PHYBENCH|# .*(Expected|expected|FAIL|failed)' "$klog"; kernel_reports "$klog"; } | head -n 20 >&2 || true
		die "$name ($variant): the phy_bench suite failed; kernel log: $klog"
	fi
	grep -q 'PHYBENCH ' "$klog" || die "$name ($variant): no PHYBENCH line; kernel log: $klog"
	local reports
	if ! reports=$(kernel_reports "$klog"); then
		log "$name ($variant): kernel reports in $klog:"
		printf '%s\n' "$reports" | head -n 5 >&2
		echo "# reports=$name ($variant): $(grep -c . <<<"$reports") lines, first: $(head -n 1 <<<"$reports" | cut -c1-120)"
	fi
	sed -n "s/.*PHYBENCH \(.*\)/\1/p" "$klog" | tr -d '\r' |
		sed "s/^/variant=$variant run=$name /"
}

case $cmd in
build) build ;;
run) run "$@" ;;
*) die "usage: $0 build VARIANT | run VARIANT NAME CASE [PARAM=VALUE ...]" ;;
esac
