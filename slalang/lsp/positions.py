"""Spans (1-based lines, columns in characters) to LSP positions and back.

LSP counts columns in the code units the client and server agreed on (UTF-16 unless the
client offers another), lines from 0. Lines end at ``\\n`` as the slalang lexer counts
them (a ``\\r`` before it is part of no column anyone can point at).
"""

from __future__ import annotations

from lsprotocol import types as lsp

from ..source import Span

UTF8 = lsp.PositionEncodingKind.Utf8
UTF16 = lsp.PositionEncodingKind.Utf16
UTF32 = lsp.PositionEncodingKind.Utf32


def _units(text: str, encoding: str) -> int:
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", errors="surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class LineIndex:
    """One text's line starts, for converting between offsets, spans and LSP positions."""

    def __init__(self, text: str, encoding: str = UTF16):
        self.text = text
        self.encoding = encoding
        self.starts = [0]
        index = text.find("\n")
        while index >= 0:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)

    def line(self, number0: int) -> str:
        """Line ``number0`` (0-based) without its line end."""
        if not 0 <= number0 < len(self.starts):
            return ""
        end = self.starts[number0 + 1] - 1 if number0 + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[number0] : end].removesuffix("\r")

    def position(self, line: int, column: int) -> lsp.Position:
        """The LSP position of a span's 1-based line and character column (clamped to the text)."""
        line0 = min(max(line - 1, 0), len(self.starts) - 1)
        text = self.line(line0)
        characters = min(max(column - 1, 0), len(text))
        return lsp.Position(line=line0, character=_units(text[:characters], self.encoding))

    def range(self, span: Span) -> lsp.Range:
        start = self.position(span.line, span.column)
        end = self.position(span.end_line, span.end_column)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        return lsp.Range(start=start, end=end)

    def offset(self, position: lsp.Position) -> int:
        """The character offset into the text of an LSP position (clamped to the text)."""
        if position.line >= len(self.starts):
            return len(self.text)
        line0 = max(position.line, 0)
        text = self.line(line0)
        count = 0
        for index, char in enumerate(text):
            if count >= position.character:
                return self.starts[line0] + index
            count += _units(char, self.encoding)
        return self.starts[line0] + len(text)

    def line_column(self, position: lsp.Position) -> tuple[int, int]:
        """A span's 1-based line and character column for an LSP position."""
        offset = self.offset(position)
        line0 = max(0, min(position.line, len(self.starts) - 1))
        return line0 + 1, offset - self.starts[line0] + 1

    def end(self) -> lsp.Position:
        """The position after the last character (for an edit that replaces the whole text)."""
        last = len(self.starts) - 1
        return lsp.Position(line=last, character=_units(self.text[self.starts[last] :], self.encoding))
