"""Writing policy text: durations, names, hours lines, conditions and structured comments."""

from __future__ import annotations

import pytest

from slalang import loads
from slalang.bridges.writer import (
    Cond,
    all_of,
    any_of,
    calendar_text,
    contains,
    equals,
    hours_lines,
    keywords,
    literal,
    negate,
    notes_above,
    policy_duration,
    read_note,
    slug,
    structured_comment,
    unique_name,
)


@pytest.mark.parametrize(("seconds", "text"), [(60, "1m"), (900, "15m"), (5400, "1h30m"), (86400, "24h"), (90061, "25h1m1s"), (7, "7s")])
def test_durations_use_hours_minutes_and_seconds_only(seconds, text):
    assert policy_duration(seconds) == text
    assert loads(f"sla s {{ first_response within {text} }}").model.slas[0].metrics[0].target_s == seconds


def test_zero_is_not_a_duration():
    with pytest.raises(ValueError):
        policy_duration(0)


def test_names_are_slugs_unique_and_never_keywords():
    assert slug("Enterprise: Urgent!", "policy") == "enterprise_urgent"
    assert slug("Ünïcode Çafé", "policy") == "unicode_cafe"
    assert slug("24/7 desk", "schedule") == "schedule_24_7_desk"
    assert slug("***", "schedule") == "schedule"
    taken: set[str] = set()
    assert [unique_name("office", taken), unique_name("office", taken), unique_name("office", taken)] == ["office", "office_2", "office_3"]
    assert {"open", "calendar", "sla", "when"} <= keywords()
    assert unique_name("open", taken, "hours") == "open_hours"


def test_days_with_the_same_hours_share_a_line():
    weekly = {0: [(540, 1020)], 1: [(540, 1020)], 2: [(540, 1020)], 4: [(540, 1020)], 5: [(600, 840)], 6: [(0, 60), (120, 1440)]}
    assert hours_lines(weekly) == ["hours mon-wed,fri 09:00-17:00", "hours sat 10:00-14:00", "hours sun 00:00-01:00, 02:00-24:00"]


def test_a_written_calendar_compiles_to_the_hours_it_was_given():
    text = calendar_text("office", 'The "main" office', "Europe/Amsterdam", {0: [(540, 1020)], 1: [(540, 1020)]}, ["2026-12-25"])
    calendar = loads(text).model.calendars["office"]
    assert calendar.title == 'The "main" office'
    assert [(r.weekday, r.start_min, r.end_min) for r in calendar.hours] == [(0, 540, 1020), (1, 540, 1020)]
    assert [d.date.isoformat() for d in calendar.closed] == ["2026-12-25"]


def test_conditions_are_parenthesised_only_where_needed():
    tags = any_of([contains("ticket.tags", "a"), contains("ticket.tags", "b")])
    cond = all_of([equals("ticket.type", "incident"), negate(tags), Cond("priority urgent")])
    assert cond.text == 'ticket.type == "incident" and not (ticket.tags contains "a" or ticket.tags contains "b") and priority urgent'
    loads(f"priorities urgent > low\nsla s {{ when {cond.text} first_response within 1h }}")
    assert literal(12) == "12" and literal(True) == "true" and literal('a"b') == '"a\\"b"'
    with pytest.raises(ValueError):
        literal([1])


def test_structured_comments_read_back_from_the_lines_above():
    comment = structured_comment("zendesk", {"id": 7, "description": "line one\nline two\u2028and more", "é": True})
    assert "\n" not in comment and "\u2028" not in comment
    assert read_note(comment, "zendesk") == {"id": 7, "description": "line one\nline two\u2028and more", "é": True}
    text = f"# intro\n{comment}\n# slalang: lossy: something\nsla a {{ first_response within 1h }}\n"
    assert notes_above(text, 4, "zendesk") == [{"id": 7, "description": "line one\nline two\u2028and more", "é": True}]
    assert notes_above(text, 4, "freshdesk") == []
    assert read_note("# zendesk: not json", "zendesk") is None
    loads(text)  # still a policy
