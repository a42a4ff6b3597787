#!/usr/bin/env bash
# Upstream gate: the local equivalent of netdev's patch CI.
#
# Applies the series one patch after the other on the base in a dedicated
# worktree (build/gate/tree) and runs every check of checks/ on each patch,
# then the per-series checks on the whole series. Prints a table (check x
# patch) and writes it to build/results/gate.txt (gate.tsv: one verdict a
# line). Exits non-zero when any check fails.
#
# A check is a directory checks/NAME/ with an executable `run` printing a
# one-line verdict (ok/FAIL/unverifiable ...) and exiting 0/1/2. Optional:
#   scope     "series" to run once on the whole series (default: per patch)
#   variants  executable printing one variant a line; `run VARIANT` each
#   at-base   present: also run on the base, before the first patch
# The check sees GATE_TREE (HEAD = the patch, HEAD~1 = its parent),
# GATE_BASE, GATE_STEP (base, 01, 02, ... or series), GATE_PATCH,
# GATE_COVER, GATE_SERIES_LIST (file: the patches in order) and GATE_LOG (a
# directory for its logs).
#
# Usage: scripts/gate.sh [SERIES_DIR]        (default: patches/, PATCHES_DIR)
# Environment: KERNEL_TREE, KERNEL_BASE (see lib.sh); GATE_RESULTS (default
# build/results); GATE_CHECKS="checkpatch kdoc" runs a subset;
# GATE_NO_CACHE=1 ignores verdicts cached from identical earlier runs.

# shellcheck source=gate-lib.sh
. "$(dirname "$0")/gate-lib.sh"
set +e

series_dir=$(cd "${1:-$PATCHES_DIR}" && pwd) || exit 1
results=${GATE_RESULTS:-$RESULTS}
mkdir -p "$GATE/cache" "$results"
exec 9>"$GATE/lock"
flock -n 9 || die "another gate run holds $GATE/lock"
start=$SECONDS

# --- the series --------------------------------------------------------------
cover=
patches=()
for p in "$series_dir"/*.patch; do
	[ -e "$p" ] || die "no *.patch in $series_dir; export the series first (make export)"
	case ${p##*/} in
	*0000-cover-letter.patch) cover=$p ;;
	*) patches+=("$p") ;;
	esac
done
[ ${#patches[@]} -gt 0 ] || die "only a cover letter in $series_dir"

# --- the worktree ------------------------------------------------------------
repo=$(kernel_repo)
base=$(git -C "$repo" rev-parse --verify -q "$(base_ref)^{commit}") ||
	die "no base $(base_ref) in $repo; run make tree first"
common() { git -C "$1" rev-parse --path-format=absolute --git-common-dir 2>/dev/null; }
if [ ! -e "$GATE_TREE/.git" ] || [ "$(common "$GATE_TREE")" != "$(common "$repo")" ]; then
	if [ -e "$GATE_TREE" ]; then
		git -C "$GATE_TREE" worktree remove --force "$GATE_TREE" 2>/dev/null ||
			rm -rf "$GATE_TREE"
	fi
	git -C "$repo" worktree prune
	log "creating worktree $GATE_TREE of $repo at $base"
	git -C "$repo" worktree add -q --detach "$GATE_TREE" "$base" ||
		die "cannot add worktree $GATE_TREE"
fi
tgit am --abort >/dev/null 2>&1
tgit checkout -q -f --detach "$base" || die "cannot check out $base in $GATE_TREE"
tgit clean -fdxq

export GATE_TREE GATE_BASE=$base GATE_COVER=$cover GATE_SERIES_LIST=$GATE/series.list
export GIT_COMMITTER_NAME=gate GIT_COMMITTER_EMAIL=gate@localhost
printf '%s\n' "${patches[@]}" >"$GATE_SERIES_LIST"

# --- the checks --------------------------------------------------------------
checks=()
for d in "$TOP"/checks/*/; do
	n=$(basename "$d")
	[ -x "$d/run" ] || continue
	[ -z "${GATE_CHECKS:-}" ] || [[ " $GATE_CHECKS " == *" $n "* ]] || continue
	checks+=("$n")
done
scope() { cat "$TOP/checks/$1/scope" 2>/dev/null || echo patch; }
variants() {
	if [ -x "$TOP/checks/$1/variants" ]; then "$TOP/checks/$1/variants"; else echo; fi
}

# Everything a verdict depends on besides the tree and the series.
toolchain=$(dpkg-query -W -f '${Package} ${Version}\n' gcc 'gcc-[0-9]*' 'clang-[0-9]*' \
	sparse codespell b4 ccache 2>/dev/null | sort)
harness=$(cat "$TOP/scripts/lib.sh" "$TOP/scripts/gate-lib.sh" "$MATRIX"/*.config | sha256sum)

tsv=$results/gate.tsv
: >"$tsv"

# run_check STEP NAME VARIANT INPUTS: run one check (or reuse the verdict of
# an identical earlier run) and record it.
run_check() {
	local step=$1 name=$2 var=$3 inputs=$4 row log key cache rc line t0=$SECONDS head
	row=$name${var:+/$var}
	log=$GATE/logs/$step/${row//\//-}
	key=$({
		echo "$row $step $harness $toolchain $inputs"
		cat "$TOP/checks/$name"/*
	} | sha256sum | cut -c1-40)
	cache=$GATE/cache/$key
	if [ -z "${GATE_NO_CACHE:-}" ] && [ -f "$cache" ]; then
		rc=$(head -n 1 "$cache")
		line=$(tail -n 1 "$cache")
	else
		rm -rf "$log"
		mkdir -p "$log"
		head=$(tgit rev-parse HEAD)
		# shellcheck disable=SC2086
		GATE_STEP=$step GATE_LOG=$log "$TOP/checks/$name/run" $var \
			>"$log/output.txt" 2>&1 </dev/null
		rc=$?
		line=$(grep -E '^(ok|FAIL|unverifiable)( |$)' "$log/output.txt" | tail -n 1)
		case $rc:$line in
		0:ok* | 1:FAIL* | 2:unverifiable*) ;;
		*) line="FAIL $row exited $rc with '${line:-no verdict}'; see $log/output.txt"
		   rc=1 ;;
		esac
		if [ "$(tgit rev-parse HEAD)" != "$head" ] || [ -n "$(tgit status --porcelain)" ]; then
			tgit checkout -q -f --detach "$head"
			tgit clean -fdxq
		fi
		[ "$rc" = 1 ] || printf '%s\n%s\n' "$rc" "$line" >"$cache"
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$step" "$row" "$rc" "$line" "$((SECONDS - t0))" >>"$tsv"
	printf '%s: [%s] %s: %s\n' "${0##*/}" "$step" "$row" "$line" >&2
}

# run_scope SCOPE STEP INPUTS: every check of that scope (and its variants).
run_scope() {
	local want=$1 step=$2 inputs=$3 c v
	for c in "${checks[@]}"; do
		[ "$(scope "$c")" = "$want" ] || continue
		[ "$step" != base ] || [ -e "$TOP/checks/$c/at-base" ] || continue
		while read -r v; do
			run_check "$step" "$c" "$v" "$inputs"
		done < <(variants "$c")
	done
}

tree_id() { tgit rev-parse 'HEAD^{tree}'; }

run_scope patch base "base $(tree_id)"
applied=1
steps=(base)
for i in "${!patches[@]}"; do
	p=${patches[$i]}
	step=$(printf '%02d' $((i + 1)))
	steps+=("$step")
	parent=$(tree_id)
	if [ $applied = 1 ] && tgit am -q "$p" >"$GATE/am.log" 2>&1; then
		printf '%s\tapply\t0\tok applies on its parent\t0\n' "$step" >>"$tsv"
		export GATE_PATCH=$p
		run_scope patch "$step" "$parent $(sha256sum <"$p")"
	else
		if [ $applied = 1 ]; then
			msg="FAIL ${p##*/} does not apply on $(tgit log -1 --format=%h HEAD): $(grep -m1 -E 'error|patch failed' "$GATE/am.log"); regenerate the series on base $base"
			tgit am --abort >/dev/null 2>&1
		else
			msg="FAIL not applied: an earlier patch does not apply"
		fi
		applied=0
		printf '%s\tapply\t1\t%s\t0\n' "$step" "$msg" >>"$tsv"
	fi
done
GATE_PATCH=
run_scope series series "$base $(cat "${patches[@]}" $cover | sha256sum)"

# --- the table ---------------------------------------------------------------
{
	awk -F'\t' -v steps="${steps[*]}" '
		function cell(rc) { return rc == 0 ? "ok" : rc == 2 ? "n/v" : "FAIL" }
		{ if (!($2 in seen)) { seen[$2] = 1; rows[++n] = $2; series[$2] = ($1 == "series") }
		  v[$2, $1] = cell($3)
		  if ($3 != 0) notes[++m] = sprintf("  [%s] %s: %s", $1, $2, $4)
		  if ($3 == 0) nok++; else if ($3 == 2) nnv++; else nfail++ }
		END {
			ns = split(steps, s, " ")
			printf "%-28s", "per patch"
			for (j = 1; j <= ns; j++) printf " %-5s", s[j]
			printf "\n"
			for (i = 1; i <= n; i++) {
				if (series[rows[i]]) continue
				printf "%-28s", rows[i]
				for (j = 1; j <= ns; j++) printf " %-5s", ((rows[i], s[j]) in v) ? v[rows[i], s[j]] : "-"
				printf "\n"
			}
			printf "\n%-28s %s\n", "per series", "series"
			for (i = 1; i <= n; i++)
				if (series[rows[i]]) printf "%-28s %s\n", rows[i], v[rows[i], "series"]
			if (m) printf "\nnot ok:\n"
			for (i = 1; i <= m; i++) print notes[i]
			printf "\ngate: %d ok, %d failed, %d unverifiable (n/v)\n", nok, nfail, nnv
		}' "$tsv"
	echo "gate: $((SECONDS - start))s; logs in $GATE/logs"
} | tee "$results/gate.txt"

# Any failure fails the gate; unverifiable verdicts are listed, not fatal.
awk -F'\t' '$3 == 1 { bad = 1 } END { exit bad }' "$tsv"
