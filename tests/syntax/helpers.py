"""Shared helpers for the syntax tests: parse, render diagnostics, read spans back as text."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from slalang import ast
from slalang.diagnostics import Diagnostic
from slalang.source import Span
from slalang.syntax import parse

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent.parent / "policies"  # acme.sla and calendars.sla, as in spec/examples


def parse_ok(text: str, path: str = "t.sla") -> ast.File:
    file, diagnostics = parse(text, path)
    assert diagnostics == [], render(diagnostics, text)
    assert file is not None
    return file


def parse_errors(text: str, path: str = "t.sla") -> list[Diagnostic]:
    file, diagnostics = parse(text, path)
    assert file is None
    assert diagnostics, "expected at least one syntax error"
    return diagnostics


def underlined(text: str, span: Span) -> str:
    """The source text a span covers."""
    lines = text.split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    parts = [lines[span.line - 1][span.column - 1 :]]
    parts += lines[span.line : span.end_line - 1]
    parts.append(lines[span.end_line - 1][: span.end_column - 1])
    return "\n".join(parts)


def render(diagnostics: list[Diagnostic], text: str) -> str:
    """`path:line:col: error[code] message`, the line with a caret underline, and the hint."""
    out = []
    lines = text.split("\n")
    for d in diagnostics:
        s = d.span
        out.append(f"{s.file}:{s.line}:{s.column}: {d.severity.value}[{d.code}] {d.message}")
        if 1 <= s.line <= len(lines):
            source = lines[s.line - 1]
            width = (s.end_column - s.column) if s.end_line == s.line else len(source) - s.column + 1
            out.append(f"    {source}")
            out.append("    " + " " * (s.column - 1) + "^" * max(1, width))
        if d.help:
            out.append(f"  help: {d.help}")
    return "\n".join(out) + "\n"


def walk(node: Any) -> Iterator[Any]:
    """Every AST node below ``node`` (iteratively: conditions may be deep)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (tuple, list)):
            stack.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, Span):
            yield item
            for f in dataclasses.fields(item):
                stack.append(getattr(item, f.name))


def assert_located(diagnostics: list[Diagnostic], text: str, path: str = "t.sla") -> None:
    """Each diagnostic is a `syntax` error with a message and a span inside the text."""
    n_lines = text.count("\n") + 1
    for d in diagnostics:
        assert d.code == "syntax" and d.is_error, d
        assert d.message, d
        s = d.span
        assert s.file == path, d
        assert 1 <= s.line <= n_lines and s.column >= 1, d
        assert (s.end_line, s.end_column) >= (s.line, s.column), d
