"""The one YAML reader of scenarios and test files: plain data, every value located, and a
located YamlError (never a traceback, never a runaway) for anything else."""

from __future__ import annotations

import os
import time

import pytest

from slalang.limits import MAX_YAML_BYTES, MAX_YAML_VALUES
from slalang.located_yaml import YamlError, format_path, read_yaml, read_yaml_file


def laughs(levels: int, fan: int = 9) -> str:
    """The "billion laughs": each level an anchored list of ``fan`` aliases of the one before."""
    lines = ['l0: &l0 ["lol"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * fan) + "]")
    return "\n".join(lines) + "\n"


def error_of(text: str, **options) -> YamlError:
    with pytest.raises(YamlError) as caught:
        read_yaml(text, **options)
    return caught.value


def test_values_and_their_places() -> None:
    data, where = read_yaml("start: 2026-01-05T00:00:00+01:00\narrivals:\n  - {rate: 3/day, n: 2}\n")
    assert data == {"start": "2026-01-05T00:00:00+01:00", "arrivals": [{"rate": "3/day", "n": 2}]}
    assert where.of_value(("arrivals", 0, "rate"))[:2] == (3, 12)
    assert where.of_key(("arrivals", 0, "n"))[:2] == (3, 19)
    assert where.of_value(("arrivals", 0, "missing"))[:2] == (3, 5)  # the nearest written ancestor
    assert format_path(("arrivals", 0, "rate")) == "arrivals[0].rate" and format_path(()) == "(top level)"


def test_aliases_and_merge_keys_are_allowed() -> None:
    text = "base: &b {team: tier1, n: 1}\nwork:\n  a: *b\n  b: {<<: *b, n: 2}\n"
    data, where = read_yaml(text)
    assert data["work"] == {"a": {"team": "tier1", "n": 1}, "b": {"team": "tier1", "n": 2}}
    assert where.of_value(("work", "b", "n"))[:2] == (4, 18)  # the key written here wins over the merged one
    assert "`n` is given twice" in error_of("a: {<<: {n: 1}, n: 2, n: 3}\n").message


def test_billion_laughs_is_a_located_error_within_the_bound_and_quickly() -> None:
    started = time.monotonic()
    problem = error_of(laughs(9))  # 9**9 = 387 million values if expanded
    assert time.monotonic() - started < 10
    assert f"more than {MAX_YAML_VALUES.default} values" in str(problem)
    assert "aliases" in str(problem) and MAX_YAML_VALUES.env in problem.hint
    assert problem.line == 1  # the value being repeated


def test_a_small_expansion_is_fine_and_the_bound_can_be_raised(monkeypatch) -> None:
    data, _ = read_yaml(laughs(3))  # 729 values
    assert len(data["l3"]) == 9 and data["l3"][0][0][0] == ["lol"]
    monkeypatch.setenv(MAX_YAML_VALUES.env, "100")
    assert "more than 100 values" in str(error_of(laughs(3)))


def test_a_recursive_alias_is_a_located_error() -> None:
    problem = error_of("a: &a [1, *a]\n")
    assert "nests more than" in str(problem) and problem.line == 1


@pytest.mark.parametrize(
    ("text", "tag", "line", "column"),
    [
        ("staffing: !!set {tier1, tier2}\n", "!!set", 1, 11),
        ("start: !!binary aGVsbG8=\n", "!!binary", 1, 8),
        ("start: !!timestamp 2026-01-05T00:00:00Z\n", "!!timestamp", 1, 8),
        ("work: !!omap [{a: 1}]\n", "!!omap", 1, 7),
        ("work: !!pairs [{a: 1}]\n", "!!pairs", 1, 7),
        ("seed:\n  - !custom 3\n", "!custom", 2, 5),
        ("x: !!python/object:os.system {}\n", "!!python/object:os.system", 1, 4),
        ("? !!binary aGk=\n: 1\n", "!!binary", 1, 3),
    ],
)
def test_type_tags_that_json_cannot_hold_are_located_errors(text: str, tag: str, line: int, column: int) -> None:
    problem = error_of(text)
    assert f"the tag {tag} " in problem.message and "is not allowed" in problem.message
    assert (problem.line, problem.column) == (line, column)
    assert problem.hint == f"remove {tag} and write the value plainly"


def test_json_like_tags_are_fine_and_timestamps_stay_text() -> None:
    data, _ = read_yaml("a: !!str 12\nb: !!int '7'\nc: !!float 1\nd: 2026-01-05\ne: !!null ''\nf: !!map {x: 1}\n")
    assert data == {"a": "12", "b": 7, "c": 1.0, "d": "2026-01-05", "e": None, "f": {"x": 1}}


@pytest.mark.parametrize(
    ("text", "words", "line", "column"),
    [
        ("seed: 7\nseed: 8\n", "`seed` is given twice (first written on line 1)", 2, 1),
        ("on: 1\n", "a key must be text, not a boolean True", 1, 1),
        ("[1]: 2\n", "a key must be text, not a list or a mapping", 1, 1),
        ("a: [1,\n", "not valid YAML", 2, 1),
        ("a: \x1d\n", "not valid YAML: special characters are not allowed (U+001D)", 1, 4),
        ("a: " + "9" * 5000 + "\n", "cannot read this value", 1, 4),
        ("a: " + "[" * 70 + "]" * 70 + "\n", "nests more than 64 levels deep", 1, 68),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nests more than 64 levels deep", 1, 68),  # was a RecursionError
        ("- " * 5000 + "x\n", "nests more than 64 levels deep", 1, 131),
    ],
)
def test_other_problems_are_located(text: str, words: str, line: int, column: int) -> None:
    problem = error_of(text)
    assert words in problem.message
    assert (problem.line, problem.column) == (line, column)


def test_aliases_can_be_refused() -> None:
    assert read_yaml("a: &x 1\n", allow_aliases=False)[0] == {"a": 1}  # an unused anchor is harmless
    problem = error_of("a: &x [1]\nb: *x\n", allow_aliases=False)
    assert "anchors and aliases" in problem.message and (problem.line, problem.column) == (1, 4)


def test_files_are_read_within_their_size_bound(tmp_path, monkeypatch) -> None:
    good = tmp_path / "s.yaml"
    good.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_yaml_file(str(good))[:1] == ({"a": 1},)
    monkeypatch.setenv(MAX_YAML_BYTES.env, "10")
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 100 + "\n")
    with pytest.raises(YamlError, match="larger than 10 bytes"):
        read_yaml_file(str(big))
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(YamlError, match="not valid UTF-8") as caught:
        read_yaml_file(str(bad))
    assert (caught.value.line, caught.value.column) == (2, 4)
    with pytest.raises(YamlError, match="not a regular file"):
        read_yaml_file(str(tmp_path))
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.yaml"
        os.mkfifo(fifo)
        with pytest.raises(YamlError, match="not a regular file"):  # would block for ever
            read_yaml_file(str(fifo))
