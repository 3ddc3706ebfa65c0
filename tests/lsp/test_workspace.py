"""Policy sets across files: imports, `slalang.toml` sets, unsaved buffers, fast typing."""

from __future__ import annotations

from .conftest import covered, position_of, write


def test_an_unsaved_buffer_overrides_the_file_for_the_whole_set(server, demo):
    calendars = demo / "calendars.sla"
    main = demo / "main.sla"
    renamed = calendars.read_text().replace("calendar office", "calendar office_hours")
    uri = server.open(calendars, renamed)  # not saved: the file on disk still says `office`
    broken = server.diagnostics(main.as_uri(), after=0)
    assert {covered(main.read_text(), d["range"]) for d in broken if d["code"] == "unknown-name"} == {"office"}
    assert all("did you mean `office_hours`?" in d["message"] for d in broken if d["code"] == "unknown-name")
    # definition follows the buffer, not the disk
    line, character = position_of(main.read_text(), "calendar office", 1, 10)
    assert server.request("textDocument/definition", server.at(main.as_uri(), line, character)) is None
    mark = server.mark()
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})  # the file on disk counts again
    assert [d for d in server.diagnostics(main.as_uri(), after=mark) if d["code"] == "unknown-name"] == []


def test_sets_listed_in_slalang_toml_are_checked_apart(server, request):
    folder = write(server.root / request.node.name, {
        "slalang.toml": 'sets = ["acme.sla", "itdesk"]\n',
        "acme.sla": 'import "shared/calendars.sla"\nsla catch_all { calendar office resolution within 8h }\n',
        "shared/calendars.sla": 'calendar office { timezone "UTC" hours mon-fri 09:00-17:00 }\n',
        "itdesk/desk.sla": 'sla catch_all { resolution within 4h }\n',  # same name: another set
    })
    acme = server.open(folder / "acme.sla")
    assert [d["code"] for d in server.diagnostics(acme, version=1)] == []
    desk = server.open(folder / "itdesk" / "desk.sla")
    assert [d["code"] for d in server.diagnostics(desk, version=1)] == []
    # the imported file belongs to the set that imports it: its names are found from there
    shared = folder / "shared" / "calendars.sla"
    uri = server.open(shared)
    params = {**server.at(uri, 0, 10), "context": {"includeDeclaration": False}}
    [use] = server.request("textDocument/references", params)
    assert use["uri"] == acme


def test_a_directory_without_configuration_is_one_set(server, request):
    folder = write(server.root / request.node.name, {
        "a.sla": 'calendar office { timezone "UTC" hours mon-fri 09:00-17:00 }\n',
        "b.sla": "sla s { calendar office resolution within 8h }\n",  # no import: the directory joins them
    })
    uri = server.open(folder / "b.sla")
    assert [d["code"] for d in server.diagnostics(uri, version=1)] == []


def test_typing_fast_publishes_only_the_latest_text(server, demo):
    main = demo / "main.sla"
    uri = server.open(main)
    server.diagnostics(uri, version=1)
    mark = server.mark()
    text = main.read_text()
    for version in range(2, 12):  # each keystroke leaves a typo, the last one is fixed
        server.change(uri, text.replace("calendar office\n", f"calendar office{'x' * version}\n"), version)
    server.change(uri, text, 12)
    assert server.diagnostics(uri, version=12, after=mark) == []
    published = [m["params"].get("version") for m in server.notifications[mark:]
                 if m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri]
    assert published == sorted(published), "an older version was published after a newer one"
    assert len(published) < 11, "every keystroke was checked: no debounce"


def test_columns_are_utf16_code_units(server, request):
    text = 'segment fun when customer.mood == "🎉" or segment big\nsegment big when customer.arr > 10\n'
    folder = write(server.root / request.node.name, {"p.sla": text})
    uri = server.open(folder / "p.sla")
    line0 = text.split("\n")[0]
    utf16 = len(line0[: line0.index("segment big")].encode("utf-16-le")) // 2 + len("segment b")
    [target] = server.request("textDocument/definition", server.at(uri, 0, utf16))
    assert target["range"]["start"] == {"line": 1, "character": 8}
    answer = server.request("textDocument/hover", server.at(uri, 0, utf16))
    assert answer["range"] == {"start": {"line": 0, "character": utf16 - 1}, "end": {"line": 0, "character": utf16 + 2}}


def test_a_buffer_that_is_not_a_file_is_checked_alone(server):
    uri = "untitled:Untitled-1"
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "slalang", "version": 1, "text": "sla s { calendar nowhere }\n"}})
    [d] = server.diagnostics(uri, version=1)
    assert d["code"] == "unknown-name"
    assert d["range"]["start"] == {"line": 0, "character": 17}


def test_a_new_slalang_toml_splits_the_directory_into_sets(server, request):
    folder = write(server.root / request.node.name, {
        "a.sla": "sla x { resolution within 8h }\n",
        "b.sla": "sla x { resolution within 4h }\n",
    })
    uri = server.open(folder / "a.sla")
    assert "duplicate-name" in [d["code"] for d in server.diagnostics((folder / "b.sla").as_uri())]
    mark = server.mark()
    (folder / "slalang.toml").write_text('sets = ["a.sla", "b.sla"]\n')
    server.notify("workspace/didChangeWatchedFiles",
                  {"changes": [{"uri": (folder / "slalang.toml").as_uri(), "type": 1}]})
    assert server.diagnostics((folder / "b.sla").as_uri(), after=mark) == []
    assert server.diagnostics(uri, after=mark) == []
