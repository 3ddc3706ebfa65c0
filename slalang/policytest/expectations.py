"""What an ``expect`` may say, and how it is compared with ``slalang eval``'s output.

``expect`` is any part of the evaluation output (evaluation.md): ``sla``, ``metrics``
(each metric's ``status``, ``start``, ``deadline``, ``stop``, ``target_s``, ``counted_s``,
``paused_s``; ``next_response`` has ``status`` and ``cycles``; measures by name, with the
fields of a metric, or ``status`` and ``cycles``), ``calendar`` and ``zone`` (the calendar
chosen for the ticket and the zone it was read in; also on a metric or measure with its own
calendar), ``escalations`` (each ``metric``, ``at``, ``actions``), and for bad input
``error`` (a test's ticket has no line).

Matching rules:

- a mapping matches when each key it names matches (keys it leaves out are not compared);
- a list matches a list of the same length whose items match in order;
  ``{$contains: [...]}`` matches a list that has a matching item for each listed one, in
  any order (each item of the output used once);
- text matches equal text; ``{$contains: "part"}`` matches text that contains the part;
  two instants match when they are the same instant (``2026-11-24T10:00:00+01:00``
  matches ``2026-11-24T09:00:00Z``);
- numbers match equal numbers (``true`` is not ``1``);
- ``null`` matches a null value or a missing key (``next_response: null``: the SLA has
  no such metric).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ..evaluation import InstantError, format_utc, parse_rfc3339
from ..suggestions import closest
from .document import LocatedDocument, Path, format_path

CONTAINS = "$contains"
NEAR_MISS = 0.9  # difflib similarity at or above which a metrics key is a misspelt built-in metric
STATUSES = ("met", "breached", "running", "paused", "none")
METRIC_NAMES = ("first_response", "next_response", "resolution")

# --- the shape of the output --------------------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    kind: str  # "any" | "text" | "int" | "instant" | "status" | "metric"


@dataclass(frozen=True)
class Mapping:
    fields: dict[str, Any]
    what: str  # "a ticket result", "a metric", ...
    others: Any = None  # the shape of a key not in ``fields`` (None: such a key is an error)


@dataclass(frozen=True)
class Sequence:
    item: Any
    what: str


RUN = Mapping(
    {
        "status": Scalar("status"),
        "start": Scalar("instant"),
        "deadline": Scalar("instant"),
        "stop": Scalar("instant"),
        "target_s": Scalar("int"),
        "counted_s": Scalar("int"),
        "paused_s": Scalar("int"),
        "calendar": Scalar("text"),
        "zone": Scalar("text"),
    },
    "a metric",
)
CYCLES = Mapping(
    {"status": Scalar("status"), "calendar": Scalar("text"), "zone": Scalar("text"), "cycles": Sequence(RUN, "cycles")},
    "next_response",
)
MEASURE = Mapping({**RUN.fields, "cycles": Sequence(RUN, "cycles")}, "a measure")
ESCALATION = Mapping(
    {"metric": Scalar("metric"), "at": Scalar("instant"), "actions": Sequence(Scalar("text"), "actions")},
    "an escalation",
)
RESULT = Mapping(
    {
        "id": Scalar("any"),
        "sla": Scalar("text"),
        "calendar": Scalar("text"),
        "zone": Scalar("text"),
        "metrics": Mapping({"first_response": RUN, "next_response": CYCLES, "resolution": RUN}, "the metrics", MEASURE),
        "escalations": Sequence(ESCALATION, "escalations"),
        "error": Scalar("text"),
    },
    "a ticket's result",
)


def check_expectation(document: LocatedDocument, value: Any, path: Path, shape: Any = RESULT) -> None:
    """Raise TestFileError when ``value`` (at ``path`` in the file) cannot describe ``shape``."""
    if value is None:
        return
    if isinstance(shape, Mapping):
        if not isinstance(value, dict):
            raise document.error(path, f"expected a mapping for {shape.what}, got {_describe(value)}")
        for key, item in value.items():
            if key not in shape.fields and shape.others is not None and not _near_miss(key, shape.fields):
                check_expectation(document, item, path + (key,), shape.others)
                continue
            if key not in shape.fields:
                close = closest(key, shape.fields)
                hint = f"did you mean `{close}`?" if close else "the fields are " + ", ".join(shape.fields)
                raise document.error(path + (key,), f"{shape.what} has no field `{key}`", hint, at_key=True)
            check_expectation(document, item, path + (key,), shape.fields[key])
        return
    if isinstance(shape, Sequence):
        items = value
        if isinstance(value, dict):
            if set(value) != {CONTAINS} or not isinstance(value[CONTAINS], list):
                raise document.error(path, f"expected a list of {shape.what} or {{{CONTAINS}: [...]}}, got a mapping")
            items, path = value[CONTAINS], path + (CONTAINS,)
        if not isinstance(items, list):
            raise document.error(path, f"expected a list of {shape.what}, got {_describe(items)}")
        for i, item in enumerate(items):
            check_expectation(document, item, path + (i,), shape.item)
        return
    _check_scalar(document, value, path, shape.kind)


def _near_miss(key: str, names: Any) -> bool:
    """A key one or two letters away from a built-in name (``first_respons``) is a typo, not a
    measure's name (``resolution_time`` is a measure)."""
    return bool(difflib.get_close_matches(key, list(names), n=1, cutoff=NEAR_MISS))


def _check_scalar(document: LocatedDocument, value: Any, path: Path, kind: str) -> None:
    if isinstance(value, dict):
        if kind in ("text", "instant", "status", "metric", "any") and set(value) == {CONTAINS}:
            if not isinstance(value[CONTAINS], str):
                raise document.error(path + (CONTAINS,), f"{CONTAINS} on text takes text, got {_describe(value[CONTAINS])}")
            return
        raise document.error(path, "expected a single value here, got a mapping")
    if kind == "any":
        return
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise document.error(path, f"expected a whole number, got {_describe(value)}")
        return
    if not isinstance(value, str):
        raise document.error(path, f"expected text, got {_describe(value)}", "quote it")
    if kind == "instant":
        try:
            parse_rfc3339(value)
        except InstantError as exc:
            raise document.error(path, f"not an instant: {exc}", "write RFC 3339 with an offset, e.g. 2026-11-24T09:00:00Z") from None
    elif kind == "status" and value not in STATUSES:
        raise document.error(path, f"unknown status `{value}`", "a status is one of " + ", ".join(STATUSES))
    # ``metric`` names a built-in metric or a measure: any text (a wrong name simply does not match).


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


# --- comparing ----------------------------------------------------------------------------

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<missing>"})()


@dataclass(frozen=True)
class Mismatch:
    """One difference: where in the output, what the test expected and what it got."""

    path: str
    expected: Any
    got: Any
    note: str | None = None


def compare(expected: Any, actual: Any, path: Path = ()) -> list[Mismatch]:
    """Every place where ``actual`` does not match ``expected`` (empty when it matches)."""
    if expected is None:
        return [] if actual is None or actual is MISSING else [Mismatch(format_path(path), None, actual)]
    if actual is MISSING:
        return [Mismatch(format_path(path), expected, MISSING)]
    if isinstance(expected, dict) and set(expected) == {CONTAINS}:
        return _compare_contains(expected[CONTAINS], actual, path)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [Mismatch(format_path(path), expected, actual)]
        out: list[Mismatch] = []
        for key, item in expected.items():
            out += compare(item, actual.get(key, MISSING), path + (key,))
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [Mismatch(format_path(path), expected, actual)]
        if len(expected) != len(actual):
            return [Mismatch(format_path(path), expected, actual, f"expected {len(expected)} items, got {len(actual)}")]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            out += compare(e, a, path + (i,))
        return out
    if scalars_match(expected, actual):
        return []
    return [Mismatch(format_path(path), expected, actual, _instant_note(expected))]


def _compare_contains(wanted: Any, actual: Any, path: Path) -> list[Mismatch]:
    if isinstance(wanted, str):
        if isinstance(actual, str) and wanted in actual:
            return []
        return [Mismatch(format_path(path), {CONTAINS: wanted}, actual, "expected text containing the part")]
    if not isinstance(actual, list):
        return [Mismatch(format_path(path), {CONTAINS: wanted}, actual)]
    unused = list(range(len(actual)))
    out: list[Mismatch] = []
    for item in wanted:
        found = next((i for i in unused if not compare(item, actual[i])), None)
        if found is None:
            out.append(Mismatch(format_path(path), item, actual, "no item of the output matches this one"))
        else:
            unused.remove(found)
    return out


def scalars_match(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return expected == actual
    if isinstance(expected, str) and isinstance(actual, str):
        if expected == actual:
            return True
        return _same_instant(expected, actual)
    return expected == actual and type(expected) is type(actual)


def _instant_note(expected: Any) -> str | None:
    """``2026-11-21T10:20:00+01:00 is 2026-11-21T09:20:00Z``, to compare with the UTC output."""
    if not isinstance(expected, str) or expected.endswith("Z") or not expected[:4].isdigit():
        return None
    try:
        return f"{expected} is {format_utc(parse_rfc3339(expected))}"
    except InstantError:
        return None


def _same_instant(a: str, b: str) -> bool:
    if not (a[:4].isdigit() and b[:4].isdigit()):
        return False
    try:
        return parse_rfc3339(a) == parse_rfc3339(b)
    except InstantError:
        return False
