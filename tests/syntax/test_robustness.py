"""Bad input gives located `syntax` diagnostics: never an exception, never a hang."""

from __future__ import annotations

import itertools
import random
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang.syntax import MAX_SYNTAX_ERRORS, decode_source, parse

from .helpers import EXAMPLES, assert_located

ACME = (EXAMPLES / "acme.sla").read_text()
CALENDARS = (EXAMPLES / "calendars.sla").read_text()
TOKEN = re.compile(r'"[^"\n]*"|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9A-Za-z.:%-]*|->|==|!=|<=|>=|#[^\n]*|\S')


def check(text: str, path: str = "t.sla") -> None:
    """Parsing ``text`` either succeeds cleanly or fails with located syntax errors only."""
    file, diagnostics = parse(text, path)
    if file is None:
        assert diagnostics, "no File and no diagnostic"
        assert len(diagnostics) <= MAX_SYNTAX_ERRORS + 5
        assert_located(diagnostics, text, path)
    else:
        assert diagnostics == []


def tokens(text: str) -> list[re.Match]:
    return list(TOKEN.finditer(text))


def test_every_truncation_of_a_calendar_file():
    for end in range(len(CALENDARS) + 1):
        check(CALENDARS[:end])


def test_truncations_of_the_acme_policy():
    for end in range(0, len(ACME) + 1, 3):
        check(ACME[:end])


def test_every_token_deleted():
    for m in tokens(ACME):
        check(ACME[: m.start()] + ACME[m.end() :])


def test_every_pair_of_adjacent_tokens_swapped():
    found = tokens(ACME)
    for a, b in itertools.pairwise(found):
        check(ACME[: a.start()] + b.group() + ACME[a.end() : b.start()] + a.group() + ACME[b.end() :])


def test_every_token_duplicated_in_the_calendars():
    for m in tokens(CALENDARS):
        check(CALENDARS[: m.end()] + " " + m.group() + CALENDARS[m.end() :])


FRAGMENTS = [m.group() for m in tokens(ACME + CALENDARS)] + [
    "\n",
    " ",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    "-",
    "+",
    "%",
    "=",
    "!",
    "<",
    ">",
    '"',
    "#",
    "\\",
    "1h30m",
    "30m1h",
    "0m",
    "25:00",
    "2026-02-30",
    "101%",
    "-5",
    "1.5",
    "mon-fri",
    "monday",
    "é",
    "\t",
    "\r\n",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_random_sequences_of_language_fragments(parts):
    check(" ".join(parts))
    check("".join(parts))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_unicode_text(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_through_the_reader(data):
    text, diagnostics = decode_source(data, "t.sla")
    if text is None:
        assert_located(diagnostics, data.decode("utf-8", errors="replace"), "t.sla")
    else:
        check(text)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(ACME) - 1), st.binary(min_size=1, max_size=8), st.integers(0, 2**32))
def test_random_bytes_spliced_into_the_policy(position, junk, seed):
    data = ACME.encode()
    data = data[:position] + junk + data[position + random.Random(seed).randint(0, 5) :]
    text, diagnostics = decode_source(data, "t.sla")
    if text is not None:
        check(text)
    else:
        assert diagnostics and diagnostics[0].code == "syntax"


def test_ten_thousand_nested_parentheses():
    depth = 10_000
    balanced = "segment s when " + "(" * depth + "true" + ")" * depth
    file, diagnostics = parse(balanced, "t.sla")
    assert diagnostics == [] and file is not None  # parentheses alone add no depth
    check("segment s when " + "(" * depth + "true")
    check("segment s when " + "(" * depth)
    check("segment s when " + ")" * depth)


@pytest.mark.parametrize(
    "text",
    [
        "segment s when " + "not " * 10_000 + "true",
        "segment s when " + "(not " * 10_000 + "true" + ")" * 10_000,
        "segment s when " + "(true and " * 10_000 + "true" + ")" * 10_000,
        "segment s when " + "(true or (false and " * 5_000 + "true" + "))" * 5_000,
    ],
    ids=["not", "paren-not", "and", "or-and"],
)
def test_ten_thousand_nested_operators_give_a_depth_error(text):
    file, diagnostics = parse(text, "t.sla")
    assert file is None
    assert_located(diagnostics, text)
    assert any("levels deep" in d.message for d in diagnostics)


def test_long_flat_chains_are_fine():
    text = "segment s when " + " or ".join(f"customer.x == {i}" for i in range(10_000))
    file, diagnostics = parse(text, "t.sla")
    assert diagnostics == [] and len(file.declarations[0].when.items) == 10_000


@pytest.mark.parametrize(
    "text",
    [
        "x" * 2_000_000,  # one huge word
        '"' + "a" * 2_000_000,  # an unterminated string
        "1" * 2_000_000,  # a huge number
        "segment s when customer.x == " + "9" * 100_000,  # a number too long for int()
        "sla s {\n" * 200_000,  # very many errors: reporting stops
        "# comment\n" * 50_000,
        "ola o by t within 1h\n" * 10_000 + "}",
    ],
    ids=["word", "string", "digits", "long-int", "many-errors", "comments", "late-error"],
)
def test_large_pathological_inputs_finish_quickly(text):
    t0 = time.perf_counter()
    check(text)
    assert time.perf_counter() - t0 < 10


def test_a_ten_megabyte_file_is_refused_by_the_reader(tmp_path):
    from slalang.syntax import read_source

    big = tmp_path / "big.sla"
    line = b"ola triage by tier1 within 30m\n"
    big.write_bytes(line * (10 * 1024 * 1024 // len(line) + 1))
    t0 = time.perf_counter()
    text, diagnostics = read_source(str(big))
    assert time.perf_counter() - t0 < 2
    assert text is None
    (d,) = diagnostics
    assert d.code == "syntax" and d.message == "file is 10.0 MiB; the limit is 8 MiB"
    assert "SLALANG_MAX_FILE_BYTES" in d.help
    assert d.span.file == str(big) and d.help


def test_a_declaration_longer_than_its_bound_is_an_error_and_the_next_one_is_read(monkeypatch):
    from slalang.limits import MAX_DECLARATION_TOKENS

    monkeypatch.setenv(MAX_DECLARATION_TOKENS.env, "1000")
    text = "priorities " + " > ".join(f"p{n}" for n in range(2000)) + "\nsla s { first_response within 4h }\nsla {\n"
    file, diagnostics = parse(text, "t.sla")
    assert file is None
    first, second = diagnostics
    assert first.message == "this declaration is longer than 1000 tokens" and first.span.line == 1
    assert MAX_DECLARATION_TOKENS.env in first.help
    assert second.span.line == 3  # parsing went on at the next declaration


def test_a_file_of_more_tokens_than_its_bound_stops_there(monkeypatch):
    from slalang.limits import MAX_TOKENS

    monkeypatch.setenv(MAX_TOKENS.env, "5000")
    text = "sla s { first_response within 4h }\n" * 2000
    file, diagnostics = parse(text, "t.sla")
    assert file is None
    (d,) = diagnostics
    assert d.message == "the file holds more than 5000 tokens; the rest of it was not read"
    assert d.span.line == 715 and MAX_TOKENS.env in d.help  # 7 tokens a line: the 5001st is on line 715


@pytest.mark.parametrize(
    "unit",
    ["(", "not ", " and true", "a > ", "1, ", "first_response within 1m\n", "x "],
    ids=["parens", "not", "and", "priorities", "list", "items", "names"],
)
def test_a_long_run_of_one_token_costs_one_declaration_at_most(unit):
    """Whatever repeats, the parser holds at most one declaration's tokens (100,000)."""
    heads = {"a > ": "priorities a > ", "1, ": "segment s when ticket.a in [", "first_response within 1m\n": "sla x {\n",
             " and true": "segment s when true", "not ": "segment s when ", "(": "segment s when "}
    text = heads.get(unit, "") + unit * (600_000 // len(unit))
    t0 = time.perf_counter()
    file, diagnostics = parse(text, "t.sla")
    assert time.perf_counter() - t0 < 20
    assert file is None and 1 <= len(diagnostics) <= MAX_SYNTAX_ERRORS + 1
    assert_located(diagnostics, text)
