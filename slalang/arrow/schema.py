"""The result table's schema, derived from the policy: the same columns for every batch.

``id``, ``sla``, ``result`` (the JSON object ``slalang eval`` writes, as text) and ``error``
(a failed ticket's reason), then per clock (every built-in metric and measure any SLA of
the policy defines, built-in metrics first in their fixed order, then measures in the
order they are first declared):

- ``<clock>_status`` always;
- for a clock that runs once: ``<clock>_deadline`` and ``<clock>_stop`` (UTC timestamps,
  to the second), ``<clock>_counted_s`` and ``<clock>_paused_s``;
- for a clock that runs in cycles: ``<clock>_cycles`` (how many; the cycles themselves are in
  ``result``).

A name that runs once under one SLA and in cycles under another has both kinds of columns.
A ticket whose SLA does not define a clock, or that failed, has nulls in its columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from ..evaluation.clocks import CYCLING_METRICS
from ..evaluation.evaluator import policy_model
from ..model import METRICS, Measure, Metric, PolicySet

TIMESTAMP = pa.timestamp("s", tz="UTC")
BASE_FIELDS = (
    pa.field("id", pa.string()),
    pa.field("sla", pa.string()),
    pa.field("result", pa.string()),
    pa.field("error", pa.string()),
)
SINGLE_SUFFIXES = (("_deadline", TIMESTAMP), ("_stop", TIMESTAMP), ("_counted_s", pa.int64()), ("_paused_s", pa.int64()))


@dataclass(frozen=True, slots=True)
class ClockColumns:
    """Which columns one clock name has."""

    name: str
    single: bool  # runs once under some SLA: deadline, stop, counted_s, paused_s
    cycles: bool  # runs in cycles under some SLA: the count of cycles


def runs_in_cycles(clock: Metric | Measure) -> bool:
    if isinstance(clock, Metric):
        return clock.kind in CYCLING_METRICS
    return clock.cycles


def clock_columns(policy: Any) -> tuple[ClockColumns, ...]:
    """Every clock name of the policy with the kinds of runs it has, in column order."""
    model: PolicySet = policy_model(policy)
    order: list[str] = []
    single: set[str] = set()
    cycling: set[str] = set()
    for sla in model.slas:
        for clock in sla.clocks:
            name = clock.name
            if name not in order:
                order.append(name)
            (cycling if runs_in_cycles(clock) else single).add(name)
    builtin = [name for name in METRICS if name in order]
    measures = [name for name in order if name not in METRICS]
    return tuple(ClockColumns(name, name in single, name in cycling) for name in (*builtin, *measures))


def result_schema(policy: Any) -> pa.Schema:
    """The schema of every result batch for ``policy`` (see the module's docstring)."""
    fields = list(BASE_FIELDS)
    for clock in clock_columns(policy):
        fields.append(pa.field(f"{clock.name}_status", pa.string()))
        if clock.single:
            fields.extend(pa.field(clock.name + suffix, kind) for suffix, kind in SINGLE_SUFFIXES)
        if clock.cycles:
            fields.append(pa.field(f"{clock.name}_cycles", pa.int64()))
    names = [f.name for f in fields]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise ValueError(f"the policy's clock names make clashing result columns: {', '.join(clashes)}")
    return pa.schema(fields)
