#!/usr/bin/env bash
# Apply the series: reset branch $SERIES_BRANCH in $TREE to the base and
# git am every $PATCHES_DIR/*.patch in order (the cover letter, *0000-*.patch,
# is not applied: its subject and text become the branch description, which
# export-series.sh turns back into the cover letter).
# The committer identity is fixed and the committer date is the author date,
# so the same patches on the same base give the same commit ids. A branch
# that already holds exactly these patches is left alone (set FORCE=1 to
# apply anyway).
# A patch that does not apply: its name, git's reason and the hunk that
# fails are printed, git am is aborted and the script exits 1.
. "$(dirname "$0")/lib.sh"

base=$("$TOP/scripts/prepare-tree.sh")
g() { git_clean_env -C "$TREE" "$@"; }

covers=() patches=()
while IFS= read -r f; do
	case ${f##*/} in
	*0000-*) covers+=("$f") ;;
	*) patches+=("$f") ;;
	esac
done < <(find "$PATCHES_DIR" -maxdepth 1 -type f -name '*.patch' | LC_ALL=C sort)
[ ${#covers[@]} -le 1 ] || die "more than one cover letter in $PATCHES_DIR: ${covers[*]##*/}"

stamp=$( { echo "$base"; for f in "${covers[@]}" "${patches[@]}"; do
	echo "${f##*/} $(sha256sum <"$f")"; done; } | sha256sum | cut -c1-64)
if [ -z "${FORCE:-}" ] &&
   [ "$(g config "branch.$SERIES_BRANCH.seriesStamp" || true)" = "$stamp $(g rev-parse HEAD)" ] &&
   [ "$(g symbolic-ref -q HEAD || true)" = "refs/heads/$SERIES_BRANCH" ] &&
   [ ! -e "$(g rev-parse --git-path rebase-apply)" ] &&
   [ -z "$(g status --porcelain --untracked-files=normal)" ]; then
	log "series already applied: ${#patches[@]} patches on ${base:0:12} (branch $SERIES_BRANCH in $TREE)"
	exit 0
fi

[ ! -e "$(g rev-parse --git-path rebase-apply)" ] || g am --abort
g checkout -q -f -B "$SERIES_BRANCH" "$base"
g clean -q -f -d -x
g config --unset "branch.$SERIES_BRANCH.seriesStamp" || true

export GIT_COMMITTER_NAME=$SERIES_COMMITTER_NAME GIT_COMMITTER_EMAIL=$SERIES_COMMITTER_EMAIL
n=0
for p in "${patches[@]}"; do
	if ! out=$(g am -q --committer-date-is-author-date --no-3way \
			--no-message-id --no-keep-cr --no-scissors "$p" 2>&1); then
		printf '%s\n' "$out" >&2
		echo "--- the hunks that do not apply (git apply --check -v):" >&2
		g apply --check -v "$p" 2>&1 | grep -v '^Checking patch\|^Hunk #.* succeeded' >&2 || true
		g am --abort || true
		die "patch ${p##*/} does not apply to ${base:0:12} ($(g log -1 --format=%s "$base"))
after $n patches. Rebase the series onto that base in your development tree
and export it again (scripts/export-series.sh --from <worktree> <branch>), or
fix it by hand: cd $TREE && git am -3 $p"
	fi
	n=$((n + 1))
done

desc=
if [ ${#covers[@]} -eq 1 ]; then
	mapfile -t authors < <(g log --format=%an "$base..HEAD" | sort -u)
	desc=$("$TOP/scripts/cover-description.py" "${covers[0]}" "${authors[@]}")
fi
if [ -n "$desc" ]; then
	g config "branch.$SERIES_BRANCH.description" "$desc"
else
	g config --unset "branch.$SERIES_BRANCH.description" || true
fi
g config "branch.$SERIES_BRANCH.seriesStamp" "$stamp $(g rev-parse HEAD)"
log "applied $n patches on ${base:0:12} (branch $SERIES_BRANCH in $TREE)"
