#!/usr/bin/env bash
# A pinned base version the registry does not carry (wrong, or missing from
# base.conf): fetch fails and lists the versions that are available.
. "$(dirname "$0")/lib.sh"
plan 10
. "$TOP/base.conf"

for case in wrong missing; do
	conf=$T/$case.conf
	if [ $case = wrong ]; then
		sed 's/^BASE_VERSION=.*/BASE_VERSION=0.0.1-harness-test/' "$TOP/base.conf" >"$conf"
	else
		sed '/^BASE_VERSION=/d' "$TOP/base.conf" >"$conf"
		echo 'BASE_VERSION=' >>"$conf"
	fi
	out=$T/$case.out
	run_fails "$case version: fetch fails" "$out" \
		env BASE_CONF="$conf" BUILD="$T/build-$case" "$TOP/series/fetch-base.sh"
	check_out "$case version: says the version is not in $BASE_SUITE" \
		"is not in $BASE_SUITE; available:" "$out"
	if grep -qxF "  $BASE_VERSION" "$out"; then
		ok "$case version: lists the available version $BASE_VERSION"
	else
		fail "$case version: $BASE_VERSION not listed"; sed 's/^/    | /' "$out"
	fi
	check_out "$case version: tells what to do next" "Pin one of them in base.conf" "$out"
	if compgen -G "$T/build-$case/downloads/*.deb" >/dev/null; then
		fail "$case version: something was downloaded"
	else
		ok "$case version: nothing downloaded"
	fi
done
