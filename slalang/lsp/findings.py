"""slalang findings as LSP diagnostics: code, range, severity, hint, and related locations.

Related locations come from what the finding itself says: the places and declarations its
message names (`` `paying_high` (line 42)``, ``already declared at policies/acme.sla:9:9``,
``calendar `office```, ``the OLA chain triage -> fix``) and its witness (the ticket or start
instant that shows the problem), so every rule, present or future, gets them without a second
description of where it looked.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable

from lsprotocol import types as lsp

from ..diagnostics import Diagnostic, Severity
from ..source import Span
from .positions import LineIndex
from .symbols import Definition, SymbolIndex

SOURCE = "slalang"

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
# `name` (line 12)  |  `name` (policies/acme.sla:12)
_NAMED_PLACE = re.compile(r"`([a-z_][a-z0-9_]*)` \((?:line (\d+)|([^\s()]+?):(\d+))\)")
# ... at policies/acme.sla:9:9
_AT_PLACE = re.compile(r"\bat ([^\s:`]+\.sla):(\d+):(\d+)")
# sla `gold`, calendar `office`, chain `standard`; OLA chain triage -> fix; any other `name`
_KINDED = re.compile(r"\b(sla|calendar|segment|team|ola|OLA|chain)\s+`([a-z_][a-z0-9_]*)`")
_KIND_WORDS = {"sla": "SLA", "calendar": "calendar", "segment": "segment", "team": "team", "ola": "OLA",
               "OLA": "OLA", "chain": "escalation chain"}
_CHAIN = re.compile(r"\bOLA chain ([a-z_][a-z0-9_]*(?: -> [a-z_][a-z0-9_]*)*)")
_BACKTICKED = re.compile(r"`([a-z_][a-z0-9_]*)`")


class Places:
    """How findings reach files: the text of a file (for columns) and its URI."""

    def __init__(self, texts: dict[str, str], uri_of: Callable[[str], str], encoding: str):
        self.texts = texts  # absolute path or buffer URI -> text
        self.uri_of = uri_of
        self.encoding = encoding
        self._lines: dict[str, LineIndex] = {}

    def key(self, span_file: str) -> str:
        """The key of ``texts`` for a span's file name (names are relative to the working directory)."""
        if span_file in self.texts or "://" in span_file or span_file.startswith("untitled:"):
            return span_file
        return os.path.abspath(span_file)

    def lines(self, key: str) -> LineIndex:
        if key not in self._lines:
            self._lines[key] = LineIndex(self.texts.get(key, ""), self.encoding)
        return self._lines[key]

    def location(self, span: Span) -> lsp.Location:
        key = self.key(span.file)
        return lsp.Location(uri=self.uri_of(key), range=self.lines(key).range(span))

    def line_span(self, file: str, line: int) -> Span:
        """The text of a line, indentation left out."""
        text = self.lines(self.key(file)).line(line - 1)
        start = len(text) - len(text.lstrip()) + 1
        return Span(file, line, start, line, max(start + 1, len(text.rstrip()) + 1))


def to_lsp(d: Diagnostic, places: Places, index: SymbolIndex | None) -> lsp.Diagnostic:
    """One finding as the editor shows it (the key of ``places.texts`` its span's file maps to)."""
    key = places.key(d.span.file)
    message = d.message + (f"\nhint: {d.help}" if d.help else "")
    related = _related(d, places, index)
    return lsp.Diagnostic(
        range=places.lines(key).range(d.span),
        message=message,
        severity=_SEVERITY[d.severity],
        code=d.code,
        source=SOURCE,
        related_information=related or None,
        data={"rule": d.code, "help": d.help},
    )


def _related(d: Diagnostic, places: Places, index: SymbolIndex | None) -> list[lsp.DiagnosticRelatedInformation]:
    related: list[lsp.DiagnosticRelatedInformation] = []
    seen: set[tuple[str, int, int]] = set()

    def add(span: Span, message: str) -> None:
        key = (places.key(span.file), span.line, span.column)
        if key not in seen:
            seen.add(key)
            related.append(lsp.DiagnosticRelatedInformation(places.location(span), message))

    for match in _NAMED_PLACE.finditer(d.message):
        name, line_here, file, line_there = match.groups()
        file = d.span.file if line_here else file
        line = int(line_here or line_there)
        add(_name_at(index, file, line, name, places) or places.line_span(file, line), f"`{name}` is declared here")
    for match in _AT_PLACE.finditer(d.message):
        file, line, column = match.group(1), int(match.group(2)), int(match.group(3))
        add(_span_at(index, file, line, column, places) or places.line_span(file, line), "first declared here")
    if index is not None:
        for definition in _mentioned(d, index, places):
            add(definition.span, f"{definition.kind} `{definition.name}` is declared here")
    if d.witness:
        related.append(lsp.DiagnosticRelatedInformation(places.location(d.span), witness_text(d.witness)))
    return related


def _mentioned(d: Diagnostic, index: SymbolIndex, places: Places) -> list[Definition]:
    """The declarations a message names (``calendar `office```, ``OLA chain a -> b``, `` `gold` ``),
    except the one the finding is about."""
    found: list[Definition] = []
    for match in _KINDED.finditer(d.message):
        definition = index.lookup(_KIND_WORDS[match.group(1)], match.group(2))
        found += [definition] if definition is not None else []
    for match in _CHAIN.finditer(d.message):
        found += [o for name in match.group(1).split(" -> ") if (o := index.lookup("OLA", name)) is not None]
    for match in _BACKTICKED.finditer(d.message):
        by_text = index.declared(match.group(1))
        found += by_text[:1] if len({x.kind for x in by_text}) == 1 else []
    here = places.key(d.span.file)
    return [x for x in dict.fromkeys(found) if not _inside(d.span, x.declaration_span, here, places)]


def _inside(span: Span, outer: Span, key: str, places: Places) -> bool:
    if places.key(outer.file) != key:
        return False
    return (outer.line, outer.column) <= (span.line, span.column) <= (outer.end_line, outer.end_column)


def witness_text(witness: dict) -> str:
    if set(witness) == {"start"}:
        return f"witness: a start at {witness['start']}"
    return "witness ticket: " + json.dumps(witness, sort_keys=False, separators=(", ", ": "))


def _name_at(index: SymbolIndex | None, file: str, line: int, name: str, places: Places) -> Span | None:
    if index is None:
        return None
    wanted = places.key(file)
    for definition in index.declared(name):
        s = definition.span
        if s.line == line and places.key(s.file) == wanted:
            return s
    return None


def _span_at(index: SymbolIndex | None, file: str, line: int, column: int, places: Places) -> Span | None:
    if index is None:
        return None
    found = index.at(places.key(file), line, column)
    return getattr(found, "span", None)
