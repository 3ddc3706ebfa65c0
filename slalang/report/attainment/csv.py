"""The breaches of a report as CSV (``slalang report --breaches FILE``): one row per breached
metric (per breached cycle of next_response), instants in UTC as every machine format."""

from __future__ import annotations

import csv
import io

from ...attainment.breaches import BREACH_FIELDS
from ...attainment.figures import AttainmentReport


def render_breaches_csv(report: AttainmentReport) -> str:
    """``id,sla,metric,cycle,start,deadline,stop,late_s,counted_s,target_s`` and a row per breach."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BREACH_FIELDS)
    for b in report.breaches:
        row = b.to_json()
        writer.writerow(["" if row[name] is None else row[name] for name in BREACH_FIELDS])
    return out.getvalue()
