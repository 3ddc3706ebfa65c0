"""``slalang check --statistics``: findings counted per rule id, most frequent first."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ...diagnostics import Diagnostic


def count_by_rule(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, str, int]]:
    """(rule id, severity, count), most frequent first, ties by id."""
    counts: dict[tuple[str, str], int] = {}
    for d in diagnostics:
        key = (d.code, d.severity.value)
        counts[key] = counts.get(key, 0) + 1
    return [(rule, severity, n) for (rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def render_statistics(diagnostics: Iterable[Diagnostic], file_count: int, output_format: str = "text") -> str:
    """``  3  overlapping-slas  warning`` lines (text), or ``[{"rule", "severity", "count"}]`` (json)."""
    rows = count_by_rule(diagnostics)
    if output_format == "json":
        return json.dumps([{"rule": r, "severity": s, "count": n} for r, s, n in rows], indent=2) + "\n"
    if not rows:
        return f"no findings in {file_count} file{'s' if file_count != 1 else ''}\n"
    count_width = max(len(str(n)) for _, _, n in rows)
    id_width = max(len(r) for r, _, _ in rows)
    return "".join(f"{n:>{count_width}}  {r:<{id_width}}  {s}\n" for r, s, n in rows)
