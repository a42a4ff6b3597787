#!/usr/bin/env bash
# Unpack the verified base package into $SRC and record it as one git commit
# with a fixed author, committer and date (branch and tag "base"), so the base
# commit id is the same on every machine. Runs once; an interrupted unpack is
# detected (no "base" tag) and redone from scratch.
. "$(dirname "$0")/../lib/common.sh"

if git -C "$SRC" rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	git -C "$SRC" rev-parse base
	exit 0
fi

deb=$("$TOP/series/fetch-base.sh")
tmp=$BUILD/unpack.tmp
rm -rf "$tmp" "$SRC"
mkdir -p "$tmp"
log "unpacking ${deb##*/}"
dpkg-deb --fsys-tarfile "$deb" |
	tar -x -C "$tmp" --wildcards './usr/src/linux-source-*.tar.xz'
mkdir -p "$SRC"
tar -xJf "$tmp"/usr/src/linux-source-*.tar.xz -C "$SRC" --strip-components=1
rm -rf "$tmp"

log "recording the base tree in git"
export GIT_AUTHOR_NAME=$BASE_GIT_NAME GIT_AUTHOR_EMAIL=$BASE_GIT_EMAIL
export GIT_COMMITTER_NAME=$BASE_GIT_NAME GIT_COMMITTER_EMAIL=$BASE_GIT_EMAIL
export GIT_AUTHOR_DATE=$BASE_GIT_DATE GIT_COMMITTER_DATE=$BASE_GIT_DATE
git -C "$SRC" init -q -b debian
git -C "$SRC" config core.autocrlf false
git -C "$SRC" config gc.auto 0
# Debian's top-level .gitignore ignores everything: force-add the whole tree.
git -C "$SRC" add -A -f .
git -C "$SRC" commit -q --no-verify \
	-m "Linux $BASE_PACKAGE $BASE_VERSION (Debian base, unmodified)"
git -C "$SRC" tag base
git -C "$SRC" rev-parse base
