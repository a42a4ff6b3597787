#!/usr/bin/env python3
"""Print the branch description that a git format-patch cover letter was
made from (--cover-from-description=subject): the subject without its
[PATCH ...] prefix, a blank line, then the body up to the shortlog.

Usage: cover-description.py COVER_LETTER AUTHOR...
AUTHOR: the author names of the series' commits; the shortlog starts at the
first line "<author> (<n>):". Prints nothing for a cover letter that still
has git's placeholders (no description)."""
import email
import email.policy
import re
import sys


def main() -> int:
    path, authors = sys.argv[1], set(sys.argv[2:])
    with open(path, 'rb') as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    subject = re.sub(r'^\[[^\]]*\]\s*', '', str(msg['Subject'] or ''))
    if subject == '*** SUBJECT HERE ***':
        return 0
    lines = msg.get_content().split('\n')
    shortlog = re.compile(r'^(.*) \(\d+\):$')
    end = len(lines)
    for i, line in enumerate(lines):
        m = shortlog.match(line)
        if m and m.group(1) in authors and (i == 0 or lines[i - 1] == ''):
            end = i
            break
    else:
        sys.exit(f'{path}: no shortlog of the series found; not a cover letter?')
    body = '\n'.join(lines[:end]).strip('\n')
    sys.stdout.write(subject + '\n' + ('\n' + body + '\n' if body else ''))
    return 0


if __name__ == '__main__':
    sys.exit(main())
