"""Spans point at the text each node was written with."""

from __future__ import annotations

from slalang import ast
from slalang.source import Span

from .helpers import EXAMPLES, parse_ok, underlined, walk

TEXT = """# header
policy "p" version "1"
calendar office "Office" {
    timezone "Europe/Amsterdam"
    hours mon-fri 09:00-17:30, 18:00-19:00
    closed 2026-12-24
}
team t { calendar office  agents 6 }
segment vip when (customer.tags contains "vip" or customer.arr >= 100000) and not priority low
sla s "Title" {
    when segment vip
    resolution within 1h30m goal 95% via a -> b
    escalate resolution {
        at 100% + 4h notify "x@example.com" and reassign "g"
    }
}
"""


def by_type(file: ast.File, cls: type) -> list:
    nodes = [n for n in walk(file.declarations) if isinstance(n, cls)]
    return sorted(nodes, key=lambda n: (n.span.line, n.span.column))


def test_declaration_spans_cover_the_whole_declaration():
    file = parse_ok(TEXT)
    texts = [underlined(TEXT, d.span) for d in file.declarations]
    assert texts[0] == 'policy "p" version "1"'
    assert texts[1].startswith('calendar office "Office" {') and texts[1].endswith("closed 2026-12-24\n}")
    assert texts[2] == "team t { calendar office  agents 6 }"
    assert texts[4].startswith("sla s") and texts[4].endswith("    }\n}")


def test_value_spans():
    file = parse_ok(TEXT)
    assert [underlined(TEXT, n.span) for n in by_type(file, ast.Duration)] == ["1h30m", "4h"]
    assert [underlined(TEXT, n.span) for n in by_type(file, ast.Percent)] == ["95%", "100%"]
    assert [underlined(TEXT, n.span) for n in by_type(file, ast.TimeRange)] == ["09:00-17:30", "18:00-19:00"]
    assert [underlined(TEXT, n.span) for n in by_type(file, ast.Date)] == ["2026-12-24"]
    assert [underlined(TEXT, n.span) for n in by_type(file, ast.DayRange)] == ["mon-fri"]
    assert [underlined(TEXT, n.span) for n in by_type(file, ast.Str) if n.value == "Europe/Amsterdam"] == [
        '"Europe/Amsterdam"'
    ]
    assert [underlined(TEXT, n.span) for n in by_type(file, ast.Action)] == ['notify "x@example.com"', 'reassign "g"']
    assert [underlined(TEXT, n.span) for n in by_type(file, ast.TeamItem)] == ["calendar office", "agents 6"]


def test_condition_spans_include_parentheses_of_their_operands():
    file = parse_ok(TEXT)
    segment = file.declarations[3]
    assert underlined(TEXT, segment.when.span) == (
        '(customer.tags contains "vip" or customer.arr >= 100000) and not priority low'
    )
    inner_or = segment.when.items[0]
    assert underlined(TEXT, inner_or.span) == 'customer.tags contains "vip" or customer.arr >= 100000'
    assert underlined(TEXT, segment.when.items[1].span) == "not priority low"
    assert [underlined(TEXT, p.span) for p in by_type(file, ast.Path)] == ["customer.tags", "customer.arr"]


def test_metric_and_step_spans():
    file = parse_ok(TEXT)
    (metric,) = by_type(file, ast.MetricItem)
    assert underlined(TEXT, metric.span) == "resolution within 1h30m goal 95% via a -> b"
    (step,) = by_type(file, ast.Step)
    assert underlined(TEXT, step.span) == 'at 100% + 4h notify "x@example.com" and reassign "g"'


def test_comment_spans():
    file = parse_ok(TEXT)
    assert [(c.text, underlined(TEXT, c.span)) for c in file.comments] == [("# header", "# header")]


def test_every_span_is_in_the_file_and_well_formed():
    for name in ("acme.sla", "calendars.sla"):
        text = (EXAMPLES / name).read_text()
        file = parse_ok(text, name)
        lines = text.split("\n")
        count = 0
        for node in walk(file):
            span: Span = node.span
            assert span.file == name
            assert 1 <= span.line <= span.end_line <= len(lines)
            assert (span.line, span.column) < (span.end_line, span.end_column) or isinstance(node, ast.File)
            assert underlined(text, span).strip() != "" or isinstance(node, ast.File)
            count += 1
        assert count > 50
