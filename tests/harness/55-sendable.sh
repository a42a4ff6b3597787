#!/usr/bin/env bash
# make sendable (series/sendable.sh) on the gate's fixture series: refused
# under a placeholder identity (the repository's own, .invalid, noreply, an
# empty name) with what to do; under a real identity the mails carry the
# sender's From: and Signed-off-by:, keep every other line (Fixes:, Cc:,
# the diff) and pass the gate's mail checks, the sender check among them.
# Uses the gate's worktree of the real build (build/gate/tree).
. "$(dirname "$0")/lib.sh"
plan 13

need_base
fx=$T/fixture
"$TOP/gate/fixtures/make-series.sh" "$fx" good >"$T/fixture.log" 2>&1 ||
	{ fail "cannot make the fixture series"; cat "$T/fixture.log"; exit 1; }
env=(env PATCHES_DIR="$fx" RESULTS="$T/results" SENDABLE_OUT="$T/out" GATE="$REAL_BUILD/gate")

# The repository's own identity is the project's placeholder.
run_fails "refused under the repository's own identity ($(git -C "$TOP" config user.email || echo none))" \
	"$T/own.out" "${env[@]}" "$TOP/series/sendable.sh"
check_out "and says what to set" "set SENDER_NAME and SENDER_EMAIL" "$T/own.out"
for id in "Some One:some.one@x.invalid" "Some One:noreply@kernel-harness.org" ":some.one@kernel-harness.org" "Some One:someone@example.com"; do
	run_fails "refused as '${id%%:*} <${id#*:}>'" "$T/id.out" \
		"${env[@]}" SENDER_NAME="${id%%:*}" SENDER_EMAIL="${id#*:}" "$TOP/series/sendable.sh"
done
if [ ! -e "$T/out" ]; then ok "nothing written when refused"; else fail "files written under a placeholder: $(ls "$T/out")"; fi

check "sendable as a real identity" "${env[@]}" SENDER_NAME="Zoë Sender" SENDER_EMAIL=zoe.sender@kernel-harness.org \
	"$TOP/series/sendable.sh"
check_out "the gate's mail checks pass on it" '^sendable: ok: ' "$T/last.out"
if [ "$(awk -F'\t' '$2 == "sender" && $3 == 0' "$T/results/sendable/gate.tsv" | wc -l)" = 3 ]; then
	ok "the sender check ran on every patch (3) and passed"
else
	fail "the sender check did not pass on 3 patches: $(grep sender "$T/results/sendable/gate.tsv")"
fi
n=$(find "$T/out" -name '*.patch' | wc -l)
bad=0
for f in "$fx"/*/*.patch; do
	g=$T/out/${f#"$fx"/}
	# Only From: (and its folded line), Signed-off-by: and the MIME lines for
	# the non-ASCII name differ.
	diff "$f" "$g" | grep -E '^[<>]' |
		grep -vE '^[<>] (From: |Signed-off-by: | <gate\.fixture@example\.org>$|MIME-Version: |Content-Type: |Content-Transfer-Encoding: )' && bad=1
done
if [ "$n" = 5 ] && [ "$bad" = 0 ]; then ok "5 mails; only From:, Signed-off-by: and the MIME lines differ"; else fail "$n mails, other lines changed"; fi
if grep -q '^Fixes: d83e13761d5b ("net: pse-pd: Use regulator framework within PSE framework")$' "$T"/out/net/0001-*.patch &&
	grep -q '^Cc: ' "$T"/out/net-next/0002-*.patch; then
	ok "Fixes: and Cc: kept"
else
	fail "a Fixes: or Cc: line was lost"
fi
if grep -q '^From: =?utf-8?q?Zo=C3=AB_Sender?= <zoe.sender@kernel-harness.org>$' "$T"/out/net-next/0001-*.patch &&
	[ "$(grep '^Signed-off-by: ' "$T"/out/net-next/0001-*.patch | tail -n 1)" = "Signed-off-by: Zoë Sender <zoe.sender@kernel-harness.org>" ] &&
	! grep -q 'gate.fixture@example.org' "$T"/out/*/*.patch; then
	ok "From: and Signed-off-by: are the sender's, the placeholder is gone"
else
	fail "the sender identity is not in the mails"
fi
