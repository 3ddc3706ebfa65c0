"""JSON documents for reports and diffs (the objects' ``to_json()``, stable key order)."""

from __future__ import annotations

import json

from ...attainment.diff import PolicyDiff
from ...attainment.figures import AttainmentReport


def render_report_json(report: AttainmentReport) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


def render_diff_json(diff: PolicyDiff) -> str:
    return json.dumps(diff.to_json(), indent=2, ensure_ascii=False) + "\n"
