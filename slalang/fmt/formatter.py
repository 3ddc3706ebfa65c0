"""``format_text``: policy text in, the canonical layout of the same policy out.

The result is checked before it is returned: the output must parse to the same syntax tree
(spans aside, nested ``and``/``or`` chains flattened) with the same comments in the same
order. If it does not, the text is left alone and a diagnostic says so, so the formatter
can never silently change what a policy means.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .. import ast
from ..diagnostics import Diagnostic, error
from ..source import Span
from .comments import comment_position, flatten, place_comments
from .conditions import normalise_condition
from .layout import LayoutBuilder, SourceIndex
from .render import build_entries, comment_text, decide_blank_lines, render_entries

BOM = "\ufeff"


@dataclass(frozen=True)
class FormatResult:
    """The outcome for one text: ``formatted`` is None when it could not be formatted."""

    path: str
    original: str
    formatted: str | None
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return self.formatted is not None

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original


def format_text(text: str, path: str = "<string>") -> FormatResult:
    """Format one policy file's text. Line endings (LF or CRLF) and a byte order mark are kept."""
    from ..syntax import parse

    body = text[1:] if text.startswith(BOM) else text
    crlf = _uses_crlf(body)
    tree, diagnostics = parse(body, path)
    if tree is None:
        return FormatResult(path, text, None, tuple(diagnostics))
    output = format_tree(tree, body)
    problem = _check_same_meaning(tree, output, path)
    if problem is not None:
        return FormatResult(path, text, None, (problem,))
    if crlf:
        output = output.replace("\n", "\r\n")
    if text.startswith(BOM):
        output = BOM + output
    return FormatResult(path, text, output, ())


def format_tree(tree: ast.File, text: str) -> str:
    """The canonical text of a parsed file; ``text`` is the source it was parsed from."""
    source = SourceIndex(text)
    positions = sorted(comment_position(c) for c in tree.comments)
    nodes = LayoutBuilder(source, positions).build(tree)
    slots = flatten(nodes)
    placement = place_comments(slots, tree.comments)
    entries = decide_blank_lines(build_entries(slots, placement), source)
    return render_entries(entries)


def _uses_crlf(text: str) -> bool:
    first = text.find("\n")
    return first > 0 and text[first - 1] == "\r"


# --- the safety check -------------------------------------------------------------------------


def normalise_file(tree: ast.File) -> tuple:
    """What formatting must keep: the declarations (conditions flattened) and the comment texts."""
    return (
        tuple(_normalise_declaration(d) for d in tree.declarations),
        tuple(comment_text(c) for c in tree.comments),
    )


def _normalise_declaration(d: ast.Declaration) -> ast.Declaration:
    if isinstance(d, ast.SegmentDecl):
        return replace(d, when=normalise_condition(d.when))
    if isinstance(d, ast.SlaDecl):
        return replace(d, items=tuple(_normalise_item(item) for item in d.items))
    return d


def _normalise_item(item: Any) -> Any:
    """An SLA or block item as the printer writes it: conditions flattened, an empty block
    left out (it means the defaults)."""
    if isinstance(item, ast.WhenItem):
        return replace(item, condition=normalise_condition(item.condition))
    if isinstance(item, (ast.PauseItem, ast.TriggerItem)) and item.condition is not None:
        return replace(item, condition=normalise_condition(item.condition))
    if isinstance(item, (ast.MetricItem, ast.MeasureItem)):
        block = tuple(_normalise_item(i) for i in item.block or ())
        return replace(item, block=block or None)
    return item


def _check_same_meaning(tree: ast.File, output: str, path: str) -> Diagnostic | None:
    from ..syntax import parse

    again, diagnostics = parse(output, path)
    if again is not None and normalise_file(again) == normalise_file(tree):
        return None
    reason = diagnostics[0].message if diagnostics else "the formatted text reads differently"
    return error(
        "fmt",
        f"the formatter could not keep this file's meaning ({reason}); the file was left unchanged",
        Span.point(path),
        "please report this with the file attached",
    )
