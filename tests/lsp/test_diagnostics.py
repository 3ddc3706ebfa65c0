"""Diagnostics as an editor receives them: on open and on change, from the compiler and `check`."""

from __future__ import annotations

import json

from .conftest import covered, write

SHADOWED = """\
priorities urgent > high > normal

sla everyone {
    first_response within 8h
}

sla urgent_only {
    when priority urgent
    first_response within 1h
}
"""


def test_a_compile_error_is_published_on_open_with_its_code_range_and_hint(server, demo):
    text = (demo / "main.sla").read_text().replace("calendar office\n", "calendar ofice\n")
    uri = server.open(demo / "main.sla", text)
    [diagnostic] = server.diagnostics(uri, version=1)
    assert diagnostic["code"] == "unknown-name"
    assert diagnostic["source"] == "slalang"
    assert diagnostic["severity"] == 1  # error
    assert covered(text, diagnostic["range"]) == "ofice"
    assert diagnostic["message"] == "unknown calendar `ofice`\nhint: did you mean `office`?"


def test_an_edit_updates_the_diagnostics_for_that_version(server, demo):
    path = demo / "main.sla"
    broken = path.read_text().replace("within 30m", "within 30")
    uri = server.open(path, broken)
    [diagnostic] = server.diagnostics(uri, version=1)
    assert diagnostic["code"] == "syntax"
    assert covered(broken, diagnostic["range"]) == "30"
    mark = server.mark()
    server.change(uri, path.read_text(), version=2)
    assert server.diagnostics(uri, version=2, after=mark) == []


def test_check_findings_carry_related_locations_and_the_witness(server, request):
    folder = write(server.root / request.node.name, {"policy.sla": SHADOWED})
    uri = server.open(folder / "policy.sla")
    found = {d["code"]: d for d in server.diagnostics(uri, version=1)}
    shadowed = found["shadowed-sla"]
    assert covered(SHADOWED, shadowed["range"]).startswith("sla urgent_only {")
    assert "never governs" in shadowed["message"]
    places = {(r["location"]["uri"], covered(SHADOWED, r["location"]["range"])): r["message"]
              for r in shadowed["relatedInformation"]}
    assert places[(uri, "everyone")] == "`everyone` is declared here"
    witness = next(r["message"] for r in shadowed["relatedInformation"] if r["message"].startswith("witness ticket: "))
    ticket = json.loads(witness.removeprefix("witness ticket: "))
    assert ticket["ticket"]["priority"] == "urgent"


def test_a_duplicate_points_at_the_first_declaration_in_another_file(server, demo):
    text = (demo / "main.sla").read_text() + '\ncalendar office { timezone "UTC" hours mon-fri 08:00-16:00 }\n'
    uri = server.open(demo / "main.sla", text)
    [duplicate] = [d for d in server.diagnostics(uri, version=1) if d["code"] == "duplicate-name"]
    [first] = duplicate["relatedInformation"]
    assert first["location"]["uri"] == (demo / "calendars.sla").as_uri()
    assert covered((demo / "calendars.sla").read_text(), first["location"]["range"]) == "office"


def test_findings_in_another_file_of_the_set_are_published_for_that_file(server, demo):
    calendars = demo / "calendars.sla"
    calendars.write_text(calendars.read_text() + 'calendar spare { timezone "UTC" hours mon 09:00-10:00 }\n')
    server.open(demo / "main.sla")
    unused = server.diagnostics(calendars.as_uri())
    assert [(d["code"], covered(calendars.read_text(), d["range"]).split("\n")[0]) for d in unused] == [
        ("unused-definition", "calendar spare { timezone \"UTC\" hours mon 09:00-10:00 }")
    ]
    assert unused[0]["severity"] == 3  # information


def test_the_check_configuration_applies(server, request):
    folder = write(server.root / request.node.name, {
        "policy.sla": SHADOWED,
        "slalang.toml": 'severity = { shadowed-sla = "warning" }\n',
    })
    uri = server.open(folder / "policy.sla")
    found = {d["code"]: d for d in server.diagnostics(uri, version=1)}
    assert found["shadowed-sla"]["severity"] == 2  # warning, as slalang.toml says


def test_declarations_a_finding_names_are_related_locations(server, request):
    text = """\
team t { calendar always }
ola first by t within 3h
ola second by t within 2h
sla s {
    resolution within 4h via first -> second
}
"""
    folder = write(server.root / request.node.name, {"p.sla": text})
    uri = server.open(folder / "p.sla")
    found = {d["code"]: d for d in server.diagnostics(uri, version=1)}
    chain = found["ola-exceeds-target"]
    related = [(covered(text, r["location"]["range"]), r["message"]) for r in chain["relatedInformation"]]
    assert related[:2] == [("first", "OLA `first` is declared here"), ("second", "OLA `second` is declared here")]
    assert related[2][1].startswith("witness")
