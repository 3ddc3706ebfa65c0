"""Findings as GitHub Actions workflow commands, shown as annotations on the changed files.

``::error file=policies/acme.sla,line=12,col=5,endLine=12,endColumn=30,title=shadowed-sla::message``
Severity maps to ``error``, ``warning`` and ``notice``. Values are escaped as the runner
expects (``%``, CR and LF in the message; also ``:`` and ``,`` in properties).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ...diagnostics import Diagnostic, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Iterable[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        s = d.span
        props = [f"file={_escape_property(s.file)}"]
        if s.line > 0:
            props += [f"line={s.line}", f"col={s.column}", f"endLine={s.end_line}", f"endColumn={s.end_column}"]
        props.append(f"title={_escape_property(d.code)}")
        message = d.message + (f"\nhint: {d.help}" if d.help else "")
        if d.witness is not None:
            message += "\nwitness: " + json.dumps(d.witness, ensure_ascii=False)
        lines.append(f"::{_COMMAND[d.severity]} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
