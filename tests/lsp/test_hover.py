"""Hover: what a user sees over a calendar, an SLA, an OLA chain, a segment and the rest."""

from __future__ import annotations

from .conftest import covered, position_of, write


def _hover(server, path, needle, occurrence=1, offset=1):
    text = path.read_text()
    uri = server.open(path)
    line, character = position_of(text, needle, occurrence, offset)
    answer = server.request("textDocument/hover", server.at(uri, line, character))
    return answer, text


def test_a_calendar_shows_its_zone_hours_and_weekly_open_time(server, demo):
    answer, text = _hover(server, demo / "main.sla", "calendar office", offset=len("calendar o"))
    value = answer["contents"]["value"]
    assert answer["contents"]["kind"] == "markdown"
    assert covered(text, answer["range"]) == "office"
    assert '**calendar `office`** "Office hours"' in value
    assert "time zone **Europe/Amsterdam**" in value
    assert "- `hours mon-fri 09:00-17:30`" in value
    assert '- `holidays "NL"`' in value
    assert "Open 42h30m a week" in value


def test_the_built_in_calendar(server, demo):
    answer, _ = _hover(server, demo / "main.sla", "on always", offset=4)
    assert "**calendar `always`** (built in)" in answer["contents"]["value"]


def test_an_sla_shows_its_condition_calendar_and_targets(server, demo):
    answer, text = _hover(server, demo / "main.sla", "sla gold", offset=5)
    value = answer["contents"]["value"]
    assert covered(text, answer["range"]) == "gold"
    assert '**sla `gold`** "Gold support"' in value
    assert "when `segment big and priority urgent`" in value
    assert "counts on `office`" in value
    assert "| first_response | 1h | 95% |  |" in value
    assert "| resolution | 8h | 90% | triage → fix = 4h30m |" in value
    assert "- `escalate resolution with chain1`" in value


def test_an_sla_without_when_or_targets_says_so(server, demo):
    answer, _ = _hover(server, demo / "main.sla", "sla rest", offset=5)
    value = answer["contents"]["value"]
    assert "applies to every ticket (no `when`)" in value
    assert "counts on `always` (no `calendar`)" in value
    assert "| resolution | 5d | 100% |  |" in value


def test_an_ola_in_a_chain_shows_the_chain_and_its_summed_targets(server, demo):
    answer, _ = _hover(server, demo / "main.sla", "-> fix", offset=4)
    value = answer["contents"]["value"]
    assert "**ola `fix`**: by team `eng` within 4h, counted on `always` (named by `on`)" in value
    assert "OLA chain triage → fix" in value
    assert "| triage | tier1 | 30m | office |" in value
    assert "| fix | eng | 4h | always |" in value
    assert "Summed OLA targets: **4h30m**, against the target 8h." in value


def test_a_metric_line_shows_its_chain(server, demo):
    answer, _ = _hover(server, demo / "main.sla", "resolution within 8h", offset=2)
    value = answer["contents"]["value"]
    assert value.startswith("**resolution** of sla `gold`: within 8h, goal 90%")
    assert "Summed OLA targets: **4h30m**" in value


def test_a_chain_longer_than_its_target_is_pointed_out(server, request):
    folder = write(server.root / request.node.name, {"p.sla": """\
        team t { calendar always }
        ola a by t within 3h
        ola b by t within 2h
        sla s { resolution within 4h via a -> b }
        """})
    answer, _ = _hover(server, folder / "p.sla", "resolution", offset=2)
    assert "Summed OLA targets: **5h**, against the target 4h (more than the target)." in answer["contents"]["value"]


def test_a_segment_shows_its_condition_and_the_segments_it_uses(server, demo):
    answer, _ = _hover(server, demo / "main.sla", "segment big", 2, offset=len("segment b"))
    value = answer["contents"]["value"]
    assert value.startswith("**segment `big`** when `segment enterprise or customer.arr >= 100000`")
    assert '- segment `enterprise`: `customer.plan == "enterprise"`' in value


def test_teams_priorities_and_chains(server, demo):
    team, _ = _hover(server, demo / "main.sla", "by tier1", offset=4)
    assert "**team `tier1`**: `calendar office`, `agents 4`" in team["contents"]["value"]
    assert "OLAs: `triage`" in team["contents"]["value"]
    priority, _ = _hover(server, demo / "main.sla", "priority urgent", 1, offset=10)
    assert priority["contents"]["value"] == "**priority `urgent`**: 1st most important of `urgent` > `high` > `normal`"
    chain, _ = _hover(server, demo / "main.sla", "with chain1", offset=6)
    assert "- `at 100% set priority urgent`" in chain["contents"]["value"]


def test_nothing_over_keywords_and_comments(server, demo):
    answer, _ = _hover(server, demo / "main.sla", "within", offset=1)
    assert answer is None
