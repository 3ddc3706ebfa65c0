"""Tables that fit the terminal: never wider than it, never a number cut, names cut so that
they stay distinct, empty columns left out, and continuation tables that repeat the keys."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from slalang.report.layout import Column, FittedTable, abbreviate, distinct_abbreviations


def render(table: FittedTable, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(table, crop=False)
    return console.file.getvalue()  # type: ignore[attr-defined]


def body_rows(text: str) -> list[list[str]]:
    """The data rows of every rendered table, as stripped cells."""
    return [[cell.strip() for cell in line.split("│")[1:-1]] for line in text.splitlines() if line.startswith("│")]


def header_rows(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("┃")[1:-1]] for line in text.splitlines() if line.startswith("┃")]


def sla_table() -> FittedTable:
    table = FittedTable(
        "Attainment",
        (
            Column("SLA", "name"),
            Column("Metric", "name"),
            Column("Attainment", justify="right"),
            Column("Goal met?"),
            Column("Breached", justify="right"),
            Column("Erlang C", justify="right"),
            Column("p90", justify="right"),
        ),
        keys=2,
    )
    for sla in ("enterprise_urgent", "paying_high", "paying_standard"):
        for metric in ("first_response", "resolution"):
            table.add_row(sla, metric, "100.0%", "✘ missed", "1234", "", "1d 16h 5m")
    return table


def test_a_table_that_fits_is_shown_whole():
    text = render(sla_table(), 140)
    assert "paying_standard" in text and "first_response" in text and "…" not in text
    assert len(header_rows(text)) == 1


def test_a_column_empty_in_every_row_is_left_out():
    text = render(sla_table(), 140)
    assert "Erlang C" not in text
    assert all(len(row) == 6 for row in body_rows(text))


def test_at_every_width_nothing_is_wider_than_the_terminal_and_no_number_is_cut():
    for width in (60, 80, 100, 140):
        text = render(sla_table(), width)
        assert max(len(line) for line in text.splitlines()) <= width, width
        rows = body_rows(text)
        assert rows, width
        for value in ("100.0%", "1234", "1d 16h 5m", "✘ missed"):
            assert text.count(value) == 6, (width, value)


def test_names_cut_short_stay_distinct():
    text = render(sla_table(), 60)
    rows = body_rows(text)
    for table in range(len(rows) // 6):  # each table: six different (SLA, metric) pairs, six different rows
        shown = {(row[0], row[1]) for row in rows[6 * table : 6 * table + 6]}
        assert len(shown) == 6
    assert any("…" in row[0] for row in rows)


def test_headers_wrap_at_spaces_before_names_are_cut():
    table = FittedTable("t", (Column("Name of the team", "name"), Column("Goal met?"), Column("Count", justify="right")))
    table.add_row("tier1", "✔ met", "3")
    text = render(table, 26)
    assert "tier1" in text and "Name" in text  # the header gave way, not the name
    assert max(len(line) for line in text.splitlines()) <= 26


def test_columns_that_cannot_fit_go_on_in_a_continuation_table_repeating_the_keys():
    table = FittedTable(
        "Metrics",
        (Column("Ticket", "name"), *(Column(f"Instant {n}") for n in range(1, 5))),
        keys=1,
    )
    table.add_row("T-1001", *["2026-11-20T15:55:00Z"] * 4)
    text = render(table, 60)
    assert "Metrics (continued)" in text
    assert text.count("2026-11-20T15:55:00Z") == 4
    assert [row[0] for row in body_rows(text)] == ["T-1001"] * len(body_rows(text))
    assert max(len(line) for line in text.splitlines()) <= 60


def test_an_impossibly_narrow_terminal_wraps_rather_than_cuts():
    table = FittedTable("t", (Column("Ticket", "name"), Column("Instant")))
    table.add_row("T-1", "2026-11-20T15:55:00Z")
    text = render(table, 10)
    assert "2026-11-20T15:55:00Z" in text


def test_abbreviations():
    assert abbreviate("enterprise_urgent", 8) == "enterpr…"
    assert abbreviate("enterprise_urgent", 8, middle=True) == "ente…ent"
    assert abbreviate("short", 8) == "short"
    # a shared prefix: cut at the end would merge them, cut in the middle keeps them apart
    shown = distinct_abbreviations(["sla.first_response", "sla.next_response"], 9)
    assert shown is not None and len(set(shown.values())) == 2
    assert distinct_abbreviations(["aaaa1", "aaab1"], 3) is None


names = st.text(alphabet="ab_", min_size=1, max_size=14)
numbers = st.integers(min_value=0, max_value=10**9).map(str)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(names, names, numbers, numbers), min_size=1, max_size=8),
    width=st.integers(min_value=40, max_value=160),
)
def test_any_table_fits_keeps_numbers_and_keeps_names_apart(rows, width):
    table = FittedTable("t", (Column("A", "name"), Column("B", "name"), Column("N"), Column("M")), keys=2)
    for row in rows:
        table.add_row(*row)
    text = render(table, width)
    assert max(len(line) for line in text.splitlines()) <= width
    rendered = body_rows(text)
    for _, _, n, m in rows:
        assert any(n in cells for cells in rendered) and any(m in cells for cells in rendered)
    distinct_names = {(a, b) for a, b, _, _ in rows}
    for table in range(len(rendered) // len(rows)):
        shown = rendered[table * len(rows) : (table + 1) * len(rows)]
        assert len({(r[0], r[1]) for r in shown}) == len(distinct_names)


def test_free_text_wraps_at_spaces_and_keeps_an_instant_whole():
    table = FittedTable("Changes", (Column("Ticket", "name"), Column("What changes", "text")))
    table.add_row("T-1", "first_response: deadline 2026-11-20T10:00:00+01:00 → 2026-11-20T09:30:00+01:00")
    text = render(table, 44)
    assert max(len(line) for line in text.splitlines()) <= 44
    assert "2026-11-20T10:00:00+01:00" in text and "2026-11-20T09:30:00+01:00" in text
