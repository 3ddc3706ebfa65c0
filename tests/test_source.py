"""The text under a span: one definition, used by analysis wording, the compiler and the server."""

from __future__ import annotations

from slalang.source import NO_SPAN, Span, span_text

LINES = ["sla gold {", "    when customer.plan == \"gold\"", "    first_response within 1h", "}"]


def test_a_span_on_one_line_is_the_text_between_its_columns():
    assert span_text(LINES, Span("a.sla", 2, 10, 2, 23)) == "customer.plan"


def test_a_span_over_several_lines_keeps_its_line_breaks():
    assert span_text(LINES, Span("a.sla", 1, 5, 3, 19)) == 'gold {\n    when customer.plan == "gold"\n    first_response'


def test_a_span_running_past_the_text_ends_with_it():
    assert span_text(LINES, Span("a.sla", 3, 5, 9, 1)) == "first_response within 1h\n}"


def test_a_span_outside_the_text_is_empty():
    assert span_text(LINES, Span("a.sla", 5, 1, 5, 3)) == ""
    assert span_text(LINES, NO_SPAN) == ""
    assert span_text([], Span("a.sla", 1, 1, 1, 2)) == ""
