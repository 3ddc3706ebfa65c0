"""Go to definition, find references and the outline, across the files of a policy set."""

from __future__ import annotations

from .conftest import covered, position_of


def _at(server, path, needle, occurrence=1, offset=1):
    uri = server.open(path)
    line, character = position_of(path.read_text(), needle, occurrence, offset)
    return server.at(uri, line, character)


def _places(locations, root):
    return [(loc["uri"].removeprefix(root.as_uri() + "/"), covered((root / loc["uri"].rsplit("/", 1)[1]).read_text(),
                                                                     loc["range"]), loc["range"]["start"]["line"])
            for loc in locations]


def test_definition_of_a_calendar_in_an_imported_file(server, demo):
    [target] = server.request("textDocument/definition", _at(server, demo / "main.sla", "calendar office", 1, 10))
    assert _places([target], demo) == [("calendars.sla", "office", 0)]


def test_definition_of_every_kind_of_name(server, demo):
    main = demo / "main.sla"
    cases = {
        ("segment enterprise or", 9): ("enterprise", 5),  # segment in a condition
        ("by tier1", 4): ("tier1", 8),  # team of an OLA
        ("via triage", 5): ("triage", 11),  # OLA in a chain
        ("with chain1", 6): ("chain1", 14),  # escalation chain
        ("priority urgent\n", 10): ("urgent", 3),  # priority
        ("set priority urgent", 14): ("urgent", 3),  # priority of an action
        ("escalate resolution", 10): ("resolution", 23),  # the SLA's own metric
    }
    for (needle, offset), expected in cases.items():
        [target] = server.request("textDocument/definition", _at(server, main, needle, 1, offset))
        assert _places([target], demo) == [("main.sla", *expected)], needle


def test_definition_of_an_import_opens_the_file(server, demo):
    [target] = server.request("textDocument/definition", _at(server, demo / "main.sla", '"calendars.sla"', 1, 3))
    assert target["uri"] == (demo / "calendars.sla").as_uri()


def test_built_in_names_and_keywords_have_no_definition(server, demo):
    assert server.request("textDocument/definition", _at(server, demo / "main.sla", "on always", 1, 5)) is None
    assert server.request("textDocument/definition", _at(server, demo / "main.sla", "within 30m", 1, 2)) is None


def test_references_of_a_calendar_across_files(server, demo):
    calendars = demo / "calendars.sla"
    server.open(demo / "main.sla")
    params = {**_at(server, calendars, "office", 1, 2), "context": {"includeDeclaration": True}}
    found = _places(server.request("textDocument/references", params), demo)
    assert found == [
        ("calendars.sla", "office", 0),
        ("main.sla", "office", 8),
        ("main.sla", "office", 9),
        ("main.sla", "office", 21),
    ]


def test_references_from_a_use_without_the_declaration(server, demo):
    params = {**_at(server, demo / "main.sla", "priority urgent\n", 1, 10), "context": {"includeDeclaration": False}}
    found = _places(server.request("textDocument/references", params), demo)
    assert found == [("main.sla", "urgent", 16), ("main.sla", "urgent", 20)]


def test_document_symbols_outline_the_file(server, demo):
    uri = server.open(demo / "main.sla")
    symbols = server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    outline = [(s["name"], s.get("detail"), [c["name"] for c in s.get("children") or []]) for s in symbols]
    assert outline == [
        ('policy "demo"', None, []),
        ('import "calendars.sla"', None, []),
        ("priorities", None, ["urgent", "high", "normal"]),
        ("enterprise", "segment", []),
        ("big", "segment", []),
        ("tier1", "team", []),
        ("eng", "team", []),
        ("triage", "OLA", []),
        ("fix", "OLA", []),
        ("chain1", "escalation chain", []),
        ("gold", "SLA", ["first_response", "resolution"]),
        ("rest", "SLA", ["resolution"]),
    ]
    text = (demo / "main.sla").read_text()
    gold = next(s for s in symbols if s["name"] == "gold")
    assert covered(text, gold["selectionRange"]) == "gold"
    assert covered(text, gold["range"]).startswith('sla gold "Gold support" {') and covered(text, gold["range"]).endswith("}")
    assert gold["kind"] == 5  # Class
