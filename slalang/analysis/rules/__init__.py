"""The analysis rules, one module each, in the order they run (an explicit list)."""

from __future__ import annotations

from types import ModuleType

from . import (
    calendar_never_open,
    coverage_gap,
    credit_above_goal,
    credit_tiers,
    days_on_business_calendar,
    escalation_order,
    measure_never_runs,
    ola_exceeds_target,
    ola_may_exceed_target,
    overlapping_slas,
    pause_condition,
    priority_inversion,
    response_after_resolution,
    shadowed_sla,
    unknown_suppression,
    unsatisfiable_condition,
    unused_definition,
)

RULES: tuple[ModuleType, ...] = (
    unsatisfiable_condition,
    shadowed_sla,
    overlapping_slas,
    coverage_gap,
    ola_exceeds_target,
    ola_may_exceed_target,
    priority_inversion,
    response_after_resolution,
    pause_condition,
    measure_never_runs,
    calendar_never_open,
    escalation_order,
    unused_definition,
    days_on_business_calendar,
    credit_tiers,
    credit_above_goal,
    unknown_suppression,
)

RULE_IDS: tuple[str, ...] = tuple(rule.ID for rule in RULES)

COMPILE_CODES: tuple[str, ...] = ("syntax", "unknown-name", "duplicate-name", "type-mismatch", "bad-value", "import-error")
"""Ids of the parse and compile errors (analysis.md), reported before any rule runs."""

