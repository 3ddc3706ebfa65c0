"""``# slalang: ignore[rule-id, ...]`` comments: silence rules on that line or the next.

A suppression comment at the end of a line covers findings on that line; a comment on a
line of its own (or at the end of a line) also covers findings on the line below, so
either style works:

```
# slalang: ignore[coverage-gap] -- every ticket has a plan, enforced upstream
sla pro { when customer.plan == "pro" ... }
```

Text after the closing bracket is free (a place for the reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..diagnostics import Diagnostic

_DIRECTIVE = re.compile(r"slalang:\s*ignore\[([^\]]*)\]")


@dataclass(frozen=True)
class Suppression:
    file: str
    line: int  # where the comment is
    rules: frozenset[str]


def comment_start(line: str) -> int | None:
    """Index of the ``#`` that starts a comment (not one inside a string), or None."""
    in_string = False
    escaped = False
    for index, char in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "#":
            return index
    return None


def find_suppressions(sources: Mapping[str, str]) -> list[Suppression]:
    found = []
    for file, text in sources.items():
        for number, line in enumerate(text.splitlines(), start=1):
            start = comment_start(line)
            if start is None:
                continue
            for match in _DIRECTIVE.finditer(line[start:]):
                rules = frozenset(r.strip() for r in match.group(1).split(",") if r.strip())
                found.append(Suppression(file, number, rules))
    return found


def apply_suppressions(diagnostics: Iterable[Diagnostic], sources: Mapping[str, str]) -> list[Diagnostic]:
    """The diagnostics not silenced by a comment on their line or the line above."""
    silenced: dict[tuple[str, int], set[str]] = {}
    for s in find_suppressions(sources):
        for line in (s.line, s.line + 1):
            silenced.setdefault((s.file, line), set()).update(s.rules)
    kept = []
    for d in diagnostics:
        rules = silenced.get((d.span.file, d.span.line), set())
        if d.code not in rules:
            kept.append(d)
    return kept
