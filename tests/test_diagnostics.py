"""Findings are capped per kind and file: the first of each kind are listed, one more finding
counts the rest, and capping again keeps the count."""

from __future__ import annotations

from slalang.diagnostics import Severity, cap_per_kind, error, warning
from slalang.limits import MAX_DIAGNOSTICS_PER_KIND
from slalang.report.findings.text import summary
from slalang.source import Span


def escapes(file: str, count: int, code: str = "syntax") -> list:
    return [error(code, "unknown escape `\\q` in a string", Span(file, 1, 2 * n + 1, 1, 2 * n + 3), "the escapes are")
            for n in range(count)]


def test_at_most_the_limit_of_a_kind_is_listed_and_one_finding_counts_the_rest() -> None:
    capped = cap_per_kind(escapes("a.sla", 20_000), limit=25)
    assert len(capped) == 26
    listed, rest = capped[:25], capped[25]
    assert [d.span.column for d in listed] == [2 * n + 1 for n in range(25)]
    assert rest.omitted == 19_975 and rest.span.column == 51  # where the first one left out is
    assert rest.message == "19975 more errors of the kind `syntax` in this file are not listed (at most 25 of each kind are)"
    assert MAX_DIAGNOSTICS_PER_KIND.env in rest.help and rest.severity is Severity.ERROR
    assert summary(capped, 1) == "20000 errors, 0 warnings, 0 infos in 1 file"


def test_kinds_are_per_file_code_and_severity() -> None:
    mixed = escapes("a.sla", 30) + escapes("b.sla", 30) + escapes("a.sla", 30, "bad-value")
    mixed += [warning("syntax", f"w{n}", Span("a.sla", 2, n + 1, 2, n + 2)) for n in range(30)]
    capped = cap_per_kind(mixed, limit=25)
    assert len(capped) == 4 * 26
    assert sorted(d.omitted for d in capped if d.omitted) == [5, 5, 5, 5]


def test_one_more_is_shown_rather_than_counted_and_capping_twice_keeps_the_count() -> None:
    assert [d.omitted for d in cap_per_kind(escapes("a.sla", 26), limit=25)] == [0] * 26
    once = cap_per_kind(escapes("a.sla", 100), limit=25)
    twice = cap_per_kind(once + escapes("a.sla", 3)[:0], limit=25)
    assert twice == once and [d.omitted for d in twice][-1] == 75
    assert cap_per_kind(once, limit=10)[-1].omitted == 90


def test_the_limit_in_force_can_be_raised(monkeypatch) -> None:
    monkeypatch.setenv(MAX_DIAGNOSTICS_PER_KIND.env, "1000")
    assert len(cap_per_kind(escapes("a.sla", 600))) == 600
    monkeypatch.setenv(MAX_DIAGNOSTICS_PER_KIND.env, "not a number")  # ignored: the default holds
    assert len(cap_per_kind(escapes("a.sla", 600))) == 26
