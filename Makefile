# The front door. Each target runs one script of scripts/; see README.md.
#   make            fetch the base, apply patches/, run the KUnit suite, report
#   make check      harness tests, round-trip, KUnit plain + debug
#                   (the upstream gate is separate: make check-gate)
# KERNEL_TREE=/path/to/checkout [KERNEL_BASE=rev] uses your own tree.

SHELL := /bin/bash
S := scripts

.PHONY: all fetch tree kunit kunit-debug report check test-harness roundtrip \
	check-gate export clean distclean

all: tree
	@rc=0; $(S)/kunit.sh plain || rc=$$?; $(S)/report.sh kunit-plain; exit $$rc

fetch:
	@$(S)/fetch-base.sh

tree:
	@$(S)/apply-series.sh

kunit: tree
	@$(S)/kunit.sh plain

kunit-debug: tree
	@$(S)/kunit.sh debug

report:
	@$(S)/report.sh kunit-plain kunit-debug

check:
	@$(S)/check.sh

test-harness:
	@tests/run-harness-tests.sh

roundtrip:
	@$(S)/check-roundtrip.sh

# The upstream gate (checks/, scripts/gate.sh; its own README in checks/).
# `make check` runs it too.
check-gate: tree
	@test -x $(S)/gate.sh || { echo "scripts/gate.sh is not there yet"; exit 1; }
	@$(S)/gate.sh

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
