#!/usr/bin/env python3
"""Fails when a field of a message in the given .proto files has no comment.

A field is commented when a `//` comment ends on the line right above it
(blank lines break the link) or follows it on its own line. Fields are the
lines inside a `message` (oneof members included) that declare
`[repeated|optional] TYPE name = N;`; enum values and options are not fields.
Usage: check_proto_comments.py FILE.proto... ; prints FILE:LINE: message.field
for each uncommented field and exits 1 when there is any.
"""
import re
import sys

FIELD = re.compile(
    r'^\s*(?:repeated\s+|optional\s+)?(?:map<[^>]+>|[A-Za-z_][\w.]*)\s+([A-Za-z_]\w*)\s*=\s*\d+\s*(?:\[[^\]]*\])?\s*;')
OPEN = re.compile(r'^\s*(message|enum|oneof|service)\s+(\w+)\s*\{')


def uncommented(path):
    out = []
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    stack = []  # kinds of the open blocks
    names = []
    for i, raw in enumerate(lines):
        code = raw.split('//', 1)[0]
        m = OPEN.match(code)
        if m:
            stack.append(m.group(1))
            names.append(m.group(2))
            code = code[m.end():]  # a one-line block (`message Empty {}`) closes here
        in_message = bool(stack) and stack[-1] in ('message', 'oneof')
        f = FIELD.match(code)
        if f and in_message:
            trailing = '//' in raw
            above = i > 0 and lines[i - 1].strip().startswith('//')
            if not trailing and not above:
                owner = '.'.join(n for k, n in zip(stack, names) if k == 'message')
                out.append(f'{path}:{i + 1}: {owner}.{f.group(1)}')
        for _ in range(code.count('}')):
            if stack:
                stack.pop()
                names.pop()
    return out


def main(paths):
    missing = []
    for p in paths:
        missing += uncommented(p)
    for m in missing:
        print(m)
    if missing:
        print(f'{len(missing)} proto field(s) without a comment: say what each holds '
              '(units, who sets it, what 0 or empty means)', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
