"""The grammar file: strict LALR, every terminal named and described, and the fast lexer
agrees with Lark's contextual lexer."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from slalang.syntax import parse
from slalang.syntax.errors import TERMINAL_DESCRIPTIONS
from slalang.syntax.grammar import HAS_INTEREGULAR, build_parser, grammar_text
from slalang.syntax.transformer import CURRENT, ParseState

from .helpers import EXAMPLES, HERE, walk
from .strategies import policies
from .test_constructs import __file__ as constructs_file

ROOT = HERE.parent.parent


@pytest.fixture(scope="module")
def reference():
    """The grammar run by Lark itself with its contextual lexer (strict when interegular is there)."""
    return build_parser(lark_lexer=True, strict=HAS_INTEREGULAR, cache=False)


def reference_parse(lark, text: str, path: str):
    state = ParseState(path)
    token = CURRENT.set(state)
    try:
        declarations = lark.parse(text)
    finally:
        CURRENT.reset(token)
    assert state.diagnostics == []
    return declarations, state.comments


def shape(node) -> list:
    """Every node with its type and span, in a stable order (spans are not part of ==)."""
    return sorted((type(n).__name__, repr(n.span), repr(n)) for n in walk(node))


def test_shipped_grammar_is_the_repository_grammar():
    assert grammar_text() == (ROOT / "grammar" / "slalang.lark").read_text()


def test_strict_build_succeeds():
    """strict=True: no shift/reduce conflict, and no two terminals that can match the same text."""
    pytest.importorskip("interegular", reason="strict mode needs interegular (lark[interegular])")
    lark = build_parser(lark_lexer=True, strict=True, cache=False)
    assert lark.options.strict


def test_every_terminal_is_named_and_described(reference):
    names = {t.name for t in reference.terminals}
    assert not [n for n in names if n.startswith("__") or "ANON" in n]
    undescribed = names - set(TERMINAL_DESCRIPTIONS) - {"WS", "COMMENT"}
    assert not undescribed


def sample_texts() -> list[str]:
    texts = [(EXAMPLES / "acme.sla").read_text(), (EXAMPLES / "calendars.sla").read_text()]
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_check import generate
        from bench_parse import generate_policy
    finally:
        sys.path.pop(0)
    texts.append(generate_policy(40))
    texts.append(generate(60, second_wave=True))  # the shapes `check` at scale is timed on
    # every quoted policy snippet of the construct tests
    source = "\n".join(p.read_text() for p in sorted(Path(constructs_file).parent.glob("test_constructs*.py")))
    for m in re.finditer(r'one\(\s*(?:f?"""(.*?)"""|f?"((?:[^"\\\n]|\\.)*)"|\'([^\'\n]*)\')', source, re.DOTALL):
        snippet = next(g for g in m.groups() if g is not None)
        if "{text}" not in snippet and "{op}" not in snippet:
            texts.append(snippet.encode().decode("unicode_escape") if "\\" in snippet else snippet)
    return texts


def test_fast_lexer_gives_the_same_ast_and_spans_as_lark(reference):
    texts = sample_texts()
    assert len(texts) > 15
    for text in texts:
        file, diagnostics = parse(text, "t.sla")
        assert diagnostics == [], (text, diagnostics)
        declarations, comments = reference_parse(reference, text, "t.sla")
        assert tuple(declarations) == file.declarations
        assert shape(tuple(declarations)) == shape(file.declarations)
        assert comments == list(file.comments)
        assert [c.span for c in comments] == [c.span for c in file.comments]


def test_fast_lexer_and_lark_accept_and_reject_the_same_truncations(reference):
    from lark.exceptions import UnexpectedInput

    text = (EXAMPLES / "acme.sla").read_text()
    for end in range(0, len(text), 11):
        ours, _ = parse(text[:end], "t.sla")
        try:
            reference_parse(reference, text[:end], "t.sla")
            theirs = True
        except (UnexpectedInput, AssertionError):
            theirs = False
        assert (ours is not None) == theirs, text[:end]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(policies())
def test_generated_policies_parse_the_same_with_both_lexers(reference, generated):
    text, n_comments = generated
    file, diagnostics = parse(text, "t.sla")
    assert diagnostics == [], (text, diagnostics)
    assert len(file.comments) == n_comments
    declarations, comments = reference_parse(reference, text, "t.sla")
    assert tuple(declarations) == file.declarations
    assert shape(tuple(declarations)) == shape(file.declarations)
    assert [c.span for c in comments] == [c.span for c in file.comments]
