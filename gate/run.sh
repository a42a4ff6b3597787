#!/usr/bin/env bash
# Upstream gate: the local equivalent of netdev's patch CI, per series.
#
# Applies the net series (ROOT/net) one patch after the other on the base in
# a dedicated worktree (build/gate/tree), then the net-next series
# (ROOT/net-next) on top of it, and runs every check of gate/checks/ on each
# patch of both; after each series the per-series checks on that series.
# Prints a table (check x patch, per series) and writes it to
# build/results/gate.txt (gate.tsv: one verdict a line).
#
# A check is a directory gate/checks/NAME/ with an executable `run` printing
# a one-line verdict and exiting with it: "ok ..." 0, "FAIL ..." 1, "ERROR
# ..." 2 (the check could not run: no verdict on the series). Optional:
#   scope     "series": once per series; "tip": once, at the end of the last
#             series; "sendable": per patch, only on a sendable series
#             (GATE_SENDER set, see series/sendable.sh); default per patch
#   variants  executable printing one variant a line; `run VARIANT` each
#   at-base   present: also run on the base, before the first patch
# The check sees GATE_TREE (HEAD = the patch, HEAD~1 = its parent),
# GATE_BASE (the upstream base commit), GATE_SERIES (net or net-next),
# GATE_SERIES_START (where the series starts: the base, or the end of the
# net series), GATE_STEP (base, net/01, ..., net-next/series), GATE_PATCH,
# GATE_COVER, GATE_SERIES_LIST (file: the patches in order),
# GATE_PREREQ_LIST and GATE_PREREQ_COVER (for net-next: the net series the
# series needs, when there is one), GATE_SENDER and GATE_LOG (a directory
# for its logs).
#
# Usage: gate/run.sh [ROOT]        (default: patches/, PATCHES_DIR)
# Environment: KERNEL_TREE, KERNEL_BASE; GATE_RESULTS (default
# build/results); GATE_CHECKS="checkpatch kdoc" runs a subset (an unknown
# name is an error); GATE_NO_CACHE=1 ignores verdicts cached from identical
# earlier runs; GATE_CHECKS_DIR another directory of checks (the gate's
# tests use it for checks that misbehave).
# Exit: 0 every verdict ok; 1 a check failed; 2 the gate or a check could not
# run (and none failed).

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
set +e

root=$(cd "${1:-$PATCHES_DIR}" && pwd) || cannot_run "no series directory ${1:-$PATCHES_DIR}"
results=${GATE_RESULTS:-$RESULTS}
mkdir -p "$GATE/cache" "$results"
rm -f "$results/gate.txt" "$results/gate.tsv" "$results/gate.meta"
exec 9>"$GATE/lock"
flock -n 9 || cannot_run "another gate run holds $GATE/lock; wait for it to end"
start=$SECONDS

# --- the checks --------------------------------------------------------------
all=()
CHECKS_DIR=${GATE_CHECKS_DIR:-$TOP/gate/checks}
for d in "$CHECKS_DIR"/*/; do
	[ -x "$d/run" ] && all+=("$(basename "$d")")
done
checks=("${all[@]}")
if [ -n "${GATE_CHECKS:-}" ]; then
	read -r -a checks <<<"$GATE_CHECKS"
	for c in "${checks[@]}"; do
		[[ " ${all[*]} " == *" $c "* ]] ||
			cannot_run "unknown check '$c' in GATE_CHECKS; the checks are: ${all[*]}"
	done
fi
scope() { cat "$CHECKS_DIR/$1/scope" 2>/dev/null || echo patch; }
variants() {
	if [ -x "$CHECKS_DIR/$1/variants" ]; then "$CHECKS_DIR/$1/variants"; else echo; fi
}

# --- the series --------------------------------------------------------------
declare -A list cover
present=()
for s in "${SERIES_NAMES[@]}"; do
	list[$s]=$GATE/series-$s.list
	series_patches "$root/$s" >"${list[$s]}"
	cover[$s]=$(series_cover "$root/$s")
	if [ -s "${list[$s]}" ]; then
		present+=("$s")
	elif [ -n "${cover[$s]}" ]; then
		cannot_run "$root/$s has only a cover letter"
	fi
done
[ ${#present[@]} -gt 0 ] ||
	cannot_run "no patches in $root/net or $root/net-next; export the series first (make export)"

# --- the worktree ------------------------------------------------------------
base=$(base_commit)
kernel_worktree "$GATE_TREE" "$base"
tgit am --abort >/dev/null 2>&1
tgit checkout -q -f --detach "$base" || cannot_run "cannot check out $base in $GATE_TREE"
tgit clean -fdxq
export GATE_TREE GATE_BASE=$base GATE_SENDER=${GATE_SENDER:-}
export GIT_COMMITTER_NAME=gate GIT_COMMITTER_EMAIL=gate@localhost

# Everything a verdict depends on besides the tree and the series.
toolchain=$(dpkg-query -W -f '${Package} ${Version}\n' gcc 'gcc-[0-9]*' 'clang-[0-9]*' \
	sparse codespell b4 ccache shellcheck 2>/dev/null | sort)
harness=$(cat "$TOP/lib/common.sh" "$TOP/lib/kernel-reports" "$TOP/gate/lib.sh" \
	"$MATRIX"/*.config | sha256sum)

tsv=$results/gate.tsv
: >"$tsv"

# run_check STEP NAME VARIANT INPUTS: run one check (or reuse the verdict of
# an identical earlier run) and record it.
run_check() {
	local step=$1 name=$2 var=$3 inputs=$4 row log key cache rc line t0=$SECONDS head
	row=$name${var:+/$var}
	log=$GATE/logs/${step//\//-}/${row//\//-}
	key=$({
		echo "$row $step $harness $toolchain $inputs $GATE_SENDER"
		cat "$CHECKS_DIR/$name"/*
	} | sha256sum | cut -c1-40)
	cache=$GATE/cache/$key
	if [ -z "${GATE_NO_CACHE:-}" ] && [ -f "$cache" ]; then
		rc=$(head -n 1 "$cache")
		line=$(tail -n 1 "$cache")
	else
		rm -rf "$log"
		mkdir -p "$log"
		head=$(tgit rev-parse HEAD)
		# shellcheck disable=SC2086 # $var: a variant is one word or none
		GATE_STEP=$step GATE_LOG=$log "$CHECKS_DIR/$name/run" $var \
			>"$log/output.txt" 2>&1 </dev/null
		rc=$?
		line=$(grep -E '^(ok|FAIL|ERROR)( |$)' "$log/output.txt" | tail -n 1)
		case $rc:$line in
		0:ok* | 1:FAIL* | 2:ERROR*) ;;
		*) line="ERROR $row exited $rc with '${line:-no verdict}'; see $log/output.txt"
		   rc=2 ;;
		esac
		if [ "$(tgit rev-parse HEAD)" != "$head" ] || [ -n "$(tgit status --porcelain)" ]; then
			tgit checkout -q -f --detach "$head"
			tgit clean -fdxq
		fi
		[ "$rc" != 0 ] || printf '%s\n%s\n' "$rc" "$line" >"$cache"
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$step" "$row" "$rc" "$line" "$((SECONDS - t0))" >>"$tsv"
	printf '%s: [%s] %s: %s\n' "${0##*/}" "$step" "$row" "$line" >&2
}

# run_scope SCOPE STEP INPUTS: every check of that scope (and its variants).
# The variants of a check with a "parallel" file (the builds: they only read
# the tree, each in its own directory) run at once, before the other checks
# of the scope; their rows go to the table in order.
run_scope() {
	local want=$1 step=$2 inputs=$3 c v i=0 par=$GATE/par
	rm -rf "$par"
	mkdir -p "$par"
	for c in "${checks[@]}"; do
		[ "$(scope "$c")" = "$want" ] || continue
		[ -e "$CHECKS_DIR/$c/parallel" ] || continue
		[ "$step" != base ] || [ -e "$CHECKS_DIR/$c/at-base" ] || continue
		while read -r v; do
			i=$((i + 1))
			(tsv=$par/$i.tsv run_check "$step" "$c" "$v" "$inputs") &
		done < <(variants "$c")
	done
	wait
	for c in $(seq 1 "$i"); do cat "$par/$c.tsv" >>"$tsv"; done
	for c in "${checks[@]}"; do
		[ "$(scope "$c")" = "$want" ] || continue
		[ ! -e "$CHECKS_DIR/$c/parallel" ] || continue
		[ "$step" != base ] || [ -e "$CHECKS_DIR/$c/at-base" ] || continue
		while read -r v; do
			run_check "$step" "$c" "$v" "$inputs"
		done < <(variants "$c")
	done
}

tree_id() { tgit rev-parse 'HEAD^{tree}'; }

run_scope patch base "base $(tree_id)"
applied=1
steps=(base)
for s in "${present[@]}"; do
	export GATE_SERIES=$s GATE_SERIES_START GATE_COVER=${cover[$s]} GATE_SERIES_LIST=${list[$s]}
	GATE_SERIES_START=$(tgit rev-parse HEAD)
	GATE_PREREQ_LIST="" GATE_PREREQ_COVER=""
	if [ "$s" = net-next ] && [ -s "${list[net]}" ]; then
		GATE_PREREQ_LIST=${list[net]} GATE_PREREQ_COVER=${cover[net]}
	fi
	export GATE_PREREQ_LIST GATE_PREREQ_COVER
	i=0
	while read -r p; do
		i=$((i + 1))
		step=$s/$(printf '%02d' "$i")
		steps+=("$step")
		parent=$(tree_id)
		if [ $applied = 1 ] && tgit am -q "$p" >"$GATE/am.log" 2>&1; then
			printf '%s\tapply\t0\tok applies on its parent\t0\n' "$step" >>"$tsv"
			export GATE_PATCH=$p
			run_scope patch "$step" "$parent $(sha256sum <"$p")"
			[ -z "$GATE_SENDER" ] || run_scope sendable "$step" "$parent $(sha256sum <"$p")"
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
	done <"${list[$s]}"
	GATE_PATCH=
	inputs="$base $s $(xargs cat "${cover[$s]:-/dev/null}" <"${list[$s]}" | sha256sum)"
	[ -z "$GATE_PREREQ_LIST" ] || inputs+=" $(xargs cat <"$GATE_PREREQ_LIST" | sha256sum)"
	run_scope series "$s/series" "$inputs"
	[ "$s" != "${present[-1]}" ] || run_scope tip "$s/series" "$inputs $(tree_id)"
done

# --- the table ---------------------------------------------------------------
{
	echo "== upstream gate: $(for s in "${present[@]}"; do
		printf '%s %s patches; ' "$s" "$(grep -c . "${list[$s]}")"; done)base ${base:0:12}, tip $(tgit log -1 --format='%h %s' HEAD | cut -c1-60)"
	awk -F'\t' -v steps="${steps[*]}" -v series="${present[*]}" '
		function cell(rc) { return rc == 0 ? "ok" : rc == 2 ? "ERROR" : "FAIL" }
		{ if (!($2 in seen)) { seen[$2] = 1; rows[++n] = $2 }
		  if ($1 ~ /\/series$/) isseries[$2] = 1; else isstep[$2] = 1
		  v[$2, $1] = cell($3)
		  if ($3 != 0) notes[++m] = sprintf("  [%s] %s: %s", $1, $2, $4)
		  if ($3 == 0) nok++; else if ($3 == 2) nerr++; else nfail++ }
		END {
			ns = split(steps, st, " ")
			nser = split(series, se, " ")
			for (k = 1; k <= nser; k++) {
				printf "\n%-28s", "per patch: " se[k]
				for (j = 1; j <= ns; j++)
					if (st[j] == "base" && k == 1 || index(st[j], se[k] "/") == 1) {
						lab = st[j]; sub(/.*\//, "", lab); printf " %-5s", lab }
				printf "\n"
				for (i = 1; i <= n; i++) {
					if (!(rows[i] in isstep)) continue
					printf "%-28s", rows[i]
					for (j = 1; j <= ns; j++)
						if (st[j] == "base" && k == 1 || index(st[j], se[k] "/") == 1)
							printf " %-5s", ((rows[i], st[j]) in v) ? v[rows[i], st[j]] : "-"
					printf "\n"
				}
			}
			printf "\n%-28s", "per series"
			for (k = 1; k <= nser; k++) printf " %-9s", se[k]
			printf "\n"
			for (i = 1; i <= n; i++) {
				if (!(rows[i] in isseries)) continue
				printf "%-28s", rows[i]
				for (k = 1; k <= nser; k++)
					printf " %-9s", ((rows[i], se[k] "/series") in v) ? v[rows[i], se[k] "/series"] : "-"
				printf "\n"
			}
			if (m) printf "\nnot ok:\n"
			for (i = 1; i <= m; i++) print notes[i]
			printf "\ngate: %d ok, %d failed, %d could not run (ERROR)\n", nok, nfail, nerr
		}' "$tsv"
	echo "gate: $((SECONDS - start))s; logs in $GATE/logs"
} | tee "$results/gate.txt"
{
	echo "base: $base"
	for s in "${present[@]}"; do echo "$s: $(grep -c . "${list[$s]}") patches from $root/$s"; done
	echo "tip: $(tgit rev-parse HEAD)"
} >"$results/gate.meta"

# A failure fails the gate; a check that could not run makes it exit 2.
awk -F'\t' '$3 == 1 { bad = 1 } $3 == 2 { err = 1 } END { exit bad ? 1 : err ? 2 : 0 }' "$tsv"
