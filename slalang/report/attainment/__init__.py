"""Attainment reports and policy diffs for people and tools, one module per format."""

from __future__ import annotations

import datetime as dt

from ...attainment.diff import PolicyDiff
from ...attainment.figures import AttainmentReport
from .csv import render_breaches_csv
from .html import render_report_html
from .json import render_diff_json, render_report_json
from .markdown import DEFAULT_MAX_ROWS, render_diff_markdown, render_report_markdown
from .table import render_diff_table, render_report_table

REPORT_FORMATS: tuple[str, ...] = ("table", "json", "markdown", "html")
DIFF_FORMATS: tuple[str, ...] = ("markdown", "table", "json")


def render_report(
    report: AttainmentReport, fmt: str, color: bool = False, width: int = 140, zone: dt.tzinfo | None = None
) -> str:
    """The report in one of REPORT_FORMATS; ``color`` and ``width`` only affect ``table``;
    ``zone`` is where people read instants (table, markdown, html; JSON stays UTC)."""
    if fmt == "table":
        return render_report_table(report, color=color, width=width, zone=zone)
    if fmt == "json":
        return render_report_json(report)
    if fmt == "markdown":
        return render_report_markdown(report, zone=zone)
    if fmt == "html":
        return render_report_html(report, zone=zone)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(REPORT_FORMATS)}")


def render_diff(
    diff: PolicyDiff,
    fmt: str,
    color: bool = False,
    width: int = 140,
    max_rows: int = DEFAULT_MAX_ROWS,
    zone: dt.tzinfo | None = None,
) -> str:
    """The diff in one of DIFF_FORMATS; ``max_rows`` caps the changed-tickets table (JSON
    lists every change); ``color`` and ``width`` only affect ``table``; ``zone`` as for reports."""
    if fmt == "markdown":
        return render_diff_markdown(diff, max_rows=max_rows, zone=zone)
    if fmt == "table":
        return render_diff_table(diff, color=color, width=width, max_rows=max_rows, zone=zone)
    if fmt == "json":
        return render_diff_json(diff)
    raise ValueError(f"unknown diff format {fmt!r}; expected one of {', '.join(DIFF_FORMATS)}")


__all__ = [
    "DEFAULT_MAX_ROWS",
    "DIFF_FORMATS",
    "REPORT_FORMATS",
    "render_breaches_csv",
    "render_diff",
    "render_diff_json",
    "render_diff_markdown",
    "render_diff_table",
    "render_report",
    "render_report_html",
    "render_report_json",
    "render_report_markdown",
    "render_report_table",
]
