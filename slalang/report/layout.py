"""Tables that fit the terminal: every table a person reads (eval, report, diff, simulate,
staff, ...) is laid out here, so that all of them behave alike at any width.

- A column is a **name** (an SLA, metric, ticket id, team: abbreviated with ``…`` when
  space is short, never so far that two different names look alike), **fixed** (a number,
  duration, percentage, instant or status: never cut, never wrapped) or **text** (free text:
  wrapped at spaces).
- A column that is empty in every row is left out.
- Headers wrap at spaces before anything else gives way.
- When even the narrowest layout is wider than the terminal, the columns after the key
  columns (``keys``: the first ones, naming the row) go on in further tables, each
  repeating the keys; nothing is ever cut.

``FittedTable`` is a rich renderable: ``console.print(table)`` lays it out for the console's
width. Print with ``crop=False`` so that a layout wider than a very narrow terminal is
wrapped by the terminal rather than cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

Kind = Literal["name", "fixed", "text"]
Cell = str | Text

ELLIPSIS = "…"
TEXT_MIN_WIDTH = 16
"""A text column wraps down to this width (or its longest content, if shorter)."""
LONGEST_WORD = 32
"""A word of free text (an instant with its offset, a path) is kept whole up to this length."""
NAME_COMFORT_WIDTH = 8
"""Names are cut below this width (with ``…``) only when a single column beside the keys
still does not fit: before that, columns move to a continuation table."""


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "fixed"
    justify: Literal["left", "right"] = "left"


def chrome_width(columns: int) -> int:
    """Borders and padding of a boxed table with ``columns`` columns (rich's default box)."""
    return 3 * columns + 1


def abbreviate(name: str, width: int, middle: bool = False) -> str:
    """``name`` in at most ``width`` cells: whole, or cut with ``…`` at the end (or in the middle)."""
    if len(name) <= width:
        return name
    if width <= 1:
        return ELLIPSIS[:width]
    if not middle:
        return name[: width - 1] + ELLIPSIS
    head = (width - 1 + 1) // 2
    tail = width - 1 - head
    return name[:head] + ELLIPSIS + (name[-tail:] if tail else "")


def distinct_abbreviations(names: Iterable[str], width: int) -> dict[str, str] | None:
    """Each name shortened to ``width`` so that different names stay different (cut at the
    end, else in the middle), or None when neither keeps them apart at this width."""
    distinct = sorted(set(names))
    for middle in (False, True):
        shown = {name: abbreviate(name, width, middle) for name in distinct}
        if len(set(shown.values())) == len(distinct):
            return shown
    return None


def _narrowest_distinct(names: list[str], natural: int, middle: bool) -> int:
    """The narrowest width (from 4) at which the names stay apart, cut at the end or (with
    ``middle``) also in the middle; ``natural`` when nothing narrower does."""
    distinct = sorted(set(names))
    for width in range(min(natural, 4), natural):
        for in_middle in (False, True) if middle else (False,):
            shown = {abbreviate(name, width, in_middle) for name in distinct}
            if len(shown) == len(distinct):
                return width
    return natural


def _lines(cell: Text) -> list[str]:
    return cell.plain.split("\n")


def _cell_width(cell: Text) -> int:
    return max((Text(line).cell_len for line in _lines(cell)), default=0)


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _wrap_words(text: str, width: int) -> str:
    """``text`` broken at spaces into lines of at most ``width`` (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


@dataclass(frozen=True)
class _Measure:
    natural: int  # header and content on one line each
    relaxed: int  # the header wrapped at spaces, the content whole
    comfortable: int  # names cut to NAME_COMFORT_WIDTH at most, text wrapped
    minimum: int  # names cut as far as they stay distinct, text wrapped


class FittedTable:
    """A table laid out for the width it is printed at (see the module docstring)."""

    def __init__(
        self,
        title: str | None,
        columns: Sequence[Column],
        *,
        keys: int = 1,
        title_justify: Literal["left", "center"] = "left",
        header_style: str = "bold",
    ) -> None:
        self.title = title
        self.columns = tuple(columns)
        self.keys = keys
        self.title_justify = title_justify
        self.header_style = header_style
        self.rows: list[tuple[Text, ...]] = []

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def add_row(self, *cells: Cell) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"expected {len(self.columns)} cells, got {len(cells)}")
        self.rows.append(tuple(c if isinstance(c, Text) else Text(c) for c in cells))

    # --- layout -----------------------------------------------------------------------

    def shown_columns(self) -> list[int]:
        """Indices of the columns with something in some row."""
        return [i for i in range(len(self.columns)) if any(row[i].plain for row in self.rows)]

    def _measure(self, i: int) -> _Measure:
        column = self.columns[i]
        cells = [row[i] for row in self.rows]
        content = max((_cell_width(c) for c in cells), default=0)
        natural = max(len(column.header), content)
        header_min = _longest_word(column.header)
        relaxed = max(header_min, content)
        if column.kind == "fixed":
            content_min = content
        elif column.kind == "text":  # wraps at spaces; a word up to LONGEST_WORD (an instant) stays whole
            longest = max((_longest_word(line) for c in cells for line in _lines(c)), default=0)
            content_min = min(content, max(TEXT_MIN_WIDTH, min(longest, LONGEST_WORD)))
        else:
            names = [line for c in cells for line in _lines(c)]
            content_min = _narrowest_distinct(names, content, middle=True)
        minimum = max(header_min, content_min)
        comfortable = minimum
        if column.kind == "name":  # cut at the end reads best: only as far as names stay apart that way
            cut_at_end = _narrowest_distinct(names, content, middle=False)
            comfortable = min(relaxed, max(minimum, NAME_COMFORT_WIDTH, cut_at_end))
        return _Measure(natural, relaxed, comfortable, minimum)

    def layout(self, width: int) -> list[list[tuple[int, int]]]:
        """One or more tables, each a list of (column index, width)."""
        shown = self.shown_columns()
        measures = {i: self._measure(i) for i in shown}
        keys = [i for i in shown if i < self.keys]
        rest = [i for i in shown if i >= self.keys]

        def narrowest(group: list[int]) -> int:
            return sum(measures[i].comfortable for i in group) + chrome_width(len(group))

        if narrowest(shown) <= width or not rest:
            return [self._widths(shown, measures, width)]
        groups: list[list[int]] = []
        current: list[int] = []
        for i in rest:
            if current and narrowest(keys + current + [i]) > width:
                groups.append(current)
                current = []
            current.append(i)
        groups.append(current)
        return [self._widths(keys + group, measures, width) for group in groups]

    def _widths(self, group: list[int], measures: dict[int, _Measure], width: int) -> list[tuple[int, int]]:
        widths = {i: measures[i].natural for i in group}
        excess = sum(widths.values()) + chrome_width(len(group)) - width
        # Give way where it costs least: headers wrap first, then text wraps, then names
        # are cut; within each step, the widest column gives first.
        steps = (
            (lambda i: measures[i].relaxed, ("fixed", "text", "name")),
            (lambda i: measures[i].minimum, ("text",)),
            (lambda i: measures[i].comfortable, ("name",)),
            (lambda i: measures[i].minimum, ("name",)),
        )
        for floor, kinds in steps:
            while excess > 0:
                candidates = [i for i in group if self.columns[i].kind in kinds and widths[i] > floor(i)]
                if not candidates:
                    break
                widest = max(candidates, key=lambda i: (widths[i], -i))
                widths[widest] -= 1
                excess -= 1
        return [(i, widths[i]) for i in group]

    # --- rendering --------------------------------------------------------------------

    def tables(self, width: int) -> list[Table]:
        out = []
        for n, group in enumerate(self.layout(width)):
            title = self.title if n == 0 or self.title is None else f"{self.title} (continued)"
            table = Table(title=title, title_justify=self.title_justify, header_style=self.header_style)
            for i, w in group:
                column = self.columns[i]
                table.add_column(
                    _wrap_words(column.header, w),
                    justify=column.justify,
                    width=w,
                    no_wrap=column.kind != "text",
                    overflow="fold",
                )
            shorten = {i: self._abbreviations(i, w) for i, w in group if self.columns[i].kind == "name"}
            for row in self.rows:
                cells = []
                for i, _ in group:
                    cell = row[i]
                    if i in shorten:
                        shown = "\n".join(shorten[i].get(line, line) for line in _lines(cell))
                        if shown != cell.plain:
                            cell = Text(shown, style=cell.style)
                    cells.append(cell)
                table.add_row(*cells)
            out.append(table)
        return out

    def _abbreviations(self, i: int, width: int) -> dict[str, str]:
        names = [line for row in self.rows for line in _lines(row[i])]
        return distinct_abbreviations(names, width) or {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for table in self.tables(options.max_width):
            needed = table_width(table)
            yield from console.render(table, options.update(width=max(needed, 1)) if needed > options.max_width else options)


def table_width(table: Table) -> int:
    """The width of a table whose columns all have a set width."""
    return sum(column.width or 0 for column in table.columns) + chrome_width(len(table.columns))


def print_tables(console: Console, tables: Iterator[FittedTable] | Sequence[FittedTable]) -> bool:
    """Print every table that has rows; True when one did."""
    shown = False
    for table in tables:
        if table.row_count:
            console.print(table, crop=False)
            shown = True
    return shown
