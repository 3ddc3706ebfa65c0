"""Boolean terms over the encoding's own literals, built straight through z3's C API.

``z3.And``, ``z3.Or``, ``z3.Not``, ``==`` and ``Solver.add`` check and coerce every argument in
Python (its sort, its context, whether it is a probe) before the one C call that makes the
term; on a policy of thousands of SLAs the encoding makes hundreds of thousands of terms, and
those checks were most of the time it took. Every argument here is a Boolean term of the
encoding's own context, so the checks cannot fail and are skipped. The terms are the very
ASTs z3's functions make (the same operator over the same arguments, in the same order), so
the solver is given the same problem and gives the same answers.

The calls go to the library itself, not through ``z3core``'s wrappers, which ask the context
for its error code after every call (these calls cannot fail: every argument is a term of the
right sort, made here), and the terms are ``Term``s, which take and release their reference on
the AST exactly when and as z3's own ``BoolRef`` does, without its Python-level checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import z3
from z3 import z3core
from z3.z3types import Ast


def _raw(wrapper: Any) -> Any:
    """The library function behind one of ``z3core``'s wrappers (each keeps it as ``_elems.f``);
    the wrapper itself if a z3 release builds them otherwise (it takes the same arguments)."""
    defaults = getattr(wrapper, "__defaults__", None) or ()
    return getattr(defaults[-1], "f", wrapper) if defaults else wrapper


_inc_ref = _raw(z3core.Z3_inc_ref)
_dec_ref = _raw(z3core.Z3_dec_ref)
_mk_and = _raw(z3core.Z3_mk_and)
_mk_or = _raw(z3core.Z3_mk_or)
_mk_not = _raw(z3core.Z3_mk_not)
_mk_eq = _raw(z3core.Z3_mk_eq)
_mk_const = _raw(z3core.Z3_mk_const)
_mk_string_symbol = _raw(z3core.Z3_mk_string_symbol)
_mk_bool_sort = _raw(z3core.Z3_mk_bool_sort)
_mk_numeral = _raw(z3core.Z3_mk_numeral)
_mk_bvuge = _raw(z3core.Z3_mk_bvuge)
_mk_bvule = _raw(z3core.Z3_mk_bvule)
_get_sort = _raw(z3core.Z3_get_sort)
_solver_assert = _raw(z3core.Z3_solver_assert)


class Term(z3.BoolRef):
    """A Boolean term: z3's ``BoolRef``, holding one reference on its AST while it lives."""

    def __init__(self, ast: Ast, ctx: z3.Context) -> None:
        self.ast = ast
        self.ctx = ctx
        _inc_ref(ctx.ref(), ast)

    def __del__(self) -> None:
        if self.ast is not None and self.ctx.ref() is not None and _dec_ref is not None:
            _dec_ref(self.ctx.ref(), self.ast)
            self.ast = None


def _array(items: Sequence[z3.BoolRef]) -> tuple[Ast, int]:
    count = len(items)
    array = (Ast * count)(*(item.ast for item in items))
    return array, count


def and_(items: Sequence[z3.BoolRef], ctx: z3.Context) -> z3.BoolRef:
    """``z3.And(items)`` (``items`` not empty)."""
    array, count = _array(items)
    return Term(_mk_and(ctx.ref(), count, array), ctx)


def or_(items: Sequence[z3.BoolRef], ctx: z3.Context) -> z3.BoolRef:
    """``z3.Or(items)`` (``items`` not empty)."""
    array, count = _array(items)
    return Term(_mk_or(ctx.ref(), count, array), ctx)


def not_(item: z3.BoolRef, ctx: z3.Context) -> z3.BoolRef:
    """``z3.Not(item)``."""
    return Term(_mk_not(ctx.ref(), item.ast), ctx)


def iff(left: z3.BoolRef, right: z3.BoolRef, ctx: z3.Context) -> z3.BoolRef:
    """``left == right`` for two Booleans."""
    return Term(_mk_eq(ctx.ref(), left.ast, right.ast), ctx)


def bool_const(name: str, ctx: z3.Context) -> z3.BoolRef:
    """``z3.Bool(name, ctx)``."""
    ref = ctx.ref()
    symbol = _mk_string_symbol(ref, name.encode("utf-8"))  # as z3core encodes it
    return Term(_mk_const(ref, symbol, _mk_bool_sort(ref)), ctx)


def _numeral(var: z3.BitVecRef, value: int, ctx: z3.Context) -> Ast:
    """``z3.BitVecVal(value, var.sort())`` as an AST."""
    ref = ctx.ref()
    return _mk_numeral(ref, str(value).encode("ascii"), _get_sort(ref, var.ast))


def bv_eq(var: z3.BitVecRef, value: int, ctx: z3.Context) -> z3.BoolRef:
    """``var == value`` for a bit-vector and a Python int."""
    return Term(_mk_eq(ctx.ref(), var.ast, _numeral(var, value, ctx)), ctx)


def bv_uge(var: z3.BitVecRef, value: int, ctx: z3.Context) -> z3.BoolRef:
    """``z3.UGE(var, value)``."""
    return Term(_mk_bvuge(ctx.ref(), var.ast, _numeral(var, value, ctx)), ctx)


def bv_ule(var: z3.BitVecRef, value: int, ctx: z3.Context) -> z3.BoolRef:
    """``z3.ULE(var, value)``."""
    return Term(_mk_bvule(ctx.ref(), var.ast, _numeral(var, value, ctx)), ctx)


def assert_iff(solver: z3.Solver, left: z3.BoolRef, right: z3.BoolRef) -> None:
    """``solver.add(left == right)`` for two Booleans.

    This and the two below hand each new term straight to the next call, as z3's C API allows
    (a context keeps its last result alive until its next one), instead of wrapping it: the
    solver holds the asserted term, so every part of it lives as long either way.
    """
    ref = solver.ctx.ref()
    _solver_assert(ref, solver.solver, _mk_eq(ref, left.ast, right.ast))


def assert_iff_and(solver: z3.Solver, left: z3.BoolRef, first: z3.BoolRef, second: z3.BoolRef) -> None:
    """``solver.add(left == z3.And(first, second))``."""
    ref = solver.ctx.ref()
    both = _mk_and(ref, 2, (Ast * 2)(first.ast, second.ast))
    _solver_assert(ref, solver.solver, _mk_eq(ref, left.ast, both))


def assert_iff_and_not(solver: z3.Solver, left: z3.BoolRef, first: z3.BoolRef, second: z3.BoolRef) -> None:
    """``solver.add(left == z3.And(first, z3.Not(second)))``."""
    ref = solver.ctx.ref()
    negated = _mk_not(ref, second.ast)
    both = _mk_and(ref, 2, (Ast * 2)(first.ast, negated))
    _solver_assert(ref, solver.solver, _mk_eq(ref, left.ast, both))


def assert_term(solver: z3.Solver, term: z3.BoolRef) -> None:
    """``solver.add(term)`` for a Boolean term of the solver's context."""
    _solver_assert(solver.ctx.ref(), solver.solver, term.ast)
