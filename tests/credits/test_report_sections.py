"""``slalang report`` carries credits and availability when the policy declares them: a table,
Markdown, JSON keys, and HTML with a chart against the tiers and an outage timeline."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from golden import assert_golden

from slalang.cli.main import cli

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).resolve().parents[2]
CONTRACT, TICKETS = str(DATA / "contract.sla"), str(DATA / "tickets.jsonl")
OUTAGES = str(REPO / "policies" / "global" / "outages.jsonl")
NOW = "2026-12-15T00:00:00Z"


def report(fmt: str, *extra: str, policy: str = CONTRACT):
    return CliRunner().invoke(cli, ["report", policy, TICKETS, "--now", NOW, "--format", fmt, *extra],
                              catch_exceptions=False)


def test_the_markdown_report_ends_with_credits_and_availability() -> None:
    result = report("markdown", "--outages", OUTAGES)
    assert result.exit_code == 1  # the tickets file holds one bad ticket
    sections = result.stdout[result.stdout.index("## Service credits"):]
    assert_golden(GOLDEN / "report_sections.md", sections)


def test_json_gains_the_rows_credits_and_availability_compute() -> None:
    data = json.loads(report("json", "--outages", OUTAGES).stdout)
    rows = CliRunner().invoke(cli, ["credits", CONTRACT, TICKETS, "--now", NOW, "--format", "json"]).stdout
    assert data["credits"] == json.loads(rows)
    assert [(r["period"], r["down_s"], r["credit_pct"]) for r in data["availability"]] == [
        ("2026-11", 4200, 10.0), ("2026-12", 1200, 0.0)]
    assert "metrics" in data  # the attainment report is all still there


def test_a_policy_without_credits_keeps_its_report_unchanged() -> None:
    acme = str(REPO / "policies" / "acme.sla")
    data = json.loads(report("json", policy=acme).stdout)
    assert "credits" not in data and "availability" not in data


def test_without_outages_the_availability_section_says_how_to_get_one() -> None:
    result = report("markdown")
    assert "## Availability\n\nNo outage file given: run `slalang report ... --outages OUTAGES.jsonl`" in result.stdout
    assert "availability" not in json.loads(report("json").stdout)


def test_bad_outage_lines_are_reported_and_make_the_exit_status_1(tmp_path: Path) -> None:
    outages = tmp_path / "outages.jsonl"
    outages.write_text(Path(OUTAGES).read_text() + '{"service": "public_api", "start": "yesterday", "end": null}\n')
    result = report("markdown", "--outages", str(outages))
    assert result.exit_code == 1
    assert f"{outages}:4: \"start\"" in result.stderr and "1 outage line was bad" in result.stderr


class _Svg(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.classes: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.classes += (found.get("class") or "").split()
        for key in ("src", "href"):
            if found.get(key) and tag not in ("svg",):
                self.sources.append(found[key] or "")


def test_the_html_report_charts_attainment_against_the_tiers_and_the_outages_over_time() -> None:
    page = report("html", "--outages", OUTAGES).stdout
    parser = _Svg()
    parser.feed(page)
    assert parser.sources == []  # the page still loads nothing
    assert parser.classes.count("credit-chart") == 1 and parser.classes.count("uptime-chart") == 1
    assert parser.classes.count("outage-timeline") == 1
    assert parser.classes.count("down") == 2  # INC-1 and INC-2 merged, INC-3
    assert parser.classes.count("threshold") == 3 + 2  # three tiers; the objective and `below 99%`
    credit_chart = page[page.index('class="chart credit-chart"'):]
    credit_chart = credit_chart[:credit_chart.index("</svg>")]
    assert len(re.findall(r'class="bar"', credit_chart)) == 5  # one bar per account-period with an attainment
    assert "acme · 2026-11: 92.31% of 13 decided runs; credit 5% (below 95%)" in credit_chart
    assert page.index("<h2>Service credits</h2>") < page.index("<h2>Availability</h2>") < page.index("</main>")
