#!/usr/bin/env python3
"""Rewrite series mails for a real sender, or check an identity.

Usage: sendable.py check NAME EMAIL
       sendable.py rewrite NAME EMAIL IN_FILE OUT_FILE

check: exit 0 when NAME <EMAIL> is an identity a person can send under,
1 with the reason when it is a placeholder (empty, no address, a reserved
domain such as .invalid or .example, a noreply address).

rewrite: the mail IN_FILE as the sender sends it. A From: header with a
placeholder identity becomes the sender; in the commit message (up to the
"---" line) every Signed-off-by: of a placeholder identity becomes the
sender's (once), and the sender's Signed-off-by: is the last one. Every
other header, trailer (Link:, Fixes:, Cc:, Reported-by:, ...) and the diff
stay byte for byte.
"""
import email.header
import email.utils
import re
import sys

RESERVED = ('.invalid', '.example', '.test', '.localhost', '.local')
EXAMPLE = ('example.com', 'example.org', 'example.net')


def placeholder(name, addr):
    """Why NAME <ADDR> is no identity to send under, or None."""
    addr = (addr or '').strip().lower()
    if not (name or '').strip():
        return 'no name'
    if not re.fullmatch(r'[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+', addr):
        return f'"{addr}" is no mail address'
    domain = addr.split('@', 1)[1]
    if domain.endswith(RESERVED) or domain in EXAMPLE or domain.endswith(
            tuple('.' + d for d in EXAMPLE)):
        return f'{domain} is a reserved domain nobody receives mail at'
    if 'noreply' in addr or 'no-reply' in addr:
        return f'{addr} is a noreply address'
    return None


def decoded(value):
    return str(email.header.make_header(email.header.decode_header(value)))


def rewrite(name, addr, src, dst):
    with open(src, 'rb') as f:
        data = f.read()
    head, sep, body = data.partition(b'\n\n')
    lines = head.split(b'\n')
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and lines[j][:1] in (b' ', b'\t'):
            j += 1
        if line.lower().startswith(b'from:'):
            value = b' '.join(x.strip() for x in lines[i:j])[5:].decode()
            who, mail = email.utils.parseaddr(decoded(value))
            if placeholder(who, mail):
                line = ('From: ' + email.utils.formataddr(
                    (name, addr), charset='utf-8')).encode()
                out.append(line)
                i = j
                continue
        out.extend(lines[i:j])
        i = j
    sob = f'Signed-off-by: {name} <{addr}>'.encode()
    msg, dashes, rest = body.partition(b'\n---\n')
    if dashes:
        new, seen, last = [], False, -1
        for line in msg.split(b'\n'):
            m = re.match(rb'(?i)signed-off-by:\s*(.*)$', line)
            if m:
                who, mail = email.utils.parseaddr(m.group(1).decode())
                if placeholder(who, mail) or mail.lower() == addr.lower():
                    if seen:
                        continue
                    line, seen = sob, True
                last = len(new)
            new.append(line)
        if last < 0 or new[last] != sob:
            # The sender signs off last, as the one who submits it.
            new = [x for x in new if x != sob]
            last = max((k for k, x in enumerate(new)
                        if re.match(rb'(?i)[a-z-]+-by:|fixes:|link:|cc:', x)),
                       default=len(new) - 1)
            new.insert(last + 1, sob)
        msg = b'\n'.join(new)
    if not msg.isascii() and not any(
            x.lower().startswith(b'content-type:') for x in out):
        # A non-ASCII name in the body: say how it is encoded, as git
        # format-patch does.
        out += [b'MIME-Version: 1.0', b'Content-Type: text/plain; charset=UTF-8',
                b'Content-Transfer-Encoding: 8bit']
    with open(dst, 'wb') as f:
        f.write(b'\n'.join(out) + sep + msg + dashes + rest)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == 'check':
        why = placeholder(sys.argv[2], sys.argv[3])
        if why:
            print(why)
            return 1
        return 0
    if len(sys.argv) == 6 and sys.argv[1] == 'rewrite':
        rewrite(*sys.argv[2:6])
        return 0
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main())
