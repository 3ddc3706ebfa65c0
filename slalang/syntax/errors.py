"""Turning Lark's parse errors into friendly, located diagnostics.

Every terminal of the grammar has a description here, so a message reads
"unexpected `}`: expected a duration such as 15m or 4h", and a table of common mistakes
adds a ``help`` hint (`=` for `==`, a missing `within`, `monday` for `mon`, ...).
"""

from __future__ import annotations

import difflib
import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .. import ast
from ..diagnostics import Diagnostic, error
from ..source import Span
from .values import UNIT_BY_WORD, token_span

DECLARATION_KEYWORDS = (
    "sla",
    "calendar",
    "segment",
    "team",
    "ola",
    "escalation",
    "priorities",
    "policy",
    "resolved",
    "import",
    "credit",
    "availability",
)
_DECLARATION_TERMINALS = frozenset(k.upper() for k in DECLARATION_KEYWORDS)
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_CMP_TERMINALS = frozenset({"EQ", "NE", "LE", "GE", "LT", "GT"})
_CONDITION_START = frozenset({"LPAR", "TRUE", "FALSE", "SEGMENT", "PRIORITY", "TICKET", "CUSTOMER", "STATUS", "NOT"})
_LITERAL = frozenset({"STRING", "NUMBER", "TRUE", "FALSE"})

KEYWORD_TERMINALS = [
    "POLICY",
    "VERSION",
    "RESOLVED",
    "IMPORT",
    "PRIORITIES",
    "SEGMENT",
    "CALENDAR",
    "TIMEZONE",
    "HOURS",
    "HOLIDAYS",
    "CLOSED",
    "OPEN",
    "TEAM",
    "AGENTS",
    "LEAD",
    "OLA",
    "BY",
    "WITHIN",
    "ON",
    "ESCALATION",
    "AT",
    "NOTIFY",
    "ASSIGNEE",
    "REASSIGN",
    "SET",
    "SLA",
    "GOAL",
    "VIA",
    "PAUSE",
    "ESCALATE",
    "WITH",
    "WHEN",
    "AND",
    "OR",
    "NOT",
    "IN",
    "CONTAINS",
    "TRUE",
    "FALSE",
    "PRIORITY",
    "STATUS",
    "TICKET",
    "CUSTOMER",
    "MEASURE",
    "NEVER",
    "START",
    "STOP",
    "RESUME",
    "CYCLES",
    "ELSE",
    "CREDIT",
    "AVAILABILITY",
    "SLAS",
    "METRICS",
    "PER",
    "PERIOD",
    "BELOW",
    "CAP",
    "MINIMUM",
    "RUNS",
    "OBJECTIVE",
]

TERMINAL_DESCRIPTIONS: dict[str, str] = {
    **{k: f"`{k.lower()}`" for k in KEYWORD_TERMINALS},
    "NAME": "a name such as `office`",
    "STRING": 'a string in double quotes such as "NL"',
    "NUMBER": "a number",
    "DURATION": "a duration such as 15m or 4h",
    "PERCENT": "a percentage such as 95%",
    "DATE": "a date such as 2026-12-24",
    "TIME": "a time such as 09:00",
    "DAY": "a day such as mon (or mon-fri, or mon,wed)",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "COMMA": "`,`",
    "DOT": "`.`",
    "ARROW": "`->`",
    "PLUS": "`+`",
    "MINUS": "`-`",
    "EQ": "`==`",
    "NE": "`!=`",
    "LE": "`<=`",
    "GE": "`>=`",
    "LT": "`<`",
    "GT": "`>`",
    "$END": "the end of the file",
}

# Order in which expectations are listed: the most telling first.
_ORDER = {name: i for i, name in enumerate(TERMINAL_DESCRIPTIONS)}
_MAX_LISTED = 10

_DAY_WORDS = {
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
    "tues": "tue",
    "weds": "wed",
    "thur": "thu",
    "thurs": "thu",
}
_OPERATOR_HINTS = {
    "=": "compare with `==`; a single `=` is not an operator",
    "=>": "write `>=` for greater than or equal",
    "=<": "write `<=` for less than or equal",
    "&&": "write `and` to join conditions",
    "||": "write `or` to join conditions",
    "!": "write `not` to negate a condition, or `!=` to compare",
    "<>": "write `!=` for not equal",
}
_WORD = re.compile(r"[A-Za-z0-9_]+")
_UNIT_AFTER = re.compile(r"[ \t]+([A-Za-z]+)")
_NOT_OPERATORS = ("is", "isnt", "equals", "eq", "ne", "gt", "lt", "ge", "le")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9_.])([a-z]+)[ \t]+\Z")
_BARE_TEXT = re.compile(r'[^\s{}\[\](),"#]+')


class InputLimitError(Exception):
    """The lexer stopped at a bound of slalang/limits.py (nesting, tokens per declaration or
    per file) before the parser held more: a located syntax error. ``resumable``: parsing may
    go on at the next declaration (not after the file's token bound)."""

    def __init__(self, message: str, hint: str, token: Token, path: str, resumable: bool) -> None:
        super().__init__(message)
        self.pos = token.start_pos
        self.resumable = resumable
        span = token_span(token, path)
        self.diagnostic = error("syntax", message, span, hint)


def describe_expected(expected: set[str]) -> str:
    """ "a duration such as 15m or 4h", "`within` or `on`", "a declaration such as ..."."""
    names = set(expected)
    parts: list[str] = []
    if _DECLARATION_TERMINALS <= names:
        names -= _DECLARATION_TERMINALS
        parts.append("a declaration such as `sla`, `calendar` or `segment`")
    if _CONDITION_START <= names:
        names -= _CONDITION_START
        parts.append('a condition such as `priority urgent` or `customer.plan == "pro"`')
    if _CMP_TERMINALS <= names:
        names -= _CMP_TERMINALS
        parts.append("a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)")
    if _LITERAL <= names:
        names -= _LITERAL
        parts.append('a value (a string such as "vip", a number, `true` or `false`)')
    if {"PAUSE", "ESCALATE"} <= names and "NAME" in names:
        names.discard("NAME")
        if "MEASURE" in names:
            names.discard("MEASURE")
            parts.append("a metric (`first_response`, `next_response`, `resolution`) or `measure`")
        else:
            parts.append("a metric (`first_response`, `next_response`, `resolution`)")
    if {"START", "STOP", "RESUME"} <= names:
        names -= {"START", "STOP", "RESUME"}
        parts.append("a trigger (`start`, `stop` or `resume`, then `on EVENT` or `when CONDITION`)")
    listed = sorted(names, key=lambda n: (_ORDER.get(n, len(_ORDER)), n))
    parts.extend(TERMINAL_DESCRIPTIONS.get(n, n) for n in listed)
    if len(parts) > _MAX_LISTED:
        parts = parts[:_MAX_LISTED] + ["..."]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def _shown(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= 30 else text[:27] + "..."


def _keyword_suggestion(word: str, expected: set[str]) -> str | None:
    keywords = [k.lower() for k in expected if k in KEYWORD_TERMINALS]
    if word.lower() in keywords:
        return word.lower()
    if len(word) > 2 * max(map(len, keywords), default=0):  # no misspelt keyword (and difflib would index it all)
        return None
    swapped = [k for k in sorted(keywords) if _swapped_pair(word.lower(), k)]
    if swapped:  # `sal` for `sla`: too short for a ratio to call it close
        return swapped[0]
    match = difflib.get_close_matches(word.lower(), keywords, n=1, cutoff=0.8)
    return match[0] if match else None


def _swapped_pair(typed: str, keyword: str) -> bool:
    """Whether ``typed`` is ``keyword`` with two neighbouring letters swapped."""
    if len(typed) != len(keyword) or typed == keyword:
        return False
    differ = [i for i, (a, b) in enumerate(zip(typed, keyword, strict=True)) if a != b]
    return len(differ) == 2 and differ[1] == differ[0] + 1 and typed[differ[0]] == keyword[differ[1]] \
        and typed[differ[1]] == keyword[differ[0]]


def _stack(exc: UnexpectedInput) -> list:
    return list(getattr(getattr(exc, "state", None), "value_stack", None) or [])


def _previous_token(exc: UnexpectedInput, back: int = 1) -> Token | None:
    stack = _stack(exc)
    if len(stack) >= back and isinstance(stack[-back], Token):
        return stack[-back]
    return None


def _open_brace_line(exc: UnexpectedToken) -> int | None:
    for value in reversed(_stack(exc)):
        if isinstance(value, Token) and value.type == "LBRACE":
            return value.line
    return None


def _calendar_named_by(stack: list) -> bool:
    """Whether the item before the last value is ``calendar by`` read as a calendar named `by`."""
    before = stack[-2] if len(stack) >= 2 else None
    if isinstance(before, list) and before:  # the items so far (a `x*` rule's children, driver.py)
        before = before[-1]
    choice = before.choice if isinstance(before, ast.ClockCalendarItem) else None
    return isinstance(choice, ast.CalendarRef) and choice.name.text == "by" and choice.zone is None


def _token_hint(exc: UnexpectedToken, token: Token, expected: set[str], source: str) -> str | None:
    kind = token.type
    text = str(token)
    if kind == "$END" and "RBRACE" in expected:
        line = _open_brace_line(exc)
        where = f" on line {line}" if line else ""
        return f"the `{{` opened{where} is never closed; add `}}`"
    if kind.lower() in DECLARATION_KEYWORDS and "RBRACE" in expected:
        line = _open_brace_line(exc)
        where = f" on line {line}" if line else ""
        return f"the `{{` opened{where} is not closed before this `{text}`; add `}}`"
    if kind == "RBRACE" and "RBRACE" not in expected and _DECLARATION_TERMINALS <= expected:
        return "this `}` closes no `{`: remove it, or look for a block closed twice"
    if "DAY" in expected and text.lower() in _DAY_WORDS:
        return f"write days as three letters: `{_DAY_WORDS[text.lower()]}` (mon tue wed thu fri sat sun)"
    if "WITHIN" in expected and kind == "DURATION":
        return f"write `within` before the duration: `within {text}`"
    if "DURATION" in expected and kind == "NUMBER":
        start = token.end_pos if isinstance(token.end_pos, int) else 0
        word = _UNIT_AFTER.match(source, start) if start else None
        unit = UNIT_BY_WORD.get(word.group(1).lower()) if word else None
        if unit:
            return f"write the one-letter unit right after the number: `{text}{unit}`"
        return f"put the unit right after the number, e.g. `{text}h` or `{text}m`"
    if "PERCENT" in expected and kind == "NUMBER":
        return f"write the percent sign: `{text}%`"
    if "TIME" in expected and kind in ("NUMBER", "DURATION"):
        return "write times of day as HH:MM, e.g. `09:00-17:30`"
    if "NAME" in expected and kind == "STRING":
        return "names are written without quotes, e.g. `calendar office`"
    previous = _previous_token(exc)
    if kind == "LSQB" and previous is not None and previous.type == "CONTAINS":
        return 'contains takes one value; for several, join conditions: `x contains "a" or x contains "b"`'
    if kind == "NAME" and text in _NOT_OPERATORS and _CMP_TERMINALS & expected:
        return f"`{text}` is not an operator: compare with `==`, `!=`, `<`, `<=`, `>` or `>=`"
    start = token.start_pos if isinstance(token.start_pos, int) else 0
    word_before = _WORD_BEFORE.search(source[max(0, start - 40) : start]) if start else None
    if word_before and word_before.group(1) in _NOT_OPERATORS:
        return f"`{word_before.group(1)}` is not an operator: compare with `==` or `!=`, e.g. `priority == {text}`"
    if expected == {"WITHIN"} and previous is not None and previous.type == "NAME" and kind == "LBRACE":
        if _calendar_named_by(_stack(exc)):
            return (
                f"`calendar by` chooses by a field of the ticket: write `calendar by customer.{previous} {{` "
                f"or `calendar by ticket.{previous} {{`"
            )
    if expected == {"WITHIN"} and kind == "NAME" and _keyword_suggestion(text, expected):
        return f"did you mean `{_keyword_suggestion(text, expected)}`?"
    if expected == {"WITHIN"} and previous is not None and previous.type == "NAME":
        meant = _keyword_suggestion(str(previous), set(KEYWORD_TERMINALS))
        if meant:
            return f"did you mean `{meant}`? (`{previous}` is read as a metric, which takes a deadline)"
        stack = _stack(exc)
        before = stack[-2] if len(stack) >= 2 else None
        if isinstance(before, list) and before:  # the items so far (a `x*` rule's children, driver.py)
            before = before[-1]
        if getattr(before, "via", None):
            return (
                f"`{previous}` is read as the next metric; to chain OLAs, join them with `->`: `via ... -> {previous}`"
            )
        return f"`{previous}` is read as a metric, which takes a deadline: `{previous} within 4h`"
    before = _previous_token(exc, 2)
    if kind == "DOT" and previous is not None and previous.type == "NAME" and before is not None and before.type == "PER":
        begin = previous.start_pos if isinstance(previous.start_pos, int) else 0
        written = _DOTTED.match(source, begin)
        path = written.group(0) if written else str(previous)
        return f"`per` takes a field of the ticket or its customer: write `per customer.{path}` or `per ticket.{path}`"
    if expected == {"ON", "WHEN"} and previous is not None and previous.type in ("START", "STOP", "RESUME"):
        event = text if kind == "NAME" else "created"
        return f"write `{previous} on {event}` for an event, or `{previous} when CONDITION`"
    if "STRING" in expected and "NAME" not in expected and (kind in ("NAME", "DAY") or kind in KEYWORD_TERMINALS):
        return f'put the text in double quotes: "{text}"'
    if kind == "NAME" and _CONDITION_START <= expected:
        return (
            f"fields are written `ticket.{text}` or `customer.{text}`, segments `segment {text}`, "
            f"priorities `priority {text}`"
        )
    if kind in ("NAME", "DAY") or kind in KEYWORD_TERMINALS:
        suggestion = _keyword_suggestion(text, expected)
        if suggestion and suggestion != text:
            return f"did you mean `{suggestion}`?"
        if "RBRACE" in expected and kind == "NAME" and "WITHIN" not in expected:
            return "check the spelling of the item, or close the block with `}`"
    return None


def _character_message(exc: UnexpectedCharacters, text: str) -> tuple[str, str | None, int]:
    """Message, hint and length of the offending text for a character no terminal matches."""
    pos = exc.pos_in_stream
    assert pos is not None  # Lark types it optional; a character error always has its position
    char = text[pos] if 0 <= pos < len(text) else ""
    expected = set(exc.allowed or ())
    what = describe_expected(expected) if expected else None
    for op in ("=>", "=<", "&&", "||", "<>", "=", "!"):
        if text.startswith(op, pos):
            message = f"unexpected `{op}`" + (f": expected {what}" if what else "")
            return message, _OPERATOR_HINTS[op], len(op)
    if char == '"':
        return "unterminated string", 'close the string with `"` on the same line', 1
    word = _WORD.match(text, pos)
    if word:
        w = word.group(0)
        message = f"unexpected `{_shown(w)}`" + (f": expected {what}" if what else "")
        looks_like_day = w.lower() in _DAY_WORDS or w.lower()[:3] in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        if looks_like_day and "DAY" in expected:
            day = _DAY_WORDS.get(w.lower(), w.lower()[:3])
            return message, f"write days as three letters in lower case: `{day}`", len(w)
        if "STRING" in expected and "NAME" not in expected:
            bare = _BARE_TEXT.match(text, pos)
            shown = _shown(bare.group(0) if bare else w)
            return message, f'put the text in double quotes: "{shown}"', len(w)
        if w != w.lower():
            return message, "keywords and names are written in lower case letters, digits and `_`", len(w)
        return message, None, len(w)
    if char in "\u201c\u201d\u201e\u00ab\u00bb":
        return f"unexpected character `{char}`", 'write strings with straight double quotes: "text"', 1
    if char.isspace():
        code = f"U+{ord(char):04X}"
        return f"unexpected character {code}", f"this is a special space ({code}); replace it with a plain space", 1
    shown = repr(char)[1:-1] if not char.isprintable() else char
    message = f"unexpected character `{shown}`" + (f": expected {what}" if what else "")
    return message, None, 1


def diagnostic_from(exc: UnexpectedInput, text: str, path: str) -> Diagnostic:
    """One `syntax` diagnostic for a Lark parse error."""
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        expected = set(exc.expected or ())
        what = describe_expected(expected)
        if token.type == "$END":
            line, col = _end_position(text)
            span = Span(path, line, col, line, col + 1)
            message = f"unexpected end of file: expected {what}"
        else:
            span = token_span(token, path)
            message = f"unexpected `{_shown(str(token))}`: expected {what}"
        return error("syntax", message, span, _token_hint(exc, token, expected, text))
    if isinstance(exc, UnexpectedCharacters):
        message, hint, width = _character_message(exc, text)
        span = Span(path, exc.line, exc.column, exc.line, exc.column + width)
        return error("syntax", message, span, hint)
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    return error("syntax", "the text could not be parsed", Span(path, line, column, line, column + 1), None)


def _end_position(text: str) -> tuple[int, int]:
    """Line and column just after the last non-blank character."""
    stripped = text.rstrip()
    line = stripped.count("\n") + 1
    column = len(stripped) - (stripped.rfind("\n") + 1) + 1
    return line, column
