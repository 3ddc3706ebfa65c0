"""Attainment reports and policy diffs, computed from evaluation results.

``build_report(policy, results, tickets)`` aggregates evaluation.md's result objects into an
``AttainmentReport``; ``report_tickets(policy, tickets, now)`` evaluates and aggregates in one
pass; ``diff_policies(old, new, tickets, now)`` replays tickets under two policy versions
into a ``PolicyDiff``. ``slalang.report.attainment`` writes them for people and tools
(``render_report`` / ``render_diff``: a terminal table, JSON, Markdown, or an HTML page).
"""

from __future__ import annotations

from .aggregation import ReportBuilder, ResultShapeError, build_report
from .diff import (
    AttainmentDelta,
    MetricChange,
    PolicyDiff,
    RollupDelta,
    TicketChange,
    compare_results,
    diff_policies,
    diff_results,
)
from .distribution import HistogramBin, histogram, percentile
from .figures import AttainmentReport, GoalMark, GroupRow, GroupStats, MeasureRollup, MetricReport, TicketError
from .replay import report_tickets

__all__ = [
    "AttainmentDelta",
    "AttainmentReport",
    "GoalMark",
    "GroupRow",
    "GroupStats",
    "HistogramBin",
    "MeasureRollup",
    "MetricChange",
    "MetricReport",
    "PolicyDiff",
    "ReportBuilder",
    "ResultShapeError",
    "RollupDelta",
    "TicketChange",
    "TicketError",
    "build_report",
    "compare_results",
    "diff_policies",
    "diff_results",
    "histogram",
    "percentile",
    "report_tickets",
]
