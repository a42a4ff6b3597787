#!/usr/bin/env bash
# Runs shellcheck on every shell script of the harness: the *.sh files and every
# file whose first line names a shell (gate checks, test runners, .ci/run).
# Settings in .shellcheckrc; a disable is written next to the line it is
# for, with the reason. Prints the findings and "shellcheck: N scripts, N
# findings"; exit 1 on a finding.
. "$(dirname "$0")/../lib/common.sh"

need_pkgs shellcheck
cd "$TOP"
mapfile -t files < <(git ls-files --cached --others --exclude-standard | while read -r f; do
	[ -f "$f" ] || continue
	case $f in
	patches/*) continue ;;
	*.sh) echo "$f" ;;
	*) head -n 1 "$f" | grep -qE '^#!.*/(env +)?(ba|da)?sh\b' && echo "$f" ;;
	esac
done | sort)
[ ${#files[@]} -gt 0 ] || cannot_run "no shell script found in $TOP"
rc=0
shellcheck -f gcc "${files[@]}" >"$LOGS/shellcheck.txt" 2>&1 || rc=$?
n=$(grep -c ': \(error\|warning\|note\|info\|style\):' "$LOGS/shellcheck.txt" || true)
cat "$LOGS/shellcheck.txt"
disables=$(grep -ho 'shellcheck disable=[A-Z0-9,]*' "${files[@]}" | wc -l)
echo "shellcheck: ${#files[@]} scripts, $n findings ($disables disable directives)"
if [ "$n" -gt 0 ]; then exit 1; fi
[ "$rc" = 0 ] || cannot_run "shellcheck exited $rc without a finding; see $LOGS/shellcheck.txt"
