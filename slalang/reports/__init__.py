"""Attainment reports and policy diffs, built from evaluation results.

``build_report(policy, results, tickets)`` aggregates evaluation.md's result objects into an
``AttainmentReport``; ``diff_policies(old, new, tickets, now)`` replays tickets under two
policy versions into a ``PolicyDiff``; ``render_report`` / ``render_diff`` write them as a
terminal table, JSON, Markdown or (reports) a self-contained HTML page.
"""

from __future__ import annotations

from .aggregation import ReportBuilder, ResultShapeError, build_report
from .attainment import AttainmentReport, GoalMark, GroupRow, GroupStats, MetricReport, TicketError
from .diff import AttainmentDelta, MetricChange, PolicyDiff, TicketChange, compare_results, diff_policies, diff_results
from .distribution import HistogramBin, histogram, percentile
from .render import DIFF_FORMATS, REPORT_FORMATS, render_diff, render_report
from .replay import report_tickets

__all__ = [
    "DIFF_FORMATS",
    "REPORT_FORMATS",
    "AttainmentDelta",
    "AttainmentReport",
    "GoalMark",
    "GroupRow",
    "GroupStats",
    "HistogramBin",
    "MetricChange",
    "MetricReport",
    "PolicyDiff",
    "ReportBuilder",
    "ResultShapeError",
    "TicketChange",
    "TicketError",
    "build_report",
    "compare_results",
    "diff_policies",
    "diff_results",
    "histogram",
    "percentile",
    "render_diff",
    "render_report",
    "report_tickets",
]
