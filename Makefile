# The front door. Each target runs one script of scripts/; see README.md.
#   make            fetch the base, apply patches/, run the KUnit suite and the
#                   emulated board, report
#   make check      harness tests, round-trip, KUnit plain + debug, the
#                   upstream gate and its tests, the emulated board, the
#                   benchmarks at their smallest size
# KERNEL_TREE=/path/to/checkout [KERNEL_BASE=rev] uses your own tree.

SHELL := /bin/bash
S := scripts

.PHONY: all fetch tree kunit kunit-debug report check test-harness roundtrip \
	check-gate test-gate board bench export clean distclean

all: tree
	@rc=0; $(S)/kunit.sh plain || rc=$$?; $(S)/board.sh || rc=$$?; \
	$(S)/report.sh kunit-plain board; exit $$rc

fetch:
	@$(S)/fetch-base.sh

tree:
	@$(S)/apply-series.sh

kunit: tree
	@$(S)/kunit.sh plain

kunit-debug: tree
	@$(S)/kunit.sh debug

report:
	@$(S)/report.sh kunit-plain kunit-debug gate board bench

check:
	@$(S)/check.sh

test-harness:
	@tests/run-harness-tests.sh

roundtrip:
	@$(S)/check-roundtrip.sh

# The upstream gate (checks/, scripts/gate.sh; its own README in checks/)
# applies patches/ in its own worktree, so it needs no `tree`.
check-gate:
	@$(S)/gate.sh

# The gate's own tests: broken fixture series fail the right check.
test-gate:
	@tests/gate/run

# The emulated board, base vs series (scripts/board.sh).
board: tree
	@$(S)/board.sh

# The benchmarks at full size (scripts/bench.sh); make check runs --smoke.
bench: tree
	@$(S)/bench.sh

# Regenerate patches/ from build/tree, or from another worktree:
#   make export FROM=build/dev BRANCH=dev
export:
	@$(S)/export-series.sh $(if $(FROM),--from $(FROM)) $(BRANCH)

# Build outputs go, downloads and the unpacked base stay.
clean:
	@$(S)/clean.sh

# Everything under build/, downloads included.
distclean:
	@$(S)/clean.sh --all
