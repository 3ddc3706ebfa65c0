"""Quick fixes: silence a rule with ``# slalang: ignore[rule]``, or take the suggested name.

The ignore comment goes on a line of its own above the finding's line, indented like it
(analysis.md: a comment covers its own line and the line below). When that line already
holds an ignore comment, the rule is added to its list instead of stacking a second one.
"""

from __future__ import annotations

import re

from lsprotocol import types as lsp

from ..analysis.rules import RULE_IDS
from ..analysis.suppression import comment_start
from .findings import SOURCE
from .positions import LineIndex

_DIRECTIVE = re.compile(r"slalang:\s*ignore\[([^\]]*)\]")
_DID_YOU_MEAN = re.compile(r"^did you mean `([a-z_][a-z0-9_]*)`\?$")


def code_actions(uri: str, lines: LineIndex, diagnostics: list[lsp.Diagnostic]) -> list[lsp.CodeAction]:
    actions: list[lsp.CodeAction] = []
    for d in diagnostics:
        if d.source != SOURCE:
            continue
        rule = str(d.code) if d.code is not None else ""
        if rule in RULE_IDS:
            actions.append(_ignore(uri, lines, d, rule))
        suggestion = _suggestion(d)
        if suggestion is not None:
            actions.append(_rename(uri, d, suggestion))
    return actions


def _ignore(uri: str, lines: LineIndex, d: lsp.Diagnostic, rule: str) -> lsp.CodeAction:
    line0 = d.range.start.line
    edit = _extend_directive(lines, line0 - 1, rule) or _extend_trailing(lines, line0, rule)
    if edit is None:
        text = lines.line(line0)
        indent = text[: len(text) - len(text.lstrip())]
        at = lsp.Position(line=line0, character=0)
        edit = lsp.TextEdit(range=lsp.Range(start=at, end=at), new_text=f"{indent}# slalang: ignore[{rule}]\n")
    return lsp.CodeAction(
        title=f"Ignore {rule} here (# slalang: ignore[{rule}])",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[d],
        edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
    )


def _extend_directive(lines: LineIndex, line0: int, rule: str) -> lsp.TextEdit | None:
    """Add ``rule`` to an ignore comment that stands alone on line ``line0``."""
    if line0 < 0:
        return None
    text = lines.line(line0)
    if not text.lstrip().startswith("#"):
        return None
    return _add_to_directive(lines, line0, text, rule)


def _extend_trailing(lines: LineIndex, line0: int, rule: str) -> lsp.TextEdit | None:
    """Add ``rule`` to an ignore comment at the end of the finding's own line."""
    return _add_to_directive(lines, line0, lines.line(line0), rule)


def _add_to_directive(lines: LineIndex, line0: int, text: str, rule: str) -> lsp.TextEdit | None:
    start = comment_start(text)
    if start is None:
        return None
    match = _DIRECTIVE.search(text, start)
    if match is None:
        return None
    listed = [r.strip() for r in match.group(1).split(",") if r.strip()]
    if rule in listed:
        return None
    at = lines.position(line0 + 1, match.end(1) + 1)
    separator = ", " if listed else ""
    return lsp.TextEdit(range=lsp.Range(start=at, end=at), new_text=f"{separator}{rule}")


def _suggestion(d: lsp.Diagnostic) -> str | None:
    data = d.data if isinstance(d.data, dict) else {}
    hint = data.get("help")
    if d.code != "unknown-name" or not isinstance(hint, str):
        return None
    match = _DID_YOU_MEAN.match(hint)
    return match.group(1) if match else None


def _rename(uri: str, d: lsp.Diagnostic, name: str) -> lsp.CodeAction:
    return lsp.CodeAction(
        title=f"Change to `{name}`",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[d],
        is_preferred=True,
        edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=d.range, new_text=name)]}),
    )
