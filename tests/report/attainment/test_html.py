"""The HTML report renders in a real browser (headless Chromium) with its charts drawn."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from slalang.attainment import GoalMark
from slalang.report.attainment import render_report
from slalang.report.attainment.svg import MARK_FILL, OVER_TARGET_FILL, UNDER_TARGET_FILL

from .test_render import sample_report

CHROMIUM = next(
    (
        p
        for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
        if p and Path(p).exists()
    ),
    None,
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_html_is_self_contained():
    html = render_report(sample_report(), "html")
    assert html.startswith("<!DOCTYPE html>")
    for pattern in (r"\bsrc\s*=", r"\bhref\s*=", r"url\(", r"<script", r"<link", r"@import"):
        assert not re.search(pattern, html, re.I), pattern
    assert html.count('class="chart histogram"') == 5
    assert 'id="attainment-chart"' in html and 'id="segment-heatmap"' in html and 'id="priority-heatmap"' in html
    # User text is escaped.
    assert "event 2: unknown event type &#x27;note&#x27; | see docs" in html


def hex_rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_html_renders_in_headless_chromium(tmp_path):
    from PIL import Image

    page = tmp_path / "report.html"
    page.write_text(render_report(sample_report(), "html"), encoding="utf-8")
    url = page.resolve().as_uri()
    shot = tmp_path / "shot.png"
    common = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=1280,2000", url], capture_output=True, timeout=60, check=False
    )
    assert shot.exists() and shot.stat().st_size > 10_000, "chromium wrote no screenshot"
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 2000)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, "the page looks blank"
    present = {rgb for _, rgb in colours}
    # The attainment bars (goal met and missed) and the histogram bins were painted.
    for fill in (MARK_FILL[GoalMark.MET], MARK_FILL[GoalMark.MISSED], UNDER_TARGET_FILL, OVER_TARGET_FILL):
        assert hex_rgb(fill) in present, f"no pixel of {fill} on the page"

    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, timeout=60, check=False, text=True).stdout
    assert "<svg" in dom and 'id="attainment-chart"' in dom
    rows = re.findall(r'<g class="row" data-sla="(\w+)" data-metric="(\w+)" data-mark="([\w ]+)"', dom)
    assert rows == [
        ("gold", "first_response", "missed"),
        ("gold", "next_response", "no data"),
        ("gold", "resolution", "met"),
        ("basic", "first_response", "met"),
        ("basic", "resolution", "missed"),
    ]
    assert len(re.findall(r'<rect class="bar"', dom)) == 4  # one per metric with decided tickets
    assert len(re.findall(r'<svg[^>]*class="chart histogram"', dom)) == 5
    assert len(re.findall(r'<g class="cell" data-group="vip"', dom)) == 3
