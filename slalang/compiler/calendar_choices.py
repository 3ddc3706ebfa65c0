"""Calendar choices in the compiler: ``calendar NAME``, ``NAME in PATH``, ``NAME in "Zone"``
and ``calendar by PATH { ... else ... }``, checked and lowered to the model.

Readings (language.md): ``by`` and ``in`` take ``ticket.``/``customer.`` paths, not the
``status`` shorthand; a string after ``in`` is a fixed zone, valid when the bundled tzdata
has exactly that key (``slalang.zones``); ``calendar by`` has one ``else``, written last;
two arms may not have equal values (``1`` and ``1.0`` are equal, ``1`` and ``true`` are
not, as in conditions). Arm values are typed like any other comparison of their field.
"""

from __future__ import annotations

from .. import ast
from .. import model as m
from ..conditions import kind_of
from ..diagnostics import Diagnostic, error
from ..source import Span
from ..suggestions import closest
from ..zones import bundled_zones, is_zone
from .declarations import where
from .field_types import FieldTypes

_ZONE_EXAMPLE = '`in customer.timezone` (a field naming the zone) or `in "Europe/Amsterdam"` (a fixed zone)'


def _bad(message: str, span: Span, help: str) -> Diagnostic:
    return error("bad-value", message, span, help=help)


def check_choice(choice: ast.CalendarChoice, types: FieldTypes) -> list[Diagnostic]:
    """Every error of one calendar choice, wherever it is written."""
    if isinstance(choice, ast.CalendarRef):
        return check_ref(choice)
    diagnostics = _check_path(choice.path, "calendar by")
    written = [arm for arm in choice.arms if arm.value is not None]
    otherwise = [arm for arm in choice.arms if arm.value is None]
    head = Span(choice.span.file, choice.span.line, choice.span.column, choice.path.span.end_line, choice.path.span.end_column)
    if not otherwise:
        diagnostics.append(
            _bad(
                f"`calendar by {choice.path.text}` has no `else` line",
                head,
                "add `else CALENDAR` as the last line: the calendar of tickets whose field is missing "
                "or matches no line",
            )
        )
    for extra in otherwise[1:]:
        diagnostics.append(
            _bad(
                f"`calendar by {choice.path.text}` gives `else` twice; the first is at {where(otherwise[0].span)}",
                extra.span,
                "keep one `else` line, the last",
            )
        )
    if otherwise and choice.arms[-1].value is not None:
        diagnostics.append(
            _bad(
                f"`else` must be the last line of `calendar by {choice.path.text}`",
                otherwise[0].span,
                "move the `else` line after the others",
            )
        )
    diagnostics.extend(_check_equal_values(choice, written))
    if written and not _is_status(choice.path):
        values = tuple(arm.value for arm in written if arm.value is not None)
        diagnostics.extend(types.check(ast.InCond(choice.path, values, False, choice.span)))
    for arm in choice.arms:
        diagnostics.extend(check_ref(arm.calendar))
    return diagnostics


def _check_equal_values(choice: ast.CalendarBy, arms: list[ast.CalendarArm]) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    seen: list[ast.Literal] = []
    for arm in arms:
        value = arm.value
        assert value is not None
        first = next((s for s in seen if kind_of(s.value) == kind_of(value.value) and s.value == value.value), None)
        if first is not None:
            diagnostics.append(
                _bad(
                    f"`calendar by {choice.path.text}` gives the value {value.text} twice "
                    f"(as {first.text} at {where(first.span)})",
                    value.span,
                    "give each value one line; a ticket takes the line whose value equals its field",
                )
            )
        else:
            seen.append(value)
    return diagnostics


def check_ref(ref: ast.CalendarRef) -> list[Diagnostic]:
    zone = ref.zone
    if zone is None:
        return []
    if isinstance(zone, ast.Path):
        return _check_path(zone, f"{ref.name.text} in")
    if isinstance(zone, ast.Name):
        return [
            _bad(
                f"`{ref.name.text} in {zone.text}`: `in` takes a field path or a zone in quotes",
                zone.span,
                f"write {_ZONE_EXAMPLE}",
            )
        ]
    return check_zone(zone)


def check_zone(zone: ast.Str) -> list[Diagnostic]:
    """A fixed zone: a key of the bundled tzdata, exactly as written."""
    if is_zone(zone.value):
        return []
    value = zone.value
    if not value.strip():
        hint = 'name an IANA zone such as "Europe/Amsterdam" or "UTC"'
    elif value == "localtime" or value.startswith(("/", ".")) or "\\" in value:
        hint = 'name an IANA zone such as "Europe/Amsterdam"; the machine\'s own zone or a file is not a zone'
    else:
        match = closest(value, bundled_zones())
        hint = f'did you mean "{match}"?' if match else 'name an IANA zone such as "Europe/Amsterdam" or "UTC"'
    return [_bad(f'"{value}" is not an IANA time zone', zone.span, hint)]


def _is_status(path: ast.Path) -> bool:
    return path.text == "status"


def _check_path(path: ast.Path, where_used: str) -> list[Diagnostic]:
    if not _is_status(path):
        return []
    return [
        _bad(
            f"`{where_used} status`: this takes a `ticket.` or `customer.` field, not `status`",
            path.span,
            "choose by a field of the ticket or its customer, e.g. `customer.region` or `customer.timezone`",
        )
    ]


def check_plain(choice: ast.CalendarChoice, owner: str) -> list[Diagnostic]:
    """Where only a declared calendar's name may stand (an availability)."""
    if isinstance(choice, ast.CalendarRef) and choice.zone is None:
        return []
    return [
        _bad(
            f"{owner} counts on one calendar: write `calendar NAME`",
            choice.span,
            "there is no ticket to choose a calendar or a zone from; declare a calendar with the zone you mean",
        )
    ]


# --- lowering -----------------------------------------------------------------------------


def lower_choice(choice: ast.CalendarChoice) -> m.CalendarChoice:
    if isinstance(choice, ast.CalendarRef):
        return lower_ref(choice)
    arms = tuple(
        m.CalendarArm(arm.value.value, lower_ref(arm.calendar), arm.span) for arm in choice.arms if arm.value is not None
    )
    otherwise = next(lower_ref(arm.calendar) for arm in choice.arms if arm.value is None)
    return m.CalendarByField(choice.path.parts, arms, otherwise, choice.span)


def lower_ref(ref: ast.CalendarRef) -> m.ZonedCalendar:
    zone = ref.zone
    zone_path = zone.parts if isinstance(zone, ast.Path) else None
    fixed = zone.value if isinstance(zone, ast.Str) else None
    return m.ZonedCalendar(ref.name.text, zone_path, fixed, ref.span)
