"""Helpers for analysis tests: compile policy text and run the rules on a fixed reference date."""

from __future__ import annotations

import datetime as dt

from slalang.analysis import analyse_model
from slalang.analysis.config import CheckConfig
from slalang.compiler import compile_text
from slalang.diagnostics import Diagnostic

REFERENCE_DATE = dt.date(2026, 1, 1)


def compile_policy(text: str, name: str = "case.sla"):
    result = compile_text(text, name)
    assert result.ok, [f"{d.span.line}:{d.span.column} {d.message}" for d in result.diagnostics]
    return result


def findings(text: str, *rules: str, name: str = "case.sla") -> list[Diagnostic]:
    """Every finding of the given rules (all rules when none is named) for policy text."""
    result = compile_policy(text, name)
    config = CheckConfig(reference_date=REFERENCE_DATE, select=frozenset(rules) if rules else None)
    return analyse_model(result.model, result.sources, config)
