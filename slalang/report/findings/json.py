"""Findings as a JSON list, each exactly as analysis.md gives it:
``{"rule", "severity", "file", "line", "column", "end_line", "end_column", "message", "hint", "witness"}``."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ...diagnostics import Diagnostic


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
