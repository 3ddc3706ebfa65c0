"""A measure several SLAs declare, rolled up across them, in every format of report and diff:
the same numbers as the report's JSON, golden files for the text formats."""

from __future__ import annotations

import json
from pathlib import Path

from attainment.test_measures import SHARED, SHARED_NOW, SHARED_TICKETS, global_example
from golden import assert_golden

import slalang
from slalang.attainment import diff_policies, report_tickets
from slalang.report.attainment import render_diff, render_report

GOLDEN = Path(__file__).parent / "golden"
NOW = "2026-11-23T12:00:00Z"

# the new version widens urgent's handling target to 4h and sets normal's goal apart (80%)
WIDER = SHARED.format(goal="80%").replace("within 2h goal 90%", "within 4h goal 90%")
# only urgent declares handling: no roll-up in this version
URGENT_ONLY = SHARED.format(goal="90%").replace(
    "    measure handling within 8h goal 90% { start on created stop on resolved }\n", ""
)


def shared(goal: str = "90%") -> slalang.Policy:
    return slalang.loads(SHARED.format(goal=goal), "shared.sla")


def shared_report():
    return report_tickets(shared(), SHARED_TICKETS, now=SHARED_NOW)


def shared_diff():
    return diff_policies(shared(), slalang.loads(WIDER, "wider.sla"), SHARED_TICKETS, now=SHARED_NOW,
                         old_label="v1", new_label="v2")


def test_report_markdown_shows_the_roll_up() -> None:
    assert_golden(GOLDEN / "report_rollups.md", render_report(shared_report(), "markdown"))


def test_report_html_shows_the_roll_up_with_the_json_numbers() -> None:
    report = shared_report()
    html = render_report(report, "html")
    section = html.split("<h2>Measures across SLAs</h2>", 1)[1].split("<h2>", 1)[0]
    assert_golden(GOLDEN / "report_rollups.html", section + "\n")
    (rollup,) = report.to_json()["measure_rollups"]
    cells = [cell.split(">", 1)[1] for cell in section.split("</tr>")[1].split("</td>")[:-1]]
    assert cells[2:4] == ["90%", f"{rollup['attainment_pct']:.1f}%"]
    assert [cells[5], cells[6], cells[7]] == [str(rollup["met"]), str(rollup["breached"]), "0"]


def test_an_unjudged_roll_up_has_no_mark_in_markdown_or_html() -> None:
    report = report_tickets(shared("80%"), SHARED_TICKETS, now=SHARED_NOW)
    markdown = render_report(report, "markdown")
    (row,) = [line for line in markdown.split("## Measures across SLAs")[1].split("\n## ")[0].splitlines() if line.startswith("| `")]
    assert row.startswith("| `handling` | `urgent`, `normal` | — | 40.0% | — | 2 | 3 | 0 |")
    html = render_report(report, "html").split("<h2>Measures across SLAs</h2>", 1)[1].split("<h2>", 1)[0]
    assert "badge" not in html and '<td class="num">—</td><td class="num">40.0%</td><td>—</td>' in html


def test_reports_without_shared_measures_have_no_roll_up_section() -> None:
    policy, tickets = global_example()
    report = report_tickets(policy, tickets, now=NOW)
    assert "Measures across SLAs" not in render_report(report, "markdown")
    assert "Measures across SLAs" not in render_report(report, "html")


def test_diff_markdown_table_and_json_show_the_roll_up_before_and_after() -> None:
    diff = shared_diff()
    assert_golden(GOLDEN / "diff_rollups.md", render_diff(diff, "markdown"))
    assert_golden(GOLDEN / "diff_rollups.txt", render_diff(diff, "table", width=120))
    document = json.loads(render_diff(diff, "json"))
    assert list(document)[-2:] == ["attainment", "measure_rollups"]  # added after the keys there were
    assert_golden(GOLDEN / "diff_rollups.json", json.dumps(document["measure_rollups"], indent=2) + "\n")
    (delta,) = document["measure_rollups"]
    # the same numbers as each version's report
    old_report = shared_report().to_json()["measure_rollups"][0]
    new_report = report_tickets(slalang.loads(WIDER, "wider.sla"), SHARED_TICKETS, now=SHARED_NOW)
    new_rollup = new_report.to_json()["measure_rollups"][0]
    for side, expected in (("before", old_report), ("after", new_rollup)):
        for key in ("slas", "goal_pct", "attainment_pct", "met", "breached", "mark"):
            assert delta[side][key] == expected[key], (side, key)
    assert delta["measure"] == "handling" and delta["delta_pp"] == 20.0
    assert delta["after"]["mark"] is None  # 90% and 80%: not judged


def test_diff_compares_a_new_roll_up_with_the_one_sla_that_declared_the_measure() -> None:
    diff = diff_policies(slalang.loads(URGENT_ONLY, "one.sla"), shared(), SHARED_TICKETS, now=SHARED_NOW)
    (delta,) = diff.measure_rollups
    assert delta.before is not None and delta.after is not None
    assert (delta.before.slas, delta.after.slas) == (("urgent",), ("urgent", "normal"))
    assert (delta.before.stats.met, delta.before.stats.breached) == (1, 1)  # urgent's own handling
    assert (delta.after.stats.met, delta.after.stats.breached) == (2, 3)
    assert "| `handling` | `urgent` → `urgent`, `normal` | 90% |" in render_diff(diff, "markdown")


def test_diff_without_shared_measures_is_unchanged() -> None:
    policy, tickets = global_example()
    diff = diff_policies(policy, policy, tickets, now=NOW)
    assert diff.measure_rollups == ()
    assert "measure_rollups" not in diff.to_json()
    assert "Measures across SLAs" not in render_diff(diff, "markdown")
    assert "Measures across SLAs" not in render_diff(diff, "table")


def test_an_unchanged_roll_up_is_counted_not_listed_in_markdown() -> None:
    diff = diff_policies(shared(), shared(), SHARED_TICKETS, now=SHARED_NOW)
    markdown = render_diff(diff, "markdown")
    assert markdown.endswith("#### Measures across SLAs\n\nUnchanged for all 1 measure across SLAs.\n")
