"""Completion of keywords (what the grammar accepts at the cursor) and of names that fit there."""

from __future__ import annotations

from .conftest import MAIN, write


def _labels(server, folder, text, cursor="|"):
    """Labels offered at ``|`` in ``text`` (written as main.sla beside the demo calendars)."""
    offset = text.index(cursor)
    text = text.replace(cursor, "", 1)
    path = folder / "main.sla"
    uri = server.open(path, text)
    line = text.count("\n", 0, offset)
    character = offset - (text.rfind("\n", 0, offset) + 1)
    answer = server.request("textDocument/completion", server.at(uri, line, character))
    return {item["label"]: item for item in answer["items"]}


def test_keywords_that_start_a_declaration(server, demo):
    labels = _labels(server, demo, MAIN + "\n|")
    assert {"sla", "calendar", "segment", "team", "ola", "escalation", "import"} <= set(labels)
    assert labels["sla"]["kind"] == 14  # Keyword
    assert "within" not in labels


def test_the_items_of_an_sla(server, demo):
    labels = _labels(server, demo, MAIN + "\nsla new {\n    |\n}\n")
    assert {"when", "calendar", "pause", "escalate", "first_response", "next_response", "resolution"} <= set(labels)
    assert "timezone" not in labels


def test_calendars_after_calendar_including_the_built_in_one(server, demo):
    labels = _labels(server, demo, MAIN + "\nsla new {\n    calendar o|\n}\n")
    assert set(labels) == {"office", "always", "by"}  # `by`: an SLA's calendar may be chosen by a field
    assert labels["office"]["detail"] == "calendar · calendars.sla:1"
    edit = labels["office"]["textEdit"]
    assert edit["newText"] == "office"
    assert edit["range"]["end"]["character"] - edit["range"]["start"]["character"] == 1  # replaces the typed `o`


def test_names_of_the_kind_each_place_takes(server, demo):
    assert set(_labels(server, demo, MAIN.replace("via triage -> fix", "via triage -> |"))) == {"triage", "fix"}
    assert set(_labels(server, demo, MAIN.replace("by eng within", "by | within"))) == {"tier1", "eng"}
    assert set(_labels(server, demo, MAIN.replace("with chain1", "with |"))) == {"chain1"}
    assert set(_labels(server, demo, MAIN.replace("when segment big", "when segment |"))) == {"enterprise", "big"}
    assert set(_labels(server, demo, MAIN.replace("and priority urgent", "and priority >= |"))) == {"urgent", "high", "normal"}
    assert set(_labels(server, demo, MAIN.replace("escalate resolution", "escalate |"))) == {"first_response", "resolution"}


def test_fields_after_a_dot(server, demo):
    labels = _labels(server, demo, MAIN + '\nsegment small when customer.|\n')
    assert {"plan", "arr"} <= set(labels)
    assert labels["plan"]["detail"] == "customer field"


def test_days_in_hours_and_zones_in_timezone(server, demo):
    days = _labels(server, demo, 'calendar c {\n    timezone "UTC"\n    hours |\n}\n')
    assert list(days) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    zones = _labels(server, demo, 'calendar c {\n    timezone "Europe/Am|"\n}\n')
    assert "Europe/Amsterdam" in zones


def test_nothing_for_the_name_being_declared_or_inside_a_comment(server, demo):
    assert _labels(server, demo, MAIN + "\nsla |") == {}
    assert _labels(server, demo, MAIN + "\n# calendar |\n") == {}


def test_import_paths(server, request):
    folder = write(server.root / request.node.name, {"calendars.sla": "", "teams/emea.sla": "", "notes.txt": ""})
    labels = _labels(server, folder, 'import "|"\n')
    assert set(labels) == {"calendars.sla", "teams/emea.sla"}


def test_after_a_syntax_error_every_declared_name_is_offered(server, demo):
    labels = _labels(server, demo, MAIN + "\nsla new {\n    when ( priority urgent\n    calendar |\n}\n")
    assert {"office", "gold", "tier1"} <= set(labels)
