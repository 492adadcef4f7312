#!/usr/bin/env python3
"""No source file over 500 lines without a reason written at its top (issue 13): a file that
long must say why in its leading `//!` block ("Longer than 500 lines on purpose: …")."""
import pathlib
import sys

LIMIT = 500
MARK = "Longer than 500 lines on purpose"
root = pathlib.Path(__file__).resolve().parent.parent
bad, long_files = [], 0
for path in sorted(list(root.glob("src/**/*.rs")) + list(root.glob("migrations/src/**/*.rs"))):
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) <= LIMIT:
        continue
    long_files += 1
    head = []
    for line in lines:
        if not line.startswith("//!"):
            break
        head.append(line)
    if MARK not in " ".join(l[3:].strip() for l in head):
        bad.append(f"{path.relative_to(root)}: {len(lines)} lines and no '{MARK}: …' at its top")
print(f"{long_files} source files over {LIMIT} lines, each with its reason" if not bad else "")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
