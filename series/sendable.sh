#!/usr/bin/env bash
# `make sendable`: the series as you send them, b4 style. Writes
# build/sendable/net and build/sendable/net-next: the files of patches/ with
# From: and Signed-off-by: of the sender instead of the project's
# placeholder identity, every other trailer and byte kept; then runs the
# gate's mail checks on that output (the sender check among them) and prints
# their table. Refuses a placeholder identity (.invalid, .example, noreply,
# empty): patches/ may keep the project identity, what a person sends must
# be theirs.
#   SENDER_NAME, SENDER_EMAIL   the sender, both (default: git config
#                               user.name and user.email, as git sees them
#                               in this checkout)
#   SENDABLE_OUT                the output directory (default build/sendable)
#   SENDABLE_CHECKS             the gate checks run on it (default below)
. "$(dirname "$0")/../lib/common.sh"

if [ -n "${SENDER_NAME+set}${SENDER_EMAIL+set}" ]; then
	name=${SENDER_NAME:-} email=${SENDER_EMAIL:-}
else
	name=$(git -C "$TOP" config user.name || true) email=$(git -C "$TOP" config user.email || true)
fi
out=${SENDABLE_OUT:-$BUILD/sendable}
checks=${SENDABLE_CHECKS:-sender verify_signedoff checkpatch verify_fixes series_format cover_letter tree_selection stable git_am b4}
result_start sendable

if ! why=$("$TOP/series/sendable.py" check "$name" "$email"); then
	die "refusing to make a sendable series as '$name <$email>': $why.
Send under your own identity: set SENDER_NAME and SENDER_EMAIL, or
  git config --global user.name 'Your Name'; git config --global user.email you@your.domain
(this repository's own user.email is the project's placeholder)"
fi
[ "$(series_count "$PATCHES_DIR")" -gt 0 ] || die "no patches in $PATCHES_DIR/net or $PATCHES_DIR/net-next"
rm -rf "$out"
for s in "${SERIES_NAMES[@]}"; do
	mkdir -p "$out/$s"
	for f in "$PATCHES_DIR/$s"/*.patch; do
		[ -e "$f" ] || continue
		"$TOP/series/sendable.py" rewrite "$name" "$email" "$f" "$out/$s/${f##*/}"
	done
done
log "wrote $(find "$out" -name '*.patch' | wc -l) mails as $name <$email> to $out; checking them"
rc=0
GATE_SENDER="$name <$email>" GATE_CHECKS=$checks GATE_RESULTS=$RESULTS/sendable \
	"$TOP/gate/run.sh" "$out" >"$LOGS/sendable-gate.log" 2>&1 || rc=$?
cat "$RESULTS/sendable/gate.txt" 2>/dev/null || tail -n 20 "$LOGS/sendable-gate.log"
{
	if [ "$rc" = 0 ]; then
		echo "sendable: ok: $out/net, $out/net-next from $name <$email>; send each series with git send-email (or b4 send), net first"
	else
		echo "sendable: FAIL: the gate's mail checks do not pass on $out (exit $rc); log: $LOGS/sendable-gate.log"
	fi
} | tee "$RESULTS/sendable.txt"
exit "$rc"
