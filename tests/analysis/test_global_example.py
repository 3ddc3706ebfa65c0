"""The spec's Globex example (measures, calendars chosen from the ticket, credits) checks with
no error and exactly its one meant warning, `ola-may-exceed-target`, as in the Acme example,
now that every rule reasons about measures, per-metric calendars and each arm of a
`calendar by` (plus the info about the shared calendar file's unused `night_ops`). Both
copies are pinned: the test fixture and the shipped `policies/global/`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from slalang.analysis import analyse_model
from slalang.analysis.config import CheckConfig
from slalang.compiler import compile_paths

TESTS = Path(__file__).resolve().parents[1]
COPIES = [TESTS / "fixtures" / "global", TESTS.parent / "policies" / "global"]


@pytest.mark.parametrize("directory", COPIES, ids=["fixture", "shipped"])
def test_globex_has_no_error_and_only_the_meant_findings(directory: Path) -> None:
    result = compile_paths([str(directory)])
    assert result.diagnostics == [] and result.model is not None
    found = analyse_model(result.model, result.sources, CheckConfig(reference_date=dt.date(2026, 11, 1)))
    summary = [(d.code, d.severity.value, Path(d.span.file).name, d.span.line) for d in found]
    assert summary == [
        ("unused-definition", "info", "calendars.sla", 19),  # night_ops, declared for later use
        ("ola-may-exceed-target", "warning", "global.sla", 24),  # enterprise_urgent's 12h on `always`
    ]


def test_the_two_copies_are_the_same_policy() -> None:
    for name in ("global.sla", "calendars.sla"):
        assert (COPIES[0] / name).read_text() == (COPIES[1] / name).read_text()
