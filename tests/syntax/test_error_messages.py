"""Golden files for rendered syntax errors: ``errors/NAME.sla`` -> ``errors/NAME.sla.expected``.

Regenerate with ``SLALANG_UPDATE_GOLDEN=1 python -m pytest tests/syntax`` and review the diff.
"""

from __future__ import annotations

import pytest
from golden import assert_golden

from slalang.syntax import MAX_CONDITION_DEPTH, parse

from .helpers import HERE, assert_located, parse_errors, render, underlined

CASES = sorted((HERE / "errors").glob("*.sla"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_rendered_syntax_errors(case):
    text = case.read_text()
    name = f"errors/{case.name}"
    diagnostics = parse_errors(text, name)
    assert_located(diagnostics, text, name)
    rendered = render(diagnostics, text)
    assert_golden(case.with_name(case.name + ".expected"), rendered)


def test_every_case_has_a_hint_or_says_what_was_expected():
    for case in CASES:
        for d in parse_errors(case.read_text(), case.name):
            assert d.help or "expected" in d.message, (case.name, d)


def test_several_errors_are_reported_in_one_run():
    text = (HERE / "errors" / "several_errors.sla").read_text()
    diagnostics = parse_errors(text)
    assert [underlined(text, d.span) for d in diagnostics] == ["30m", "monday", "95"]


def test_error_underlines_the_offending_text():
    cases = {
        "ola a by t 30m": "30m",
        'segment s when customer.plan = "x"': "=",
        "calendar c { hour mon 09:00-10:00 }": "hour",
        "calendar c { hours Mon 09:00-10:00 }": "Mon",
        "sla s { resolution within 4hours }": "4hours",
        'sla "x" { }': '"x"',
    }
    for text, expected in cases.items():
        (d,) = parse_errors(text)
        assert underlined(text, d.span) == expected, (text, d)


def test_conditions_nested_too_deeply_are_a_located_error():
    depth = MAX_CONDITION_DEPTH + 5
    text = "segment s when " + "not " * depth + "true\n"
    (d,) = parse_errors(text)
    assert "levels deep" in d.message and d.span.line == 1
    ok = "segment s when " + "not " * (MAX_CONDITION_DEPTH - 1) + "true\n"
    assert parse(ok, "t.sla")[1] == []
