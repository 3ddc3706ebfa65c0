"""The VS Code extension, checked offline: its manifest, language configuration, client and the
TextMate grammar, which must colour every keyword of the Lark grammar.

Packaging itself (`npm install && npm run package` in editors/vscode) needs the npm registry;
docs/editors.md says how, and these tests check everything the package is made of.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from slalang.lsp.textmate import render
from slalang.syntax.grammar import grammar_text

EXTENSION = Path(__file__).resolve().parents[2] / "editors" / "vscode"
GRAMMAR_FILE = EXTENSION / "syntaxes" / "slalang.tmLanguage.json"


def _json(name: str) -> dict:
    return json.loads((EXTENSION / name).read_text(encoding="utf-8"))


def grammar_keywords() -> set[str]:
    """Every keyword of the Lark grammar, read from its text: keyword terminals and quoted words."""
    text = grammar_text()
    words: set[str] = set()
    for alternatives in re.findall(r"^[A-Z_]+(?:\.\d+)?:\s*/\(?([a-z_|]+)\)?\(\?!\[a-z0-9_\]\)/", text, re.MULTILINE):
        words.update(alternatives.split("|"))
    rules = "\n".join(line for line in text.splitlines() if not re.match(r"^\s*[A-Z_]+(?:\.\d+)?:", line))
    words.update(re.findall(r'"([a-z_]+)"i?', rules))
    return words


def tokenize(line: str, grammar: dict) -> list[tuple[str, str]]:
    """(text, scope) pieces of one line, TextMate's way: at each place the earliest match wins,
    the first pattern on a tie (enough for this grammar: single-line matches and one string rule)."""
    patterns = []
    for p in grammar["patterns"]:
        p = grammar["repository"][p["include"][1:]] if "include" in p else p
        regex = p.get("match") or p["begin"] + ".*?(?:" + p["end"] + ")"
        patterns.append((re.compile(regex), p))
    out, pos = [], 0
    while pos < len(line):
        best = None
        for regex, p in patterns:
            m = regex.search(line, pos)
            if m and m.end() > m.start() and (best is None or m.start() < best[0].start()):
                best = (m, p)
        if best is None:
            break
        m, p = best
        if "captures" in p:
            out += [(m.group(int(k)), c["name"]) for k, c in p["captures"].items()]
        else:
            out.append((m.group(), p["name"]))
        pos = m.end()
    return out


def test_the_textmate_grammar_is_generated_from_the_current_grammar():
    assert GRAMMAR_FILE.read_text(encoding="utf-8") == render(), (
        "editors/vscode/syntaxes/slalang.tmLanguage.json is out of date: run "
        "`python -m slalang.lsp.textmate > editors/vscode/syntaxes/slalang.tmLanguage.json`"
    )


def test_every_keyword_of_the_grammar_is_coloured_as_a_keyword():
    grammar = json.loads(GRAMMAR_FILE.read_text(encoding="utf-8"))
    keywords = grammar_keywords()
    assert {"sla", "calendar", "within", "via", "escalate", "contains", "mon"} <= keywords  # the reader works
    plain = [w for w in sorted(keywords) if tokenize(w, grammar) != [(w, _scope_of(w, grammar))]
             or _scope_of(w, grammar).startswith("variable.other")]
    assert plain == [], f"keywords the TextMate grammar does not colour: {plain}"


def _scope_of(word: str, grammar: dict) -> str:
    pieces = tokenize(word, grammar)
    return pieces[0][1] if pieces else ""


def test_a_policy_line_by_line():
    grammar = json.loads(GRAMMAR_FILE.read_text(encoding="utf-8"))
    assert tokenize("sla gold {  # our best", grammar) == [
        ("sla", "storage.type.declaration.slalang"),
        ("gold", "entity.name.type.slalang"),
        ("{", "punctuation.section.block.slalang"),
        ("# our best", "comment.line.number-sign.slalang"),
    ]
    assert tokenize('    when customer.plan == "a#b" and priority >= high', grammar) == [
        ("when", "keyword.other.slalang"),
        ("customer", "variable.language.slalang"),
        (".", "punctuation.separator.slalang"),
        ("plan", "variable.other.slalang"),
        ("==", "keyword.operator.comparison.slalang"),
        ('"a#b"', "string.quoted.double.slalang"),
        ("and", "keyword.operator.word.slalang"),
        ("priority", "variable.language.slalang"),
        (">=", "keyword.operator.comparison.slalang"),
        ("high", "variable.other.slalang"),
    ]
    durations = tokenize("resolution within 1h30m goal 95% via a -> b", grammar)
    assert ("1h30m", "constant.numeric.duration.slalang") in durations
    assert ("95%", "constant.numeric.percentage.slalang") in durations
    assert ("->", "keyword.operator.arrow.slalang") in durations
    hours = tokenize("hours mon-fri 09:00-17:30", grammar)
    assert hours[:3] == [("hours", "keyword.other.slalang"), ("mon", "support.constant.day.slalang"),
                         ("fri", "support.constant.day.slalang")]
    assert ("09:00", "constant.numeric.time.slalang") in hours
    assert ("2026-12-24", "constant.numeric.date.slalang") in tokenize("closed 2026-12-24", grammar)
    assert tokenize("sla_level_names", grammar) == [("sla_level_names", "variable.other.slalang")]


def test_the_manifest_contributes_what_exists():
    manifest = _json("package.json")
    for key in ("name", "displayName", "description", "version", "publisher", "engines", "main", "license"):
        assert manifest.get(key), key
    assert (EXTENSION / manifest["main"]).is_file()
    [language] = manifest["contributes"]["languages"]
    assert language["id"] == "slalang" and language["extensions"] == [".sla"]
    assert (EXTENSION / language["configuration"]).is_file()
    [grammar] = manifest["contributes"]["grammars"]
    assert grammar["language"] == "slalang"
    assert (EXTENSION / grammar["path"]).resolve() == GRAMMAR_FILE
    assert json.loads(GRAMMAR_FILE.read_text())["scopeName"] == grammar["scopeName"]
    assert "vscode-languageclient" in manifest["dependencies"]
    settings = manifest["contributes"]["configuration"]["properties"]
    assert settings["slalang.server.command"]["default"] == "slalang"
    assert (EXTENSION / "package-lock.json").is_file()  # packaging installs exactly these versions
    assert re.fullmatch(r"\d+\.\d+\.\d+", manifest["version"])


def test_the_language_configuration_matches_the_language():
    config = _json("language-configuration.json")
    assert config["comments"] == {"lineComment": "#"}
    assert ["{", "}"] in config["brackets"]
    word = re.compile(config["wordPattern"])
    assert word.fullmatch("first_response") and word.fullmatch("1h30m") and word.fullmatch("95%")
    increase = re.compile(config["indentationRules"]["increaseIndentPattern"])
    assert increase.match("sla gold {") and not increase.match("sla gold { first_response within 1h }")


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed: the client's syntax is not checked")
def test_the_client_is_valid_javascript_that_starts_slalang_lsp():
    subprocess.run(["node", "--check", str(EXTENSION / "extension.js")], check=True, timeout=60)
    source = (EXTENSION / "extension.js").read_text()
    assert 'args = ["lsp"' in source and "TransportKind.stdio" in source
