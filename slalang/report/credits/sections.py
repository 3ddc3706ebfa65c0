"""The credits and availability sections of ``slalang report``, in each report format.

A section appears when the policy declares what it is about: service credits for ``credit``
declarations (computed from the report's own tickets), availability for ``availability``
declarations (from ``--outages FILE``; without one, the section says so instead of showing
uptimes of 100% that nobody measured).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html import escape
from typing import Any

from ...attainment.figures import AttainmentReport
from ...credits import AvailabilityReport, CreditRow
from ...model import PolicySet
from ..attainment import render_report
from .columns import Column, columns_for
from .rows import markdown_table, rows_table
from .svg import attainment_chart, outage_timeline, uptime_chart

CREDITS_NOTE = ("Per credit declaration, account and period (the one holding each ticket's creation): "
                "attainment = met / decided runs; the credit is that of the last `below` line above it, "
                "limited by the cap; none below the minimum of runs.")
AVAILABILITY_NOTE = ("Per period: the open time of the calendar, the open time covered by the union of the "
                     "service's outages, uptime = 1 - down / open, against the objective.")
NO_OUTAGES = "No outage file given: run `slalang report ... --outages OUTAGES.jsonl` to see uptime per period."


@dataclass(frozen=True)
class ContractSections:
    """What the report adds beside attainment; ``None`` leaves a section out."""

    model: PolicySet
    credits: tuple[CreditRow, ...] | None = None  # None: no credit declared
    availability: AvailabilityReport | None = None
    availability_missing: bool = False  # availability declared, but no outages given

    @property
    def credit_rows(self) -> list[dict[str, Any]]:
        return [row.to_json() for row in self.credits or ()]

    @property
    def availability_rows(self) -> list[dict[str, Any]]:
        return self.availability.to_json() if self.availability is not None else []


def sections_json(sections: ContractSections) -> dict[str, Any]:
    """Keys added to the report's JSON object: ``credits`` and ``availability`` row lists."""
    out: dict[str, Any] = {}
    if sections.credits is not None:
        out["credits"] = sections.credit_rows
    if sections.availability is not None:
        out["availability"] = sections.availability_rows
    return out


def sections_table(sections: ContractSections, color: bool = False, width: int = 140) -> str:
    out = []
    if sections.credits is not None:
        out.append(rows_table(sections.credit_rows, "credits", color=color, width=width))
    if sections.availability is not None:
        out.append(rows_table(sections.availability_rows, "availability", color=color, width=width))
    elif sections.availability_missing:
        out.append(f"Availability: {NO_OUTAGES}\n")
    return "".join(out)


def sections_markdown(sections: ContractSections) -> list[str]:
    lines: list[str] = []
    if sections.credits is not None:
        lines += ["", "## Service credits", "", CREDITS_NOTE, ""]
        lines += markdown_table(columns_for("credits"), sections.credit_rows) if sections.credits else ["No ticket counted."]
    if sections.availability is not None:
        lines += ["", "## Availability", "", AVAILABILITY_NOTE, ""]
        lines += markdown_table(columns_for("availability"), sections.availability_rows)
    elif sections.availability_missing:
        lines += ["", "## Availability", "", NO_OUTAGES]
    return lines


def sections_html(sections: ContractSections) -> str:
    body: list[str] = []
    if sections.credits is not None:
        body += ["<h2>Service credits</h2>", f'<p class="note">{escape(CREDITS_NOTE)} A dashed line is a threshold; '
                 "green bars earn no credit, amber to dark red the credit of a worse tier, grey ones are not judged "
                 "(too few runs).</p>"]
        rows = sections.credit_rows
        for credit in sections.model.credits.values():
            mine = [r for r in rows if r["credit"] == credit.name]
            if mine:
                title = f" ({escape(credit.title)})" if credit.title else ""
                body.append(f"<h3><code>{escape(credit.name)}</code>{title}</h3>")
                body.append(f'<div class="panel">{attainment_chart(credit, mine)}</div>')
        body.append(_html_table("credits", columns_for("credits"), rows))
    if sections.availability is not None:
        report = sections.availability
        body += ["<h2>Availability</h2>", f'<p class="note">{escape(AVAILABILITY_NOTE)} The dashed line is the '
                 "objective; the timeline shows when each service was down (red), between period boundaries.</p>"]
        for availability in sections.model.availabilities.values():
            periods = [r for r in report.rows if r.service == availability.name]
            title = f" ({escape(availability.title)})" if availability.title else ""
            body.append(f"<h3><code>{escape(availability.name)}</code>{title}</h3>")
            body.append(f'<div class="panel">{uptime_chart(availability, periods)}</div>')
            down = report.down.get(availability.name, ())
            body.append(f'<div class="panel" style="margin-top:8px">'
                        f"{outage_timeline(availability.name, periods, down, report.now_s)}</div>")
            left_out = report.down_left_out.get(availability.name, 0)
            if left_out:
                body.append(f'<p class="note">The timeline shows the first {len(down)} down intervals; '
                            f"{left_out} more are counted in the table.</p>")
        body.append(_html_table("availability", columns_for("availability"), sections.availability_rows))
    elif sections.availability_missing:
        body += ["<h2>Availability</h2>", f'<p class="note">{escape(NO_OUTAGES)}</p>']
    return "".join(body)


def _html_table(kind: str, columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> str:
    head = "".join(f'<th class="num">{escape(c.header)}</th>' if c.align == "r" else f"<th>{escape(c.header)}</th>"
                   for c in columns)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{escape(c.cell(r))}</td>' if c.align == "r" else f"<td>{escape(c.cell(r))}</td>"
                         for c in columns) + "</tr>"
        for r in rows
    )
    return (f'<details style="margin-top:12px" open><summary>{escape(kind.capitalize())} table</summary>'
            f'<div class="panel"><table class="{kind}">{"<tr>" + head + "</tr>"}{body}</table></div></details>')


def render_report_with(report: AttainmentReport, sections: ContractSections | None, fmt: str, *,
                       color: bool = False, width: int = 140, zone: dt.tzinfo | None = None) -> str:
    """The attainment report in ``fmt`` (``report.attainment.render_report``, instants in
    ``zone``) with the credits and availability sections after it (in HTML, before the page
    ends)."""
    if sections is None:
        return render_report(report, fmt, color=color, width=width, zone=zone)
    if fmt == "json":
        return json.dumps({**report.to_json(), **sections_json(sections)}, indent=2, ensure_ascii=False) + "\n"
    text = render_report(report, fmt, color=color, width=width, zone=zone)
    if fmt == "table":
        return text + sections_table(sections, color=color, width=width)
    if fmt == "markdown":
        return text.rstrip("\n") + "\n" + "\n".join(sections_markdown(sections)) + "\n"
    if fmt == "html":
        head, tail = text.rsplit("</main>", 1)
        return head + sections_html(sections) + "</main>" + tail
    raise ValueError(f"unknown report format {fmt!r}")
