"""Types of the fields conditions test: one type per field across the whole policy set.

The evaluator never raises on a type mismatch: ``customer.arr >= "x"`` is simply false for
every ticket whose ``arr`` is a number. Such a comparison is a mistake, so the compiler
reports it: a field compared with a number in one place and a string in another, a list
field (``contains``) compared as a single value, an order (``<``) on booleans, and
``ticket.status`` or ``ticket.priority`` compared with anything but a string. Strings
compared with ``ticket.priority`` must be declared priorities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import ast
from ..conditions import kind_of
from ..diagnostics import Diagnostic, error
from ..source import Span
from ..suggestions import name_hint
from .conditions import walk
from .declarations import where

ORDERING = frozenset({"<", "<=", ">", ">="})
PRIORITY_PATH = ("ticket", "priority")
STRING_FIELDS = {("ticket", "status"): "status names", PRIORITY_PATH: "priority names"}
_ARTICLE = {"string": "a string", "number": "a number", "bool": "a boolean"}


@dataclass(frozen=True)
class _Use:
    kind: str  # "string" | "number" | "bool"
    is_list: bool  # tested with ``contains``
    span: Span


class FieldTypes:
    """Checks conditions in policy-set order; the first use of a field sets its type."""

    def __init__(self, priorities: tuple[str, ...]):
        self.priorities = priorities
        self.first: dict[tuple[str, ...], _Use] = {}

    def check(self, condition: ast.Condition) -> list[Diagnostic]:
        diagnostics: list[Diagnostic] = []
        for node in walk(condition):
            if isinstance(node, (ast.CompareCond, ast.InCond, ast.ContainsCond)):
                literals = node.values if isinstance(node, ast.InCond) else (node.value,)
                too_large = [v for v in literals if isinstance(v.value, float) and not math.isfinite(v.value)]
                if too_large:
                    diagnostics.extend(
                        error(
                            "bad-value",
                            f"number `{v.text[:24]}...` is too large ({len(v.text)} digits)",
                            v.span,
                            help="write a number that fits a 64-bit float (below 1e308)",
                        )
                        for v in too_large
                    )
                    continue
            if isinstance(node, ast.CompareCond):
                diagnostics.extend(self._compare(node))
            elif isinstance(node, ast.InCond):
                for value in node.values:
                    diagnostics.extend(self._use(node.path, value, is_list=False))
            elif isinstance(node, ast.ContainsCond):
                diagnostics.extend(self._use(node.path, node.value, is_list=True))
        return diagnostics

    def _compare(self, node: ast.CompareCond) -> list[Diagnostic]:
        kind = kind_of(node.value.value)
        if node.op in ORDERING and kind == "bool":
            return [
                error(
                    "type-mismatch",
                    f"`{node.path.text} {node.op} {node.value.text}` orders booleans, which have no order",
                    node.span,
                    help=f"compare booleans with `==` or `!=`, e.g. `{node.path.text} == {node.value.text}`",
                )
            ]
        if node.path.parts == PRIORITY_PATH and kind == "string" and node.op in ORDERING:
            return [
                error(
                    "type-mismatch",
                    f"`{node.path.text} {node.op} {node.value.text}` orders priority names as text, "
                    "not by the declared priorities",
                    node.span,
                    help=f"write `priority {node.op} {node.value.value}` (no quotes) to compare by the declared order",
                )
            ]
        return self._use(node.path, node.value, is_list=False)

    def _use(self, path: ast.Path, value: ast.Literal, is_list: bool) -> list[Diagnostic]:
        kind = kind_of(value.value) or "string"
        parts = path.parts
        if parts in STRING_FIELDS:
            if kind != "string":
                return [
                    error(
                        "type-mismatch",
                        f"`{path.text}` holds {STRING_FIELDS[parts]} (strings), but is compared with "
                        f"{_ARTICLE[kind]} `{value.text}`",
                        value.span,
                        help=f'write the value as a string, e.g. `"{value.value}"`',
                    )
                ]
            if is_list:
                return [
                    error(
                        "type-mismatch",
                        f"`{path.text}` is a single value, not a list, so `contains` never holds",
                        value.span,
                        help=f"compare it with `==` or `in`, e.g. `{path.text} == {value.text}`",
                    )
                ]
            if parts == PRIORITY_PATH:
                return self._declared_priority(value)
            return []
        first = self.first.get(parts)
        if first is None:
            self.first[parts] = _Use(kind, is_list, value.span)
            return []
        if first.is_list != is_list:
            here, there = ("a list (`contains`)", "a single value") if is_list else ("a single value", "a list (`contains`)")
            return [
                error(
                    "type-mismatch",
                    f"`{path.text}` is used as {here} here, but as {there} at {where(first.span)}",
                    value.span,
                    help="`contains` tests a list-valued field; `==`, `in` and `<` test a single value: "
                    "use the one that matches the ticket data",
                )
            ]
        if first.kind != kind:
            return [
                error(
                    "type-mismatch",
                    f"`{path.text}` is compared with {_ARTICLE[kind]} here, but with {_ARTICLE[first.kind]} "
                    f"at {where(first.span)}",
                    value.span,
                    help=f"a field has one type: {_ARTICLE[kind]} never equals {_ARTICLE[first.kind]}, so one of "
                    "these comparisons is always false",
                )
            ]
        return []

    def _declared_priority(self, value: ast.Literal) -> list[Diagnostic]:
        name = str(value.value)
        if not self.priorities:
            return [
                error(
                    "bad-value",
                    f"priority `{name}` is not declared: the policy set has no `priorities` line",
                    value.span,
                    help="declare them, most important first: `priorities urgent > high > normal > low`",
                )
            ]
        if name not in self.priorities:
            return [
                error(
                    "bad-value",
                    f"priority `{name}` is not declared",
                    value.span,
                    help=name_hint(name, self.priorities, "priorities"),
                )
            ]
        return []
