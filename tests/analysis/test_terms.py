"""The encoding's terms built through z3's C API are the very terms z3's own functions build."""

from __future__ import annotations

import z3

from slalang.analysis.conditions.terms import (
    Term,
    and_,
    assert_iff,
    assert_iff_and,
    assert_iff_and_not,
    assert_term,
    iff,
    not_,
    or_,
)


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


def test_definitions_asserted_in_one_go_are_those_solver_add_makes():
    ctx = z3.Context()
    g, b, m, d = (z3.Bool(name, ctx) for name in ("g", "b", "m", "d"))
    ours = z3.SolverFor("QF_FD", ctx=ctx)
    assert_iff(ours, d, and_((b, m), ctx))
    assert_iff_and(ours, g, b, m)
    assert_iff_and_not(ours, b, g, m)
    theirs = z3.SolverFor("QF_FD", ctx=ctx)
    theirs.add(d == z3.And(b, m), g == z3.And(b, m), b == z3.And(g, z3.Not(m)))
    assert [f.sexpr() for f in ours.assertions()] == [f.sexpr() for f in theirs.assertions()]
    assert [ours.check(*a) for a in ([g, m], [b], [d, z3.Not(g)])] == [theirs.check(*a) for a in ([g, m], [b], [d, z3.Not(g)])]


def test_terms_outlive_the_calls_that_made_them():
    ctx = z3.Context()
    a, b = z3.Bool("a", ctx), z3.Bool("b", ctx)
    kept = [and_((a, not_(b, ctx)), ctx) for _ in range(3)]  # each call's result is held by its Term only
    z3.Bool("other", ctx)  # later calls must not free them
    assert isinstance(kept[0], Term) and isinstance(kept[0], z3.BoolRef)
    assert all(term.eq(z3.And(a, z3.Not(b))) for term in kept)
    solver = z3.SolverFor("QF_FD", ctx=ctx)
    assert solver.check(kept[0], b) == z3.unsat and solver.check(kept[1]) == z3.sat
