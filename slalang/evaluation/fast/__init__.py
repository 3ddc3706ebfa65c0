"""The compiled fast path of ``slalang eval``: ``scanner.pyx`` beside this file, when built.

``pip install .`` compiles it with Cython when a C compiler is at hand; without one the
install still succeeds and every ticket takes the Python path. Either way the output is
the same bytes: the compiled scanner takes only the tickets it decides exactly as the
Python path would, and hands every other ticket back (see ``BatchEvaluator``). The
Python path is the definition; ``scanner.pyx``'s header maps each of its routines to the
Python function it mirrors, and ``tests/evaluation/test_native.py`` compares the two
paths' bytes (it fails, rather than skips, when a C compiler is present and the module is
not built).

The compiled module is installed as the top-level module ``slalang_native`` rather than
inside this package, so that it is found however ``slalang`` itself is imported: from a
wheel, an editable install, or a source checkout whose ``slalang/`` shadows the
installed package (as when the tests run from the repository root).

Set ``SLALANG_NATIVE=0`` in the environment to use the Python path alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

import orjson

from ... import native
from ...conditions import MISSING, condition_paths
from ...model import METRICS, PolicySet
from ..clocks import SlaPlan
from ..rules import UNCOMPARABLE, Rules

ABI = 5
"""The interface version this module speaks; a compiled module of another version is ignored."""

MODULE = "slalang_native"
SWITCH = native.SWITCH


def load(honour_switch: bool = True) -> ModuleType | None:
    """The compiled module if it is built and speaks ``ABI``, else None; ``SLALANG_NATIVE=0``
    turns it off unless ``honour_switch`` is False (for the tests that compare the paths)."""
    return native.load(MODULE, ABI, honour_switch)


def unusable_reason() -> str | None:
    """Why the compiled module cannot be used (not built, or built from other sources), or None."""
    return native.unusable_reason(MODULE, ABI)


compiled = load()
"""The compiled module, or None when the Python path does everything."""


def available() -> bool:
    return compiled is not None


def scanner_for(
    policy: PolicySet, rules: Rules, plans: Mapping[str, SlaPlan], module: ModuleType | None = compiled
) -> tuple[Any, list[tuple[Any, Any]]] | None:
    """A compiled ``Scanner`` for a policy set and its ``(table, timeline)`` per calendar, or
    None without the compiled module. An SLA the scanner does not know how to evaluate is
    given to it as None (``python_only``): its tickets are handed back to the Python path."""
    if module is None:
        return None
    tables: dict[Any, tuple[Any, Any]] = {}  # timeline -> (compiled table, the timeline)
    slas: dict[str, Any] = {}
    for name, plan in plans.items():
        if python_only(plan):
            slas[name] = None
            continue
        shapes: dict[str, Any] = {}
        for clock in plan.clocks:
            if clock.timeline not in tables:
                tables[clock.timeline] = (module.Table(), clock.timeline)
            steps = [(step.index, step.fire_after_s, orjson.dumps(list(step.actions))) for step in clock.steps]
            shapes[clock.name] = module.Shape(clock.order, clock.name, clock.target_s, steps, tables[clock.timeline][0])
        pause = plan.sla.pause
        status_only = pause is not None and condition_paths(pause, policy) == (("ticket", "status"),)
        slas[name] = module.SlaShape(_head(plan), rules.pauses[name], status_only, *(shapes.get(kind) for kind in METRICS))
    scanner = module.Scanner(
        frozenset(policy.priorities),
        rules.resolved,
        rules.governing,
        rules.governing_paths,
        slas,
        [table for table, _ in tables.values()],
        orjson.dumps,
        MISSING,
        UNCOMPARABLE,
    )
    return scanner, list(tables.values())


def python_only(plan: SlaPlan) -> bool:
    """Whether an SLA's tickets go to the Python path: it has measures, a metric with its own
    calendar or pause rule, or a calendar chosen from the ticket. Decided once per policy
    set; the scanner evaluates the built-in metrics on one fixed calendar."""
    return plan.chosen or plan.traced or plan.decorated or any(clock.name not in METRICS for clock in plan.clocks)


def _head(plan: SlaPlan) -> bytes:
    """What the scanner writes after ``"sla":`` up to ``,"metrics"``: the SLA's name, then the
    ``calendar`` and ``zone`` keys of its one fixed calendar (result.ticket_json's key order)."""
    assert plan.calendar is not None
    name, calendar, zone = (orjson.dumps(v) for v in (plan.sla.name, plan.calendar.name, plan.calendar.timezone))
    return name + b',"calendar":' + calendar + b',"zone":' + zone
