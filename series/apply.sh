#!/usr/bin/env bash
# Apply the two series in build/tree: patches/net with git am on branch
# PREFIX-net (from the base), then patches/net-next on branch
# PREFIX-net-next, which starts where PREFIX-net ends (the branch PREFIX-net
# records where the net series ends). build/tree is left on PREFIX-net-next.
#
# The cover letters are not applied: the subject and text of each become the
# description of its branch (git config branch.B.description), its subject
# prefix ("PATCH net-next v3") branch.B.seriesPrefix; series/export.sh turns
# them back into the files. The committer identity is fixed and the
# committer date is the author date, so the same patches on the same base
# give the same commit ids.
#
# build/tree is the harness's mirror of patches/, but it never throws work
# away: when it has changes, files or commits that the last apply did not
# make, or another branch checked out, nothing is touched and the script
# says how to keep the work (export it) or drop it (FORCE=1). A tree that
# already holds exactly patches/ is left alone.
# A patch that does not apply: its name, git's reason and the hunk that
# fails are printed, git am is aborted and the script exits 1.
. "$(dirname "$0")/../lib/common.sh"

need_pkgs git xz-utils python3
[ -n "${KERNEL_TREE:-}" ] || "$TOP/series/unpack-base.sh" >/dev/null
base=$(base_commit)
net_b=$(series_branch net)
nn_b=$(series_branch net-next)
g() { git_clean_env -C "$TREE" "$@"; }

# What the result depends on: the base and every file of both series.
stamp=$( { echo "$base"; for s in "${SERIES_NAMES[@]}"; do
	for f in "$PATCHES_DIR/$s"/*.patch; do
		if [ -e "$f" ]; then echo "$s/${f##*/} $(sha256sum <"$f")"; fi
	done; done; } | sha256sum | cut -c1-64)

new=false
[ -e "$TREE" ] || new=true
kernel_worktree "$TREE" "$base" "$nn_b"

# state: what the last run of this script left, "STAMP NET-NEXT NET" (the
# commits of the two branches).
state() {
	echo "$stamp $(g rev-parse -q --verify "refs/heads/$nn_b" || echo none)" \
		"$(g rev-parse -q --verify "refs/heads/$net_b" || echo none)"
}
recorded=$(g config "branch.$nn_b.seriesState" || true)

# Work in build/tree that the harness did not make: refuse to touch it.
work=
if ! $new && [ -z "${FORCE:-}" ]; then
	if [ -e "$(g rev-parse --git-path rebase-apply)" ]; then
		work="a git am is in progress"
	elif [ "$(g symbolic-ref -q HEAD || true)" != "refs/heads/$nn_b" ]; then
		work="it has $(g symbolic-ref -q --short HEAD || echo 'a detached HEAD') checked out, not $nn_b"
	elif [ -n "$(g status --porcelain --ignored --untracked-files=all | head -n 1)" ]; then
		work="it has changes or files of its own:
$(g status --short --ignored --untracked-files=all | head -n 10)"
	elif [ "${recorded#* }" != "$(state | cut -d' ' -f2-)" ]; then
		work="its branches are not where the last apply left them ($(g log --oneline -1 "$nn_b"))"
	fi
fi
if [ -n "$work" ]; then
	die "build/tree ($TREE) holds work that is not in patches/: $work
Nothing was touched. To keep the work, commit it and export it:
  series/export.sh --from $TREE     (or make export; then make again)
or develop in a worktree of your own (make dev: build/dev). To throw it
away and apply patches/ again: FORCE=1 make"
fi

if ! $new && [ -z "${FORCE:-}" ] && [ "$recorded" = "$(state)" ]; then
	log "series already applied: $(g rev-list --count "$base..$net_b") net + $(g rev-list --count "$net_b..$nn_b") net-next patches on ${base:0:12} (branches $net_b, $nn_b in $TREE)"
	exit 0
fi

[ ! -e "$(g rev-parse --git-path rebase-apply)" ] || g am --abort
g checkout -q -f -B "$net_b" "$base"
g clean -q -f -d -x
g config --unset "branch.$nn_b.seriesState" || true

export GIT_COMMITTER_NAME=$SERIES_COMMITTER_NAME GIT_COMMITTER_EMAIL=$SERIES_COMMITTER_EMAIL
# apply_series NAME BRANCH START: git am the patches of series NAME on a new
# BRANCH at START; record its description, prefix and range.
apply_series() {
	local name=$1 branch=$2 start=$3 dir=$PATCHES_DIR/$1 p n=0 cover desc prefix first
	g checkout -q -f -B "$branch" "$start"
	while read -r p; do
		[ -n "$p" ] || continue
		if ! out=$(g am -q --committer-date-is-author-date --no-3way \
				--no-message-id --no-keep-cr --no-scissors "$p" 2>&1); then
			printf '%s\n' "$out" >&2
			echo "--- the hunks that do not apply (git apply --check -v):" >&2
			g apply --check -v "$p" 2>&1 | grep -v '^Checking patch\|^Hunk #.* succeeded' >&2 || true
			g am --abort || true
			g checkout -q -f -B "$nn_b" "$branch"
			g config "branch.$nn_b.seriesState" "$(state)"
			die "patch $name/${p##*/} does not apply to $(g log -1 --format='%h (%s)' "$branch")
after $n patches of $name. Rebase the series onto that base in your
development worktree and export it again (series/export.sh --from <worktree>),
or fix it by hand: cd $TREE && git am -3 $p"
		fi
		n=$((n + 1))
	done < <(series_patches "$dir")
	cover=$(series_cover "$dir")
	desc=
	if [ -n "$cover" ]; then
		mapfile -t authors < <(g log --format=%an "$start..HEAD" | sort -u)
		desc=$("$TOP/series/cover-description.py" "$cover" "${authors[@]}")
	fi
	if [ -n "$desc" ]; then
		g config "branch.$branch.description" "$desc"
	else
		g config --unset "branch.$branch.description" || true
	fi
	first=${cover:-$(series_patches "$dir" | head -n 1)}
	prefix=
	[ -z "$first" ] || prefix=$(series_prefix "$first")
	if [ -n "$prefix" ]; then
		g config "branch.$branch.seriesPrefix" "$prefix"
	else
		g config --unset "branch.$branch.seriesPrefix" || true
	fi
	# Remembered for series/export.sh and the report: where the series
	# starts, and the upstream commit it is for (its base-commit:).
	g config "branch.$branch.seriesStart" "$(g rev-parse "$start")"
	g config "branch.$branch.seriesBase" "$base"
	log "applied $n $name patches on $(g log -1 --format=%h "$start") (branch $branch)"
}
apply_series net "$net_b" "$base"
apply_series net-next "$nn_b" "$net_b"
g config "branch.$nn_b.seriesState" "$(state)"
