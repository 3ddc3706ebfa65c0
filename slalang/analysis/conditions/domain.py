"""The finite ticket domain the solver reasons over.

Conditions only compare a field with literals, so the values a field can hold fall into
finitely many classes that no condition of the policy set can tell apart: "missing", each
literal itself, each open gap between two sorted literals of a kind, a list (with, for
every literal tested by ``contains``, whether it holds it), a mapping (when deeper paths
are tested). Each class gets a small integer code and a concrete sample value; the truth
of every atom on every code is computed by running the evaluator's own ``holds`` on the
sample, so the analysis cannot drift from evaluation's semantics.

Priorities are the declared finite set: ``ticket.priority`` is missing or one of the
declared names (evaluation rejects any other value as bad input).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...conditions import holds, kind_of
from ...model import (
    All,
    Any_,
    Condition,
    Const,
    FieldCmp,
    FieldContains,
    FieldIn,
    Not,
    PolicySet,
    PriorityCmp,
    SegmentRef,
)

Path = tuple[str, ...]
Atom = FieldCmp | FieldIn | FieldContains | PriorityCmp

PRIORITY_PATH: Path = ("ticket", "priority")
STATUS_PATH: Path = ("ticket", "status")
ROOTS: tuple[str, ...] = ("ticket", "customer")

_READABLE_STRINGS = ("other", "x", "unknown", "a", "z", "none")


@dataclass(frozen=True)
class ValueClass:
    """One class of values a field can hold: its kind and a sample every atom agrees on."""

    kind: str  # "missing" | "mapping" | "list" | "bool" | "number" | "string"
    sample: Any


MISSING_CLASS = ValueClass("missing", None)


def literal_key(value: Any) -> tuple[str, Any]:
    """Literals that compare equal under the language's typing get the same key."""
    kind = kind_of(value)
    if kind == "number":
        return ("number", Fraction(value))
    return (kind or "other", value)


@dataclass(frozen=True)
class PathDomain:
    """The value classes of one field path, in code order (code 0 is always missing)."""

    path: Path
    classes: tuple[ValueClass, ...]
    members: tuple[Any, ...]  # literals tested by ``contains`` (list membership flags)

    @property
    def size(self) -> int:
        return len(self.classes)

    def code_of_kind(self, kind: str) -> int | None:
        for code, value in enumerate(self.classes):
            if value.kind == kind:
                return code
        return None


def walk_atoms(condition: Condition | None, policy: PolicySet, seen: set[str] | None = None) -> Iterator[Atom]:
    """Every comparison in a condition, segments expanded (each segment once)."""
    if condition is None:
        return
    seen = set() if seen is None else seen
    stack: list[Condition] = [condition]
    while stack:
        c = stack.pop()
        if isinstance(c, (All, Any_)):
            stack.extend(c.items)
        elif isinstance(c, Not):
            stack.append(c.item)
        elif isinstance(c, SegmentRef):
            if c.name not in seen and c.name in policy.segments:
                seen.add(c.name)
                stack.append(policy.segments[c.name].when)
        elif isinstance(c, Const):
            continue
        else:
            yield c


def typed_key(condition: Condition | None) -> Any:
    """A hashable identity for a condition that, unlike ``==`` on the model, tells literals of
    different kinds apart: ``x == true`` and ``x == 1`` (``True == 1`` in Python) differ."""
    if condition is None:
        return None
    c = condition
    if isinstance(c, (All, Any_)):
        return (type(c).__name__, tuple(typed_key(i) for i in c.items))
    if isinstance(c, Not):
        return ("Not", typed_key(c.item))
    if isinstance(c, Const):
        return ("Const", c.value)
    if isinstance(c, SegmentRef):
        return ("Segment", c.name)
    if isinstance(c, PriorityCmp):
        return ("Priority", c.op, c.priority)
    if isinstance(c, FieldCmp):
        return ("Cmp", c.path, c.op, _typed(c.value))
    if isinstance(c, FieldIn):
        return ("In", c.path, c.negated, tuple(_typed(v) for v in c.values))
    if isinstance(c, FieldContains):
        return ("Contains", c.path, _typed(c.value))
    raise TypeError(f"not a condition: {c!r}")


class ConditionKeys:
    """A number per ``typed_key`` (equal numbers: equal keys), computed once per condition object.

    The keys are nested tuples, and hashing one walks all of it every time; the caches of the
    encoding, the boxes and the cubes look conditions up by these numbers instead.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[Condition | None, int]] = {}
        self._numbers: dict[Any, int] = {}

    def __call__(self, condition: Condition | None) -> int:
        known = self._known.get(id(condition))
        if known is None:
            number = self._numbers.setdefault(typed_key(condition), len(self._numbers))
            known = (condition, number)  # holding the condition keeps its id from being reused
            self._known[id(condition)] = known
        return known[1]


def _typed(value: Any) -> tuple[str, Any]:
    return (type(value).__name__, value)


def atom_path(atom: Atom) -> Path:
    return PRIORITY_PATH if isinstance(atom, PriorityCmp) else tuple(atom.path)


def policy_conditions(policy: PolicySet) -> Iterator[Condition]:
    """Every condition written in the policy set: SLA ``when``s and pauses, segments."""
    for sla in policy.slas:
        if sla.when is not None:
            yield sla.when
        if sla.pause is not None:
            yield sla.pause
    for segment in policy.segments.values():
        yield segment.when


class Domains:
    """The value classes of every path the given conditions test, and atom truth tables."""

    def __init__(self, policy: PolicySet, conditions: Iterable[Condition]) -> None:
        self.policy = policy
        compared: dict[Path, list[Any]] = {}
        contained: dict[Path, dict[tuple[str, Any], Any]] = {}
        seen_segments: set[str] = set()
        for condition in conditions:
            for atom in walk_atoms(condition, policy, seen_segments):
                path = atom_path(atom)
                compared.setdefault(path, [])
                if isinstance(atom, FieldCmp):
                    compared[path].append(atom.value)
                elif isinstance(atom, FieldIn):
                    compared[path].extend(atom.values)
                elif isinstance(atom, FieldContains):
                    contained.setdefault(path, {}).setdefault(literal_key(atom.value), atom.value)
        paths: set[Path] = set()
        for path in compared:
            for length in range(2, len(path) + 1):
                paths.add(path[:length])
        self.priorities_restricted = bool(policy.priorities)
        self.domains: dict[Path, PathDomain] = {}
        for path in sorted(paths, key=lambda p: (len(p), p)):
            has_children = any(len(other) > len(path) and other[: len(path)] == path for other in paths)
            self.domains[path] = self._build(path, compared.get(path, []), contained.get(path, {}), has_children)
        self._truth: dict[Any, frozenset[int]] = {}

    def _build(
        self, path: Path, literals: list[Any], contained: dict[tuple[str, Any], Any], has_children: bool
    ) -> PathDomain:
        classes: list[ValueClass] = [MISSING_CLASS]
        if path == PRIORITY_PATH and self.priorities_restricted:
            classes.extend(ValueClass("string", name) for name in self.policy.priorities)
            return PathDomain(path, tuple(classes), ())
        if has_children:
            classes.append(ValueClass("mapping", {}))
        if contained:
            classes.append(ValueClass("list", []))
        classes.append(ValueClass("bool", False))
        classes.append(ValueClass("bool", True))
        numbers = sorted({Fraction(v) for v in literals if kind_of(v) == "number"})
        classes.extend(ValueClass("number", v) for v in _number_samples(numbers))
        strings = sorted({v for v in literals if kind_of(v) == "string"})
        classes.extend(ValueClass("string", v) for v in _string_samples(strings))
        return PathDomain(path, tuple(classes), tuple(contained.values()))

    # --- truth of atoms ---------------------------------------------------------------

    def truth_codes(self, atom: Atom) -> frozenset[int]:
        """The codes of the atom's path on which the atom holds (list codes: see ``contains``)."""
        key = typed_key(atom)
        cached = self._truth.get(key)
        if cached is not None:
            return cached
        domain = self.domains[atom_path(atom)]
        codes = set()
        for code, value in enumerate(domain.classes):
            if value.kind == "list":
                continue  # a list holds or not by its membership flags, never by comparison
            if holds(atom, attrs_with(domain.path, value), self.policy):
                codes.add(code)
        result = frozenset(codes)
        self._truth[key] = result
        return result


def attrs_with(path: Path, value: ValueClass) -> dict[str, Any]:
    """Ticket attributes where only ``path`` holds the value's sample."""
    attrs: dict[str, Any] = {root: {} for root in ROOTS}
    if value.kind == "missing":
        return attrs
    target: Any = attrs.setdefault(path[0], {})
    for part in path[1:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value.sample
    return attrs


# --- samples --------------------------------------------------------------------------


def _number_samples(literals: list[Fraction]) -> list[int | float]:
    """One number per class: below the first literal, each literal, each gap, above the last."""
    if not literals:
        return [0]
    samples: list[int | float] = []
    first = literals[0]
    samples.append(0 if first > 0 else math.floor(first) - 1)
    for index, literal in enumerate(literals):
        samples.append(_plain_number(literal))
        if index + 1 < len(literals):
            between = _number_between(literal, literals[index + 1])
            if between is not None:
                samples.append(between)
    last = literals[-1]
    samples.append(0 if last < 0 else math.floor(last) + 1)
    return samples


def _plain_number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def _number_between(low: Fraction, high: Fraction) -> int | float | None:
    """A JSON number strictly between two literals, preferring integers; None if none exists."""
    candidate = math.floor(low) + 1
    if candidate < high:
        return candidate
    middle = float((low + high) / 2)
    if low < Fraction(middle) < high:
        return middle
    step = math.nextafter(float(low), math.inf)
    if low < Fraction(step) < high:
        return step
    return None


def _string_samples(literals: list[str]) -> list[str]:
    """One string per class: below the first literal (if any string is), each literal, gaps, above."""
    if not literals:
        return ["other"]
    samples: list[str] = []
    below = _string_in(None, literals[0])
    if below is not None:
        samples.append(below)
    for index, literal in enumerate(literals):
        samples.append(literal)
        high = literals[index + 1] if index + 1 < len(literals) else None
        between = _string_in(literal, high)
        if between is not None:
            samples.append(between)
    return samples


def _string_in(low: str | None, high: str | None) -> str | None:
    """A readable string strictly between ``low`` and ``high`` (None = unbounded), if one exists."""

    def inside(text: str) -> bool:
        return (low is None or low < text) and (high is None or text < high)

    candidates = list(_READABLE_STRINGS)
    if low is not None:
        candidates += [low + "_other", low + "-x", low + "0", low + "\x00"]
    else:
        candidates.append("")
    for text in candidates:
        if inside(text):
            return text
    return None  # "" has nothing below it; nothing lies between s and s + "\x00"


def domains_of(policy: PolicySet, extra: Iterable[Condition] = ()) -> Domains:
    return Domains(policy, list(policy_conditions(policy)) + list(extra))
