"""The compiled fast path of ``slalang eval`` (``native/slalang_native.pyx``), when installed.

``pip install .`` compiles it with Cython when a C compiler is at hand; without one the
install still succeeds and every ticket takes the Python path. Either way the output is
the same bytes: the compiled scanner takes only the tickets it decides exactly as the
Python path would, and hands every other ticket back (see ``BatchEvaluator``).

Set ``SLALANG_NATIVE=0`` in the environment to use the Python path alone.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import orjson

from ..conditions import MISSING, condition_paths
from .escalations import METRIC_ORDER
from .rules import UNCOMPARABLE

if TYPE_CHECKING:
    from .batch import BatchEvaluator

ABI = 1
"""The interface version this module speaks; a compiled module of another version is ignored."""


def _load() -> Any:
    if os.environ.get("SLALANG_NATIVE", "1") == "0":
        return None
    try:
        import slalang_native
    except ImportError:
        return None
    return slalang_native if getattr(slalang_native, "ABI", None) == ABI else None


compiled = _load()
"""The compiled module, or None when the Python path does everything."""


def available() -> bool:
    return compiled is not None


def scanner_for(batch: "BatchEvaluator") -> tuple[Any, list[tuple[Any, Any]]] | None:
    """A compiled ``Scanner`` for the batch evaluator's policy and its ``(table, clock)``
    per calendar, or None without the compiled module."""
    if compiled is None:
        return None
    single = batch.single
    rules = single.rules
    tables: dict[str, tuple[Any, Any]] = {}  # calendar -> (compiled table, its clock)
    slas: dict[str, Any] = {}
    for name, plan in batch.plans.items():
        calendar = plan.sla.calendar
        if calendar not in tables:
            tables[calendar] = (compiled.Table(), plan.clock)
        table = tables[calendar][0]
        shapes = []
        for plan_metric in (plan.first_response, plan.next_response, plan.resolution):
            if plan_metric is None:
                shapes.append(None)
                continue
            kind = plan_metric.metric.kind
            steps = [(step.index, step.fire_after_s, orjson.dumps(list(step.actions))) for step in plan_metric.steps]
            shapes.append(compiled.Shape(METRIC_ORDER[kind], kind, plan_metric.metric.target_s, steps))
        pause_paths = condition_paths(plan.sla.pause, single.policy) if plan.sla.pause is not None else ()
        status_only = pause_paths == (("ticket", "status"),)
        slas[name] = compiled.SlaShape(orjson.dumps(name), rules.pauses[name], status_only, *shapes, table)
    scanner = compiled.Scanner(
        frozenset(single.policy.priorities),
        rules.resolved,
        rules.governing,
        _two_part_paths(rules.governing_paths),
        slas,
        [table for table, _ in tables.values()],
        orjson.dumps,
        MISSING,
        UNCOMPARABLE,
    )
    return scanner, list(tables.values())


def _two_part_paths(paths: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, str], ...] | None:
    """The SLA choice's paths when each is ``ticket.x`` or ``customer.x`` (the scanner then
    memoises the choice itself), else None."""
    if all(len(path) == 2 and path[0] in ("ticket", "customer") for path in paths):
        return tuple((path[0], path[1]) for path in paths)
    return None
