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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..diagnostics import Diagnostic

_DIRECTIVE = re.compile(r"slalang:\s*ignore\[([^\]]*)\]")


@dataclass(frozen=True)
class Suppression:
    file: str
    line: int  # where the comment is
    rules: frozenset[str]


def comment_start(line: str) -> int | None:
    """Index of the ``#`` that starts a comment (not one inside a string), or None."""
    hash_index = line.find("#")
    if hash_index < 0:
        return None
    if '"' not in line[:hash_index]:
        return hash_index
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


@dataclass(frozen=True)
class NamedRule:
    """One rule id written in a suppression comment, where it is written (1-based)."""

    file: str
    line: int
    column: int
    rule: str


def named_rules(sources: Mapping[str, str]) -> list[NamedRule]:
    """Every rule id named by a suppression comment, in file and line order."""
    found = []
    for file, text in sources.items():
        for number, line in enumerate(text.splitlines(), start=1):
            if "ignore" not in line:  # most lines: no directive, and no need to read them char by char
                continue
            start = comment_start(line)
            if start is None:
                continue
            for match in _DIRECTIVE.finditer(line, start):
                offset = match.start(1)
                for part in match.group(1).split(","):
                    rule = part.strip()
                    if rule:
                        found.append(NamedRule(file, number, offset + part.index(rule) + 1, rule))
                    offset += len(part) + 1
    return found


def find_suppressions(sources: Mapping[str, str]) -> list[Suppression]:
    by_line: dict[tuple[str, int], set[str]] = {}
    for named in named_rules(sources):
        by_line.setdefault((named.file, named.line), set()).add(named.rule)
    return [Suppression(file, line, frozenset(rules)) for (file, line), rules in by_line.items()]


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
