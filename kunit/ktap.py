#!/usr/bin/env python3
"""Read a kernel log, save its KTAP part and print the KUnit results.

Usage: ktap.py NAME LOG KTAP_OUT

Prints one line per test case (leaf test), then exactly
"NAME: N passed, N failed, N skipped". Exits 1 when a case failed, when the
run crashed or was cut short (fewer results than a plan "1..N" announced, no
KTAP at all), or when no test case ran.
"""
import re
import sys

VERSION = re.compile(r'K?TAP version \d+')
STAMP = re.compile(r'^\[\s*\d+\.\d+\]\s?')
PLAN = re.compile(r'^1\.\.(\d+)\s*$')
# " # " starts the directive (SKIP, TODO, XFAIL) or a diagnostic; a '#'
# not followed by a blank is part of the name (parameter descriptions such
# as "node without #pse-cells").
RESULT = re.compile(r'^(ok|not ok) (\d+)(?: -)?(?: (.*?))?(?:\s+#(?:\s+(.*))?)?$')
SUBTEST = re.compile(r'^# Subtest: (.*)$')


def ktap_lines(log):
    """From the first version line on: the KTAP lines (version, subtest
    header, plan, result), without the printk prefix; kernel messages and
    diagnostics in between are dropped."""
    out, col = [], None
    for raw in log:
        line = STAMP.sub('', raw.rstrip('\n'))
        if col is None:
            m = VERSION.search(line)
            if not m:
                continue
            col = m.start()
        line = line[col:] if not line[:col].strip() else line
        text = line.strip()
        if (VERSION.fullmatch(text) or SUBTEST.match(text) or PLAN.match(text)
                or RESULT.match(text)):
            out.append(line.rstrip())
    return out


def indent(line):
    return len(line) - len(line.lstrip(' '))


class Block:
    """The tests at one indentation level: plan and results; a result
    owns the block indented below it (its subtests)."""

    def __init__(self):
        self.name, self.plan, self.results = None, None, []


def parse(lines, i, depth):
    block, child = Block(), None
    while i < len(lines):
        line = lines[i]
        d = indent(line)
        if d < depth:
            break
        if d > depth:
            child, i = parse(lines, i, d)
            continue
        text = line.strip()
        i += 1
        m = SUBTEST.match(text)
        if m:
            block.name = m.group(1)
            continue
        m = PLAN.match(text)
        if m:
            block.plan = int(m.group(1))
            continue
        m = RESULT.match(text)
        if m:
            status, _, name, directive = m.groups()
            skip = (directive or '').split(' ')[0].upper() == 'SKIP'
            block.results.append((status == 'ok', name or '', skip, child))
            child = None
    if child is not None:
        # Subtests without the result line that closes them: cut short.
        block.results.append((None, child.name or '?', False, child))
    return block, i


def walk(block, path, cases, problems):
    where = '.'.join(path) or 'top level'
    got = sum(1 for r in block.results if r[0] is not None)
    if block.plan is not None and got < block.plan:
        problems.append(f'{where}: {got} of {block.plan} '
                        'results: the kernel crashed or timed out')
    for ok, name, skip, child in block.results:
        sub = path + [name]
        if ok is None:
            problems.append(f'{".".join(sub)}: no result: the kernel crashed '
                            'or timed out while it ran')
            ok = True
        if child is not None and child.results:
            before = sum(1 for c in cases if c[0] == 'FAIL')
            walk(child, sub, cases, problems)
            failed_below = sum(1 for c in cases if c[0] == 'FAIL') > before
            if not ok and not skip and not failed_below:
                cases.append(('FAIL', '.'.join(sub) + ' (as a whole)'))
        else:
            if child is not None and child.plan:
                problems.append(f'{".".join(sub)}: 0 of {child.plan} results')
            cases.append(('SKIP' if skip else 'PASS' if ok else 'FAIL',
                          '.'.join(sub)))


def main():
    name, log_path, ktap_path = sys.argv[1:4]
    with open(log_path, errors='replace') as f:
        lines = ktap_lines(f)
    with open(ktap_path, 'w') as f:
        f.write(''.join(line + '\n' for line in lines))
    problems, cases = [], []
    if not lines:
        problems.append('no KTAP output: KUnit did not run (crash at boot?)')
    else:
        top, _ = parse(lines, 0, indent(lines[0]))
        if top.plan is None:
            problems.append('no top-level plan "1..N" in the KTAP output')
        walk(top, [], cases, problems)
    for verdict, case in cases:
        print(f'  {verdict:4} {case}')
    count = {v: sum(1 for c in cases if c[0] == v) for v in ('PASS', 'FAIL', 'SKIP')}
    if not cases:
        problems.append('no test case ran')
    for p in problems:
        print(f'{name}: error: {p}')
    print(f'{name}: {count["PASS"]} passed, {count["FAIL"]} failed, '
          f'{count["SKIP"]} skipped')
    return 1 if count['FAIL'] or problems else 0


if __name__ == '__main__':
    sys.exit(main())
