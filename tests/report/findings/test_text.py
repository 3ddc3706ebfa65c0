"""The text renderer: golden files of `slalang check` output (no colour), and colour only
when asked for. ``SLALANG_UPDATE_GOLDEN=1 pytest tests/report/findings`` rewrites the golden files;
review the diff before committing."""

from __future__ import annotations

import re

import pytest
from golden import assert_golden

from slalang.diagnostics import Diagnostic, Severity
from slalang.report.findings.text import render_text, summary
from slalang.source import Span

from .report_helpers import DATA, HERE, run_check

GOLDEN = HERE / "golden"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize(
    ("policy", "exit_code"),
    [("two_findings.sla", 1), ("syntax_error.sla", 1), ("tabs.sla", 0), ("flood.sla", 1)],
)
def test_check_text_output_matches_golden(policy, exit_code):
    result = run_check([policy], DATA)
    assert result.exit_code == exit_code
    assert not ANSI.search(result.stdout), "no colour when stdout is not a terminal"
    assert_golden(GOLDEN / (policy.removesuffix(".sla") + ".txt"), result.stdout)


def test_two_findings_block_shape():
    """Each block: `path:line:col: severity[rule-id] message`, the source line, a caret
    run under exactly the construct, then hint and witness lines."""
    text = run_check(["two_findings.sla"], DATA).stdout
    source = (DATA / "two_findings.sla").read_text().splitlines()
    heads = re.findall(r"^(\S+):(\d+):(\d+): (error|warning|info)\[([a-z-]+)\] (.+)$", text, re.M)
    assert [(h[0], h[1], h[2], h[3], h[4]) for h in heads] == [
        ("two_findings.sla", "6", "5", "warning", "response-after-resolution"),
        ("two_findings.sla", "10", "1", "error", "shadowed-sla"),
    ]
    blocks = text.split("\n\n")
    warning = blocks[0].splitlines()
    assert warning[2] == "6 | " + source[5]
    caret = warning[3]
    start = caret.index("^") - len("  | ")
    underlined = source[5][start : start + caret.count("^")]
    assert underlined == "first_response within 48h"
    assert warning[4].startswith("  = hint: ")
    error = blocks[1].splitlines()
    assert error[2] == "10 | sla urgent {"
    assert error[-1].startswith('   = witness: {"id": "witness"')
    assert error[-2].startswith("   = hint: move `urgent` before them")
    assert text.endswith("1 error, 1 warning, 0 infos in 1 file\n")


def _diagnostics() -> tuple[list[Diagnostic], dict[str, str]]:
    sources = {"p.sla": "sla standard {\n    first_response within 48h\n}\n"}
    diagnostic = Diagnostic(
        "response-after-resolution",
        Severity.WARNING,
        "too long",
        Span("p.sla", 2, 5, 2, 30),
        help="shorten it",
        witness={"start": "2026-11-02T09:00:00Z"},
    )
    return [diagnostic], sources


def test_colour_only_when_requested():
    diagnostics, sources = _diagnostics()
    plain = render_text(diagnostics, sources, color=False)
    coloured = render_text(diagnostics, sources, color=True)
    assert not ANSI.search(plain)
    assert ANSI.search(coloured)
    assert "\x1b[33m" in coloured, "a warning is painted yellow"
    assert ANSI.sub("", coloured) == plain, "colour adds escape codes and nothing else"


def test_cli_text_has_no_colour_with_no_color_set():
    result = run_check(["two_findings.sla"], DATA, env={"NO_COLOR": "1"})
    assert not ANSI.search(result.stdout)


def test_caret_under_a_tab_indented_construct():
    sources = {"t.sla": "sla s {\n\tfirst_response\twithin 48h\n}\n"}
    diagnostic = Diagnostic("x", Severity.INFO, "m", Span("t.sla", 2, 17, 2, 27))
    lines = render_text([diagnostic], sources, color=False).splitlines()
    assert lines[2] == "2 |     first_response  within 48h"
    assert lines[3].index("^") == lines[2].index("within 48h")
    assert lines[3].count("^") == len("within 48h")


def test_unknown_source_or_line_zero_gives_the_head_and_hint_only():
    diagnostic = Diagnostic("import-error", Severity.ERROR, "cannot read x.sla", Span("a.sla", 0, 0, 0, 0), help="fix it")
    assert render_text([diagnostic], {}, color=False) == "a.sla: error[import-error] cannot read x.sla\n   = hint: fix it\n"


def test_summary_counts():
    diagnostics, _ = _diagnostics()
    assert summary([], 3) == "no findings in 3 files"
    assert summary(diagnostics, 1) == "0 errors, 1 warning, 0 infos in 1 file"
    assert summary(diagnostics) == "0 errors, 1 warning, 0 infos"
