"""Questions about the tickets of a policy set, answered exactly, with witness tickets.

``TicketSpace(policy)`` answers satisfiability, containment (A implies B) and overlap
(A and B) of conditions, and which SLA governs, for the whole condition language. A query
is a conjunction of facts (``Holds``, ``Fails``, ``Governs``, ``MoreImportant``); its answer
is ``Found`` (with a witness ticket on demand) or None (no ticket satisfies them all).
Answers are cached per set of facts.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import z3

from ...conditions import holds, lookup
from ...model import Condition, PolicySet
from .boxes import Boxes
from .cubes import Cubes
from .domain import PRIORITY_PATH, ConditionKeys, Domains, atom_path, domains_of, walk_atoms
from .encoding import Encoding
from .governance import TicketBuilder
from .index import BoxIndex
from .witness import Attrs, decode, minimise, ticket


@dataclass(frozen=True)
class Holds:
    """The condition holds on the ticket (None: always)."""

    condition: Condition | None
    copy: int = 0


@dataclass(frozen=True)
class Fails:
    """The condition does not hold on the ticket (None never fails)."""

    condition: Condition | None
    copy: int = 0


@dataclass(frozen=True)
class Governs:
    """SLA number ``sla`` (policy-set order) governs the ticket; None: no SLA does.

    ``copy`` 1 is the ticket with its own priority, 2 with its own status (see ``encoding``).
    """

    sla: int | None
    copy: int = 0


@dataclass(frozen=True)
class MoreImportant:
    """Copy 0's priority is declared and more important than copy 1's (also declared)."""


Fact = Holds | Fails | Governs | MoreImportant
_UNKNOWN = object()


def _facts_key(facts: Sequence[Fact], key: ConditionKeys) -> frozenset:
    keys: set[Hashable] = set()
    for f in facts:
        if isinstance(f, (Holds, Fails)):
            keys.add((type(f).__name__, key(f.condition), f.copy))
        else:
            keys.add(f)
    return frozenset(keys)


@dataclass
class Found:
    """A satisfying assignment; ``witness`` turns it into concrete, trimmed ticket attributes."""

    space: TicketSpace
    facts: tuple[Fact, ...]
    model: z3.ModelRef

    def attrs(self, keep: Sequence[Fact] | None = None) -> tuple[Attrs, ...]:
        """Attributes per copy, trimmed so that ``keep`` (default: the query's facts) still hold.

        Only the fields the facts' own conditions test are read first; if leaving every
        other field out breaks the claim (an earlier SLA then matches, say), all are read.
        """
        facts = tuple(self.facts if keep is None else keep)
        claim = FactsClaim(self.space, facts)
        encoding = self.space.encoding
        raw = decode(encoding, self.model, self.space.paths_of(facts))
        if not claim.holds(raw):
            raw = decode(encoding, self.model)
        # Trimming against the cheap facts first and checking the SLA order once at the end
        # is enough almost always; when it is not, trim against everything.
        cheap = [f for f in facts if not isinstance(f, Governs)]
        governed = [f for f in facts if isinstance(f, Governs)]
        if governed:
            trimmed = minimise(raw, FactsClaim(self.space, cheap + [_Reaches(f) for f in governed]))
            if claim.holds(trimmed):
                return trimmed
        return minimise(raw, claim)

    def ticket(self, created_at_s: int, keep: Sequence[Fact] | None = None, copy: int = 0) -> dict[str, Any]:
        return ticket(self.attrs(keep)[copy], created_at_s)


@dataclass(frozen=True)
class _Reaches:
    """While trimming: the SLA of a ``Governs`` fact still matches (earlier ones unchecked)."""

    governs: Governs


class FactsClaim:
    """The facts of a query, checked on concrete attributes, incrementally while trimming.

    ``Governs`` needs every earlier SLA's ``when``; after one field changes only the SLAs
    whose conditions test that field (or a field below it) are evaluated again.
    """

    def __init__(self, space: TicketSpace, facts: Sequence[Fact | _Reaches]) -> None:
        self.space = space
        self.facts = tuple(facts)
        # Per copy: how many SLAs (in order) decide the Governs facts about it.
        count = len(space.policy.slas)
        self.prefix: dict[int, int] = {}
        for f in facts:
            if isinstance(f, Governs):
                needed = count if f.sla is None else f.sla + 1
                self.prefix[f.copy] = max(self.prefix.get(f.copy, 0), needed)
        self._matches: dict[int, list[bool]] = {}

    def holds(self, attrs: tuple[Attrs, ...]) -> bool:
        slas = self.space.policy.slas
        policy = self.space.policy
        matches = {c: [holds(s.when, attrs[c], policy) for s in slas[:n]] for c, n in self.prefix.items()}
        return self._judge(attrs, matches)

    def holds_after(self, attrs: tuple[Attrs, ...], copies: list[int], path: tuple[str, ...]) -> bool:
        policy = self.space.policy
        affected = self.space.slas_testing(path)
        matches = {}
        for c, n in self.prefix.items():
            vector = list(self._matches[c])
            if c in copies:
                for index in affected:
                    if index >= n:
                        break
                    vector[index] = holds(policy.slas[index].when, attrs[c], policy)
            matches[c] = vector
        return self._judge(attrs, matches)

    def _judge(self, attrs: tuple[Attrs, ...], matches: dict[int, list[bool]]) -> bool:
        for fact in self.facts:
            if isinstance(fact, Governs):
                vector = matches[fact.copy]
                first = next((i for i, hit in enumerate(vector) if hit), None)
                if first != fact.sla:
                    return False
            elif isinstance(fact, _Reaches):
                sla = fact.governs.sla
                if sla is not None and not holds(self.space.policy.slas[sla].when, attrs[fact.governs.copy], self.space.policy):
                    return False
            elif not self.space.fact_holds(fact, attrs):
                return False
        self._matches = matches
        return True


class TicketSpace:
    def __init__(self, policy: PolicySet, extra_conditions: Iterable[Condition] = ()) -> None:
        self.policy = policy
        self.domains: Domains = domains_of(policy, extra_conditions)
        self.keys = ConditionKeys()
        self.encoding = Encoding(policy, self.domains, self.keys)
        self.boxes = Boxes(policy, self.domains, self.keys)
        self._cache: dict[frozenset, Found | bool | None] = {}
        self._more_important: z3.BoolRef | None = None
        self.solver_calls = 0
        self._sla_paths: list[set[tuple[str, ...]]] | None = None
        self._slas_testing: dict[tuple[str, ...], list[int]] = {}

    @cached_property
    def sla_index(self) -> BoxIndex:
        """The SLAs' boxes, indexed: which SLAs can match the same tickets (see ``index``)."""
        return BoxIndex([self.boxes.of(sla.when) for sla in self.policy.slas])

    @cached_property
    def tickets(self) -> TicketBuilder:
        return TicketBuilder(self.policy, self.domains, Cubes(self.policy, self.domains, self.keys), self.sla_index)

    # --- facts as solver literals -----------------------------------------------------

    def literal(self, fact: Fact) -> z3.BoolRef:
        enc = self.encoding
        if isinstance(fact, Holds):
            return enc.guard(fact.condition, fact.copy)
        if isinstance(fact, Fails):
            return z3.Not(enc.guard(fact.condition, fact.copy))
        if isinstance(fact, Governs):
            _, before, governs = enc.chain(fact.copy)
            return before[-1] if fact.sla is None else governs[fact.sla]
        if isinstance(fact, MoreImportant):
            return self._more_important_literal()
        raise TypeError(f"not a fact: {fact!r}")

    def _more_important_literal(self) -> z3.BoolRef:
        if self._more_important is None:
            enc = self.encoding
            domain = self.domains.domains.get(PRIORITY_PATH)
            pairs = []
            if domain is not None and self.domains.priorities_restricted:
                first, second = enc.code_var(PRIORITY_PATH, 0), enc.code_var(PRIORITY_PATH, 1)
                # codes 1..n are the declared priorities, most important first
                for a in range(1, domain.size):
                    for b in range(a + 1, domain.size):
                        pairs.append(z3.And(first == a, second == b))
            self._more_important = enc.fresh_literal(z3.Or(pairs) if pairs else z3.BoolVal(False, enc.ctx), "rank")
        return self._more_important

    # --- queries ----------------------------------------------------------------------

    def prepare(self, facts: Iterable[Fact]) -> None:
        """Build the solver literals of many facts before asking about them.

        Adding definitions between checks makes the incremental solver start over, so rules
        that ask many questions build everything first.
        """
        for fact in facts:
            self.literal(fact)

    def find(self, *facts: Fact, extra: Sequence[z3.BoolRef] = (), extra_key: Any = None) -> Found | None:
        """A ticket (or tickets, with facts on copies) satisfying every fact, or None if there is none.

        ``extra`` literals (built on ``encoding``) join the query; give ``extra_key`` to cache it.
        """
        key = _facts_key(facts, self.keys) | ({("extra", extra_key)} if extra else frozenset())
        cacheable = not extra or extra_key is not None
        cached = self._cache.get(key, _UNKNOWN) if cacheable else _UNKNOWN
        if isinstance(cached, Found) or cached is None:
            return cached
        ok, model, _ = self._check(facts, extra, want_model=True)
        found = Found(self, tuple(facts), model) if ok else None
        if cacheable:
            self._cache[key] = found
        return found

    def exists(self, *facts: Fact) -> bool:
        """Whether some ticket satisfies every fact (no witness is built: cheaper than ``find``)."""
        key = _facts_key(facts, self.keys)
        cached = self._cache.get(key, _UNKNOWN)
        if cached is not _UNKNOWN:
            return cached is not None and cached is not False
        ok, _, _ = self._check(facts, (), want_model=False)
        self._cache[key] = True if ok else None
        return ok

    def governs_some(self, sla: int) -> bool:
        """Whether SLA number ``sla`` governs some ticket: ``exists(Governs(sla))``, with most
        answers given by a ticket built for it (see ``governance``) instead of the solver."""
        key = _facts_key((Governs(sla),), self.keys)
        if key not in self._cache and self.tickets.governed_by(sla) is not None:
            self._cache[key] = True
        return self.exists(Governs(sla))

    def holds_somewhere(self, condition: Condition | None) -> bool:
        """Whether some ticket satisfies the condition: ``exists(Holds(condition))``, built
        directly where it can be (see ``governance``)."""
        return self.holds_somewhere_each([condition])[0]

    def holds_somewhere_each(self, conditions: Sequence[Condition | None]) -> list[bool]:
        """``holds_somewhere`` of each condition; the solver literals of those that need the
        solver are all built before the first check (see ``prepare``)."""
        undecided = []
        for condition in conditions:
            key = _facts_key((Holds(condition),), self.keys)
            if key not in self._cache and self.tickets.holding(condition) is None:
                undecided.append(Holds(condition))
            elif key not in self._cache:
                self._cache[key] = True
        self.prepare(undecided)
        return [self.exists(Holds(condition)) for condition in conditions]

    def core(self, *facts: Fact) -> list[int]:
        """Positions of facts of an unsatisfiable query that together already admit no ticket."""
        ok, _, core = self._check(facts, (), want_model=False)
        if ok:
            return []
        in_core = {c.get_id() for c in core}
        return [i for i, f in enumerate(facts) if self.literal(f).get_id() in in_core]

    def _check(
        self, facts: Sequence[Fact], extra: Sequence[z3.BoolRef], want_model: bool
    ) -> tuple[bool, z3.ModelRef | None, list[z3.BoolRef]]:
        self.solver_calls += 1
        assumptions = [self.literal(f) for f in facts] + list(extra)
        return self.encoding.check(assumptions, want_model)

    def satisfiable(self, condition: Condition | None) -> Found | None:
        return self.find(Holds(condition))

    def implies(self, a: Condition | None, b: Condition | None) -> Found | None:
        """None when every ticket satisfying ``a`` satisfies ``b``; else a counterexample."""
        return self.find(Holds(a), Fails(b))

    def contains(self, a: Condition | None, b: Condition | None) -> bool:
        """Whether every ticket satisfying ``b`` satisfies ``a`` (``b`` implies ``a``)."""
        return not self.exists(Holds(b), Fails(a))

    def overlap(self, a: Condition | None, b: Condition | None) -> Found | None:
        return self.find(Holds(a), Holds(b))

    def slas_testing(self, path: tuple[str, ...]) -> list[int]:
        """Indices (ascending) of the SLAs whose ``when`` tests ``path`` or a field below it."""
        found = self._slas_testing.get(path)
        if found is None:
            if self._sla_paths is None:
                self._sla_paths = [
                    {atom_path(a) for a in walk_atoms(sla.when, self.policy)} for sla in self.policy.slas
                ]
            found = [i for i, paths in enumerate(self._sla_paths) if any(p[: len(path)] == path for p in paths)]
            self._slas_testing[path] = found
        return found

    def paths_of(self, facts: Sequence[Fact]) -> set[tuple[str, ...]]:
        """The field paths the facts' own conditions test."""
        found: set[tuple[str, ...]] = set()
        for fact in facts:
            if isinstance(fact, (Holds, Fails)):
                conditions = [fact.condition]
            elif isinstance(fact, Governs):
                conditions = [self.policy.slas[fact.sla].when] if fact.sla is not None else []
            else:
                conditions = []
                found.add(PRIORITY_PATH)
            for condition in conditions:
                found.update(atom_path(a) for a in walk_atoms(condition, self.policy))
        return found

    # --- concrete checks --------------------------------------------------------------

    def governing_index(self, attrs: Mapping[str, Any]) -> int | None:
        for index, sla in enumerate(self.policy.slas):
            if holds(sla.when, attrs, self.policy):
                return index
        return None

    def fact_holds(self, fact: Fact, attrs: tuple[Attrs, ...]) -> bool:
        """Whether a fact is true of concrete attributes (per copy), by the evaluator's rules."""
        if isinstance(fact, Holds):
            return holds(fact.condition, attrs[fact.copy], self.policy)
        if isinstance(fact, Fails):
            return not holds(fact.condition, attrs[fact.copy], self.policy)
        if isinstance(fact, Governs):
            return self.governing_index(attrs[fact.copy]) == fact.sla
        if isinstance(fact, MoreImportant):
            ranks = []
            for copy in (0, 1):
                value = lookup(attrs[copy], PRIORITY_PATH)
                if not isinstance(value, str) or value not in self.policy.priorities:
                    return False
                ranks.append(self.policy.priority_rank(value))
            return ranks[0] < ranks[1]
        raise TypeError(f"not a fact: {fact!r}")
