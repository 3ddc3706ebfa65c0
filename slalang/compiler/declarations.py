"""Stage ``collect_declarations``: one table per kind of name, duplicates rejected.

Names are unique per kind across the whole policy set (a calendar and a team may share a
name). The built-in calendar ``always`` cannot be declared. The policy header, ``resolved``
and ``priorities`` may each appear once in a set.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import ast
from ..diagnostics import Diagnostic, error
from ..model import ALWAYS
from ..source import Span
from .state import CompileState

NamedDecl = (
    ast.CalendarDecl
    | ast.SegmentDecl
    | ast.TeamDecl
    | ast.OlaDecl
    | ast.ChainDecl
    | ast.SlaDecl
    | ast.CreditDecl
    | ast.AvailabilityDecl
)
"""A declaration with a name of its own, kept in a table by that name (NAMED_KINDS says which)."""

# AST class -> (kind as users read it, table attribute in Declarations)
NAMED_KINDS: dict[type, tuple[str, str]] = {
    ast.CalendarDecl: ("calendar", "calendars"),
    ast.SegmentDecl: ("segment", "segments"),
    ast.TeamDecl: ("team", "teams"),
    ast.OlaDecl: ("OLA", "olas"),
    ast.ChainDecl: ("escalation chain", "chains"),
    ast.SlaDecl: ("SLA", "slas"),
    ast.CreditDecl: ("credit", "credits"),
    ast.AvailabilityDecl: ("availability", "availabilities"),
}


def where(span: Span) -> str:
    """``file:line:column`` of a span, for messages that point at a second place."""
    return f"{span.file}:{span.line}:{span.column}"


def once(items: Iterable[Any], what: str, owner: str, help: str) -> list[Diagnostic]:
    """A ``bad-value`` error at every repeat of an item that may appear once."""
    items = list(items)
    return [
        error("bad-value", f"{owner} gives {what} twice; the first is at {where(items[0].span)}", item.span, help=help)
        for item in items[1:]
    ]


def collect_declarations(state: CompileState) -> list[Diagnostic]:
    tables = state.tables
    diagnostics: list[Diagnostic] = []
    for declaration in state.declarations:
        if isinstance(declaration, ast.PolicyHeader):
            if tables.headers:
                diagnostics.append(
                    error(
                        "bad-value",
                        f"the policy header is given twice; the first is at {where(tables.headers[0].span)}",
                        declaration.span,
                        help="keep one `policy \"name\" version \"...\"` line for the whole policy set",
                    )
                )
            tables.headers.append(declaration)
        elif isinstance(declaration, ast.ResolvedDecl):
            if tables.resolved:
                diagnostics.append(
                    error(
                        "bad-value",
                        f"`resolved when` is given twice; the first is at {where(tables.resolved[0].span)}",
                        declaration.span,
                        help="keep one `resolved when status in [...]` line listing every resolved status",
                    )
                )
            tables.resolved.append(declaration)
        elif isinstance(declaration, ast.PrioritiesDecl):
            diagnostics.extend(_check_priorities(declaration, tables.priorities))
            tables.priorities.append(declaration)
        elif isinstance(declaration, NamedDecl):
            diagnostics.extend(_add_named(declaration, state))
    return diagnostics


def _add_named(declaration: NamedDecl, state: CompileState) -> list[Diagnostic]:
    kind, attribute = NAMED_KINDS[type(declaration)]
    table = getattr(state.tables, attribute)
    name = declaration.name
    if isinstance(declaration, ast.CalendarDecl) and name.text == ALWAYS:
        return [
            error(
                "duplicate-name",
                "calendar `always` is built in and cannot be declared",
                name.span,
                help="choose another name; `always` is the built-in calendar open at every instant (UTC)",
            )
        ]
    if name.text in table:
        first = table[name.text].name.span
        return [
            error(
                "duplicate-name",
                f"{kind} `{name.text}` is already declared at {where(first)}",
                name.span,
                help=f"rename one of them: {kind} names are unique across the whole policy set",
            )
        ]
    table[name.text] = declaration
    return []


def _check_priorities(declaration: ast.PrioritiesDecl, earlier: list[ast.PrioritiesDecl]) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    if earlier:
        diagnostics.append(
            error(
                "bad-value",
                f"`priorities` is declared twice; the first is at {where(earlier[0].span)}",
                declaration.span,
                help="declare every priority in one line, most important first: `priorities urgent > high > low`",
            )
        )
    seen: set[str] = set()
    for name in declaration.names:
        if name.text in seen:
            diagnostics.append(
                error(
                    "bad-value",
                    f"priority `{name.text}` is listed twice in `priorities`",
                    name.span,
                    help="list each priority once, most important first",
                )
            )
        seen.add(name.text)
    return diagnostics
