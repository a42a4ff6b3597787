#!/usr/bin/env bash
# An unpack killed midway - after extracting, before git; and after the
# commit, before the "base" tag - is redone by the next run, with the same
# base commit as an uninterrupted run. Uses a small linux-source package
# made here (pinned through BASE_CONF), so the interruption points are exact
# and the test is quick; the real base is checked against its pinned commit.
. "$(dirname "$0")/lib.sh"
plan 10
. "$TOP/base.conf"

# The real base: unpacked by the harness, with the commit base.conf pins.
need_base
got=$(git -C "$REAL_SRC" rev-parse base 2>/dev/null)
if [ "$got" = "$BASE_COMMIT" ]; then
	ok "build/src: base commit is the pinned $BASE_COMMIT"
else
	fail "build/src: base commit '$got', base.conf pins $BASE_COMMIT"
fi

# A small package shaped like Debian's linux-source-7.3.
p=$T/pkg
mkdir -p "$p/DEBIAN" "$T/src/linux-source-7.3/drivers" "$p/usr/src"
printf 'Package: %s\nVersion: 7.3.4-1~test1\nArchitecture: all\nMaintainer: t <t@x.invalid>\nDescription: test\n' \
	"$BASE_PACKAGE" >"$p/DEBIAN/control"
echo '*' >"$T/src/linux-source-7.3/.gitignore" # Debian's: ignores everything
seq 1 2000 >"$T/src/linux-source-7.3/Makefile"
echo 'int x;' >"$T/src/linux-source-7.3/drivers/x.c"
tar -cJf "$p/usr/src/linux-source-7.3.tar.xz" -C "$T/src" linux-source-7.3
deb=$T/${BASE_PACKAGE}_7.3.4-1~test1_all.deb
dpkg-deb --root-owner-group --build "$p" "$deb" >/dev/null
sed -e 's/^BASE_VERSION=.*/BASE_VERSION=7.3.4-1~test1/' \
	-e "s/^BASE_SHA256=.*/BASE_SHA256=$(sha256sum <"$deb" | cut -c1-64)/" \
	"$TOP/base.conf" >"$T/base.conf"
export BASE_CONF=$T/base.conf

unpack() { # BUILD_DIR [SHIM_DIR]
	mkdir -p "$1/downloads"
	cp -n "$deb" "$1/downloads/"
	PATH=${2:+$2:}$PATH BUILD=$1 "$TOP/series/unpack-base.sh"
}
check "uninterrupted unpack" unpack "$T/ref"
ref=$(git -C "$T/ref/src" rev-parse base)

# Shims that kill unpack-base.sh (their parent) at one point of its work.
mkdir -p "$T/shim-tar" "$T/shim-tag"
cat >"$T/shim-tar/tar" <<SHIM
#!/bin/sh
$(command -v tar) "\$@"; rc=\$?
case "\$*" in *-xJf*) kill -KILL \$PPID ;; esac
exit \$rc
SHIM
cat >"$T/shim-tag/git" <<SHIM
#!/bin/sh
for a; do [ "\$a" = tag ] && { kill -KILL \$PPID; exit 1; }; done
exec $(command -v git) "\$@"
SHIM
chmod +x "$T"/shim-*/*

for point in tar tag; do
	b=$T/build-$point
	unpack "$b" "$T/shim-$point" >"$T/$point.out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] && ! git -C "$b/src" rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
		ok "killed at $point: unpack stopped without a base tag"
	else
		fail "killed at $point: exit $rc, or a base tag exists"
	fi
	check "killed at $point: the next run succeeds" unpack "$b"
	got=$(git -C "$b/src" rev-parse base 2>/dev/null)
	if [ "$got" = "$ref" ]; then
		ok "killed at $point: resumed unpack gives the same base commit ${ref:0:12}"
	else
		fail "killed at $point: base commit '$got', uninterrupted run gave $ref"
	fi
	if [ -z "$(git -C "$b/src" status --porcelain --ignored)" ] && [ ! -e "$b/unpack.tmp" ] &&
	   [ "$(git -C "$b/src" ls-files | wc -l)" = 3 ]; then
		ok "killed at $point: the whole tree is tracked, nothing left over"
	else
		fail "killed at $point: tree not fully tracked: $(git -C "$b/src" status --porcelain --ignored | head -n 3)"
	fi
done
