#!/usr/bin/env python3
"""Judge the emulated-board runs and print the table base vs series.

Usage: table.py LOGDIR HEADER_FILE KERNEL_REPORTS

KERNEL_REPORTS: the harness's list of kernel-report patterns
(lib/kernel-reports), one regular expression a line; a series kernel log
line that matches one is a splat.

LOGDIR holds VARIANT-SCENARIO.console (the guest's serial console) and
VARIANT-SCENARIO.status (how QEMU ended) for VARIANT in base, series and
SCENARIO in main (steps 1-5), stress (6), broken (7). The guest prints

    BOARD-PLAN 1 2 3 4 5
    BOARD-RESULT <step> <pass|fail|error> [key=value ...] [-- note]
    BOARD-DONE

Rules: every series step must pass. The base must fail steps 1 and 4 with the
bug's signature ("base reproduces the bug"); a base that passes them, or fails
them some other way, is a harness failure. Base steps 2 and 3 must pass: they
show the harness can see and switch the PSE at all. Base steps 5-7 are shown,
not judged. A step without a verdict (crash, timeout, missing run) never
passes. The series' kernel logs must hold no splat.

Prints the table, then exactly "board: N passed, N failed". Exits 1 when a
check failed.
"""
import os
import re
import sys

SCENARIOS = {'main': [1, 2, 3, 4, 5], 'stress': [6], 'broken': [7], 'selftest': [8]}

STEPS = {
    1: ('boot, no PSE module', 'eth0 exists, MAC not in devices_deferred, '
        'no PHY add/remove uevent during 20 drivers_probe triggers'),
    2: ('insmod PSE module', 'the PHY gets its PSE control (psec_ms: insmod '
        'to --show-pse working, eth0 up), --show-pse shows admin state and '
        'power status'),
    3: ('--set-pse on/off/on', 'enable, disable, enable: the supply enable '
        'line (simulated GPIO) follows, --show-pse agrees'),
    4: ('rmmod, eth0 up', 'rmmod succeeds, --show-pse says no PSE, the PHY '
        'keeps its driver and eth0 goes down/up, the PSE regulator is '
        'released, no error or splat in the log; insmod re-attaches, '
        '--show-pse then reports the supply as it is (gpio_back/admin_back: '
        'truthful) and switching works; gpio_detached: the supply line while '
        'the driver is gone'),
    5: ('unbind/bind ctrl', 'as step 4 with sysfs unbind/bind of the '
        'controller device'),
    6: ('stress, debug kernel', '200 unbind/bind cycles while loops run '
        'ethtool --show-pse/--set-pse and eth0 down/up; zero splats '
        '(lockdep, atomic sleep, KASAN)'),
    8: ('PSE selftest', 'the series\' tools/testing/selftests/drivers/net/hw/'
        'ethtool_pse.sh on eth0 (controller unbind/bind, rmmod/insmod, link '
        'flap, power read back from the supply): KTAP plan complete, no '
        'failure, passes and skips only'),
    7: ('broken pses binding', 'eth0 comes up, exactly one PSE warning in the '
        'log across probes, up/down and a controller rebind'),
}

# The facts shown in a table cell, per step.
CELL_KEYS = {
    1: ['eth0', 'deferred', 'phy_add', 'phy_remove'],
    2: ['psec_ms', 'admin'],
    3: ['gpio', 'admin'],
    4: ['rmmod', 'nopse', 'gpio_detached', 'reattach', 'truthful'],
    5: ['unbind', 'nopse', 'gpio_detached', 'reattach', 'truthful'],
    6: ['cycles', 'splats', 'kasan'],
    7: ['eth0', 'up', 'warnings', 'pse_log_lines', 'splats'],
    8: ['plan', 'pass', 'fail', 'skip', 'failed'],
}


def _int(d, k):
    try:
        return int(d.get(k, ''))
    except ValueError:
        return -1


# What the base must do: 'pass', or a signature of the bug (a function of
# the step's data that says the failure is the known one), or None (shown,
# not judged).
BASE_EXPECT = {
    1: lambda d: (d.get('eth0') == 'no' and d.get('deferred') == 'yes'
                  and _int(d, 'phy_add') > 0 and _int(d, 'phy_remove') > 0),
    2: 'pass',
    3: 'pass',
    4: lambda d: d.get('rmmod') == 'fail',
    5: None, 6: None, 7: None,
    8: lambda d: 'rmmod' in d.get('failed', '').split(','),
}
BUG = {1: 'the MAC defers and re-adds its PHY on every probe',
       4: 'rmmod fails while a PHY holds the PSE',
       8: 'the selftest\'s rmmod fails while a PHY holds the PSE'}

RESULT = re.compile(r'BOARD-RESULT (\d+) (pass|fail|error|skip)((?: [^\s=]+=\S*)*)'
                    r'(?: -- (.*))?$')
SPLAT = None  # main() compiles the list of kernel reports it is given


def load_reports(path):
    """The patterns of lib/kernel-reports as one regular expression."""
    with open(path) as f:
        pats = [l.rstrip('\n') for l in f
                if l.strip() and not l.startswith('#')]
    return re.compile('|'.join(f'(?:{p})' for p in pats))


class Run:
    """One guest boot: its verdicts and what QEMU and the console say."""

    def __init__(self, logdir, variant, scenario):
        self.name = f'{variant}-{scenario}'
        self.present = False
        self.results = {}
        self.dup = set()
        self.plan = None
        self.done = False
        self.errors = []
        self.info = {}
        self.splats = []
        self.qemu = ''
        self.last = ''
        console = os.path.join(logdir, self.name + '.console')
        status = os.path.join(logdir, self.name + '.status')
        if not os.path.exists(console):
            return
        self.present = True
        if os.path.exists(status):
            with open(status) as f:
                for line in f:
                    if line.startswith('qemu: '):
                        self.qemu = line[6:].strip()
                    elif line.startswith('variant='):
                        self.info.update(kv(line.split()))
        with open(console, errors='replace') as f:
            lines = [l.rstrip('\r\n').replace('\r', '') for l in f]
        in_dmesg, dumped, dmesg, after = False, False, [], []
        for line in lines:
            if 'BOARD-DMESG-BEGIN' in line:
                in_dmesg = True
                continue
            if 'BOARD-DMESG-END' in line:
                in_dmesg, dumped = False, True
                continue
            if in_dmesg:
                dmesg.append(line)
                continue
            if dumped:
                after.append(line)
            i = line.find('BOARD-')
            if i < 0:
                if line.strip():
                    self.last = line.strip()
                continue
            tag = line[i:]
            m = RESULT.match(tag)
            if m:
                step = int(m.group(1))
                if step in self.results:
                    self.dup.add(step)
                self.results[step] = (m.group(2), kv(m.group(3).split()),
                                      (m.group(4) or '').strip())
            elif tag.startswith('BOARD-PLAN'):
                self.plan = [int(x) for x in tag.split()[1:] if x.isdigit()]
            elif tag.startswith('BOARD-DONE'):
                self.done = True
            elif tag.startswith('BOARD-ERROR'):
                self.errors.append(tag[len('BOARD-ERROR '):])
            elif tag.startswith('BOARD-INFO'):
                self.info.update(kv(tag.split()[1:]))
            elif tag.startswith('BOARD-RESULT'):
                self.errors.append('malformed verdict: ' + tag)
        # The kernel log the guest printed at the end and what the console
        # showed after it (shutdown), or, when the guest never got to print
        # its log, whatever reached the console.
        self.splats = [l for l in (dmesg + after if dumped else lines)
                       if SPLAT.search(l)]

    def missing_why(self):
        if not self.present:
            return 'not run'
        why = 'QEMU ' + (self.qemu or 'status unknown')
        panic = [l for l in self.splats if 'panic' in l or 'Oops' in l
                 or 'Unable to handle' in l]
        if panic:
            why += '; ' + panic[0].split('] ', 1)[-1][:60]
        elif not self.done:
            why += '; last console line: ' + self.last[:60]
        return why


def kv(tokens):
    out = {}
    for t in tokens:
        k, sep, v = t.partition('=')
        if sep:
            out[k] = v
    return out


def cell(run, step):
    """(verdict, short text, data) of a step in a run."""
    if step in run.dup:
        return 'error', 'two verdicts for one step', {}
    if step not in run.results:
        return 'missing', 'no verdict: ' + run.missing_why(), {}
    verdict, data, note = run.results[step]
    facts = ' '.join(f'{k}={data[k]}' for k in CELL_KEYS[step] if k in data)
    word = {'pass': 'pass', 'fail': 'FAIL', 'error': 'ERROR',
            'skip': 'SKIP'}[verdict]
    return verdict, f'{word} {facts}'.strip(), data


def judge(step, base, series):
    """(ok for the series, ok for the base, outcome text)."""
    sv, _, _ = series
    bv, _, bdata = base
    s_ok = sv == 'pass'
    exp = BASE_EXPECT[step]
    if exp is None:
        b_ok, b_text = None, 'base not judged'
    elif exp == 'pass':
        b_ok = bv == 'pass'
        b_text = 'base ok' if b_ok else 'HARNESS: base must pass this step'
    elif bv == 'fail' and exp(bdata):
        b_ok, b_text = True, 'base reproduces the bug'
    elif bv == 'pass':
        b_ok, b_text = False, 'HARNESS: base does not reproduce the bug'
    else:
        b_ok, b_text = False, 'HARNESS: base fails, but not with the bug'
    s_text = 'series ok' if s_ok else 'SERIES FAILS'
    return s_ok, b_ok, f'{b_text}; {s_text}'


def main():
    global SPLAT
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    logdir, header = sys.argv[1], sys.argv[2]
    SPLAT = load_reports(sys.argv[3])
    runs = {(v, s): Run(logdir, v, s) for v in ('base', 'series')
            for s in SCENARIOS}
    out = []
    if header and os.path.exists(header):
        with open(header) as f:
            out += [l.rstrip('\n') for l in f]
    rows, passed, failed, problems = [], 0, 0, []
    # The scenarios board/host/run.sh was asked to run (BOARD_SCENARIOS):
    # the steps of the others are shown as not run and not judged
    wanted = os.environ.get('BOARD_SCENARIOS', '').split() or list(SCENARIOS)
    for scen, steps in SCENARIOS.items():
        for step in steps:
            if scen not in wanted:
                rows.append((f'{step} {STEPS[step][0]}', 'not run', 'not run',
                             f'not judged: scenario {scen} not in BOARD_SCENARIOS'))
                continue
            b = cell(runs[('base', scen)], step)
            s = cell(runs[('series', scen)], step)
            s_ok, b_ok, outcome = judge(step, b, s)
            for ok in (s_ok, b_ok):
                if ok is not None:
                    passed, failed = passed + ok, failed + (not ok)
            rows.append((f'{step} {STEPS[step][0]}', b[1], s[1], outcome))
    # Kernel logs of the series: no splat in any run.
    splats = [(r.name, l) for (v, _), r in runs.items() if v == 'series'
              for l in r.splats]
    if splats:
        failed += 1
        problems.append(f'series kernel logs: {len(splats)} splat lines, first: '
                        f'{splats[0][0]}: {splats[0][1].strip()[:100]}')
    else:
        passed += 1
    for (v, _), r in runs.items():
        if v == 'series' and r.present and not r.qemu.startswith('ended'):
            problems.append(f'{r.name}: QEMU {r.qemu or "status unknown"} '
                            '(the guest must reboot by itself)')
        for e in r.errors:
            problems.append(f'{r.name}: {e}')
        if r.present and r.plan is not None:
            want = SCENARIOS[r.name.split('-', 1)[1]]
            if r.plan != want:
                problems.append(f'{r.name}: guest planned steps {r.plan}, '
                                f'expected {want}')

    w = [max(len(r[i]) for r in rows + [('step', 'base', 'series', 'outcome')])
         for i in range(4)]
    w[1], w[2] = min(w[1], 48), min(w[2], 48)
    fmt = f'%-{w[0]}s | %-{w[1]}s | %-{w[2]}s | %s'
    out.append(fmt % ('step', 'base', 'series', 'outcome'))
    out.append('-' * (sum(w) + 12))
    for r in rows:
        out.append(fmt % r)
    out.append('')
    for step, (short, long) in STEPS.items():
        out.append(f'{step} {short}: {long}')
    out.append('')
    for (v, s), r in runs.items():
        secs = r.info.get('seconds', '?')
        out.append(f'{r.name:15} {r.qemu or "not run"}, {secs} s, '
                   f'kernel {r.info.get("kernel", "?")}, '
                   f'{len(r.splats)} splat lines in the kernel log')
    for p in problems:
        out.append('problem: ' + p)
    out.append('')
    out.append('verdict lines:')
    for (v, s), r in runs.items():
        for step in sorted(r.results):
            verdict, data, note = r.results[step]
            facts = ' '.join(f'{k}={x}' for k, x in data.items())
            out.append(f'  {v:6} {step} {verdict:5} {facts}'
                       + (f' -- {note}' if note else ''))
    if problems and not failed:
        failed += 1
    out.append(f'board: {passed} passed, {failed} failed')
    print('\n'.join(out))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
