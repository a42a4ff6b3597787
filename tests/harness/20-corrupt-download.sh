#!/usr/bin/env bash
# A corrupt and a truncated (interrupted) download: the checksum mismatch is
# noticed, the package is fetched again and verified.
. "$(dirname "$0")/lib.sh"
plan 8
. "$TOP/base.conf"

real=$("$TOP/series/fetch-base.sh" 2>/dev/null) || { fail "cannot fetch the real base package"; exit 1; }
for case in corrupt truncated; do
	b=$T/build-$case
	deb=$b/downloads/${real##*/}
	mkdir -p "$b/downloads"
	cp "$real" "$deb"
	if [ $case = corrupt ]; then
		printf 'XXXXXXXX' | dd of="$deb" bs=1 seek=100000 conv=notrunc status=none
	else
		truncate -s 50M "$deb"
	fi
	out=$T/$case.out
	check "$case: fetch succeeds" env BUILD="$b" "$TOP/series/fetch-base.sh"
	cp "$T/last.out" "$out"
	check_lit "$case: checksum mismatch reported" "checksum mismatch for ${real##*/}; fetching it again" "$out"
	check_lit "$case: downloaded again" "downloading $BASE_PACKAGE $BASE_VERSION" "$out"
	# The file was damaged above: the pinned sha256 now means it was
	# replaced (its inode number may be reused, so that proves nothing).
	if echo "$BASE_SHA256  $deb" | sha256sum --quiet -c - 2>/dev/null; then
		ok "$case: the new file has the pinned sha256"
	else
		fail "$case: the package was not replaced by a good download"
	fi
	rm -rf "$b"
done
