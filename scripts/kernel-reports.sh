#!/usr/bin/env bash
# Print the kernel's own error reports found in a kernel log - lockdep,
# KASAN, kmemleak, debugobjects, list corruption, BUG:, WARNING:, oops,
# panic - with their line numbers. Exit 1 when there is one, 0 when the log
# is clean. Usage: scripts/kernel-reports.sh LOG
set -euo pipefail
if [ $# -ne 1 ] || [ ! -r "$1" ]; then echo "usage: $0 LOG" >&2; exit 2; fi
re='BUG:|WARNING:|INFO: possible|INFO: task .* blocked|unreferenced object 0x'
re+='|new suspected memory leaks|ODEBUG:|list_(add|del) corruption|Kernel panic|Oops'
if grep -En "$re" "$1"; then
	exit 1
fi
exit 0
