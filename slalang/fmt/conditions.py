"""Conditions and literal values in their canonical spelling.

Spacing is fixed (one space around every operator and keyword, ``, `` in lists) and
parentheses are written only where precedence needs them: ``not`` binds tightest, then
``and``, then ``or``. A parenthesised ``or`` inside an ``or`` (and ``and`` inside ``and``)
is written flat, since both mean the same set of tickets and compile alike. Values keep
the text they were written with (``100000``, ``"vip"``, ``status`` versus
``ticket.status``): the formatter changes layout, never spelling.
"""

from __future__ import annotations

from .. import ast

_OR, _AND, _NOT, _ATOM = 1, 2, 3, 4


def quote(value: str) -> str:
    """A string literal that the parser reads back as ``value``."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return '"' + escaped.replace("\n", "\\n") + '"'


def render_str(node: ast.Str) -> str:
    return quote(node.value)


def render_literal_list(values: tuple[ast.Literal, ...]) -> str:
    return "[" + ", ".join(v.text for v in values) + "]"


def render_condition(condition: ast.Condition) -> str:
    """The canonical text of a condition, with the fewest parentheses."""
    return _render(condition, _OR)


def _precedence(c: ast.Condition) -> int:
    if isinstance(c, ast.OrCond):
        return _OR
    if isinstance(c, ast.AndCond):
        return _AND
    if isinstance(c, ast.NotCond):
        return _NOT
    return _ATOM


def _flatten(c: ast.OrCond | ast.AndCond, kind: type[ast.OrCond | ast.AndCond]) -> list[ast.Condition]:
    """The operands of a chain of ``kind`` (OrCond or AndCond), nested chains spliced in."""
    out: list[ast.Condition] = []
    for item in c.items:
        if isinstance(item, kind):
            out.extend(_flatten(item, kind))
        else:
            out.append(item)
    return out


def _render(c: ast.Condition, context: int) -> str:
    text = _render_bare(c)
    return f"({text})" if _precedence(c) < context else text


def _render_bare(c: ast.Condition) -> str:
    if isinstance(c, ast.OrCond):
        return " or ".join(_render(i, _AND) for i in _flatten(c, ast.OrCond))
    if isinstance(c, ast.AndCond):
        return " and ".join(_render(i, _NOT) for i in _flatten(c, ast.AndCond))
    if isinstance(c, ast.NotCond):
        return "not " + _render(c.item, _NOT)
    if isinstance(c, ast.BoolCond):
        return "true" if c.value else "false"
    if isinstance(c, ast.SegmentCond):
        return f"segment {c.name.text}"
    if isinstance(c, ast.PriorityCond):
        if c.bare:
            return f"priority {c.name.text}"
        return f"priority {c.op} {c.name.text}"
    if isinstance(c, ast.CompareCond):
        return f"{c.path.text} {c.op} {c.value.text}"
    if isinstance(c, ast.InCond):
        keyword = "not in" if c.negated else "in"
        return f"{c.path.text} {keyword} {render_literal_list(c.values)}"
    if isinstance(c, ast.ContainsCond):
        return f"{c.path.text} contains {c.value.text}"
    raise TypeError(f"not a condition node: {c!r}")


def normalise_condition(c: ast.Condition) -> ast.Condition:
    """The condition with nested ``or``/``and`` chains spliced in (what the printer writes).

    Used to compare a file's syntax tree before and after formatting.
    """
    if isinstance(c, ast.OrCond):
        return ast.OrCond(tuple(normalise_condition(i) for i in _flatten(c, ast.OrCond)), c.span)
    if isinstance(c, ast.AndCond):
        return ast.AndCond(tuple(normalise_condition(i) for i in _flatten(c, ast.AndCond)), c.span)
    if isinstance(c, ast.NotCond):
        return ast.NotCond(normalise_condition(c.item), c.span)
    return c
