#!/usr/bin/env python3
"""The text ranges the fault sweep keeps its injected failures to.

Usage: fault-ranges.py OBJ NM > OBJ/fault-ranges

failslab's and fail_page_alloc's require-start/require-end: an allocation
counts for the fail-nth of a task only when a function of the range is on
its stack. For built-in code the ranges come from the kernel build OBJ:

  phylib   drivers/net/{phy,pse-pd,mdio,pcs}: phylib, the PSE core and
           fwnode/of MDIO, linked next to each other (drivers/net/Makefile)
  ethtool  net/ethtool: the netlink requests of ethtool --show-pse/--set-pse
  kmemleak mm/kmemleak.o, the other way round: its bookkeeping of each
           allocation is rejected (reject-start/reject-end)

A range runs from the lowest global text symbol of its directories in
System.map to the first text symbol after the highest; no global text
symbol of other code may lie in between (checked); init text, freed after
boot, is left out. The module's range
(podl-pse-regulator, the board's only module) is found by the guest.
Prints "NAME START END FIRST-SYMBOL LAST-SYMBOL" lines; the guest checks
FIRST-SYMBOL's address in /proc/kallsyms before it uses a range.
"""
import os
import subprocess
import sys

RANGES = {
    'phylib': ['drivers/net/phy', 'drivers/net/pse-pd', 'drivers/net/mdio',
               'drivers/net/pcs'],
    'ethtool': ['net/ethtool'],
    # rejected, not required: kmemleak's bookkeeping of every allocation
    'kmemleak': ['mm/kmemleak.o'],
}


def globals_of(obj, nm, dirs):
    names = set()
    for d in dirs:
        a = os.path.join(obj, d) if d.endswith('.o') else os.path.join(obj, d, 'built-in.a')
        if not os.path.exists(a):
            continue
        out = subprocess.run([nm, '--defined-only', a], capture_output=True,
                             text=True, check=True).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] == 'T':
                names.add(f[2])
    return names


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    obj, nm = sys.argv[1], sys.argv[2]
    syms = []
    with open(os.path.join(obj, 'System.map')) as f:
        for line in f:
            a, t, n = line.split()[:3]
            if t in 'tTwW':
                syms.append((int(a, 16), t, n))
    syms.sort()
    # Init text is freed after boot and lies apart: not part of a range
    at = {n: a for (a, _, n) in syms}
    lo_init, hi_init = at.get('_sinittext'), at.get('_einittext')
    if lo_init is not None and hi_init is not None:
        syms = [x for x in syms if not lo_init <= x[0] < hi_init]
    for name, dirs in RANGES.items():
        ours = globals_of(obj, nm, dirs)
        idx = [i for i, (_, t, n) in enumerate(syms) if t == 'T' and n in ours]
        if not idx:
            sys.exit(f'{name}: no text symbols of {" ".join(dirs)} in {obj}')
        lo, hi = idx[0], idx[-1]
        strangers = [n for (_, t, n) in syms[lo:hi + 1]
                     if t == 'T' and n not in ours]
        if strangers:
            sys.exit(f'{name}: other code inside the range: {strangers[:5]}')
        end = next((a for (a, _, _) in syms[hi + 1:] if a > syms[hi][0]), None)
        if end is None:
            sys.exit(f'{name}: nothing after {syms[hi][2]}')
        print(f'{name} {syms[lo][0]:#x} {end:#x} {syms[lo][2]} {syms[hi][2]}')


if __name__ == '__main__':
    main()
