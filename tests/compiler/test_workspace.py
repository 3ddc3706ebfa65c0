"""Several policy sets side by side: ``sets`` in a directory's slalang.toml."""

from __future__ import annotations

from pathlib import Path

from slalang.compiler import compile_paths
from slalang.compiler.workspace import split_policy_sets

POLICY = 'sla {name} {{ first_response within 1h }}\n'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_directory_without_sets_is_one_policy_set(tmp_path: Path) -> None:
    write(tmp_path / "a.sla", POLICY.format(name="a"))
    write(tmp_path / "slalang.toml", 'reference-date = "2026-01-01"\n')
    assert split_policy_sets(str(tmp_path)) == ([str(tmp_path)], [])


def test_sets_split_a_directory_and_each_compiles_alone(tmp_path: Path) -> None:
    write(tmp_path / "one.sla", 'policy "one"\n' + POLICY.format(name="same"))
    write(tmp_path / "two" / "two.sla", 'policy "two"\n' + POLICY.format(name="same"))
    write(tmp_path / "slalang.toml", 'sets = ["one.sla", "two"]\n')
    sets, diagnostics = split_policy_sets(str(tmp_path))
    assert diagnostics == []
    assert [Path(s).name for s in sets] == ["one.sla", "two"]
    for path in sets:  # the same SLA name in both sets is no duplicate: they are separate sets
        assert compile_paths([path]).ok


def test_a_single_set_directory_compiles_through_its_entry(tmp_path: Path) -> None:
    write(tmp_path / "only" / "p.sla", POLICY.format(name="p"))
    write(tmp_path / "stray.sla", "this is not a policy")
    write(tmp_path / "slalang.toml", 'sets = ["only"]\n')
    result = compile_paths([str(tmp_path)])
    assert result.ok and [s.name for s in result.model.slas] == ["p"]


def test_bad_entries_are_located_in_slalang_toml(tmp_path: Path) -> None:
    write(tmp_path / "slalang.toml", '# sets\nsets = [\n  "missing",\n  "../outside",\n]\n')
    sets, diagnostics = split_policy_sets(str(tmp_path))
    assert sets == []
    assert [(d.code, d.span.line) for d in diagnostics] == [("import-error", 3), ("import-error", 4)]
    assert "does not exist" in diagnostics[0].message
    assert "outside" in diagnostics[1].message and diagnostics[1].help
