#!/usr/bin/env bash
# Regenerate the series files of both series from their branches with git
# format-patch.
#
# Usage: series/export.sh [--from DIR] [--out ROOT] [--base REV]
#                         [--net BRANCH] [--net-next BRANCH]
#   --from DIR        worktree or repository holding the branches (default
#                     build/tree)
#   --net BRANCH      the net series: the commits BASE..BRANCH (default
#                     PREFIX-net, e.g. pse-net)
#   --net-next BRANCH the net-next series: the commits NET..BRANCH, on top
#                     of the net branch (default PREFIX-net-next)
#   --base REV        the upstream commit both series are for, their
#                     base-commit: (default: git config branch.NET.seriesBase,
#                     else the tag "base" of that repository, else the
#                     harness's base)
#   --out ROOT        where the files go: ROOT/net and ROOT/net-next (default
#                     patches/); the *.patch files there are replaced,
#                     nothing else is touched
# Example, from a development worktree (make dev):
#   series/export.sh --from build/dev --net dev-net --net-next dev-net-next
#
# Each branch carries what is not in its commits:
#   git branch --edit-description B     the cover letter: first paragraph =
#                                       subject, then the text, with b4's
#                                       "change-id: ..." line
#   git config branch.B.seriesPrefix P  the subject prefix, "PATCH net" or
#                                       "PATCH net-next v3" (the version is
#                                       read from here, never assumed)
# The net-next cover letter names the net series it needs the b4 way: the
# line "prerequisite-change-id: <net change-id>:v<net version>" in its
# text (added to the description when it is missing) and one
# "prerequisite-patch-id:" line per net patch, which git format-patch
# --base writes itself because the series starts on the net branch.
#
# Output depends only on the commits, the descriptions and the base: zero
# commit ids in the "From " lines, no signature, the cover letter From/Date
# taken from the newest commit's author, the user's git configuration
# ignored, whatever is checked out. Every file gets Cc: the people and lists
# scripts/get_maintainer.pl names for its series, from the MAINTAINERS of
# the series' last commit (EXPORT_CC=0: none).
. "$(dirname "$0")/../lib/common.sh"

from=$TREE out=$PATCHES_DIR base=
net_b=$(series_branch net) nn_b=$(series_branch net-next)
while [ $# -gt 0 ]; do
	case $1 in
	--from) from=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--base) base=$2; shift 2 ;;
	--net) net_b=$2; shift 2 ;;
	--net-next) nn_b=$2; shift 2 ;;
	-h | --help) sed -n '2,/^\. /{/^\. /d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) die "unknown argument $1 (see $0 --help)" ;;
	esac
done
# core.abbrev: the "index" lines must not depend on the number of objects in
# the repository (which differs between a fresh clone and a working one).
g() { git_clean_env -C "$from" -c core.abbrev=12 "$@"; }
g rev-parse --git-dir >/dev/null 2>&1 || die "$from is not a git worktree (--from)"
for b in "$net_b" "$nn_b"; do
	g rev-parse -q --verify "refs/heads/$b" >/dev/null ||
		die "no branch $b in $from (--net/--net-next; make dev makes a development worktree with both)"
done
base=${base:-$(g config "branch.$net_b.seriesBase" || true)}
if [ -z "$base" ] && g rev-parse -q --verify 'refs/tags/base^{commit}' >/dev/null; then base=base; fi
if [ -z "$base" ]; then base=$(base_commit); fi
base=$(g rev-parse -q --verify "$base^{commit}") || die "base $base is not a commit in $from (--base)"
g merge-base --is-ancestor "$base" "$net_b" ||
	die "$net_b does not start from ${base:0:12}; rebase it onto the base first"
g merge-base --is-ancestor "$net_b" "$nn_b" ||
	die "$nn_b does not start where $net_b ends; rebase it onto $net_b (git rebase $net_b $nn_b)"

tmp=$(mktemp -d "$BUILD/export.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

desc_of() { g config "branch.$1.description" || true; }
change_id() { sed -n 's/^change-id: *//p' <<<"$1" | head -n 1; }

# check_branch NAME START BRANCH: a series with commits has a cover letter
# (the description) and a subject prefix for its tree.
check_branch() {
	local name=$1 start=$2 branch=$3 prefix
	[ "$(g rev-list --count "$start..$branch")" -gt 0 ] || return 0
	[ -n "$(desc_of "$branch")" ] ||
		die "branch $branch has no description, so no cover letter: write one with
  git -C $from branch --edit-description $branch
(first paragraph: the cover letter subject; then the text; keep the change-id line)"
	prefix=$(g config "branch.$branch.seriesPrefix" || true)
	[ -n "$prefix" ] || die "branch $branch has no subject prefix: set it with
  git -C $from config branch.$branch.seriesPrefix '$([ "$name" = net ] && echo 'PATCH net' || echo 'PATCH net-next vN')'"
	[ "$(prefix_tree "$prefix")" = "$name" ] ||
		die "branch $branch is the $name series, its prefix '$prefix' names another tree (git config branch.$branch.seriesPrefix)"
}
check_branch net "$base" "$net_b"
check_branch net-next "$net_b" "$nn_b"

# The net-next description names the net series (b4's prerequisite).
n_net=$(g rev-list --count "$base..$net_b")
nn_desc=$(desc_of "$nn_b")
have=$(sed -n 's/^prerequisite-change-id: *//p' <<<"$nn_desc")
if [ "$n_net" -gt 0 ]; then
	net_cid=$(change_id "$(desc_of "$net_b")")
	[ -n "$net_cid" ] || die "the net series ($net_b) has no change-id: line in its description; add one (b4 style: change-id: YYYYMMDD-name-<12 hex>)"
	net_prefix=$(g config "branch.$net_b.seriesPrefix" || true)
	want="$net_cid:v$(prefix_version "$net_prefix" | grep . || echo 1)"
	if [ -z "$have" ] && [ -n "$nn_desc" ]; then
		nn_desc=$(awk -v line="prerequisite-change-id: $want" '
			{ print } /^change-id: / && !done { print line; done = 1 }
			END { if (!done) print "\n" line }' <<<"$nn_desc")
		g config "branch.$nn_b.description" "$nn_desc"
		log "$nn_b: added 'prerequisite-change-id: $want' to its description"
	elif [ -n "$have" ] && [ "$have" != "$want" ]; then
		die "$nn_b names the prerequisite '$have', the net series is '$want': fix the line in git branch --edit-description $nn_b"
	fi
elif [ -n "$have" ]; then
	die "$nn_b names a prerequisite ($have) but there is no net series ($net_b has no commits): remove the line (git branch --edit-description $nn_b)"
fi

# export_series NAME START BRANCH: the files of one series into $tmp/NAME.
export_series() {
	local name=$1 start=$2 branch=$3 n prefix newest cc=() addrs=() a
	mkdir -p "$tmp/$name"
	n=$(g rev-list --count "$start..$branch")
	[ "$n" -gt 0 ] || return 0
	prefix=$(g config "branch.$branch.seriesPrefix")
	# Cc: everyone scripts/get_maintainer.pl names for the series (netdev's
	# cc_maintainers check), run on the MAINTAINERS of the series' own last
	# commit, so the result depends on the commits only and round-trips.
	if [ "${EXPORT_CC:-1}" != 0 ] && g cat-file -e "$branch:scripts/get_maintainer.pl" 2>/dev/null; then
		mkdir -p "$tmp/gm-$name/scripts"
		g show "$branch:scripts/get_maintainer.pl" >"$tmp/gm-$name/scripts/get_maintainer.pl"
		g show "$branch:MAINTAINERS" >"$tmp/gm-$name/MAINTAINERS"
		g format-patch -q -o "$tmp/pre-$name" "$start..$branch"
		mapfile -t addrs < <(cd "$tmp/gm-$name" && perl scripts/get_maintainer.pl --no-tree \
			--no-rolestats --nogit --nogit-fallback "$tmp/pre-$name"/*.patch \
			2>"$LOGS/get_maintainer-$name.log" | LC_ALL=C sort -u)
		rm -rf "$tmp/pre-$name" "$tmp/gm-$name"
		for a in "${addrs[@]}"; do cc+=("--cc=$a"); done
	fi
	# The cover letter's From and Date are the committer's: make them the
	# newest commit's author and author date, which survive git am.
	newest=$(g log --format='%at %H' "$start..$branch" | sort -n | tail -n1 | cut -d' ' -f2)
	GIT_COMMITTER_NAME=$(g log -1 --format=%an "$newest") \
	GIT_COMMITTER_EMAIL=$(g log -1 --format=%ae "$newest") \
	GIT_COMMITTER_DATE=$(g log -1 --format=%ad --date=raw "$newest") \
	g format-patch -q \
		-o "$tmp/$name" --cover-letter --cover-from-description=subject \
		--subject-prefix="$prefix" --base="$base" \
		--zero-commit --no-signature --no-thread --numbered \
		--diff-algorithm=myers --no-relative "${cc[@]}" "$start..$branch"
}
export_series net "$base" "$net_b"
export_series net-next "$net_b" "$nn_b"

# git format-patch --base computes the prerequisite patch-ids itself, and
# for some patches (here: one touching two files) not as `git patch-id
# --stable` does on the mbox, which is what b4 and the gate compare: write
# the ids of the exported net patches, in order.
nn_cover=$(find "$tmp/net-next" -name '0000-cover-letter.patch' 2>/dev/null)
if [ -n "$nn_cover" ] && grep -q '^prerequisite-patch-id:' "$nn_cover"; then
	for p in "$tmp"/net/[0-9][0-9][0-9][0-9]-*.patch; do
		[ "${p##*/}" != 0000-cover-letter.patch ] || continue
		git patch-id --stable <"$p" | cut -d' ' -f1
	done >"$tmp/net.pids"
	awk 'NR == FNR { id[++n] = $1; next }
	     /^prerequisite-patch-id:/ { if (!done) { for (i = 1; i <= n; i++) print "prerequisite-patch-id: " id[i]; done = 1 }; next }
	     { print }' "$tmp/net.pids" "$nn_cover" >"$nn_cover.new"
	mv "$nn_cover.new" "$nn_cover"
fi

for s in "${SERIES_NAMES[@]}"; do
	mkdir -p "$out/$s"
	find "$out/$s" -maxdepth 1 -type f -name '*.patch' -delete
	n=$(find "$tmp/$s" -name '*.patch' | wc -l)
	[ "$n" -eq 0 ] || mv "$tmp/$s"/*.patch "$out/$s"/
	log "exported $s: $((n > 0 ? n - 1 : 0)) patches$([ "$n" -eq 0 ] || echo " + cover letter") to $out/$s"
done
