"""Token values: from Lark tokens to the AST's leaves (names, strings, durations, numbers).

A value that cannot be right (an unknown escape, a duration unit out of order, a number of
thousands of digits) is reported as a located ``syntax`` diagnostic on the parse state and
read as well as it can be, so that parsing goes on and one run reports every such mistake.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lark import Token

from .. import ast
from ..diagnostics import error
from ..source import Span

if TYPE_CHECKING:
    from .transformer import ParseState

_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)([a-zA-Z]+)")
_UNIT_ORDER = "wdhms"
_UNIT_WORDS = {
    "w": ("week", "weeks", "wk", "wks"),
    "d": ("day", "days"),
    "h": ("hour", "hours", "hr", "hrs"),
    "m": ("min", "mins", "minute", "minutes"),
    "s": ("sec", "secs", "second", "seconds"),
}
UNIT_BY_WORD = {word: unit for unit, words in _UNIT_WORDS.items() for word in words} | {u: u for u in "wdhms"}
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


def token_bounds(token: Token) -> tuple[int, int, int, int]:
    """A token's line, column, end line and end column. Lark types them as optional (a token
    made by hand may have none); every token the lexer makes has all four."""
    line, column, end_line, end_column = token.line, token.column, token.end_line, token.end_column
    assert line is not None and column is not None and end_line is not None and end_column is not None
    return line, column, end_line, end_column


def token_span(token: Token, path: str) -> Span:
    return Span(path, token.line, token.column, token.end_line, token.end_column)  # type: ignore[arg-type]  # as token_bounds


def report(state: ParseState, message: str, span: Span, help: str | None) -> None:
    state.diagnostics.append(error("syntax", message, span, help))


def to_int(text: str, token: Token, state: ParseState) -> int:
    try:
        return int(text)
    except ValueError:
        report(
            state,
            f"number `{text[:20]}...` has {len(text)} digits; that is too long",
            token_span(token, state.path),
            "write a number of at most 4000 digits",
        )
        return 0


def string_value(token: Token, state: ParseState) -> str:
    body = token[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
            else:
                line, column, _, _ = token_bounds(token)
                col = column + 1 + i
                report(
                    state,
                    f"unknown escape `\\{nxt}` in a string",
                    Span(state.path, line, col, line, col + 2),
                    'the escapes are \\" \\\\ \\n and \\t',
                )
                out.append(nxt)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def to_duration(token: Token, state: ParseState) -> ast.Duration:
    span = token_span(token, state.path)
    parts: list[tuple[int, str]] = []
    problem: tuple[str, str] | None = None
    last_rank = -1
    for number, unit in _DURATION_PART.findall(str(token)):
        if problem is None and "." in number:
            problem = (
                f"`{token}`: a duration takes whole numbers",
                "write fractions with a smaller unit, e.g. 1h30m instead of 1.5h",
            )
        value = to_int(number.split(".")[0], token, state)
        if unit not in _UNIT_ORDER:
            known = UNIT_BY_WORD.get(unit.lower()) or (unit.lower() if unit.lower() in _UNIT_ORDER else None)
            if problem is None:
                hint = f"write `{number}{known}`" if known else "the units are w d h m s, e.g. 2d, 4h, 1h30m, 45s"
                problem = (f"unknown duration unit `{unit}` in `{token}`", hint)
            parts.append((value, unit))
            continue
        rank = _UNIT_ORDER.index(unit)
        if rank <= last_rank and problem is None:
            problem = (
                f"`{token}`: duration units must go from largest to smallest, each at most once",
                "use the order w d h m s, e.g. 1d4h or 1h30m",
            )
        last_rank = max(last_rank, rank)
        parts.append((value, unit))
    if problem is not None:
        report(state, problem[0], span, problem[1])
    return ast.Duration(tuple(parts), span)


def to_percent(token: Token, state: ParseState) -> ast.Percent:
    text = str(token)[:-1]
    return ast.Percent(float(text), text, token_span(token, state.path))


def to_literal(item: Any, state: ParseState) -> ast.Literal:
    token: Token = item
    span = token_span(token, state.path)
    if token.type == "STRING":
        return ast.Literal(string_value(token, state), str(token), span)
    if token.type == "TRUE":
        return ast.Literal(True, "true", span)
    if token.type == "FALSE":
        return ast.Literal(False, "false", span)
    text = str(token)
    if "." in text:
        return ast.Literal(float(text), text, span)
    return ast.Literal(to_int(text, token, state), text, span)


def to_name(token: Token, state: ParseState) -> ast.Name:
    return ast.Name(str(token), token_span(token, state.path))


def to_str(token: Token, state: ParseState) -> ast.Str:
    return ast.Str(string_value(token, state), token_span(token, state.path))


def to_time(token: Token, state: ParseState) -> ast.TimeOfDay:
    hour, minute = str(token).split(":")
    return ast.TimeOfDay(int(hour), int(minute), token_span(token, state.path))
