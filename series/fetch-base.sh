#!/usr/bin/env bash
# Download the pinned Debian base package and verify its sha256.
# A corrupt or truncated download is removed and fetched once more; a
# version the registry no longer carries fails with the list of versions it
# does carry.
. "$(dirname "$0")/../lib/common.sh"

deb=$DL/${BASE_PACKAGE}_${BASE_VERSION//:/%3a}_all.deb
mkdir -p "$DL"

verify() {
	[ -f "$deb" ] && echo "$BASE_SHA256  $deb" | sha256sum --quiet -c - 2>/dev/null
}

if verify; then
	echo "$deb"
	exit 0
fi

mapfile -t opts < <(priv_apt_opts "$BASE_SUITE")
run_logged "$LOGS/apt-update.log" apt-get "${opts[@]}" update

# (apt-cache show PKG=VERSION exits 0 for a version it does not have.)
avail=$(apt-cache "${opts[@]}" madison "$BASE_PACKAGE" 2>/dev/null |
	awk -F'|' '{ gsub(/ /, "", $2); print "  " $2 }')
if [ -z "$BASE_VERSION" ] || ! grep -qxF "  $BASE_VERSION" <<<"$avail"; then
	die "$BASE_PACKAGE $BASE_VERSION is not in $BASE_SUITE; available:
${avail:-  (none: no $BASE_PACKAGE in $BASE_SUITE)}
Pin one of them in base.conf (BASE_VERSION and BASE_SHA256)."
fi

for attempt in 1 2; do
	if [ -f "$deb" ]; then
		log "checksum mismatch for ${deb##*/}; fetching it again"
		rm -f "$deb"
	fi
	log "downloading $BASE_PACKAGE $BASE_VERSION (attempt $attempt)"
	(cd "$DL" && apt-get "${opts[@]}" download "$BASE_PACKAGE=$BASE_VERSION") \
		>"$LOGS/apt-download.log" 2>&1 || { tail -n 20 "$LOGS/apt-download.log" >&2; continue; }
	if verify; then
		echo "$deb"
		exit 0
	fi
done
die "${deb##*/}: sha256 is not $BASE_SHA256 after two downloads"
