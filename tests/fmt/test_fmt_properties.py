"""Invariants of the formatter on random valid policies in random layouts."""

from __future__ import annotations

from fmt_policy_strategies import policy_texts
from hypothesis import HealthCheck, given, settings

from slalang.compiler import compile_text
from slalang.fmt import format_text
from slalang.syntax import parse


def comments_of(text: str) -> list[str]:
    tree, diagnostics = parse(text, "p.sla")
    assert tree is not None, diagnostics
    return [c.text.rstrip() for c in tree.comments]


def model_of(text: str):
    result = compile_text(text, "p.sla")
    errors = [d for d in result.diagnostics if d.is_error]
    assert not errors, errors
    return result.model


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(policy_texts())
def test_format_is_idempotent_keeps_meaning_and_comments(text: str) -> None:
    first = format_text(text, "p.sla")
    assert first.ok, first.diagnostics
    second = format_text(first.formatted, "p.sla")
    assert second.formatted == first.formatted
    assert model_of(first.formatted) == model_of(text)
    assert comments_of(first.formatted) == comments_of(text)
