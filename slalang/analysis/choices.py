"""The calendars a clock can count on, as the rules analyse them (analysis.md).

A calendar chosen from the ticket is analysed once per calendar it can choose. Each arm of
``calendar by PATH`` is an option with the condition on the ticket that selects it (``PATH ==
value``, the same ``==`` as in conditions; for ``else``, none of the arms' values), so rules
that pair tickets can pair arms by field value. ``NAME in PATH`` is analysed in the
calendar's own zone (analysis.md), with the condition that the field names no other zone,
so that what a finding claims, and its witness, hold exactly; the finding says so. A fixed
choice (``office``, ``office in "Asia/Tokyo"``) is one option with no condition.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..evaluation.condition_trace import render_literal
from ..model import (
    All,
    Any_,
    Calendar,
    CalendarChoice,
    Clock,
    Condition,
    FieldCmp,
    Measure,
    Not,
    PolicySet,
    ZonedCalendar,
)


@dataclass(frozen=True)
class CalendarOption:
    """One calendar a clock can count on, and the tickets that choose it."""

    calendar: Calendar  # its zone applied (a zone named by a field: the calendar's own)
    written: str  # as the policy writes it: ``office``, ``office in customer.timezone``
    condition: Condition | None = None  # the tickets that choose it; None: every ticket
    arm: str | None = None  # the arm's literal as written (``"emea"``), or ``else``
    by: str | None = None  # the field of the ``calendar by``: ``customer.region``
    zone_path: str | None = None  # ``customer.timezone``: read in the calendar's own zone instead

    @property
    def note(self) -> str:
        """What a finding adds about this option: empty for a fixed calendar."""
        parts = [f"arm `{self.arm}` of `calendar by {self.by}`"] if self.arm is not None else []
        return "; ".join(parts + [self.zone_note] if self.zone_note else parts)

    @property
    def zone_note(self) -> str:
        """For ``NAME in PATH``: in which zone it is analysed; else empty."""
        if self.zone_path is None:
            return ""
        return f"analysed in `{self.calendar.name}`'s own zone {self.calendar.timezone}, not the zone `{self.zone_path}` names"

    def on(self) -> str:
        """``on `office``` with the note in parentheses, for a message."""
        note = self.note
        return f"on `{self.written}`" + (f" ({note})" if note else "")


def _option(model: PolicySet, zoned: ZonedCalendar, pick: Condition | None = None, **arm: str) -> CalendarOption:
    if zoned.zone_path is None:
        return CalendarOption(model.calendar_in(zoned.name, zoned.zone), zoned.text, pick, **arm)
    # Analysed in the calendar's own zone: exactly right for the tickets whose field names no
    # other zone (missing, not a string, or the own zone itself), which the condition says.
    calendar = model.calendars[zoned.name]
    own_zone = Not(FieldCmp(zoned.zone_path, "!=", calendar.timezone))
    condition = own_zone if pick is None else All((pick, own_zone))
    return CalendarOption(calendar, zoned.text, condition, zone_path=".".join(zoned.zone_path), **arm)


def calendar_options(model: PolicySet, choice: CalendarChoice) -> tuple[CalendarOption, ...]:
    """Every calendar a choice can pick, in the order written (``else`` last)."""
    if isinstance(choice, ZonedCalendar):
        return (_option(model, choice),)
    by = ".".join(choice.path)
    picks = [FieldCmp(choice.path, "==", arm.value) for arm in choice.arms]
    options = [
        _option(model, arm.calendar, pick, arm=render_literal(arm.value), by=by)
        for arm, pick in zip(choice.arms, picks, strict=True)
    ]
    options.append(_option(model, choice.otherwise, Not(Any_(tuple(picks))), arm="else", by=by))
    return tuple(options)


def clock_label(clock: Clock) -> str:
    """How findings name a clock: ``resolution``, ``measure `agent_work```."""
    return f"measure `{clock.name}`" if isinstance(clock, Measure) else clock.name


def group_by_calendar(options: tuple[CalendarOption, ...]) -> list[tuple[Calendar, tuple[CalendarOption, ...]]]:
    """Options that count on the same calendar together (a rule that looks only at the
    calendar reports each calendar once, naming all its arms), in the order written."""
    groups: dict[Calendar, list[CalendarOption]] = {}
    for option in options:
        groups.setdefault(option.calendar, []).append(option)
    return [(calendar, tuple(found)) for calendar, found in groups.items()]


def group_note(options: tuple[CalendarOption, ...]) -> str:
    """The note of options that count on one calendar, naming every arm: ``arms `"emea"`,
    `else` of `calendar by customer.region```; empty for a fixed calendar."""
    if len(options) == 1:
        return options[0].note
    notes = [f"arms {', '.join(f'`{o.arm}`' for o in options)} of `calendar by {options[0].by}`"]
    notes += [o.zone_note for o in options if o.zone_note][:1]
    return "; ".join(notes)

