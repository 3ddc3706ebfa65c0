"""``credit`` and ``availability`` declarations in the compiler: checked and lowered.

Readings (language.md, "Service credits" and "Availability objectives"): a credit needs
``slas``, ``per``, ``period`` and at least one ``below``; an availability needs ``objective``
and ``period`` and counts on ``always`` unless ``calendar`` names a declared calendar (a
plain name: there is no ticket to choose from). Every item is written at most once but
``below``; every percentage is in (0, 100]; ``period`` is ``week``, ``month``, ``quarter``
or ``year``, in a fixed zone (``UTC`` when not written); ``minimum`` is a whole number of
runs, at least 1. The order of the ``below`` lines and a ``cap`` below the first credit are
not errors here: the check rule ``credit-tiers`` reports them (credits.md).
"""

from __future__ import annotations

import math

from .. import ast
from .. import model as m
from ..diagnostics import Diagnostic, error
from ..source import Span
from ..suggestions import closest
from .calendar_choices import check_plain, check_zone
from .declarations import once

DEFAULT_PERIOD_ZONE = "UTC"


def _bad(message: str, span: Span, help: str) -> Diagnostic:
    return error("bad-value", message, span, help=help)


def check_share(percent: ast.Percent, what: str) -> list[Diagnostic]:
    """A percentage in (0, 100]: a threshold, a credit, a cap or an objective."""
    if math.isfinite(percent.value) and 0 < percent.value <= 100:
        return []
    return [_bad(f"{what} {percent.text}% is not in (0%, 100%]", percent.span, "write a percentage above 0% and at most 100%")]


def _items(decl: ast.CreditDecl | ast.AvailabilityDecl, cls: type, kind: str | None = None) -> list:
    return [i for i in decl.items if isinstance(i, cls) and (kind is None or getattr(i, "kind", None) == kind)]


def _missing(decl: ast.CreditDecl | ast.AvailabilityDecl, owner: str, what: str, example: str) -> Diagnostic:
    return _bad(f"{owner} has no `{what}` line", decl.name.span, f"add `{example}`")


def check_credit(decl: ast.CreditDecl) -> list[Diagnostic]:
    owner = f"credit `{decl.name.text}`"
    slas = _items(decl, ast.NameListItem, "slas")
    metrics = _items(decl, ast.NameListItem, "metrics")
    pers = _items(decl, ast.PerItem)
    periods = _items(decl, ast.PeriodItem)
    belows = _items(decl, ast.BelowItem)
    caps = _items(decl, ast.PercentItem, "cap")
    minimums = _items(decl, ast.MinimumItem)
    diagnostics: list[Diagnostic] = []
    for items, what, example in (
        (slas, "slas", "slas SLA, SLA` with the SLAs whose tickets count"),
        (pers, "per", "per customer.id` with the field whose value is the account"),
        (periods, "period", 'period month in "UTC"` (week, month, quarter or year)'),
        (belows, "below", "below 95% credit 5%` for each credit tier"),
    ):
        if not items:
            diagnostics.append(_missing(decl, owner, what, example))
    for items, what in ((slas, "slas"), (metrics, "metrics"), (pers, "per"), (periods, "period"), (caps, "cap"),
                        (minimums, "minimum")):
        diagnostics += once(items, f"`{what}`", owner, f"keep one `{what}` line")
    for item in slas + metrics:
        diagnostics.extend(_listed_twice(item, owner))
    for item in pers:
        if isinstance(item.path, ast.Name):
            diagnostics.append(
                _bad(
                    f"`per {item.path.text}`: `per` takes a field path",
                    item.path.span,
                    f"write the field the account is read from, e.g. `per customer.{item.path.text}`",
                )
            )
    for item in periods:
        diagnostics.extend(check_period(item))
    diagnostics.extend(_check_tiers(belows))
    for item in caps:
        diagnostics.extend(check_share(item.value, "cap"))
    for item in minimums:
        runs = item.runs.value
        if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
            diagnostics.append(
                _bad(
                    f"`minimum {item.runs.text} runs`: the minimum is a whole number of runs, at least 1",
                    item.runs.span,
                    "write e.g. `minimum 5 runs`, or leave the line out for no minimum",
                )
            )
    return diagnostics


def _listed_twice(item: ast.NameListItem, owner: str) -> list[Diagnostic]:
    seen: set[str] = set()
    found = []
    for name in item.names:
        if name.text in seen:
            found.append(_bad(f"{owner} lists `{name.text}` twice in `{item.kind}`", name.span, "list each name once"))
        seen.add(name.text)
    return found


def check_period(item: ast.PeriodItem) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    if item.unit.text not in m.PERIOD_UNITS:
        match = closest(item.unit.text.removesuffix("ly"), m.PERIOD_UNITS)
        hint = f"did you mean `{match}`?" if match else "periods are week, month, quarter and year"
        diagnostics.append(_bad(f"`period {item.unit.text}`: unknown period", item.unit.span, hint))
    zone = item.zone
    if isinstance(zone, ast.Str):
        diagnostics.extend(check_zone(zone))
    elif zone is not None:
        diagnostics.append(
            _bad(
                f"`period ... in {zone.text}`: period boundaries are read in one fixed zone",
                zone.span,
                'name the zone in quotes, e.g. `period month in "Europe/Amsterdam"`',
            )
        )
    return diagnostics


def _check_tiers(belows: list[ast.BelowItem]) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for item in belows:
        diagnostics.extend(check_share(item.threshold, "threshold"))
        diagnostics.extend(check_share(item.credit, "credit"))
    return diagnostics


def check_availability(decl: ast.AvailabilityDecl) -> list[Diagnostic]:
    owner = f"availability `{decl.name.text}`"
    calendars = _items(decl, ast.ClockCalendarItem)
    objectives = _items(decl, ast.PercentItem, "objective")
    periods = _items(decl, ast.PeriodItem)
    diagnostics: list[Diagnostic] = []
    if not objectives:
        diagnostics.append(_missing(decl, owner, "objective", "objective 99.9%` with the uptime promised"))
    if not periods:
        diagnostics.append(_missing(decl, owner, "period", 'period month in "UTC"` (week, month, quarter or year)'))
    for items, what in ((calendars, "calendar"), (objectives, "objective"), (periods, "period")):
        diagnostics += once(items, f"`{what}`", owner, f"keep one `{what}` line")
    for item in calendars:
        diagnostics.extend(check_plain(item.choice, owner))
    for item in objectives:
        diagnostics.extend(check_share(item.value, "objective"))
    for item in periods:
        diagnostics.extend(check_period(item))
    diagnostics.extend(_check_tiers(_items(decl, ast.BelowItem)))
    return diagnostics


# --- lowering -----------------------------------------------------------------------------


def _period(decl: ast.CreditDecl | ast.AvailabilityDecl) -> m.Period:
    item = _items(decl, ast.PeriodItem)[0]
    zone = item.zone.value if isinstance(item.zone, ast.Str) else DEFAULT_PERIOD_ZONE
    return m.Period(item.unit.text, zone, item.span)


def _tiers(decl: ast.CreditDecl | ast.AvailabilityDecl) -> tuple[m.CreditTier, ...]:
    return tuple(m.CreditTier(i.threshold.value, i.credit.value, i.span) for i in _items(decl, ast.BelowItem))


def lower_credit(decl: ast.CreditDecl) -> m.Credit:
    metrics = _items(decl, ast.NameListItem, "metrics")
    per = _items(decl, ast.PerItem)[0].path
    caps = _items(decl, ast.PercentItem, "cap")
    minimums = _items(decl, ast.MinimumItem)
    return m.Credit(
        name=decl.name.text,
        title=decl.title.value if decl.title is not None else None,
        slas=tuple(dict.fromkeys(n.text for n in _items(decl, ast.NameListItem, "slas")[0].names)),
        metrics=tuple(dict.fromkeys(n.text for n in metrics[0].names)) if metrics else None,
        per=per.parts if isinstance(per, ast.Path) else (),
        period=_period(decl),
        tiers=_tiers(decl),
        cap_pct=caps[0].value.value if caps else None,
        minimum_runs=int(minimums[0].runs.value) if minimums else None,
        span=decl.span,
        cap_span=caps[0].span if caps else decl.span,
    )


def lower_availability(decl: ast.AvailabilityDecl) -> m.Availability:
    calendars = _items(decl, ast.ClockCalendarItem)
    calendar = calendars[0].choice.name.text if calendars else m.ALWAYS
    return m.Availability(
        name=decl.name.text,
        title=decl.title.value if decl.title is not None else None,
        calendar=calendar,
        objective_pct=_items(decl, ast.PercentItem, "objective")[0].value.value,
        period=_period(decl),
        tiers=_tiers(decl),
        span=decl.span,
    )
