#!/usr/bin/env bash
# Regenerate the series files from a branch with git format-patch.
#
# Usage: scripts/export-series.sh [--from DIR] [--base REV] [--out DIR] [BRANCH]
#   --from DIR  worktree or repository holding the branch
#               (env EXPORT_FROM; default $TREE, i.e. build/tree)
#   BRANCH      the series branch (env EXPORT_BRANCH; default: the branch
#               checked out in DIR)
#   --base REV  the commit the series starts from (env EXPORT_BASE; default:
#               git config branch.BRANCH.seriesBase, else the tag "base")
#   --out DIR   where the files go (env PATCHES_DIR; default patches/); the
#               *.patch files there are replaced, nothing else is touched
# Example, from the development worktree: scripts/export-series.sh --from build/dev dev
#
# The cover letter is made from the branch description (git branch
# --edit-description: first paragraph = subject, the rest = body; keep the
# b4 "change-id: ..." line there). Output depends only on the commits, the
# description and the base: zero commit ids in the "From " lines, no
# signature, the cover letter From/Date taken from the newest commit's
# author, the user's global git configuration ignored. Every file gets Cc:
# the people and lists scripts/get_maintainer.pl of the tree names for the
# series (EXPORT_CC=0: none).
. "$(dirname "$0")/lib.sh"

from=${EXPORT_FROM:-$TREE} branch=${EXPORT_BRANCH:-} base=${EXPORT_BASE:-} out=$PATCHES_DIR
while [ $# -gt 0 ]; do
	case $1 in
	--from) from=$2; shift 2 ;;
	--base) base=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-h|--help) sed -n '2,/^\. /{/^\. /d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*) die "unknown option $1 (see $0 --help)" ;;
	*) branch=$1; shift ;;
	esac
done
# core.abbrev: the "index" lines must not depend on the number of objects in
# the repository (which differs between a fresh clone and a working one).
g() { git_clean_env -C "$from" -c core.abbrev=12 "$@"; }
g rev-parse --git-dir >/dev/null 2>&1 || die "$from is not a git worktree (--from)"
if [ -z "$branch" ]; then
	branch=$(g symbolic-ref -q --short HEAD) || die "$from has no branch checked out; name one"
fi
g rev-parse -q --verify "refs/heads/$branch" >/dev/null || die "no branch $branch in $from"
base=${base:-$(g config "branch.$branch.seriesBase" || echo base)}
base=$(g rev-parse -q --verify "$base^{commit}") || die "base $base is not a commit in $from (--base)"
g merge-base --is-ancestor "$base" "$branch" ||
	die "$branch does not start from ${base:0:12}; rebase it onto the base first"

n=$(g rev-list --count "$base..$branch")
tmp=$(mktemp -d "$BUILD/export.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ "$n" -gt 0 ]; then
	[ -n "$(g config "branch.$branch.description" || true)" ] ||
		die "branch $branch has no description, so no cover letter: write one with
  git -C $from branch --edit-description $branch
(first paragraph: the cover letter subject; then the text; keep the change-id line)"
	# Cc: everyone scripts/get_maintainer.pl names for the series (netdev's
	# cc_maintainers check), computed from the tree, so it round-trips.
	# EXPORT_CC=0: no Cc lines.
	cc=()
	if [ "${EXPORT_CC:-1}" != 0 ] && [ -f "$from/scripts/get_maintainer.pl" ]; then
		g format-patch -q -o "$tmp/pre" "$base..$branch"
		mapfile -t addrs < <(cd "$from" && perl scripts/get_maintainer.pl \
			--no-rolestats --nogit --nogit-fallback "$tmp"/pre/*.patch \
			2>"$LOGS/get_maintainer.log" | LC_ALL=C sort -u)
		rm -rf "$tmp/pre"
		for a in "${addrs[@]}"; do cc+=("--cc=$a"); done
	fi
	# The cover letter's From and Date are the committer's: make them the
	# newest commit's author and author date, which survive git am.
	newest=$(g log --format='%at %H' "$base..$branch" | sort -n | tail -n1 | cut -d' ' -f2)
	GIT_COMMITTER_NAME=$(g log -1 --format=%an "$newest") \
	GIT_COMMITTER_EMAIL=$(g log -1 --format=%ae "$newest") \
	GIT_COMMITTER_DATE=$(g log -1 --format=%ad --date=raw "$newest") \
	g format-patch -q -o "$tmp" --cover-letter --cover-from-description=subject \
		--subject-prefix="PATCH net-next" -v2 --base="$base" \
		--zero-commit --no-signature --no-thread --numbered \
		--diff-algorithm=myers --no-relative "${cc[@]}" "$base..$branch"
fi
mkdir -p "$out"
find "$out" -maxdepth 1 -type f -name '*.patch' -delete
[ "$n" -eq 0 ] || mv "$tmp"/*.patch "$out"/
log "exported $n patches$([ "$n" -eq 0 ] || echo " + cover letter") of $branch on ${base:0:12} to $out"
