"""What the exports share: reading a compiled policy set as a helpdesk sees it.

An export walks the SLAs in policy-set order, splits each ``when`` into a filter and the
priorities it takes (``priority urgent``, ``priority >= high``, an ``or`` of those),
groups consecutive SLAs of one title and filter into one helpdesk policy, and reads the
structured comments an import left (``# zendesk: {...}``) for the ids and fields the
language has no place for. Whatever cannot be represented becomes a ``Problem`` located
in the policy (file, line, column), and nothing is written unless the user accepts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import model
from ..source import Span
from .problems import Problem
from .writer import LOSSY_PREFIX, notes_above

if TYPE_CHECKING:
    from ..api import Policy


@dataclass(frozen=True)
class ExportResult:
    body: dict[str, Any]
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()


def problem_at(span: Span, reason: str, hint: str | None = None) -> Problem:
    return Problem(span.file, "", reason, hint, span.line, span.column)


class Notes:
    """The structured comments and lossy comments above declarations of a policy set."""

    def __init__(self, policy: Policy, vendor: str) -> None:
        self.sources = policy.sources
        self.vendor = vendor

    def of(self, span: Span) -> dict[str, Any]:
        """The vendor's structured comments above ``span``'s line, merged (top first)."""
        text = self.sources.get(span.file)
        merged: dict[str, Any] = {}
        if text is not None:
            for note in notes_above(text, span.line, self.vendor):
                merged.update(note)
        return merged

    def lossy(self, span: Span) -> list[str]:
        """``# slalang: lossy: ...`` reasons above ``span`` and inside its declaration."""
        text = self.sources.get(span.file)
        if text is None:
            return []
        lines = text.splitlines()
        reasons = []
        index = span.line - 2
        while 0 <= index < len(lines) and lines[index].lstrip().startswith("#"):
            if lines[index].lstrip().startswith(LOSSY_PREFIX):
                reasons.append(lines[index].lstrip()[len(LOSSY_PREFIX):])
            index -= 1
        for line in lines[span.line - 1: span.end_line]:
            if line.lstrip().startswith(LOSSY_PREFIX):
                reasons.append(line.lstrip()[len(LOSSY_PREFIX):])
        return reasons


# --- conditions --------------------------------------------------------------------------


def expand_segments(cond: model.Condition, segments: dict[str, model.Segment], depth: int = 0) -> model.Condition:
    """``cond`` with every ``segment NAME`` replaced by the segment's condition."""
    if depth > 64:
        raise ValueError("segments nested too deeply")
    if isinstance(cond, model.SegmentRef):
        return expand_segments(segments[cond.name].when, segments, depth + 1)
    if isinstance(cond, model.All):
        return model.All(tuple(expand_segments(c, segments, depth + 1) for c in cond.items))
    if isinstance(cond, model.Any_):
        return model.Any_(tuple(expand_segments(c, segments, depth + 1) for c in cond.items))
    if isinstance(cond, model.Not):
        return model.Not(expand_segments(cond.item, segments, depth + 1))
    return cond


def conjuncts(cond: model.Condition | None) -> list[model.Condition]:
    if cond is None:
        return []
    if isinstance(cond, model.All):
        out: list[model.Condition] = []
        for item in cond.items:
            out.extend(conjuncts(item))
        return out
    if isinstance(cond, model.Const) and cond.value:
        return []
    return [cond]


def priority_set(cond: model.Condition, order: Sequence[str]) -> frozenset[str] | None:
    """The priorities a condition on priority alone admits, or None if it is not one."""
    if isinstance(cond, model.PriorityCmp):
        rank = {name: i for i, name in enumerate(order)}  # 0 = most important
        if cond.priority not in rank:
            return None
        r = rank[cond.priority]
        test = {
            "==": lambda x: x == r, "!=": lambda x: x != r,
            ">": lambda x: x < r, ">=": lambda x: x <= r, "<": lambda x: x > r, "<=": lambda x: x >= r,
        }[cond.op]
        return frozenset(name for name, i in rank.items() if test(i))
    if isinstance(cond, model.Any_):
        out: set[str] = set()
        for item in cond.items:
            part = priority_set(item, order)
            if part is None:
                return None
            out |= part
        return frozenset(out)
    return None


@dataclass
class SplitWhen:
    filter_parts: list[model.Condition]
    priorities: frozenset[str] | None  # None: the SLA does not say


def split_when(sla: model.Sla, policy: model.PolicySet) -> SplitWhen:
    """An SLA's ``when`` as a filter (segments expanded) and the priorities it takes; a
    condition ``priority != X`` is read as the priorities it admits (a ticket without a
    priority is not admitted by either side)."""
    parts = conjuncts(expand_segments(sla.when, dict(policy.segments)) if sla.when is not None else None)
    filters: list[model.Condition] = []
    priorities: frozenset[str] | None = None
    for part in parts:
        admitted = priority_set(part, policy.priorities)
        if admitted is None:
            filters.append(part)
        else:
            priorities = admitted if priorities is None else priorities & admitted
    return SplitWhen(filters, priorities)


# --- calendars ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """A calendar choice as the helpdesks can hold it: one calendar, or one per value of a
    field with a default; ``zoned`` when a calendar is read in another zone (not holdable)."""

    by: tuple[str, ...] | None
    arms: tuple[tuple[Any, str], ...]
    default: str
    zoned: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        names: list[str] = [self.default, *(name for _, name in self.arms)]
        return tuple(dict.fromkeys(names))


def choice_of(value: Any) -> Choice:
    """A calendar choice of the compiled model (a name, or 13a's choice objects)."""
    if isinstance(value, str):
        return Choice(None, (), value)
    arms = getattr(value, "arms", None)
    if arms is not None:
        zoned = any(_zoned(arm.calendar) for arm in arms) or _zoned(value.otherwise)
        return Choice(tuple(value.path), tuple((arm.value, arm.calendar.name) for arm in arms), value.otherwise.name, zoned)
    return Choice(None, (), value.name, _zoned(value))


def _zoned(calendar: Any) -> bool:
    return getattr(calendar, "zone", None) is not None or getattr(calendar, "zone_path", None) is not None


def clocks(sla: model.Sla) -> list[Any]:
    """The SLA's built-in metrics, then its measures."""
    return [*sla.metrics, *getattr(sla, "measures", ())]


def clock_name(clock: Any) -> str:
    return getattr(clock, "kind", None) or clock.name


def is_measure(clock: Any) -> bool:
    return not hasattr(clock, "kind")


def clock_calendar(sla: model.Sla, clock: Any) -> Choice:
    own = getattr(clock, "calendar", None)
    return choice_of(own if own is not None else sla.calendar)


NEVER = "never"


def clock_pause(sla: model.Sla, clock: Any) -> Any:
    """The pause rule a clock follows: a condition, or NEVER."""
    own = getattr(clock, "pause", None)
    if own is not None:
        return own.condition if own.condition is not None else NEVER
    return sla.pause if sla.pause is not None else NEVER


def pause_statuses(rule: Any) -> tuple[str, ...] | None:
    """A pause rule on status alone as its statuses (``()`` for never); None otherwise."""
    if rule == NEVER:
        return ()
    if isinstance(rule, model.FieldCmp) and rule.path == ("ticket", "status") and rule.op == "==" and isinstance(rule.value, str):
        return (rule.value,)
    if isinstance(rule, model.FieldIn) and rule.path == ("ticket", "status") and not rule.negated and all(isinstance(v, str) for v in rule.values):
        return tuple(dict.fromkeys(str(v) for v in rule.values))
    if isinstance(rule, model.Any_):
        out: list[str] = []
        for item in rule.items:
            part = pause_statuses(item)
            if part is None or not part:
                return None
            out += part
        return tuple(dict.fromkeys(out))
    return None


def weekly_ranges(calendar: model.Calendar) -> list[tuple[int, int, int]]:
    """(weekday, start_min, end_min) of a calendar's hours, ends up to 2880 past midnight."""
    return [(r.weekday, r.start_min, r.end_min) for r in calendar.hours]


def closed_days(calendar: model.Calendar) -> tuple[list[str], list[model.DateHours]]:
    """Whole-day ``closed`` dates (ISO) and the part-day ones."""
    whole = sorted(d.date.isoformat() for d in calendar.closed if not d.ranges)
    partial = [d for d in calendar.closed if d.ranges]
    return whole, partial


def number_positions(policies: list[dict[str, Any]]) -> None:
    """Give every policy a ``position``: the one its import kept while positions still
    increase in policy order, else one more than the policy before."""
    previous = 0
    for body in policies:
        kept = body.get("position")
        if not (isinstance(kept, int) and not isinstance(kept, bool) and kept > previous):
            body["position"] = previous + 1
        previous = body["position"]


def other_id(group_note: dict[str, Any], note: dict[str, Any]) -> bool:
    """An SLA whose comment names another helpdesk id than its group's starts a new policy
    (two policies may share a title and a filter); an SLA without an id continues it."""
    return "id" in note and note.get("id") != group_note.get("id", note.get("id"))


@dataclass
class Group:
    """Consecutive SLAs exported as one helpdesk policy: their title, the filter they share,
    the structured comments above them, and the SLAs with their split ``when``."""

    title: str
    key: Any
    filter: Any
    note: dict[str, Any] = field(default_factory=dict)
    slas: list[tuple[model.Sla, SplitWhen]] = field(default_factory=list)
