"""Invariants: compiling never raises, whatever the text; its result is consistent."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from slalang.compiler import compile_text
from slalang.diagnostics import has_errors, sort_diagnostics
from slalang.model_json import compiled_policy_schema, model_from_json, model_to_json

REPO = Path(__file__).resolve().parents[2]
ITDESK = Path(__file__).resolve().parents[2] / "policies" / "itdesk"


def _without_imports(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("import "))


# Whole policy sets as one text each (imports removed, files concatenated in set order).
SEEDS = [
    _without_imports((REPO / "policies/acme.sla").read_text() + "\n" + (REPO / "policies/calendars.sla").read_text()),
    _without_imports("\n".join((ITDESK / n).read_text() for n in ("calendars.sla", "itdesk.sla", "teams.sla"))),
]

# Fragments that push the compiler towards its error paths.
FRAGMENTS = [
    "25:00", "24:00", "09:00-09:00", "22:00-06:00", "0m", "0%", "101%", "600w", "2026-02-30", "2026-13-01",
    "always", "office", "segment", "priority", "priority >= urgent", "segment paying", "segment vip",
    '"Europe/Amsterdm"', '"US-XX"', '"x"', "true", "-1", "1e9", "99999999999999999999999", "and", "or", "not",
    "}", "{", "(", ")", "[", "]", ",", "->", "+", "-", ".", "#", '"', "\n", " ", "import \"a.sla\"",
    "calendar always { timezone \"UTC\" }", "sla x { resolution within 1h }", "priorities a > b > a",
    "escalate resolution with nothing", "when", "pause when", "via", "goal", "within", "é", "\t", "\x00",
]


# Token mutations keep the text parseable more often, so they reach the compiler's own checks.
TOKEN = re.compile(
    r'(?P<string>"[^"\n]*")|(?P<date>\d{4}-\d{2}-\d{2})|(?P<time>\d{1,2}:\d{2})|(?P<percent>\d+(?:\.\d+)?%)'
    r"|(?P<duration>\d+[wdhms](?:\d+[wdhms])*)|(?P<number>-?\d+(?:\.\d+)?)|(?P<name>[a-z_][a-z0-9_]*)"
)
SAME_KIND = {
    "string": ['"Europe/Amsterdm"', '"US-XX"', '"nl"', '"x"', '""', '"UTC"', '"US-CA"', '"pro"'],
    "date": ["2026-02-30", "2026-13-01", "2026-12-25", "0000-01-01"],
    "time": ["25:00", "24:00", "09:60", "00:00", "09:00", "23:59"],
    "percent": ["0%", "101%", "50%", "99999%", "100%"],
    "duration": ["0m", "600w", "1h", "30m", "1w2d", "99999999999999999999s"],
    "number": ["-1", "0", "3", "1.5", "100000"],
    "name": ["office", "ofice", "always", "vip", "paying", "urgent", "high", "p1", "p3", "tier1", "triage", "fix",
             "nothing", "first_response", "resolution", "first_reponse", "standard_chain", "mon", "fri", "status"],
}


@st.composite
def token_mutated(draw) -> str:
    text = draw(st.sampled_from(SEEDS))
    tokens = list(TOKEN.finditer(text))
    for _ in range(draw(st.integers(1, 3))):
        token = tokens[draw(st.integers(0, len(tokens) - 1))]
        piece = draw(st.sampled_from(SAME_KIND[token.lastgroup]))
        text = text[: token.start()] + piece + text[token.end() :]
        tokens = list(TOKEN.finditer(text))
    return text


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        action = draw(st.sampled_from(["delete", "replace", "insert", "duplicate"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            piece = draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)))
            text = text[:start] + piece + (text[end:] if action == "replace" else text[start:])
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated(), token_mutated(), token_mutated()))
def test_compile_never_raises_and_reports_consistently(text: str) -> None:
    result = compile_text(text, "mutant.sla")
    assert result.diagnostics == sort_diagnostics(result.diagnostics)
    assert (result.model is None) == has_errors(result.diagnostics)
    line_count = text.count("\n") + 1
    for d in result.diagnostics:
        assert d.span.file == "mutant.sla"
        assert 1 <= d.span.line <= d.span.end_line <= line_count + 1
        assert d.message and d.code
    if result.model is not None:
        data = model_to_json(result.model)
        Draft202012Validator(compiled_policy_schema()).validate(data)
        assert model_from_json(data) == result.model


def test_comments_and_blank_lines_do_not_change_the_model() -> None:
    for seed in SEEDS:
        noisy = "\n\n".join(line + "   # noise" if '"' not in line and "#" not in line else line for line in seed.splitlines())
        a, b = compile_text(seed, "a.sla"), compile_text(noisy, "b.sla")
        assert a.diagnostics == [] and b.diagnostics == []
        assert a.model == b.model
