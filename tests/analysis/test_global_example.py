"""The spec's Globex example (measures, calendars chosen from the ticket, credits) checks with
no error: its one warning is meant, as in the Acme example, and the rules that cannot reason
about a calendar chosen from the ticket yet skip it instead of failing or guessing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from slalang.analysis import analyse_model
from slalang.analysis.config import CheckConfig
from slalang.compiler import compile_paths

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "global"


def test_globex_has_no_error_and_only_the_meant_findings() -> None:
    result = compile_paths([str(FIXTURE)])
    assert result.diagnostics == [] and result.model is not None
    found = analyse_model(result.model, result.sources, CheckConfig(reference_date=dt.date(2026, 11, 1)))
    summary = [(d.code, d.severity.value, Path(d.span.file).name, d.span.line) for d in found]
    assert summary == [
        ("unused-definition", "info", "calendars.sla", 19),  # night_ops, declared for later use
        ("ola-may-exceed-target", "warning", "global.sla", 24),  # enterprise_urgent's 12h on `always`
    ]
