#!/usr/bin/env python3
"""Judge the fault sweep or the soak of the emulated board; print its table.

Usage: fault-table.py fault|soak LOGDIR HEADER_FILE KERNEL_REPORTS

Reads LOGDIR/series-SCENARIO.console and .status (board/host/boot.sh) and
the lines the guest (board/guest/fault.sh) printed:

  BOARD-FAULT op=OP n=N hit=yes|no rc=RC outcome=O warns=W splats=S clean=ok|fail site=F ours=F [-- why]
  BOARD-FAULT-SUM op=OP points=P error=E degraded=D unaffected=U bad=B splats=S hangs=H clean_fail=C leaks=L complete=yes|no max=M range=R seconds=T [-- why]
  BOARD-RESULT fault|soak pass|fail|error key=value ... [-- note]
  BOARD-REPORT TAG | kernel log line       (the first lines of a report)

fault: one check per operation (every injected failure ended in an error,
a degraded or an unaffected state, never a bad one; no report, no hang;
the operation without a fault worked after each; no leak; the sweep
reached the run without a fault, or board.fault_max runs), one for the
guest's verdict, one for the kernel log of the whole run (no report line
of lib/kernel-reports outside what the guest already counted), one for
QEMU ending by itself. soak: the guest's verdict, the kernel log, QEMU.
Prints the table and exactly "SCENARIO: N passed, N failed"; exits 1 when
a check failed.
"""
import os
import re
import sys

LINE = re.compile(r'BOARD-(FAULT-SUM|FAULT|RESULT|REPORT|LOG|INFO|PLAN|DONE|ERROR)\b ?(.*)$')
RESULT = re.compile(r'(\S+) (pass|fail|error|skip)((?: [^\s=]+=\S*)*)(?: -- (.*))?$')


def kv(text):
    head, _, why = text.partition(' -- ')
    d = {}
    for t in head.split():
        k, sep, v = t.partition('=')
        if sep:
            d[k] = v
    return d, why.strip()


def load_reports(path):
    with open(path) as f:
        pats = [l.rstrip('\n') for l in f if l.strip() and not l.startswith('#')]
    return re.compile('|'.join(f'(?:{p})' for p in pats))


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ('fault', 'soak'):
        sys.exit(__doc__)
    scen, logdir, header, reports = sys.argv[1:]
    splat = load_reports(reports)
    name = f'series-{scen}'
    console = os.path.join(logdir, name + '.console')
    status = os.path.join(logdir, name + '.status')
    out = []
    if os.path.exists(header):
        with open(header) as f:
            out += [l.rstrip('\n') for l in f]
    passed = failed = 0
    problems = []

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            problems.append(what)

    if not os.path.exists(console):
        out.append(f'{scen}: not run (no {console})')
        out.append(f'{scen}: 0 passed, 1 failed')
        print('\n'.join(out))
        return 1
    qemu = ''
    if os.path.exists(status):
        with open(status) as f:
            for l in f:
                if l.startswith('qemu: '):
                    qemu = l[6:].strip()
    runs, sums, reports_seen, infos, logs = [], [], [], [], {}
    verdict = None
    done = False
    stray = []   # report lines the guest did not print as BOARD-REPORT
    with open(console, errors='replace') as f:
        lines = [l.rstrip('\r\n').replace('\r', '') for l in f]
    for l in lines:
        i = l.find('BOARD-')
        m = LINE.match(l[i:]) if i >= 0 else None
        if not m:
            if splat.search(l):
                stray.append(l)
            continue
        tag, rest = m.groups()
        if tag == 'FAULT':
            runs.append(kv(rest))
        elif tag == 'FAULT-SUM':
            sums.append(kv(rest))
        elif tag == 'REPORT':
            reports_seen.append(rest)
        elif tag == 'LOG':
            key, _, text = rest.partition(' | ')
            logs.setdefault(key.strip(), []).append(text)
        elif tag == 'INFO':
            infos.append(rest)
        elif tag == 'DONE':
            done = True
        elif tag == 'ERROR':
            problems.append('guest: ' + rest)
        elif tag == 'RESULT':
            r = RESULT.match(rest)
            if r and r.group(1) == scen:
                verdict = (r.group(2), kv(r.group(3))[0], (r.group(4) or '').strip())

    if scen == 'fault':
        cols = ('operation', 'points', 'error', 'degraded', 'unaffected',
                'bad', 'splats', 'foreign', 'hangs', 'clean after', 'leaks', 'complete',
                'range', 's', 'verdict')
        rows = []
        for d, why in sums:
            clean = 'ok' if d.get('clean_fail') == '0' else f'FAIL {d.get("clean_fail")}'
            bad = sum(int(d.get(k, '1') or 1) for k in ('bad', 'splats', 'hangs', 'clean_fail'))
            complete = d.get('complete') == 'yes'
            capped = not complete and why.startswith('not done after')
            ok = bad == 0 and d.get('leaks') == '0' and (complete or capped)
            check(ok, f'{d.get("op")}: ' + (why or 'a bad outcome, a report, a hang, a leak or a failed clean run'))
            rows.append((d.get('op', '?'), d.get('points', '?'), d.get('error', '?'),
                         d.get('degraded', '?'), d.get('unaffected', '?'), d.get('bad', '?'),
                         d.get('splats', '?'), d.get('foreign', '?'), d.get('hangs', '?'), clean,
                         d.get('leaks', '?'),
                         'yes' if complete else ('capped' if capped else 'NO'),
                         d.get('range', '?'), d.get('seconds', '?'),
                         ('ok' if ok else 'FAIL') + (f' ({why})' if why else '')))
        w = [max(len(str(r[i])) for r in rows + [cols]) for i in range(len(cols))]
        fmt = ' | '.join(f'%-{x}s' for x in w)
        out.append(fmt % cols)
        out.append('-' * (sum(w) + 3 * (len(w) - 1)))
        for r in rows:
            out.append(fmt % r)
        out.append('')
        out.append('points: runs in which the Nth allocation on the range failed '
                   '(the sweep ends at the first run that meets no fault); '
                   'error: the operation failed and left the board as before it; '
                   'degraded: it succeeded without the PSE (eth0 up); unaffected: '
                   'the failure was absorbed; bad: any other state; splats: runs with '
                   'a kernel report of lib/kernel-reports; foreign: runs with a known '
                   'report of code that is not the series\' (listed below, '
                   'board/guest/fault.sh FOREIGN); clean after: '
                   'the operation without a fault worked after each failed run; '
                   'leaks: kmemleak after the operation\'s sweep; range: the code '
                   'an allocation\'s stack must pass through to count '
                   '(module: podl-pse-regulator; phylib: drivers/net/{phy,pse-pd,'
                   'mdio,pcs}; ethtool: net/ethtool)')
        out.append('')
        out.append('runs (n: outcome, the failed allocation\'s caller / the first function of ours):')
        by_op = {}
        for d, why in runs:
            by_op.setdefault(d.get('op', '?'), []).append((d, why))
        for op, rs in by_op.items():
            out.append(f'  {op}:')
            for d, why in rs:
                if d.get('hit') != 'yes':
                    out.append(f'    n={d.get("n")}: no fault met, {d.get("outcome")}'
                               + (f' -- {why}' if why else ''))
                    continue
                flags = ''
                if d.get('splats', '0') != '0':
                    flags += f' SPLATS={d.get("splats")}'
                if d.get('clean') != 'ok':
                    flags += ' CLEAN-RUN-FAILED'
                if d.get('foreign', '0') != '0':
                    flags += ' FOREIGN'
                out.append(f'    n={d.get("n")}: {d.get("outcome")} rc={d.get("rc")} '
                           f'warns={d.get("warns")} {d.get("site")} / {d.get("ours")}{flags}'
                           + (f' -- {why}' if why else ''))
                for t in logs.get(f'op={op} n={d.get("n")}', []):
                    out.append(f'        | {t[:150]}')
    else:
        keys = ['cycles', 'seconds', 'cycles_per_s', 'unbind_err', 'bind_err',
                'mac_cycles', 'mac_err', 'ethtool_loops', 'updown_loops', 'splats',
                'pse_at_end', 'usable', 'refcnt', 'rmmod', 'leaks', 'reload',
                'debug_locks']
        d = verdict[1] if verdict else {}
        out.append('what          | value')
        out.append('--------------+------')
        for k in keys:
            out.append(f'{k:13} | {d.get(k, "-")}')
        out.append('')
        out.append('cycles: controller unbind/bind cycles, while the MAC is unbound '
                   'and bound (mac_cycles), ethtool --show-pse/--set-pse loops and '
                   'eth0 goes down and up; at the end eth0 has its PSE and switches '
                   'it (usable), the module\'s refcount is 0 and rmmod works, '
                   'kmemleak finds nothing, insmod attaches the PSE again (reload)')

    out.append('')
    if verdict:
        out.append(f'guest verdict: {verdict[0]} ' + ' '.join(f'{k}={v}' for k, v in verdict[1].items())
                   + (f' -- {verdict[2]}' if verdict[2] else ''))
    else:
        last = next((l for l in reversed(lines) if l.strip()), '')
        out.append(f'guest verdict: none (QEMU {qemu or "status unknown"}; last console line: {last[:100]})')
    check(verdict is not None and verdict[0] == 'pass',
          f'guest verdict: {verdict[0] if verdict else "none"}')
    # Report lines the guest did not attribute to a step: the console
    # shows an oops at once; the kernel log dumped at the end
    check(not stray, f'{len(stray)} kernel report lines on the console, first: '
          f'{stray[0].strip()[:100] if stray else ""}')
    check(qemu.startswith('ended') and done, f'QEMU {qemu or "status unknown"}'
          + ('' if done else ', the guest did not finish'))
    for i in infos:
        if i.startswith('range=') or i.startswith('kmemleak_boot='):
            out.append('info: ' + i)
    if reports_seen:
        out.append('')
        out.append('reports (first lines, as the guest printed them):')
        for r in reports_seen[:200]:
            out.append('  ' + r)
    for p in problems:
        out.append('problem: ' + p)
    out.append(f'{scen}: {passed} passed, {failed} failed')
    print('\n'.join(out))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
