"""Findings for people: location, severity, rule id and message, the source line with the
construct underlined, then the hint and the witness.

```
policies/acme.sla:32:5: warning[ola-may-exceed-target] sla `enterprise_urgent` resolution: ...
   |
32 |     resolution     within 24h goal 95% via triage -> fix -> deploy
   |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = hint: shorten the OLA targets, ...
   = witness: {"start": "2026-04-02T15:00:01Z"}
```

Colour (ANSI) only when asked; the CLI asks on a terminal unless ``NO_COLOR`` is set.
"""

from __future__ import annotations

import json
import os
from typing import IO, Iterable, Mapping

from ...diagnostics import Diagnostic, Severity

_RESET = "\033[0m"
_BOLD = "\033[1m"
_BLUE = "\033[34m"
_SEVERITY_COLOUR = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
TAB_WIDTH = 4


def use_colour(stream: IO[str], environ: Mapping[str, str] | None = None) -> bool:
    """Colour on a terminal, never when ``NO_COLOR`` is set (to anything) or TERM is dumb."""
    env = os.environ if environ is None else environ
    if "NO_COLOR" in env or env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def render_text(diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], color: bool) -> str:
    """Every finding as a block; blocks separated by a blank line."""
    blocks = [_block(d, sources, color) for d in diagnostics]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def summary(diagnostics: Iterable[Diagnostic], file_count: int | None = None) -> str:
    """``2 errors, 1 warning, 0 infos in 3 files`` (or ``no findings in 3 files``)."""
    counts = {severity: 0 for severity in Severity}
    for d in diagnostics:
        counts[d.severity] += 1
    where = f" in {file_count} file{'s' if file_count != 1 else ''}" if file_count is not None else ""
    if not any(counts.values()):
        return f"no findings{where}"
    parts = []
    for severity in Severity:
        n = counts[severity]
        parts.append(f"{n} {severity.value}{'' if n == 1 else 's'}")
    return ", ".join(parts) + where


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color and text else text


def _block(d: Diagnostic, sources: Mapping[str, str], color: bool) -> str:
    span = d.span
    tone = _SEVERITY_COLOUR[d.severity]
    location = f"{span.file}:{span.line}:{span.column}" if span.line > 0 else span.file
    head = (
        _paint(f"{location}:", _BOLD, color)
        + " "
        + _paint(f"{d.severity.value}[{d.code}]", _BOLD + tone, color)
        + " "
        + _paint(d.message, _BOLD, color)
    )
    lines = [head]
    excerpt = _excerpt(d, sources)
    number = str(span.line)
    gutter = " " * len(number)
    if excerpt is not None:
        source_line, start, width = excerpt
        lines.append(_paint(f"{gutter} |", _BLUE, color))
        lines.append(_paint(f"{number} |", _BLUE, color) + (" " + source_line if source_line else ""))
        lines.append(_paint(f"{gutter} |", _BLUE, color) + " " + " " * start + _paint("^" * width, _BOLD + tone, color))
    else:
        gutter = "  "
    if d.help:
        lines.append(f"{gutter} {_paint('=', _BLUE, color)} {_paint('hint:', _BOLD, color)} {d.help}")
    if d.witness is not None:
        witness = json.dumps(d.witness, ensure_ascii=False, separators=(", ", ": "))
        lines.append(f"{gutter} {_paint('=', _BLUE, color)} {_paint('witness:', _BOLD, color)} {witness}")
    return "\n".join(lines)


def _excerpt(d: Diagnostic, sources: Mapping[str, str]) -> tuple[str, int, int] | None:
    """(the span's first line with tabs expanded, caret start, caret width), if the source is known."""
    span = d.span
    text = sources.get(span.file)
    if text is None or span.line <= 0:
        return None
    all_lines = text.splitlines()
    if span.line > len(all_lines):
        return None
    raw = all_lines[span.line - 1].rstrip()
    start_col = max(span.column, 1) - 1
    if span.end_line == span.line:
        end_col = max(span.end_column - 1, start_col + 1)
    else:
        end_col = max(len(raw), start_col + 1)
    before = raw[:start_col].expandtabs(TAB_WIDTH)
    marked = raw[start_col:end_col].expandtabs(TAB_WIDTH)
    line = raw.expandtabs(TAB_WIDTH)
    return line, len(before), max(len(marked), 1)
