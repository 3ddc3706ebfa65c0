"""Where each comment goes back: before, after or inside the line it was written next to.

Output lines are visited in source order; each has the source range of its code. A
comment at position P is then:

- *trailing* when the code just before it ends on P's line: it stays at the end of that
  output line (``at 75% notify assignee   # a reminder``);
- *leading* when it sits on its own line: it goes on its own line just before the next
  output line (a declaration, a block item, or the ``}`` of a block, where it stays
  inside the block), or at the end of the file when nothing follows;
- *inner* when it sits inside the code of one output line (a condition written over
  several lines with comments between its parts): it goes on its own line just before
  that line. Its text and its order among the other comments are kept.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .. import ast
from .layout import Block, Line, Node, Pos


@dataclass(frozen=True)
class Slot:
    """One output line of code in visiting order, with its place in the tree."""

    line: Line
    depth: int  # indentation level of the line
    role: str  # "line" | "open" (a block header) | "close" (a block's ``}``)
    declaration: int  # index of the top-level declaration it belongs to
    is_block_declaration: bool


@dataclass
class Placement:
    """Comments placed against the slots (indexes into the slot list)."""

    leading: dict[int, list[ast.Comment]] = field(default_factory=dict)
    inner: dict[int, list[ast.Comment]] = field(default_factory=dict)
    trailing: dict[int, ast.Comment] = field(default_factory=dict)
    at_end: list[ast.Comment] = field(default_factory=list)


def comment_position(comment: ast.Comment) -> Pos:
    return (comment.span.line, comment.span.column)


def flatten(declarations: tuple[Node, ...]) -> list[Slot]:
    """Every output line of code, in order."""
    slots: list[Slot] = []

    def visit(node: Node, depth: int, index: int, is_block: bool) -> None:
        if isinstance(node, Line):
            slots.append(Slot(node, depth, "line", index, is_block))
            return
        slots.append(Slot(node.header, depth, "open", index, is_block))
        for child in node.children:
            visit(child, depth + 1, index, is_block)
        slots.append(Slot(node.close, depth, "close", index, is_block))

    for index, node in enumerate(declarations):
        visit(node, 0, index, isinstance(node, Block))
    return slots


def place_comments(slots: list[Slot], comments: tuple[ast.Comment, ...]) -> Placement:
    placement = Placement()
    starts = [s.line.start for s in slots]
    for comment in sorted(comments, key=comment_position):
        pos = comment_position(comment)
        after = bisect.bisect_right(starts, pos)  # first slot that starts after the comment
        before = after - 1
        if before >= 0 and slots[before].line.end > pos:
            placement.inner.setdefault(before, []).append(comment)
        elif before >= 0 and slots[before].line.end[0] == pos[0] and before not in placement.trailing:
            placement.trailing[before] = comment
        elif after < len(slots):
            placement.leading.setdefault(after, []).append(comment)
        else:
            placement.at_end.append(comment)
    return placement
