"""``parse(text, path)``: policy text to an ``ast.File`` plus located syntax diagnostics.

After a syntax error the parser resynchronises at the next line that starts (in column 1)
with a declaration keyword and parses the rest, so one run reports the errors of several
declarations. Any error means no ``File`` is returned.
"""

from __future__ import annotations

import re

from lark.exceptions import UnexpectedInput
from lark.utils import TextSlice

from .. import ast
from ..collector import collector_paused
from ..diagnostics import Diagnostic, cap_per_kind, error
from ..source import Span
from .errors import DECLARATION_KEYWORDS, InputLimitError, diagnostic_from
from .grammar import driver
from .transformer import CURRENT, ParseState

MAX_SYNTAX_ERRORS = 25
"""Errors reported per file before the parser gives up on the rest."""

_RESYNC = re.compile(rf"^(?:{'|'.join(DECLARATION_KEYWORDS)})(?![a-z0-9_])", re.MULTILINE)


def parse(text: str, path: str) -> tuple[ast.File | None, list[Diagnostic]]:
    """Parse one policy file; the File is None when there is any error."""
    state = ParseState(path)
    token = CURRENT.set(state)
    try:
        with collector_paused():
            declarations, syntax_errors = _parse_chunks(text, path, state)
    finally:
        CURRENT.reset(token)
    diagnostics = cap_per_kind(syntax_errors + state.diagnostics)
    if diagnostics:
        return None, diagnostics
    end_line, end_column = _end(text)
    file = ast.File(path, tuple(declarations), tuple(state.comments), Span(path, 1, 1, end_line, end_column))
    return file, []


def parse_partial(text: str, path: str) -> tuple[ast.File, list[Diagnostic]]:
    """Like ``parse``, but always a File: after a syntax error, every declaration that parses.

    For tools that work on half-typed text (the language server). The text is cut where a
    line starts with a declaration keyword and each piece is parsed alone, so only the
    declarations with an error are left out. The diagnostics are ``parse``'s.
    """
    tree, diagnostics = parse(text, path)
    if tree is not None:
        return tree, diagnostics
    state = ParseState(path)
    token = CURRENT.set(state)
    declarations: list = []
    try:
        with collector_paused():
            run = driver()
            starts = [m.start() for m in _RESYNC.finditer(text)]
            for start, end in zip(starts, [*starts[1:], len(text)], strict=False):
                state.depths.clear()
                state.outer_spans.clear()
                try:
                    declarations.extend(run.parse(TextSlice(text, start, end)))
                except (UnexpectedInput, RecursionError):
                    continue
    finally:
        CURRENT.reset(token)
    comments = sorted(state.comments, key=lambda c: (c.span.line, c.span.column))
    end_line, end_column = _end(text)
    return ast.File(path, tuple(declarations), tuple(comments), Span(path, 1, 1, end_line, end_column)), diagnostics


def _parse_chunks(text: str, path: str, state: ParseState) -> tuple[list, list[Diagnostic]]:
    run = driver()
    declarations: list = []
    errors: list[Diagnostic] = []
    start = 0
    while True:
        state.depths.clear()
        state.outer_spans.clear()
        try:
            declarations.extend(run.parse(TextSlice(text, start, len(text))))
            return declarations, errors
        except UnexpectedInput as exc:
            errors.append(diagnostic_from(exc, text, path))
            position = _error_position(exc)
        except InputLimitError as exc:
            errors.append(exc.diagnostic)
            position = exc.pos if exc.resumable else None
        except RecursionError:  # defensive: the parser is iterative, but never let it escape
            errors.append(error("syntax", "the file nests too deeply to parse", Span.point(path), None))
            return declarations, errors
        if position is None or len(errors) >= MAX_SYNTAX_ERRORS:
            return declarations, errors
        resume = _resync_point(text, start, position)
        if resume is None:
            return declarations, errors
        start = resume


def _error_position(exc: UnexpectedInput) -> int | None:
    token = getattr(exc, "token", None)
    if token is not None:
        if token.type == "$END":
            return None
        return token.start_pos
    return getattr(exc, "pos_in_stream", None)


def _resync_point(text: str, chunk_start: int, error_pos: int) -> int | None:
    """The next line start after ``chunk_start`` (from the error's line on) with a declaration keyword."""
    line_start = text.rfind("\n", 0, error_pos) + 1
    match = _RESYNC.search(text, max(line_start, chunk_start + 1))
    return match.start() if match else None


def _end(text: str) -> tuple[int, int]:
    line = text.count("\n") + 1
    return line, len(text) - (text.rfind("\n") + 1) + 1
