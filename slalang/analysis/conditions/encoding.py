"""Conditions as z3 formulas over the finite ticket domain.

Each field path is one integer variable holding its value-class code (see ``domain``),
plus one boolean per literal tested by ``contains`` (does the list hold it). A deeper path
can only be present when its parent holds a mapping. Conditions become formulas whose
atoms are sets of codes; segments, SLA ``when``s and pauses are named by guard literals
asserted once, so every query is a ``check`` under assumptions on one incremental solver.

The SLA order is encoded linearly: ``before[i]`` (no SLA before i matches) and
``governs[i] = before[i] and match[i]``, so "SLA i governs" is one literal.

Copies: some rules compare two tickets alike but for one field. Copy 1 has its own
``ticket.priority`` (priority inversion), copy 2 its own ``ticket.status`` (a status set
after the SLA was chosen); every other field is shared with copy 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import z3
from z3 import z3core

from ...model import All, Any_, Condition, Const, FieldContains, Not, PolicySet, SegmentRef
from .domain import (
    PRIORITY_PATH,
    STATUS_PATH,
    Atom,
    ConditionKeys,
    Domains,
    Path,
    PathDomain,
    atom_path,
    literal_key,
    walk_atoms,
)
from .terms import (
    and_,
    assert_iff,
    assert_iff_and,
    assert_iff_and_not,
    assert_term,
    bool_const,
    bv_eq,
    bv_uge,
    bv_ule,
    iff,
    not_,
    or_,
)

TRUE_CONDITION = Const(True)
COPIED_PATHS: dict[int, Path] = {1: PRIORITY_PATH, 2: STATUS_PATH}


class Encoding:
    def __init__(self, policy: PolicySet, domains: Domains, keys: ConditionKeys | None = None) -> None:
        self.policy = policy
        self.domains = domains
        self.key = keys or ConditionKeys()
        self.ctx = z3.Context()
        # The finite-domain (SAT) solver: every variable here is a boolean or a small bit-vector.
        # (z3.SolverFor makes the logic's name in z3's global context, creating that one too: 10 ms)
        logic = z3core.Z3_mk_string_symbol(self.ctx.ref(), "QF_FD")
        self.solver = z3.Solver(z3core.Z3_mk_solver_for_logic(self.ctx.ref(), logic), self.ctx)
        self._codes: dict[tuple[Path, int], z3.BitVecRef] = {}
        self._members: dict[tuple[Path, tuple[str, Any]], z3.BoolRef] = {}
        self._guards: dict[tuple[int, int], z3.BoolRef] = {}
        self._segment_guards: dict[tuple[str, int], z3.BoolRef] = {}
        self._mentions: dict[tuple[int, int], bool] = {}
        self._chains: dict[int, tuple[list[z3.BoolRef], list[z3.BoolRef], list[z3.BoolRef]]] = {}
        self._fresh = 0

    # --- variables --------------------------------------------------------------------

    def code_var(self, path: Path, copy: int = 0) -> z3.BitVecRef:
        copy = copy if COPIED_PATHS.get(copy) == path else 0
        key = (path, copy)
        var = self._codes.get(key)
        if var is not None:
            return var
        domain = self.domains.domains[path]
        name = ".".join(path) + (f"#{copy}" if copy else "")
        var = z3.BitVec(name, max(1, (domain.size - 1).bit_length()), self.ctx)
        self._codes[key] = var
        if domain.size == 1:
            self.solver.add(var == 0)
        elif domain.size < 2 ** var.size():
            self.solver.add(z3.ULT(var, domain.size))
        if len(path) > 2:
            parent = path[:-1]
            parent_var = self.code_var(parent, copy)
            mapping = self.domains.domains[parent].code_of_kind("mapping")
            if mapping is None:
                self.solver.add(var == 0)
            else:
                self.solver.add(z3.Implies(var != 0, parent_var == mapping))
        return var

    def member_var(self, path: Path, literal: Any) -> z3.BoolRef:
        key = (path, literal_key(literal))
        var = self._members.get(key)
        if var is None:
            var = z3.Bool(f"{'.'.join(path)} contains {literal!r}", self.ctx)
            self._members[key] = var
        return var

    def declared_codes(self) -> dict[tuple[Path, int], z3.BitVecRef]:
        return dict(self._codes)

    def declared_members(self) -> dict[tuple[Path, tuple[str, Any]], z3.BoolRef]:
        return dict(self._members)

    def domain(self, path: Path) -> PathDomain:
        return self.domains.domains[path]

    # --- translation ------------------------------------------------------------------

    def formula(self, condition: Condition | None, copy: int = 0) -> z3.BoolRef:
        """The condition as a formula (None: always true)."""
        if condition is None:
            return z3.BoolVal(True, self.ctx)
        if copy and not self.mentions(condition, copy):
            copy = 0
        c = condition
        if isinstance(c, All):
            return and_([self.formula(i, copy) for i in c.items] or [z3.BoolVal(True, self.ctx)], self.ctx)
        if isinstance(c, Any_):
            return or_([self.formula(i, copy) for i in c.items] or [z3.BoolVal(False, self.ctx)], self.ctx)
        if isinstance(c, Not):
            return not_(self.formula(c.item, copy), self.ctx)
        if isinstance(c, Const):
            return z3.BoolVal(c.value, self.ctx)
        if isinstance(c, SegmentRef):
            return self.segment_guard(c.name, copy)
        return self._atom(c, copy)

    def _atom(self, atom: Atom, copy: int) -> z3.BoolRef:
        path = atom_path(atom)
        var = self.code_var(path, copy)
        domain = self.domain(path)
        if isinstance(atom, FieldContains):
            list_code = domain.code_of_kind("list")
            return z3.And(var == list_code, self.member_var(path, atom.value))
        return _codes_formula(var, self.domains.truth_codes(atom), domain.size, self.ctx)

    def mentions(self, condition: Condition, copy: int) -> bool:
        """Whether the condition tests the field that the copy has of its own."""
        key = (self.key(condition), copy)
        cached = self._mentions.get(key)
        if cached is None:
            path = COPIED_PATHS[copy]
            cached = any(atom_path(a)[: len(path)] == path for a in walk_atoms(condition, self.policy))
            self._mentions[key] = cached
        return cached

    # --- guards -----------------------------------------------------------------------

    def segment_guard(self, name: str, copy: int = 0) -> z3.BoolRef:
        segment = self.policy.segments[name]
        if copy and not self.mentions(segment.when, copy):
            copy = 0
        key = (name, copy)
        guard = self._segment_guards.get(key)
        if guard is None:
            guard = z3.Bool(f"segment {name}" + (f"#{copy}" if copy else ""), self.ctx)
            self._segment_guards[key] = guard
            assert_term(self.solver, iff(guard, self.formula(segment.when, copy), self.ctx))
        return guard

    def guard(self, condition: Condition | None, copy: int = 0) -> z3.BoolRef:
        """A literal equivalent to the condition (for use as an assumption)."""
        condition = TRUE_CONDITION if condition is None else condition
        if copy and not self.mentions(condition, copy):
            copy = 0
        key = (self.key(condition), copy)
        guard = self._guards.get(key)
        if guard is None:
            guard = self.fresh_literal(self.formula(condition, copy), "cond")
            self._guards[key] = guard
        return guard

    def fresh_literal(self, definition: z3.BoolRef, label: str) -> z3.BoolRef:
        """A new literal asserted equivalent to ``definition``."""
        self._fresh += 1
        literal = bool_const(f"{label}!{self._fresh}", self.ctx)
        assert_iff(self.solver, literal, definition)
        return literal

    # --- the SLA order ----------------------------------------------------------------

    def chain(self, copy: int = 0) -> tuple[list[z3.BoolRef], list[z3.BoolRef], list[z3.BoolRef]]:
        """(match, before, governs) literals of every SLA; ``before`` has one extra: no SLA."""
        built = self._chains.get(copy)
        if built is not None:
            return built
        match: list[z3.BoolRef] = []
        before: list[z3.BoolRef] = [bool_const(f"before 0#{copy}", self.ctx)]
        governs: list[z3.BoolRef] = []
        ctx, solver = self.ctx, self.solver
        assert_term(solver, before[0])
        for index, sla in enumerate(self.policy.slas):
            m = self.guard(sla.when, copy)
            match.append(m)
            g = bool_const(f"governs {sla.name}#{copy}", ctx)
            assert_iff_and(solver, g, before[index], m)
            governs.append(g)
            b = bool_const(f"before {index + 1}#{copy}", ctx)
            assert_iff_and_not(solver, b, before[index], m)
            before.append(b)
        built = (match, before, governs)
        self._chains[copy] = built
        return built

    def governed_by_one_of(self, indices: Sequence[int], copy: int = 0) -> z3.BoolRef:
        """Some SLA among the sorted ``indices`` governs the copy's ticket (pure boolean).

        SLA a..b governs exactly when no SLA before a matches and one of a..b does:
        ``before[a] and not before[b + 1]``, so each run of consecutive indices costs one term.
        """
        _, before, _ = self.chain(copy)
        ctx = self.ctx
        parts = [and_((before[a], not_(before[b + 1], ctx)), ctx) for a, b in _runs(indices)]
        return parts[0] if len(parts) == 1 else or_(parts, ctx)

    def governing_index(self, model: z3.ModelRef, copy: int = 0) -> int | None:
        """Which SLA governs the copy's ticket in a model (None: none), by binary search on ``before``."""
        _, before, _ = self.chain(copy)
        low, high = 0, len(before) - 1  # before[low] is true; find the last true
        if z3.is_true(model.eval(before[high], model_completion=True)):
            return None
        while high - low > 1:
            middle = (low + high) // 2
            if z3.is_true(model.eval(before[middle], model_completion=True)):
                low = middle
            else:
                high = middle
        return low

    def check(
        self, assumptions: list[z3.BoolRef], want_model: bool = True
    ) -> tuple[bool, z3.ModelRef | None, list[z3.BoolRef]]:
        """Satisfiable under the assumptions? With a model (if wanted), or else the unsat core."""
        result = self.solver.check(*assumptions)
        if result == z3.sat:
            return True, self.solver.model() if want_model else None, []
        if result == z3.unsat:
            return False, None, list(self.solver.unsat_core())
        raise RuntimeError(f"the solver gave up: {self.solver.reason_unknown()}")


def _runs(values: Iterable[Any]) -> list[tuple[int, int]]:
    """Sorted integers as runs of consecutive values: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    ordered = [int(v) for v in values]
    runs: list[tuple[int, int]] = []
    for value in ordered:
        if runs and value == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


def _codes_formula(var: z3.BitVecRef, codes: frozenset[int], size: int, ctx: z3.Context) -> z3.BoolRef:
    """``var`` in ``codes`` as a disjunction of ranges."""
    if not codes:
        return z3.BoolVal(False, ctx)
    if len(codes) == size:
        return z3.BoolVal(True, ctx)
    ordered = sorted(codes)
    ranges: list[tuple[int, int]] = []
    start = previous = ordered[0]
    for code in ordered[1:]:
        if code != previous + 1:
            ranges.append((start, previous))
            start = code
        previous = code
    ranges.append((start, previous))
    parts = []
    for low, high in ranges:
        if low == high:
            parts.append(bv_eq(var, low, ctx))
        elif low == 0:
            parts.append(bv_ule(var, high, ctx))
        elif high == size - 1:
            parts.append(bv_uge(var, low, ctx))
        else:
            parts.append(and_((bv_uge(var, low, ctx), bv_ule(var, high, ctx)), ctx))
    return parts[0] if len(parts) == 1 else or_(parts, ctx)
