"""The shipped policies compile cleanly, and the IT desk example compiles to what it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from slalang.compiler import compile_paths
from slalang.model import Action, WeeklyRange

REPO = Path(__file__).resolve().parents[2]
ITDESK = REPO / "policies" / "itdesk"
SPEC_EXAMPLES = Path(__file__).parent / "data" / "spec_examples"
GLOBAL = REPO / "policies" / "global"
FIXTURE = REPO / "tests" / "fixtures" / "global"  # a copy of the specification's global/ example


@pytest.mark.parametrize(
    "path",
    [REPO / "policies" / "acme.sla", ITDESK, ITDESK / "itdesk.sla", GLOBAL, GLOBAL / "global.sla"],
    ids=["acme", "itdesk-dir", "itdesk-file", "global-dir", "global-file"],
)
def test_policy_sets_compile_without_diagnostics(path: Path) -> None:
    result = compile_paths([str(path)])
    assert result.diagnostics == [], [f"{d.span.file}:{d.span.line}: {d.message}" for d in result.diagnostics]
    assert result.model is not None


def test_the_policies_directory_stands_for_its_default_set() -> None:
    result = compile_paths([str(REPO / "policies")])
    assert result.diagnostics == []
    assert result.model is not None and result.model.name == "acme-support"


def test_a_directory_of_several_sets_without_a_default_says_which_there_are(tmp_path: Path) -> None:
    (tmp_path / "a.sla").write_text("sla a { first_response within 1h }\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "b.sla").write_text("sla b { first_response within 2h }\n")
    (tmp_path / "slalang.toml").write_text('sets = ["a.sla", "b"]\n')
    result = compile_paths([str(tmp_path)])
    assert result.model is None
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "import-error"
    assert "holds 2 policy sets (a, b): choose one with --set NAME, or name a `default` in" in diagnostic.message
    assert diagnostic.span.file.endswith("slalang.toml")
    (tmp_path / "slalang.toml").write_text('sets = ["a.sla", "b"]\ndefault = "b"\n')
    assert compile_paths([str(tmp_path)]).model.slas[0].name == "b"


@pytest.mark.parametrize("name", ["acme.sla", "calendars.sla"])
def test_the_shipped_examples_are_the_spec_examples(name: str) -> None:
    """``data/spec_examples`` holds copies of the specification's examples (its
    ``examples/`` directory, which is not part of this repository); ``policies/`` ships them
    unchanged."""
    assert (REPO / "policies" / name).read_bytes() == (SPEC_EXAMPLES / name).read_bytes()


@pytest.mark.parametrize("name", ["global.sla", "calendars.sla", "outages.jsonl"])
def test_the_shipped_global_example_is_the_spec_example(name: str) -> None:
    """``tests/fixtures/global`` is the specification's ``global/`` example, byte for byte; the
    tests read it there, and ``policies/global`` ships it unchanged."""
    assert (GLOBAL / name).read_bytes() == (FIXTURE / name).read_bytes()


@pytest.fixture(scope="module")
def itdesk():
    result = compile_paths([str(ITDESK)])
    assert result.model is not None
    return result.model


def test_itdesk_set_order_and_header(itdesk) -> None:
    assert [Path(f).name for f in itdesk.files] == ["calendars.sla", "itdesk.sla", "teams.sla"]
    assert (itdesk.name, itdesk.version) == ("itdesk", "2026.2")
    assert itdesk.resolved_statuses == ("resolved", "closed", "cancelled")
    assert itdesk.priorities == ("p1", "p2", "p3", "p4")
    assert [s.name for s in itdesk.slas][:2] == ["major_incident", "security_incident"]
    assert itdesk.slas[-1].name == "catch_all" and itdesk.slas[-1].when is None


def test_itdesk_follow_the_sun_calendar(itdesk) -> None:
    sun = itdesk.calendars["follow_the_sun"]
    assert sun.timezone == "UTC"
    assert sun.hours == (
        *(WeeklyRange(d, 0, 1440) for d in range(4)),
        WeeklyRange(4, 0, 1380),
        WeeklyRange(5, 210, 450),
        WeeklyRange(6, 1380, 1440),
    )
    # Sunday 23:00 to Friday 23:00, and Saturday 03:30-07:30
    assert sum(r.end_min - r.start_min for r in sun.hours) == (120 + 4) * 60
    assert {c.timezone for c in itdesk.calendars.values()} >= {"Europe/London", "America/Chicago", "Asia/Kolkata"}
    assert [(h.country, h.subdivision) for h in itdesk.calendars["kolkata_office"].holidays] == [("IN", "WB")]


def test_itdesk_olas_and_chains(itdesk) -> None:
    assert itdesk.olas["infra_oncall"].calendar == "always"
    assert itdesk.olas["desk_triage"].calendar == "follow_the_sun"
    assert itdesk.olas["soc_contain"].team == "security"
    resolution = itdesk.sla("requests_apac").metric("resolution")
    assert (resolution.target_s, resolution.via, resolution.escalation_chain) == (40 * 3600, ("desk_fulfil",), "request_chain")
    assert resolution.escalation[-1].actions == (Action("notify", "team.lead"), Action("set_priority", "p3"))
