# The front door. Each target runs one script; see README.md.
#   make            fetch the base, apply patches/net and patches/net-next,
#                   run the KUnit suite and the emulated board, report
#   make check      harness tests, shellcheck, round trip, KUnit debug, the
#                   emulated board (no stress step), the upstream gate
#                   (the x86_64 PHYLIB=m configuration) and its tests
#   make check-full all of make check and KUnit plain, the board's stress
#                   step, the benchmarks' smoke run, the whole matrix
# KERNEL_TREE=/path/to/checkout [KERNEL_BASE=rev] uses your own tree.

SHELL := /bin/bash

.PHONY: all fetch tree dev kunit kunit-debug mutants report check check-full test-harness shellcheck \
	roundtrip check-gate test-gate board fault-sweep soak bench export sendable clean distclean

all: tree
	@rc=0; kunit/run.sh plain || rc=$$?; board/host/run.sh || rc=$$?; \
	scripts/report.sh kunit-plain board; exit $$rc

fetch:
	@series/fetch-base.sh

# Both series in build/tree (branches pse-net, pse-net-next); refuses to
# touch work of yours there (FORCE=1 throws it away).
tree:
	@series/apply.sh

# A development worktree build/dev (branches dev-net, dev-net-next) with
# the series, their cover letters and prefixes.
dev: tree
	@series/dev.sh

kunit: tree
	@kunit/run.sh plain

kunit-debug: tree
	@kunit/run.sh debug

# The mutation test of the KUnit suite (not in make check: long).
mutants: tree
	@kunit/mutants.sh

report:
	@scripts/report.sh kunit-plain kunit-debug gate board bench

check:
	@scripts/check.sh

# Everything make check leaves out to stay within an hour cold (README):
# KUnit plain, the board's stress step, the benchmarks' smoke run, the
# whole build matrix.
check-full:
	@CHECK_FULL=1 scripts/check.sh

test-harness:
	@tests/harness/run

shellcheck:
	@scripts/shellcheck.sh

roundtrip:
	@series/roundtrip.sh

# The upstream gate (gate/, its own README) applies patches/ in its own
# worktree, so it needs no `tree`.
check-gate:
	@gate/run.sh

# The gate's own tests: the fixtures fail the right check.
test-gate:
	@gate/tests/run

# The emulated board, base vs series.
board: tree
	@board/host/run.sh

# The emulated board's fault sweep: every lifecycle operation with its
# Nth allocation failed, N = 1, 2, ... (series, debug kernel with fault
# injection and kmemleak; build/results/fault.txt). FAULT_NTH_MAX=20 for
# a short one.
fault-sweep: tree
	@BOARD_VARIANTS=series BOARD_SCENARIOS=fault board/host/run.sh

# The soak: 1000 controller unbind/bind cycles under MAC rebinds, ethtool
# and link flaps (series, same kernel; build/results/soak.txt).
# SOAK_CYCLES=50 for a short one.
soak: tree
	@BOARD_VARIANTS=series BOARD_SCENARIOS=soak board/host/run.sh

# The benchmarks at full size; make check runs --smoke.
bench: tree
	@bench/run.sh

# Regenerate patches/net and patches/net-next from build/tree, or from a
# development worktree:
#   make export FROM=build/dev NET=dev-net NET_NEXT=dev-net-next
export:
	@series/export.sh $(if $(FROM),--from $(FROM)) $(if $(NET),--net $(NET)) \
		$(if $(NET_NEXT),--net-next $(NET_NEXT))

# The series as you send them, under your identity (SENDER_NAME,
# SENDER_EMAIL or git config user.name/user.email), checked by the gate.
sendable:
	@series/sendable.sh

# Build outputs go, downloads, the unpacked base and build/dev stay.
clean:
	@scripts/clean.sh

# Everything under build/, downloads included.
distclean:
	@scripts/clean.sh --all
