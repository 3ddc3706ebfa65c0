"""Completion: the keywords the grammar accepts at the cursor, and the names that fit there.

The parser says what may come next (``syntax.expect``); when a name may, the token before
the cursor says which kind: a calendar after ``calendar`` or ``on``, a team after ``by``,
an OLA after ``via`` or ``->``, a chain after ``with``, a segment after ``segment``, a
priority after ``priority``, a metric after ``escalate`` or at the start of an SLA item, a
field after ``ticket.``/``customer.``. The name being declared gets no suggestion.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from lsprotocol import types as lsp

from ..analysis.suppression import comment_start
from ..compiler.paths import POLICY_SUFFIX
from ..model import ALWAYS, METRICS
from ..syntax.expect import Expected, expected_at
from .positions import LineIndex
from .symbols import CALENDAR, METRIC, PRIORITY, Definition, SymbolIndex, written_paths

_WORD = re.compile(r"[a-z_][a-z0-9_]*$")
_IMPORT = re.compile(r'^\s*import\s+"([^"]*)$')
_COMPARISONS = frozenset({"EQ", "NE", "LE", "GE", "LT", "GT"})
# the terminal before the cursor -> the kind of name that fits after it
_KIND_AFTER = {
    "CALENDAR": CALENDAR,
    "ON": CALENDAR,
    "VIA": "OLA",
    "ARROW": "OLA",
    "WITH": "escalation chain",
    "SEGMENT": "segment",
    "PRIORITY": PRIORITY,
    "SLAS": "SLA",  # `slas a, b` of a credit, once the grammar has it
    "ELSE": CALENDAR,  # the `else` arm of `calendar by`, likewise
}
_ITEM_KIND = {
    CALENDAR: lsp.CompletionItemKind.Event,
    "segment": lsp.CompletionItemKind.Interface,
    "team": lsp.CompletionItemKind.Struct,
    "OLA": lsp.CompletionItemKind.Method,
    "escalation chain": lsp.CompletionItemKind.Function,
    "SLA": lsp.CompletionItemKind.Class,
    PRIORITY: lsp.CompletionItemKind.EnumMember,
    METRIC: lsp.CompletionItemKind.Field,
}


@dataclass(frozen=True)
class Cursor:
    text: str
    offset: int  # character offset of the cursor
    file: str  # the file name the index uses for this text
    lines: LineIndex


def complete(cursor: Cursor, index: SymbolIndex) -> list[lsp.CompletionItem]:
    text, offset = cursor.text, cursor.offset
    line_start = text.rfind("\n", 0, offset) + 1
    before_cursor = text[line_start:offset]
    imported = _IMPORT.match(before_cursor)
    if imported:
        return _import_paths(cursor, imported.group(1))
    if comment_start(before_cursor) is not None or before_cursor.count('"') % 2:
        return _zones(cursor) if re.search(r'\btimezone\s+"[^"]*$', before_cursor) else []
    word = _WORD.search(before_cursor)
    start = offset - (len(word.group()) if word else 0)
    if start > 0 and text[start - 1].isdigit():
        return []  # a duration or time being typed: `15m`
    replace = lsp.Range(start=_position(cursor, start), end=_position(cursor, offset))
    expected = expected_at(text, start)
    if expected is None:  # the declaration has an error before the cursor: offer every name
        return [_name_item(d, replace) for d in _top_level(index)]
    items = [_keyword_item(k, replace) for k in expected.keywords]
    items += [_simple(day, lsp.CompletionItemKind.EnumMember, "day", replace) for day in expected.days]
    if "NAME" in expected.terminals:
        items += _names(expected, index, replace)
    if "STRING" in expected.terminals and expected.before and expected.before[-1][0] == "TIMEZONE":
        items += [_simple(f'"{z}"', lsp.CompletionItemKind.Value, "IANA time zone", replace) for z in _zone_names()]
    return items


def _names(expected: Expected, index: SymbolIndex, replace: lsp.Range) -> list[lsp.CompletionItem]:
    before = expected.before
    if len(before) <= 1 or before[0][0] == "PRIORITIES":
        return []  # the name a declaration declares
    last = before[-1][0]
    if last in _COMPARISONS and len(before) >= 2 and before[-2][0] == "PRIORITY":
        last = "PRIORITY"
    if last == "DOT":
        return _fields(before, index, replace)
    if last == "BY" and before[0][0] == "OLA":
        return [_name_item(d, replace) for d in index.named("team")]
    if last == "ESCALATE":
        return _metrics(before, index, replace, defined_only=True)
    kind = _KIND_AFTER.get(last)
    if kind is not None:
        items = [_name_item(d, replace) for d in index.named(kind)]
        if kind == CALENDAR:
            items.append(_simple(ALWAYS, _ITEM_KIND[CALENDAR], "calendar (built in, open at every instant)", replace))
        return items
    if before[0][0] == "SLA" and last in ("LBRACE", "RBRACE", "DURATION", "PERCENT", "NAME", "STRING", "RPAR", "RSQB"):
        return _metrics(before, index, replace, defined_only=False)
    return [_name_item(d, replace) for d in _top_level(index)]


def _metrics(before: tuple, index: SymbolIndex, replace: lsp.Range, defined_only: bool) -> list[lsp.CompletionItem]:
    sla = index.lookup("SLA", before[1][1]) if before[0][0] == "SLA" and len(before) > 1 else None
    defined = [d.name for d in index.children(sla)] if sla is not None else []
    # the SLA being typed may not parse yet: its metric lines so far (`NAME within`) count too
    defined += [name for (kind, name), (following, _) in pairwise(before) if kind == "NAME" and following == "WITHIN"]
    defined = list(dict.fromkeys(defined))
    names = defined if defined_only and defined else list(dict.fromkeys([*METRICS, *defined]))
    return [_simple(n, _ITEM_KIND[METRIC], "metric", replace) for n in names]


def _fields(before: tuple, index: SymbolIndex, replace: lsp.Range) -> list[lsp.CompletionItem]:
    typed: list[str] = []
    for kind, value in reversed(before[:-1]):
        if kind in ("NAME", "TICKET", "CUSTOMER"):
            typed.insert(0, value)
            if kind != "NAME":
                break
        elif kind != "DOT":
            break
    if not typed or typed[0] not in ("ticket", "customer"):
        return []
    depth = len(typed)
    found = sorted({p[depth] for p in written_paths(index.files.values()) if len(p) > depth and list(p[:depth]) == typed})
    if typed == ["ticket"]:
        found = sorted({*found, "priority", "status"})
    return [_simple(f, lsp.CompletionItemKind.Property, ".".join(typed) + " field", replace) for f in found]


def _top_level(index: SymbolIndex) -> Iterable[Definition]:
    seen = set()
    for d in index.definitions:
        if d.parent is None and (d.kind, d.name) not in seen:
            seen.add((d.kind, d.name))
            yield d


def _name_item(d: Definition, replace: lsp.Range) -> lsp.CompletionItem:
    where = f"{os.path.basename(d.span.file)}:{d.span.line}"
    return lsp.CompletionItem(
        label=d.name,
        kind=_ITEM_KIND.get(d.kind, lsp.CompletionItemKind.Reference),
        detail=f"{d.kind} · {where}",
        text_edit=lsp.TextEdit(range=replace, new_text=d.name),
    )


def _keyword_item(word: str, replace: lsp.Range) -> lsp.CompletionItem:
    return _simple(word, lsp.CompletionItemKind.Keyword, "keyword", replace)


def _simple(label: str, kind: lsp.CompletionItemKind, detail: str, replace: lsp.Range) -> lsp.CompletionItem:
    return lsp.CompletionItem(label=label, kind=kind, detail=detail, text_edit=lsp.TextEdit(range=replace, new_text=label))


def _position(cursor: Cursor, offset: int) -> lsp.Position:
    line_start = cursor.text.rfind("\n", 0, offset) + 1
    line = cursor.text.count("\n", 0, offset) + 1
    return cursor.lines.position(line, offset - line_start + 1)


def _import_paths(cursor: Cursor, typed: str) -> list[lsp.CompletionItem]:
    """Policy files next to (or below) the file, as import paths relative to it."""
    if "://" in cursor.file or not os.path.isabs(cursor.file):
        return []
    directory = os.path.dirname(cursor.file)
    start = cursor.offset - len(typed)
    replace = lsp.Range(start=_position(cursor, start), end=_position(cursor, cursor.offset))
    found = []
    for folder, subfolders, files in os.walk(directory):
        subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith(POLICY_SUFFIX) and path != cursor.file:
                found.append(os.path.relpath(path, directory).replace(os.sep, "/"))
        if len(found) > 200:
            break
    return [_simple(p, lsp.CompletionItemKind.File, "policy file", replace) for p in found]


def _zones(cursor: Cursor) -> list[lsp.CompletionItem]:
    line_start = cursor.text.rfind("\n", 0, cursor.offset) + 1
    typed = cursor.text[line_start : cursor.offset].rsplit('"', 1)[1]
    start = cursor.offset - len(typed)
    replace = lsp.Range(start=_position(cursor, start), end=_position(cursor, cursor.offset))
    return [_simple(z, lsp.CompletionItemKind.Value, "IANA time zone", replace) for z in _zone_names()]


@lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC"))
