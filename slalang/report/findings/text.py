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

Colour (ANSI) only when asked; the CLI asks as ``report.terminal.use_colour`` decides (a
terminal, ``NO_COLOR``, ``FORCE_COLOR``, ``--color``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ...diagnostics import Diagnostic, Severity
from ..terminal import use_colour

_RESET = "\033[0m"
_BOLD = "\033[1m"
_BLUE = "\033[34m"
_SEVERITY_COLOUR = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
TAB_WIDTH = 4

__all__ = ["render_text", "summary", "use_colour"]


def render_text(diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], color: bool) -> str:
    """Every finding as a block; blocks separated by a blank line."""
    lines = _Lines(sources)
    blocks = [_block(d, lines, color) for d in diagnostics]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


class _Lines:
    """The lines of each source, split once however many findings show them."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self.sources = sources
        self.split: dict[str, list[str]] = {}

    def of(self, file: str) -> list[str] | None:
        found = self.split.get(file)
        if found is None:
            text = self.sources.get(file)
            if text is None:
                return None
            found = self.split[file] = text.splitlines()
        return found


def summary(diagnostics: Iterable[Diagnostic], file_count: int | None = None) -> str:
    """``2 errors, 1 warning, 0 infos in 3 files`` (or ``no findings in 3 files``)."""
    counts = {severity: 0 for severity in Severity}
    for d in diagnostics:
        counts[d.severity] += d.omitted or 1  # a line about findings left out counts them
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


def _block(d: Diagnostic, sources: _Lines, color: bool) -> str:
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


EXCERPT_WIDTH = 100
"""A longer source line is shown as a window of this many characters around the span."""


def _excerpt(d: Diagnostic, sources: _Lines) -> tuple[str, int, int] | None:
    """(the span's first line with tabs expanded, caret start, caret width), if the source is
    known; a long line is cut to a window around the span, marked ``...`` where it was cut."""
    span = d.span
    all_lines = sources.of(span.file)
    if all_lines is None or span.line <= 0 or span.line > len(all_lines):
        return None
    raw = all_lines[span.line - 1].rstrip()
    start_col = min(max(span.column, 1) - 1, len(raw))
    if span.end_line == span.line:
        end_col = max(span.end_column - 1, start_col + 1)
    else:
        end_col = max(len(raw), start_col + 1)
    prefix = suffix = ""
    if len(raw) > EXCERPT_WIDTH:
        end_col = min(end_col, start_col + EXCERPT_WIDTH // 2)  # a long span shows its start
        left = max(0, min(start_col - (EXCERPT_WIDTH - (end_col - start_col)) // 2, len(raw) - EXCERPT_WIDTH))
        right = left + EXCERPT_WIDTH
        prefix = "..." if left > 0 else ""
        suffix = "..." if right < len(raw) else ""
        raw, start_col, end_col = raw[left:right], start_col - left, min(end_col, right) - left
    before = prefix + raw[:start_col].expandtabs(TAB_WIDTH)
    marked = raw[start_col:end_col].expandtabs(TAB_WIDTH)
    line = prefix + raw.expandtabs(TAB_WIDTH) + suffix
    return line, len(before), max(len(marked), 1)
