#!/usr/bin/env bash
# The guest userspace of the emulated board, from Debian armhf packages:
# busybox-static, ethtool and bash (for the series' PSE selftest) with the
# shared libraries they need (libc6, libmnl0, libtinfo6). Packages come from the mirror of the machine's apt configuration
# through a private apt state (priv_apt_opts); the host's apt setup is not
# touched. Downloaded once into build/downloads/board-SUITE/ (BOARD_REFRESH=1
# fetches again).
#   board/host/rootfs.sh
# Writes build/board/rootfs/tree (the files) and build/board/rootfs/manifest
# (package versions).
. "$(dirname "$0")/lib.sh"

need_pkgs dpkg binutils-arm-linux-gnueabihf
pkgs=(busybox-static ethtool bash libc6 libmnl0 libtinfo6)
debs=$DL/board-$BOARD_SUITE
mkdir -p "$debs"

have_all() {
	local p
	for p in "${pkgs[@]}"; do
		compgen -G "$debs/${p}_*_armhf.deb" >/dev/null || return 1
	done
}
if [ "${BOARD_REFRESH:-0}" = 1 ] || ! have_all; then
	mapfile -t opts < <(priv_apt_opts "$BOARD_SUITE" armhf)
	log "fetching ${pkgs[*]} (armhf, $BOARD_SUITE)"
	run_logged "$BOARD_LOGS/apt-update.log" apt-get "${opts[@]}" update
	rm -f "$debs"/*.deb
	(cd "$debs" && apt-get "${opts[@]}" download "${pkgs[@]}") \
		>"$BOARD_LOGS/apt-download.log" 2>&1 ||
		die "cannot download ${pkgs[*]} for armhf; see $BOARD_LOGS/apt-download.log"
	have_all || die "apt-get download left no .deb for some of ${pkgs[*]} in $debs"
fi

root=$BOARD/rootfs
rm -rf "$root"
mkdir -p "$root/pkgs" "$root/tree"
: >"$root/manifest"
for p in "${pkgs[@]}"; do
	deb=$(compgen -G "$debs/${p}_*_armhf.deb" | sort | tail -n 1)
	dpkg-deb -x "$deb" "$root/pkgs"
	echo "$p $(dpkg-deb -f "$deb" Version)" >>"$root/manifest"
done

# Merged /usr, as in Debian: /bin, /sbin and /lib point into /usr.
t=$root/tree
mkdir -p "$t/usr/bin" "$t/usr/sbin" "$t/usr/lib/arm-linux-gnueabihf"
ln -s usr/bin "$t/bin"
ln -s usr/sbin "$t/sbin"
ln -s usr/lib "$t/lib"
cp "$root/pkgs/usr/bin/busybox" "$t/usr/bin/busybox"
cp "$root/pkgs/usr/sbin/ethtool" "$t/usr/sbin/ethtool"
cp "$root/pkgs/bin/bash" "$t/usr/bin/bash" 2>/dev/null ||
	cp "$root/pkgs/usr/bin/bash" "$t/usr/bin/bash"
ln -s arm-linux-gnueabihf/ld-linux-armhf.so.3 "$t/usr/lib/ld-linux-armhf.so.3"

# The shared libraries ethtool and bash need, transitively (DT_NEEDED).
libdir=$root/pkgs/usr/lib/arm-linux-gnueabihf
todo=("$t/usr/sbin/ethtool" "$t/usr/bin/bash")
while [ ${#todo[@]} -gt 0 ]; do
	f=${todo[0]}
	todo=("${todo[@]:1}")
	for lib in $(arm-linux-gnueabihf-readelf -d "$f" |
		sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -e "$t/usr/lib/arm-linux-gnueabihf/$lib" ] && continue
		[ -e "$libdir/$lib" ] || [ ! -e "$root/pkgs/lib/arm-linux-gnueabihf/$lib" ] ||
			libdir=$root/pkgs/lib/arm-linux-gnueabihf
		[ -e "$libdir/$lib" ] ||
			die "$(basename "$f") needs $lib, which none of ${pkgs[*]} has"
		cp -L "$libdir/$lib" "$t/usr/lib/arm-linux-gnueabihf/$lib"
		todo+=("$t/usr/lib/arm-linux-gnueabihf/$lib")
	done
done
log "guest userspace: $(tr '\n' ' ' <"$root/manifest")($(du -sh "$t" | cut -f1))"
