"""From placed lines and comments to text: blank lines, indentation and alignment.

Blank lines: at most one, kept where the user had one between two things (grouping),
never right after a ``{`` or right before a ``}``, and always around a declaration
written as a block (calendar, escalation, SLA, a team with comments inside).
Alignment: consecutive lines of one kind (segments, teams, OLAs, the metric lines of an
SLA) pad their cells to common columns; consecutive lines that all end in a comment start
those comments in one column. A blank line ends both kinds of run; a comment on its own
line ends a run of trailing comments only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import ast
from .comments import Placement, Slot
from .layout import INDENT, SourceIndex

TRAILING_GAP = 2  # spaces between code and its trailing comment


@dataclass(frozen=True)
class Entry:
    """One output line: code (``cells``) with an optional trailing comment, or a comment."""

    depth: int
    cells: tuple[str, ...] | None  # None for a comment on its own line
    comment: str | None
    first_line: int  # source lines it came from
    last_line: int
    align: str | None = None
    role: str = "comment"  # "comment" | "line" | "open" | "close"
    starts_declaration: int | None = None  # index of the declaration it opens
    forced_blank: bool = False
    blank_before: bool = False


def comment_text(comment: ast.Comment) -> str:
    return comment.text.rstrip()


def _comment_entry(comment: ast.Comment, depth: int) -> Entry:
    line = comment.span.line
    return Entry(depth, None, comment_text(comment), line, line)


def build_entries(slots: list[Slot], placement: Placement) -> list[Entry]:
    """The output lines in order, with blank lines decided."""
    entries: list[Entry] = []
    seen_declarations: set[int] = set()
    is_block = {slot.declaration: slot.is_block_declaration for slot in slots}
    for i, slot in enumerate(slots):
        start = len(entries)
        comment_depth = slot.depth + 1 if slot.role == "close" else slot.depth
        for comment in placement.leading.get(i, []):
            entries.append(_comment_entry(comment, comment_depth))
        for comment in placement.inner.get(i, []):
            entries.append(_comment_entry(comment, slot.depth))
        trailing = placement.trailing.get(i)
        entries.append(
            Entry(
                slot.depth,
                slot.line.cells,
                comment_text(trailing) if trailing is not None else None,
                slot.line.start[0],
                max(slot.line.end[0], trailing.span.line if trailing is not None else 0),
                slot.line.align,
                slot.role,
            )
        )
        if slot.role != "close" and slot.depth == 0 and slot.declaration not in seen_declarations:
            seen_declarations.add(slot.declaration)
            forced = slot.declaration > 0 and (slot.is_block_declaration or is_block[slot.declaration - 1])
            entries[start] = replace(entries[start], starts_declaration=slot.declaration, forced_blank=forced)
    for comment in placement.at_end:
        entries.append(_comment_entry(comment, 0))
    return entries


def decide_blank_lines(entries: list[Entry], source: SourceIndex) -> list[Entry]:
    out: list[Entry] = []
    previous: Entry | None = None
    for entry in entries:
        if previous is None or previous.role == "open" or entry.role == "close":
            blank = False
        else:
            blank = entry.forced_blank or source.has_blank_between(previous.last_line, entry.first_line)
        out.append(replace(entry, blank_before=blank))
        previous = entry
    return out


def align_cells(entries: list[Entry]) -> list[str | None]:
    """The code text of every entry (None for comment lines), cells padded per run.

    A run is a sequence of lines of one ``align`` kind at one depth. Lines nested deeper (a
    metric's block) and the ``}`` that closes them do not end the run around them, so the
    metric lines of an SLA align across a metric written with a block.
    """
    texts: list[str | None] = [None] * len(entries)
    runs: dict[int, list[int]] = {}  # depth -> entries of the open run at that depth

    def flush(depth: int) -> None:
        run = runs.pop(depth, [])
        if not run:
            return
        count = len(entries[run[0]].cells or ())
        widths = [max(len((entries[i].cells or ())[j]) for i in run) for j in range(count - 1)]
        for i in run:
            cells = entries[i].cells or ()
            texts[i] = " ".join([c.ljust(w) for c, w in zip(cells, widths, strict=False)] + [cells[-1]])

    def flush_deeper_than(depth: int) -> None:
        for d in [d for d in runs if d > depth]:
            flush(d)

    for i, entry in enumerate(entries):
        if entry.blank_before:
            flush_deeper_than(-1)
        if entry.cells is None:
            continue
        texts[i] = " ".join(entry.cells)
        flush_deeper_than(entry.depth)
        if entry.role == "close":
            continue
        run = runs.get(entry.depth)
        if run:
            head = entries[run[0]]
            if not (entry.align is not None and entry.align == head.align and len(entry.cells) == len(head.cells or ())):
                flush(entry.depth)
        if entry.align is not None:
            runs.setdefault(entry.depth, []).append(i)
    flush_deeper_than(-1)
    return texts


def render_entries(entries: list[Entry]) -> str:
    texts = align_cells(entries)
    lines: list[str] = []
    run: list[int] = []  # indexes into lines of code lines whose trailing comments align

    def flush() -> None:
        if not run:
            return
        column = max(len(lines[i]) for i in run) + TRAILING_GAP
        for i, comment in zip(run, run_comments, strict=False):
            lines[i] = lines[i].ljust(column) + comment
        run.clear()
        run_comments.clear()

    run_comments: list[str] = []
    last_depth = -1
    for entry, text in zip(entries, texts, strict=False):
        if entry.blank_before:
            flush()
            lines.append("")
        indent = INDENT * entry.depth
        if text is None:
            flush()
            lines.append(indent + (entry.comment or ""))
            continue
        if entry.comment is None or entry.depth != last_depth:
            flush()
        last_depth = entry.depth
        lines.append(indent + text)
        if entry.comment is not None:
            run.append(len(lines) - 1)
            run_comments.append(entry.comment)
    flush()
    return "\n".join(lines) + "\n" if lines else ""
