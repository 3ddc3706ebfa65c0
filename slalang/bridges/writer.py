"""Writing policy text for an import: names, durations, conditions, calendars and comments.

An import builds the text of a policy set piece by piece with these helpers and hands the
result to slalang's own formatter (``slalang.fmt``), so that what it writes is laid out
exactly as ``slalang fmt`` would lay it out. Structured comments (``# zendesk: {...}``)
carry what the language has no place for; ``notes_above`` reads them back for export.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..fmt import format_text
from ..fmt.conditions import quote
from ..model import WEEKDAYS
from ..units import format_language_duration

__all__ = [
    "Cond",
    "LOSSY_PREFIX",
    "all_of",
    "any_of",
    "calendar_text",
    "condition_text",
    "contains",
    "equals",
    "format_policy",
    "literal",
    "lossy_comment",
    "negate",
    "notes_above",
    "policy_duration",
    "quote",
    "read_note",
    "sla_text",
    "structured_comment",
    "unique_name",
]

LOSSY_PREFIX = "# slalang: lossy: "

# --- names -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def keywords() -> frozenset[str]:
    """The language's keywords (read from the grammar), which a generated name must avoid."""
    from ..syntax.grammar import grammar_text

    return frozenset(re.findall(r"^[A-Z_]+\.\d+:\s*/([a-z_]+)\(\?!", grammar_text(), flags=re.MULTILINE)) | {"always"}


def slug(text: Any, fallback: str) -> str:
    """``"Enterprise: Urgent!"`` -> ``enterprise_urgent``; ``fallback`` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    return name[:60].rstrip("_")


def unique_name(base: str, taken: set[str], suffix_if_keyword: str = "") -> str:
    """``base``, or ``base_2``, ``base_3``... : the first not in ``taken`` (which it joins).
    A keyword gets ``suffix_if_keyword`` first (``open`` -> ``open_hours``)."""
    if base in keywords():
        base = f"{base}_{suffix_if_keyword or 'x'}"
    name, number = base, 2
    while name in taken or name in keywords():
        name = f"{base}_{number}"
        number += 1
    taken.add(name)
    return name


# --- values ------------------------------------------------------------------------------


def policy_duration(seconds: int) -> str:
    """A positive number of seconds as a policy duration: ``5400`` -> ``1h30m``. Only
    ``h``, ``m`` and ``s`` are written: on a business calendar a ``d`` is 24 open hours,
    which reads like a working day and is not one (the ``days-on-business-calendar`` rule)."""
    if seconds <= 0:
        raise ValueError(f"a duration must be positive, got {seconds}")
    return format_language_duration(seconds, "h")


def literal(value: Any) -> str:
    """A JSON scalar as a policy literal; ValueError for what a literal cannot be."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        text = repr(value)
        if "e" in text or "E" in text:
            raise ValueError(f"{value} cannot be written as a policy number")
        return text
    if isinstance(value, str):
        return quote(value)
    raise ValueError(f"a condition compares with a string, a number or a boolean, not {type(value).__name__}")


# --- conditions --------------------------------------------------------------------------

_OR, _AND, _NOT, _ATOM = 1, 2, 3, 4


@dataclass(frozen=True)
class Cond:
    """Condition text and its precedence, so that parentheses go only where needed."""

    text: str
    precedence: int = _ATOM

    def within(self, context: int) -> str:
        return f"({self.text})" if self.precedence < context else self.text


def equals(path: str, value: Any) -> Cond:
    return Cond(f"{path} == {literal(value)}")


def contains(path: str, value: Any) -> Cond:
    return Cond(f"{path} contains {literal(value)}")


def negate(cond: Cond) -> Cond:
    return Cond(f"not {cond.within(_NOT)}", _NOT)


def all_of(conds: Sequence[Cond]) -> Cond:
    if not conds:
        return Cond("true")
    if len(conds) == 1:
        return conds[0]
    return Cond(" and ".join(c.within(_AND) for c in conds), _AND)


def any_of(conds: Sequence[Cond]) -> Cond:
    if not conds:
        return Cond("false")
    if len(conds) == 1:
        return conds[0]
    return Cond(" or ".join(c.within(_OR) for c in conds), _OR)


def condition_text(cond: Cond) -> str:
    return cond.text


# --- calendars ---------------------------------------------------------------------------


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _day_list(days: Sequence[int]) -> str:
    """Weekday numbers (0 = Monday) as ``mon-fri`` / ``mon,wed,fri`` / ``mon-wed,sat``."""
    parts: list[str] = []
    run: list[int] = []
    for day in sorted(days):
        if run and day == run[-1] + 1:
            run.append(day)
            continue
        if run:
            parts.append(_run_text(run))
        run = [day]
    if run:
        parts.append(_run_text(run))
    return ",".join(parts)


def _run_text(run: list[int]) -> str:
    if len(run) >= 3:
        return f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}"
    return ",".join(WEEKDAYS[d] for d in run)


def hours_lines(weekly: dict[int, list[tuple[int, int]]]) -> list[str]:
    """``hours`` lines for open ranges per weekday (minutes in the day, end up to 1440): days
    with the same ranges share a line, in the order of their first day."""
    by_ranges: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for day in sorted(weekly):
        ranges = tuple(sorted(weekly[day]))
        if ranges:
            by_ranges.setdefault(ranges, []).append(day)
    lines = []
    for ranges, days in sorted(by_ranges.items(), key=lambda item: item[1][0]):
        spans = ", ".join(f"{_clock(start)}-{_clock(end)}" for start, end in ranges)
        lines.append(f"hours {_day_list(days)} {spans}")
    return lines


def calendar_text(
    name: str,
    title: str | None,
    zone: str,
    weekly: dict[int, list[tuple[int, int]]],
    closed_dates: Iterable[str] = (),
    notes: Iterable[str] = (),
) -> str:
    """A calendar declaration; ``closed_dates`` are ISO dates closed all day."""
    head = f"calendar {name}" + (f" {quote(title)}" if title else "") + " {"
    body = [f"timezone {quote(zone)}", *hours_lines(weekly), *(f"closed {d}" for d in closed_dates)]
    return "\n".join([*notes, head, *("    " + line for line in body), "}"]) + "\n"


# --- SLAs --------------------------------------------------------------------------------


def sla_text(
    vendor: str, name: str, title: str, note: dict[str, Any], lossy: Sequence[str], when: str | None, body: Sequence[str]
) -> str:
    """An SLA: its structured comment and lossy comments above it, then ``when`` and ``body``
    (items without indentation; a multi-line item indents its own inner lines)."""
    lines = [structured_comment(vendor, note)] if note else []
    lines += [lossy_comment(reason) for reason in lossy]
    lines.append(f"sla {name} {quote(title)} {{")
    if when is not None:
        lines.append(f"    when {when}")
    lines += ["    " + item for item in body]
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- comments ----------------------------------------------------------------------------


def _one_line_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    # a comment runs to the end of the line: escape whatever a reader could take for one
    return "".join(ch if ch.isprintable() else json.dumps(ch)[1:-1] for ch in text)


def structured_comment(vendor: str, data: dict[str, Any]) -> str:
    """``# zendesk: {"id": 1, ...}``: vendor fields the language has no place for."""
    return f"# {vendor}: {_one_line_json(data)}"


def lossy_comment(reason: str) -> str:
    return LOSSY_PREFIX + " ".join(reason.split())


def read_note(comment: str, vendor: str) -> dict[str, Any] | None:
    """The object of a structured comment for ``vendor``, or None if it is not one."""
    text = comment.strip()
    prefix = f"# {vendor}:"
    if not text.startswith(prefix):
        return None
    try:
        data = json.loads(text[len(prefix):])
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def notes_above(text: str, line: int, vendor: str) -> list[dict[str, Any]]:
    """The structured comments for ``vendor`` in the block of comment lines right above
    ``line`` (1-based) of ``text``, top first."""
    lines = text.splitlines()
    notes: list[dict[str, Any]] = []
    index = line - 2
    while 0 <= index < len(lines) and lines[index].lstrip().startswith("#"):
        note = read_note(lines[index], vendor)
        if note is not None:
            notes.append(note)
        index -= 1
    return list(reversed(notes))


# --- the whole text ----------------------------------------------------------------------


class FormatFailure(RuntimeError):
    """The generated text did not format (a bug, or a construct this slalang cannot parse)."""


def format_policy(text: str, name: str) -> str:
    """``text`` in slalang's canonical layout; FormatFailure with the parser's messages."""
    result = format_text(text, name)
    if result.formatted is None:
        messages = "; ".join(f"{d.span.line}:{d.span.column}: {d.message}" for d in result.diagnostics)
        raise FormatFailure(f"the generated policy {name} does not read back: {messages}")
    return result.formatted
