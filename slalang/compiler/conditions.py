"""Conditions in the compiler: walking AST conditions and lowering them to the model.

``and`` and ``or`` chains are flattened (``a and (b and c)`` is one ``All`` of three), and
parentheses leave no trace, so a reformatted condition lowers to an equal one.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import ast
from .. import model as m


def walk(condition: ast.Condition) -> Iterator[ast.Condition]:
    """Every node of a condition, the node itself first."""
    stack = [condition]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.OrCond, ast.AndCond)):
            stack.extend(reversed(node.items))
        elif isinstance(node, ast.NotCond):
            stack.append(node.item)


def lower_condition(condition: ast.Condition) -> m.Condition:
    """The model form of a checked condition."""
    if isinstance(condition, ast.OrCond):
        return m.Any_(_flatten(condition, ast.OrCond), condition.span)
    if isinstance(condition, ast.AndCond):
        return m.All(_flatten(condition, ast.AndCond), condition.span)
    if isinstance(condition, ast.NotCond):
        return m.Not(lower_condition(condition.item), condition.span)
    if isinstance(condition, ast.BoolCond):
        return m.Const(condition.value, condition.span)
    if isinstance(condition, ast.SegmentCond):
        return m.SegmentRef(condition.name.text, condition.span)
    if isinstance(condition, ast.PriorityCond):
        return m.PriorityCmp(condition.op, condition.name.text, condition.span)
    if isinstance(condition, ast.CompareCond):
        return m.FieldCmp(condition.path.parts, condition.op, condition.value.value, condition.span)
    if isinstance(condition, ast.InCond):
        values = tuple(v.value for v in condition.values)
        return m.FieldIn(condition.path.parts, values, condition.negated, condition.span)
    if isinstance(condition, ast.ContainsCond):
        return m.FieldContains(condition.path.parts, condition.value.value, condition.span)
    raise TypeError(f"not a condition: {condition!r}")


def _flatten(condition: ast.OrCond | ast.AndCond, kind: type[ast.OrCond | ast.AndCond]) -> tuple[m.Condition, ...]:
    items: list[m.Condition] = []
    for item in condition.items:
        if isinstance(item, kind):
            items.extend(_flatten(item, kind))
        else:
            items.append(lower_condition(item))
    return tuple(items)
