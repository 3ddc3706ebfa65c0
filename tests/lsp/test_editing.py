"""Formatting through `fmt`, and the quick fixes: an ignore comment, the suggested name."""

from __future__ import annotations

from slalang.fmt import format_text

from .conftest import covered, write

MESSY = """\
calendar office{timezone "UTC"
hours mon-fri 09:00-17:00}
sla s   {calendar office
  first_response within 1h   # keep this comment
}
"""


def apply(text: str, edits: list[dict]) -> str:
    """The text after LSP text edits (ASCII texts; edits applied from the last one back)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(position):
        return offsets[position["line"]] + position["character"] if position["line"] < len(lines) else len(text)

    for edit in sorted(edits, key=lambda e: at(e["range"]["start"]), reverse=True):
        text = text[: at(edit["range"]["start"])] + edit["newText"] + text[at(edit["range"]["end"]) :]
    return text


def _format(server, uri):
    return server.request("textDocument/formatting",
                          {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})


def test_formatting_gives_what_slalang_fmt_writes(server, request):
    folder = write(server.root / request.node.name, {"p.sla": MESSY})
    uri = server.open(folder / "p.sla")
    edits = _format(server, uri)
    formatted = apply(MESSY, edits)
    assert formatted == format_text(MESSY).formatted
    assert "    first_response within 1h  # keep this comment\n" in formatted


def test_formatting_formats_the_unsaved_text(server, request):
    folder = write(server.root / request.node.name, {"p.sla": "sla s { first_response within 1h }\n"})
    uri = server.open(folder / "p.sla")
    server.change(uri, MESSY, version=2)
    assert apply(MESSY, _format(server, uri)) == format_text(MESSY).formatted


def test_formatting_leaves_a_formatted_or_broken_file_alone(server, request):
    folder = write(server.root / request.node.name, {"ok.sla": format_text(MESSY).formatted, "bad.sla": "sla s {\n"})
    assert _format(server, server.open(folder / "ok.sla")) == []
    assert _format(server, server.open(folder / "bad.sla")) == []


SHADOWED = """\
priorities urgent > normal

sla everyone {
    first_response within 8h
}

sla urgent_only {
    when priority urgent
    first_response within 1h
}
"""


def _actions(server, uri, diagnostics):
    return server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": diagnostics[0]["range"],
        "context": {"diagnostics": diagnostics, "only": ["quickfix"]},
    })


def test_the_ignore_quick_fix_silences_the_finding(server, request):
    folder = write(server.root / request.node.name, {"p.sla": SHADOWED})
    uri = server.open(folder / "p.sla")
    shadowed = [d for d in server.diagnostics(uri, version=1) if d["code"] == "shadowed-sla"]
    [action] = _actions(server, uri, shadowed)
    assert action["title"] == "Ignore shadowed-sla here (# slalang: ignore[shadowed-sla])"
    assert action["kind"] == "quickfix"
    fixed = apply(SHADOWED, action["edit"]["changes"][uri])
    assert "\n# slalang: ignore[shadowed-sla]\nsla urgent_only {\n" in fixed
    mark = server.mark()
    server.change(uri, fixed, version=2)
    before = [d["code"] for d in server.diagnostics(uri, version=1)]
    after = [d["code"] for d in server.diagnostics(uri, version=2, after=mark)]
    assert after == [code for code in before if code != "shadowed-sla"]


def test_the_ignore_quick_fix_indents_and_extends_an_existing_comment(server, request):
    text = """\
priorities urgent > normal
calendar office { timezone "UTC" hours mon-fri 09:00-17:00 }
sla s {
    calendar office
    # slalang: ignore[coverage-gap]
    resolution within 2d
}
"""
    folder = write(server.root / request.node.name, {"p.sla": text})
    uri = server.open(folder / "p.sla")
    days = [d for d in server.diagnostics(uri, version=1) if d["code"] == "days-on-business-calendar"]
    assert covered(text, days[0]["range"]) == "resolution within 2d"
    [action] = _actions(server, uri, days)
    fixed = apply(text, action["edit"]["changes"][uri])
    assert "    # slalang: ignore[coverage-gap, days-on-business-calendar]\n    resolution within 2d\n" in fixed


def test_compile_errors_get_no_ignore_fix_but_a_misspelt_name_gets_the_suggestion(server, demo):
    text = (demo / "main.sla").read_text().replace("via triage -> fix", "via triage -> fixx")
    uri = server.open(demo / "main.sla", text)
    diagnostics = server.diagnostics(uri, version=1)
    [action] = _actions(server, uri, diagnostics)
    assert action["title"] == "Change to `fix`"
    assert action["isPreferred"] is True
    assert "via triage -> fix\n" in apply(text, action["edit"]["changes"][uri])
