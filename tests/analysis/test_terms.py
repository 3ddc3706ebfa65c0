"""The encoding's terms built through z3's C API are the very terms z3's own functions build."""

from __future__ import annotations

import z3

from slalang.analysis.conditions.terms import and_, assert_term, iff, not_, or_


def test_each_term_is_the_ast_z3_itself_makes():
    ctx = z3.Context()
    a, b, c = (z3.Bool(name, ctx) for name in "abc")
    pairs = [
        (and_([a, b, c], ctx), z3.And([a, b, c])),
        (and_([a], ctx), z3.And([a])),
        (or_([a, not_(b, ctx)], ctx), z3.Or([a, z3.Not(b)])),
        (not_(a, ctx), z3.Not(a)),
        (iff(a, and_((b, c), ctx), ctx), a == z3.And(b, c)),
    ]
    for ours, theirs in pairs:
        assert ours.eq(theirs), (ours, theirs)  # the same AST node (z3 shares equal terms)
        assert ours.sexpr() == theirs.sexpr()


def test_an_asserted_term_constrains_the_solver_as_solver_add_does():
    ctx = z3.Context()
    a, b = z3.Bool("a", ctx), z3.Bool("b", ctx)
    solver = z3.SolverFor("QF_FD", ctx=ctx)
    assert_term(solver, iff(a, not_(b, ctx), ctx))
    assert solver.check(a, b) == z3.unsat
    assert solver.check(a) == z3.sat
    theirs = z3.SolverFor("QF_FD", ctx=ctx)
    theirs.add(a == z3.Not(b))
    assert theirs.check(a, b) == z3.unsat and theirs.check(a) == z3.sat
    assert [f.sexpr() for f in solver.assertions()] == [f.sexpr() for f in theirs.assertions()]
