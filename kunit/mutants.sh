#!/usr/bin/env bash
# `make mutants`: the mutation test of the KUnit suite (kunit/mutants.py).
# Each mutant takes one behaviour of the series out; the suite must fail.
# Runs in its own worktree at the series tip, build/kunit/mutants/src, with
# its UML builds in build/kunit/mutants/plain and .../debug (kept:
# incremental); the table goes to build/results/mutants.txt.
#   kunit/mutants.sh [NAME ...]   only these mutants (names in mutants.py)
# Not part of make check: a cold run builds two UML kernels, and each
# mutant is a build and a run (about 20 minutes warm, an hour cold).
. "$(dirname "$0")/../lib/common.sh"

need_pkgs gcc make flex bison bc python3 libc6-dev ccache
tip=$(series_tip)
wt=$BUILD/kunit/mutants/src
result_start mutants
kernel_worktree "$wt" "$tip"
result_meta mutants "commit: $tip ($(git -C "$wt" log -1 --format=%s HEAD | cut -c1-60))"
exec python3 "$TOP/kunit/mutants.py" "$wt" "$BUILD/kunit/mutants" "$RESULTS" "$@"
