"""Source text and spans: where in which file a construct was written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """A region of a source file, 1-based lines and columns, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }

    @classmethod
    def from_json(cls, data: dict) -> Span:
        return cls(data["file"], data["line"], data["column"], data["end_line"], data["end_column"])

    @classmethod
    def point(cls, file: str, line: int = 1, column: int = 1) -> Span:
        return cls(file, line, column, line, column + 1)


NO_SPAN = Span("<none>", 0, 0, 0, 0)


def span_text(lines: Sequence[str], span: Span) -> str:
    """The source text under ``span`` (``lines``: its file's lines, without line ends), its
    lines joined by newlines; "" when the span does not start inside the text."""
    if span.line < 1 or span.line > len(lines):
        return ""
    if span.end_line == span.line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    chunk = [lines[span.line - 1][span.column - 1 :], *lines[span.line : min(span.end_line - 1, len(lines))]]
    if span.end_line <= len(lines):
        chunk.append(lines[span.end_line - 1][: span.end_column - 1])
    return "\n".join(chunk)
