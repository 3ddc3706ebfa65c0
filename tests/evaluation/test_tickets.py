"""Ticket input: layouts, streaming, validation and per-ticket errors."""

from __future__ import annotations

import io
import json
import tracemalloc

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.evaluation import evaluate_tickets, read_tickets
from slalang.evaluation.evaluator import Evaluator, evaluate_items
from slalang.evaluation.instants import InstantError, TimestampParser, format_utc, parse_rfc3339, resolve_now
from slalang.evaluation.ticket_files import (
    InputError,
    LineBlock,
    iter_chunks,
    iter_items,
    line_ranges,
    range_chunks,
    split_lines,
)

from .helpers import ticket

GOOD = {"id": "A", "created_at": "2026-03-02T09:00:00Z", "ticket": {"priority": "urgent"}}


def failure(policy, raw) -> dict:
    (result,) = list(evaluate_tickets(policy, [raw], now="2026-03-02T12:00:00Z"))
    assert not result.ok
    return result.to_json()


# --- timestamps ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-20T16:55:00+01:00", "2026-11-20T15:55:00Z"),
        ("2026-11-20T16:55:00Z", "2026-11-20T16:55:00Z"),
        ("2026-11-20t16:55:00z", "2026-11-20T16:55:00Z"),
        ("2026-11-20 16:55:00-05:45", "2026-11-20T22:40:00Z"),
        ("2026-11-20T16:55:59.999999+00:00", "2026-11-20T16:55:59Z"),
        ("2024-02-29T00:00:00+14:00", "2024-02-28T10:00:00Z"),
    ],
)
def test_rfc3339_timestamps_with_offsets_parse_to_the_second(text, expected):
    assert format_utc(parse_rfc3339(text)) == expected
    parser = TimestampParser()
    assert format_utc(parser.parse(text)) == expected
    assert format_utc(parser.parse(text)) == expected  # from the memo


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2026-11-20T16:55:00", "has no UTC offset"),
        ("2026-11-20", "is not RFC 3339"),
        ("2026-11-20T16:55+01:00", "is not RFC 3339"),
        ("2026-11-20T16:55:00+0100", "is not RFC 3339"),
        ("2026-02-29T00:00:00Z", "day 29 is out of range"),
        ("2026-11-20T24:00:00Z", "out of range"),
        ("2026-11-20T16:55:60Z", "out of range"),
        ("1899-11-20T16:55:00Z", "outside the supported years"),
    ],
)
def test_bad_timestamps_say_what_is_wrong(text, reason):
    with pytest.raises(InstantError, match=reason):
        parse_rfc3339(text)
    with pytest.raises(InstantError, match=reason):
        TimestampParser().parse(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(-2208988800, 32503679999), st.sampled_from([0, 3600, -18000, 20700, 19800, 37800, -34200]))
def test_the_memoised_parser_agrees_with_the_plain_one(epoch, offset):
    import datetime as dt

    local = dt.datetime.fromtimestamp(epoch, dt.timezone(dt.timedelta(seconds=offset)))
    text = local.isoformat()
    parser = TimestampParser()
    parser.parse("2026-01-01T00:00:00+01:00")
    if not 1900 <= local.year <= 2999:
        return
    assert parser.parse(text) == parse_rfc3339(text) == epoch


def test_now_accepts_text_epochs_and_aware_datetimes():
    import datetime as dt

    assert resolve_now("2026-03-02T09:00:00+01:00") == resolve_now(1772438400) == 1772438400
    assert resolve_now(dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)) == 1772438400
    with pytest.raises(InstantError, match="aware"):
        resolve_now(dt.datetime(2026, 3, 2, 8))


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, expected_id, reason",
    [
        ({"id": None}, None, 'missing "id"'),
        ({"id": ["x"]}, None, '"id" must be a string or a number'),
        ({"created_at": None}, "A", 'missing "created_at"'),
        ({"created_at": "2026-03-02T09:00:00"}, "A", "created_at: timestamp '2026-03-02T09:00:00' has no UTC offset"),
        ({"ticket": ["x"]}, "A", '"ticket" must be a JSON object'),
        ({"events": {"at": 1}}, "A", '"events" must be a list'),
        ({"events": [{"at": "2026-03-02T09:01:00Z", "type": "note"}]}, "A", "event 1: unknown event type 'note'"),
        ({"events": [{"at": "2026-03-02T09:01:00Z"}]}, "A", 'event 1: missing "type"'),
        ({"events": [{"type": "agent_reply"}]}, "A", 'event 1: missing "at"'),
        ({"events": [{"at": "2026-03-02T08:59:59Z", "type": "agent_reply"}]}, "A", "event 1 at 2026-03-02T08:59:59Z is before created_at"),
        ({"events": [{"at": "2026-03-02T09:01:00", "type": "agent_reply"}]}, "A", "event 1: timestamp"),
        ({"events": [{"at": "2026-03-02T09:01:00Z", "type": "status"}]}, "A", 'event 1: a status event needs a string "status"'),
        ({"events": [{"at": "2026-03-02T09:01:00Z", "type": "field", "value": 1}]}, "A", "event 1: a field event needs"),
        ({"events": [{"at": "2026-03-02T09:01:00Z", "type": "field", "field": "x"}]}, "A", 'event 1: a field event needs a "value"'),
        ({"ticket": {"priority": "p1"}}, "A", "ticket.priority 'p1' is not a declared priority (declared: urgent > high > normal > low)"),
        (
            {"events": [{"at": "2026-03-02T09:01:00Z", "type": "field", "field": "priority", "value": "p1"}]},
            "A",
            "event 1: priority 'p1' is not a declared priority",
        ),
        (
            {"events": [{"at": "2026-03-02T09:01:00Z", "type": "field", "field": "ticket.priority", "value": 2}]},
            "A",
            "event 1: priority 2 is not a declared priority",
        ),
    ],
)
def test_bad_tickets_fail_with_a_reason_and_their_id(rules_policy, change, expected_id, reason):
    raw = {**GOOD, **change}
    result = failure(rules_policy, raw)
    assert result["id"] == expected_id
    assert result["error"].startswith(reason), result["error"]
    assert result["line"] == 1


def test_an_undeclared_priority_after_now_still_fails(rules_policy):
    raw = {**GOOD, "events": [{"at": "2026-03-05T09:01:00Z", "type": "field", "field": "priority", "value": "p9"}]}
    assert "not a declared priority" in failure(rules_policy, raw)["error"]


def test_a_missing_or_null_priority_is_not_an_error(rules_policy):
    for fields in ({}, {"priority": None}):
        raw = {**GOOD, "ticket": fields}
        (result,) = list(evaluate_tickets(rules_policy, [raw], now="2026-03-02T12:00:00Z"))
        assert result.ok and result.sla is None


def test_bad_tickets_do_not_stop_the_others(rules_policy):
    tickets = [ticket(priority="urgent", id=1), {"id": 2}, ticket(priority="p0", id=3), ticket(priority="high", id=4)]
    results = [r.to_json() for r in evaluate_tickets(rules_policy, tickets, now="2026-03-02T12:00:00Z")]
    assert [r.get("sla", "error") for r in results] == ["urgent_sla", "error", "error", "business_sla"]
    assert [r.get("line") for r in results] == [None, 2, 3, None]


def test_the_input_ticket_is_not_changed(rules_policy):
    raw = ticket(("09:05", "field", "customer.address.city", "Delft"), priority="urgent", customer={"address": {"city": "Leiden"}})
    before = json.dumps(raw, sort_keys=True)
    list(evaluate_tickets(rules_policy, [raw], now="2026-03-02T12:00:00Z"))
    assert json.dumps(raw, sort_keys=True) == before


# --- layouts and streaming -------------------------------------------------------------------------


def lines_of(data: bytes, **kw):
    return [(line, item if isinstance(item, InputError) else item.get("id")) for line, item in read_tickets(io.BytesIO(data), **kw)]


def test_json_lines_skip_blank_lines_and_report_bad_ones():
    data = b'{"id":1}\n\n{"id":2}\r\n{bad\n  \n{"id":3}'
    got = lines_of(data)
    assert [(line, x) for line, x in got if not isinstance(x, InputError)] == [(1, 1), (3, 2), (6, 3)]
    (line, error), = [(line, x) for line, x in got if isinstance(x, InputError)]
    assert line == 4 and error.reason.startswith("invalid JSON")


def test_a_json_list_is_split_element_by_element_with_lines():
    data = b'[\n {"id": 1, "x": "]},["},\n\n {"id": 2}\n]\n'
    assert lines_of(data) == [(2, 1), (4, 2)]


def test_pretty_printed_objects_are_read_whole():
    data = json.dumps({"id": 1, "events": []}, indent=2).encode() + b"\n" + json.dumps({"id": 2}, indent=2).encode()
    assert lines_of(data) == [(1, 1), (5, 2)]


def test_a_single_ticket_file(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(GOOD))
    assert [item["id"] for _, item in read_tickets(str(path))] == ["A"]


def test_a_broken_list_says_so():
    got = lines_of(b'[{"id": 1}, {"id": 2}')
    assert got[:2] == [(1, 1), (1, 2)] and "not closed" in got[2][1].reason


def test_a_bom_and_empty_input():
    assert lines_of(b"\xef\xbb\xbf" + b'{"id": 1}\n') == [(1, 1)]
    assert lines_of(b"") == [] and lines_of(b"\n  \n") == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.dictionaries(st.sampled_from(["id", "a", "b"]), st.one_of(st.integers(-(2**53), 2**53), st.text(max_size=8)), min_size=1), min_size=1, max_size=8),
    st.sampled_from(["jsonl", "list", "pretty"]),
    st.integers(1, 64),
)
def test_every_layout_gives_the_same_items_whatever_the_read_block_size(items, layout, block):
    if layout == "jsonl":
        data = b"\n".join(orjson.dumps(i) for i in items)
    elif layout == "list":
        data = json.dumps(items, indent=1).encode()
    else:
        data = b"\n".join(json.dumps(i, indent=2).encode() for i in items)
    got = []
    for chunk in iter_chunks(io.BytesIO(data), block_bytes=block):
        if hasattr(chunk, "data"):
            got.extend(orjson.loads(line) for line in chunk.data.split(b"\n") if line.strip())
        else:
            got.extend(orjson.loads(item) for _, item in chunk.items)
    assert got == items


class Endless(io.RawIOBase):
    """A stream that produces ``size`` bytes of one huge line without holding them."""

    def __init__(self, head: bytes, size: int, tail: bytes) -> None:
        self.parts = [head]
        self.left = size
        self.tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.parts:
            data = self.parts.pop()
        elif self.left > 0:
            data = b"x" * min(len(buffer), self.left)
            self.left -= len(data)
        else:
            data, self.tail = self.tail, b""
        data = data[: len(buffer)]
        buffer[: len(data)] = data
        return len(data)


def test_a_100_mb_line_is_reported_without_holding_it(rules_policy):
    stream = io.BufferedReader(Endless(b'{"id": 1}\n{"id": "', 100 * 1024 * 1024, b'"}\n{"id": 3}\n'), buffer_size=1 << 20)
    tracemalloc.start()
    got = list(iter_items(stream, max_item_bytes=8 * 1024 * 1024))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [line for line, _ in got] == [1, 2, 3]
    assert isinstance(got[1][1], InputError) and "larger than 8388608 bytes" in got[1][1].reason
    assert got[2][1] == b'{"id": 3}'
    assert peak < 40 * 1024 * 1024


def test_a_large_line_under_the_limit_is_evaluated(rules_policy):
    raw = ticket(priority="urgent")
    raw["ticket"]["blob"] = "y" * (3 * 1024 * 1024)
    data = orjson.dumps(raw) + b"\n"
    evaluator = Evaluator(rules_policy)
    (result,) = list(evaluate_items(evaluator, read_tickets(io.BytesIO(data)), 1772445600))
    assert result.ok and result.sla == "urgent_sla"


def test_a_huge_first_line_is_reported_and_the_next_ticket_read():
    stream = io.BufferedReader(Endless(b'{"id": "', 30 * 1024 * 1024, b'"}\n{"id": 2}\n'), buffer_size=1 << 20)
    got = list(iter_items(stream, max_item_bytes=4 * 1024 * 1024))
    assert [line for line, _ in got] == [1, 2]
    assert isinstance(got[0][1], InputError) and got[1][1] == b'{"id": 2}'


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-2208988800, 32503679999), min_size=1, max_size=20))
def test_the_memoised_formatter_agrees_with_format_utc(instants):
    import datetime as dt

    from slalang.evaluation.instants import utc_formatter

    fmt = utc_formatter()
    for epoch in instants + instants:
        expected = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=epoch)
        assert fmt(epoch) == format_utc(epoch) == expected.strftime("%Y-%m-%dT%H:%M:%SZ")


class Filler(io.RawIOBase):
    """``head``, then ``size`` bytes of ``unit`` repeated, then ``tail``, without holding them."""

    def __init__(self, head: bytes, unit: bytes, size: int, tail: bytes) -> None:
        self.pending = [head] if head else []
        self.unit = unit
        self.left = size
        self.tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.pending:
            data = self.pending.pop()
        elif self.left > 0:
            count = max(1, min(len(buffer), self.left) // len(self.unit))
            data = self.unit * count
            self.left -= len(data)
        else:
            data, self.tail = self.tail, b""
        data = data[: len(buffer)]
        buffer[: len(data)] = data
        return len(data)


HUGE_ITEMS = {
    # name: (head, unit, tail, the lines of the items after it)
    "json lines, first line": (b'{"id": "big", "s": "', b"a", b'"}\n{"id": 2}\n{"id": 3}\n', [2, 3]),
    "json lines, escapes": (b'{"id": "big", "s": "', b"\\\\", b'"}\n{"id": 2}\n{"id": 3}\n', [2, 3]),
    "json lines, later line": (b'{"id": 1}\n{"id": "big", "s": "', b"a", b'"}\n{"id": 3}\n', [1, 3]),
    "json lines, a number": (b'{"id": 1}\n', b"7", b'\n{"id": 3}\n', [1, 3]),
    "list, first string element": (b'["', b"a", b'", {"id": 2}, {"id": 3}]', [1, 1]),
    "list, first number element": (b"[", b"1", b', {"id": 2}, {"id": 3}]', [1, 1]),
    "list, object": (b'[{"id": "big", "s": "', b"a", b'"}, {"id": 2}, {"id": 3}]', [1, 1]),
    "multi-line object": (b'{"id": "big",\n "s": "', b"a", b'"}\n{"id": 2}\n{"id": 3}\n', [3, 4]),
}


def items_and_peak(head: bytes, unit: bytes, size: int, tail: bytes) -> tuple[list, int]:
    """What ``iter_items`` yields for the stream, and the most memory it held (run bounded)."""
    stream = io.BufferedReader(Filler(head, unit, size, tail), buffer_size=1 << 20)
    tracemalloc.start()
    got = list(iter_items(stream, max_item_bytes=1024 * 1024))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return got, peak


@pytest.mark.parametrize("name", list(HUGE_ITEMS))
def test_an_item_over_the_limit_is_reported_in_flat_memory_and_time_on_any_line(bounded, name):
    head, unit, tail, later_lines = HUGE_ITEMS[name]
    got, peak = bounded.call(items_and_peak, head, unit, 32 * 1024 * 1024, tail, mib=200, seconds=30)
    # a few 4 MiB read blocks at most, however large the item
    assert peak < 24 * 1024 * 1024, f"{peak / 2**20:.0f} MiB held for a 32 MiB item over a 1 MiB limit"
    errors = [item for _, item in got if isinstance(item, InputError)]
    assert len(errors) == 1 and "larger than 1048576 bytes" in errors[0].reason
    assert [line for line, item in got if not isinstance(item, InputError)] == later_lines


def test_blank_lines_before_the_first_ticket_are_counted_not_held(bounded):
    blank = 20 * 1024 * 1024
    got, peak = bounded.call(items_and_peak, b"", b"\n", blank, b'  \n{"id": 1}\n\nx\n', mib=200, seconds=30)
    assert peak < 24 * 1024 * 1024
    assert got == [(blank + 2, b'{"id": 1}'), (blank + 4, b"x")]


def stray_items(text: bytes) -> list:
    return list(iter_items(io.BytesIO(text), max_item_bytes=1024 * 1024))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b'{\n "id": 1}\n]\n{\n "id": 2}\n', [(1, b'{\n "id": 1}'), (3, b"]"), (4, b'{\n "id": 2}')]),
        (b'{\n "id": 1}\n,,,]]} :\n{\n "id": 2}\n', [(1, b'{\n "id": 1}'), (3, b",,,]]} :"), (4, b'{\n "id": 2}')]),
        (b'{\n "id": 1}\n}', [(1, b'{\n "id": 1}'), (3, b"}")]),
    ],
    ids=["bracket", "punctuation", "brace"],
)
def test_a_stray_byte_between_multi_line_tickets_is_one_bad_item_not_a_hang(bounded, text, expected):
    """Found by the fuzz harness: a `]` or `,` where a ticket should start was read as an empty
    item again and again, for ever (slalang eval hung, writing errors without end)."""
    assert bounded.call(stray_items, text, mib=100, seconds=10) == expected


# --- byte ranges (each worker process reads its own) ------------------------------------------------


def ranged_items(path: str, block: int, max_item_bytes: int = 1 << 20) -> list | None:
    ranges = line_ranges(path, block, max_item_bytes)
    if ranges is None:
        return None
    got = []
    for part in ranges:
        for chunk in range_chunks(part, max_item_bytes):
            got.extend(split_lines(chunk, max_item_bytes) if isinstance(chunk, LineBlock) else chunk.items)
    return got


LINE_FILES = st.lists(
    st.sampled_from([b'{"id":1}', b'{"id": "two", "x": [1, 2]}', b"", b"  ", b"{bad", b'{"id":3}\r', b"[1]", b"x" * 40]),
    min_size=1, max_size=12,
).map(lambda lines: b"\n".join(lines))


@settings(max_examples=120, deadline=None)
@given(LINE_FILES, st.booleans(), st.booleans(), st.integers(1, 48))
def test_byte_ranges_give_the_items_and_lines_of_one_read(tmp_path_factory, data, bom, newline_at_end, block):
    """Cut anywhere on line boundaries, a JSON Lines file gives the very items, line numbers
    and errors of reading it whole: blank lines, CRLF, a BOM, no newline at the end, lines
    longer than a block or than the limit."""
    first = b'\n  \n{"id":0}\n'  # what makes it JSON Lines (not a list, nor multi-line objects)
    data = (b"\xef\xbb\xbf" if bom else b"") + first + data + (b"\n" if newline_at_end else b"")
    path = tmp_path_factory.mktemp("ranges") / "t.jsonl"
    path.write_bytes(data)
    whole = list(iter_items(str(path), max_item_bytes=32))
    assert ranged_items(str(path), block, max_item_bytes=32) == whole


def test_other_layouts_are_not_cut_into_ranges(tmp_path):
    for data in (b'[{"id": 1},\n{"id": 2}]\n', b'{\n "id": 1\n}\n{"id": 2}\n'):
        path = tmp_path / "t.json"
        path.write_bytes(data)
        assert line_ranges(str(path), 4) is None
    path.write_bytes(b"\n\n")
    assert ranged_items(str(path), 4) == []
