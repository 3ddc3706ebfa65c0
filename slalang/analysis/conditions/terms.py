"""Boolean terms over the encoding's own literals, built straight through z3's C API.

``z3.And``, ``z3.Or``, ``z3.Not``, ``==`` and ``Solver.add`` check and coerce every argument in
Python (its sort, its context, whether it is a probe) before the one C call that makes the
term; on a policy of thousands of SLAs the encoding makes hundreds of thousands of terms, and
those checks were most of the time it took. Every argument here is a Boolean term of the
encoding's own context, so the checks cannot fail and are skipped. The terms are the very
ASTs z3's functions make (the same operator over the same arguments, in the same order), so
the solver is given the same problem and gives the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence

import z3
from z3 import z3core
from z3.z3types import Ast


def _array(items: Sequence[z3.BoolRef]) -> tuple[Ast, int]:
    count = len(items)
    array = (Ast * count)()
    for index, item in enumerate(items):
        array[index] = item.ast
    return array, count


def and_(items: Sequence[z3.BoolRef], ctx: z3.Context) -> z3.BoolRef:
    """``z3.And(items)`` (``items`` not empty)."""
    array, count = _array(items)
    return z3.BoolRef(z3core.Z3_mk_and(ctx.ref(), count, array), ctx)


def or_(items: Sequence[z3.BoolRef], ctx: z3.Context) -> z3.BoolRef:
    """``z3.Or(items)`` (``items`` not empty)."""
    array, count = _array(items)
    return z3.BoolRef(z3core.Z3_mk_or(ctx.ref(), count, array), ctx)


def not_(item: z3.BoolRef, ctx: z3.Context) -> z3.BoolRef:
    """``z3.Not(item)``."""
    return z3.BoolRef(z3core.Z3_mk_not(ctx.ref(), item.ast), ctx)


def iff(left: z3.BoolRef, right: z3.BoolRef, ctx: z3.Context) -> z3.BoolRef:
    """``left == right`` for two Booleans."""
    return z3.BoolRef(z3core.Z3_mk_eq(ctx.ref(), left.ast, right.ast), ctx)


def bool_const(name: str, ctx: z3.Context) -> z3.BoolRef:
    """``z3.Bool(name, ctx)``."""
    ref = ctx.ref()
    symbol = z3core.Z3_mk_string_symbol(ref, name)
    return z3.BoolRef(z3core.Z3_mk_const(ref, symbol, z3core.Z3_mk_bool_sort(ref)), ctx)


def _numeral(var: z3.BitVecRef, value: int, ctx: z3.Context) -> Ast:
    """``z3.BitVecVal(value, var.sort())`` as an AST."""
    ref = ctx.ref()
    return z3core.Z3_mk_numeral(ref, str(value), z3core.Z3_get_sort(ref, var.ast))


def bv_eq(var: z3.BitVecRef, value: int, ctx: z3.Context) -> z3.BoolRef:
    """``var == value`` for a bit-vector and a Python int."""
    return z3.BoolRef(z3core.Z3_mk_eq(ctx.ref(), var.ast, _numeral(var, value, ctx)), ctx)


def bv_uge(var: z3.BitVecRef, value: int, ctx: z3.Context) -> z3.BoolRef:
    """``z3.UGE(var, value)``."""
    return z3.BoolRef(z3core.Z3_mk_bvuge(ctx.ref(), var.ast, _numeral(var, value, ctx)), ctx)


def bv_ule(var: z3.BitVecRef, value: int, ctx: z3.Context) -> z3.BoolRef:
    """``z3.ULE(var, value)``."""
    return z3.BoolRef(z3core.Z3_mk_bvule(ctx.ref(), var.ast, _numeral(var, value, ctx)), ctx)


def assert_term(solver: z3.Solver, term: z3.BoolRef) -> None:
    """``solver.add(term)`` for a Boolean term of the solver's context."""
    z3core.Z3_solver_assert(solver.ctx.ref(), solver.solver, term.ast)
