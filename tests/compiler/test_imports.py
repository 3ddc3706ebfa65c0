"""Imports: relative, confined to the policy root (also through symlinks), cycles, order."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from slalang.compiler import compile_paths, compile_text

from .helpers import errors, only_error, underlined

# --- an audit hook proves which paths the compiler opens or lists -------------------------

_OPENED: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _OPENED is not None and event in ("open", "os.listdir", "os.scandir") and args:
        path = args[0]
        if isinstance(path, (str, bytes, os.PathLike)):
            _OPENED.append(os.path.abspath(os.fsdecode(path)))


sys.addaudithook(_audit)


@pytest.fixture
def opened():
    """The absolute paths opened or listed while the test runs."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A policy root ``root/`` with a secret file beside it; the working directory is tmp_path."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "outside" / "secret.sla", 'calendar secret { timezone "UTC" }\n')
    (tmp_path / "root").mkdir()
    return tmp_path


def assert_never_left(opened: list[str], root: Path) -> None:
    real_root = os.path.realpath(root)
    outside = [p for p in opened if not os.path.realpath(p).startswith(real_root + os.sep) and os.path.realpath(p) != real_root]
    assert outside == []


def test_cycle_is_reported_with_its_path(tree: Path) -> None:
    write(tree / "root/a.sla", 'import "b.sla"\nsla a { resolution within 1h }\n')
    write(tree / "root/b.sla", 'import "a.sla"\n')
    result = compile_paths(["root/a.sla"])
    d = only_error(result)
    assert d.code == "import-error"
    assert d.message == "import cycle: root/a.sla -> root/b.sla -> root/a.sla"
    assert d.span.file == "root/b.sla"
    assert underlined(result, d) == '"a.sla"'
    assert "remove one of these imports" in d.help


def test_self_import_is_a_cycle(tree: Path) -> None:
    write(tree / "root/a.sla", 'import "a.sla"\n')
    d = only_error(compile_paths(["root/a.sla"]))
    assert d.message == "import cycle: root/a.sla -> root/a.sla"


def test_absolute_import_is_refused_without_reading(tree: Path, opened: list[str]) -> None:
    write(tree / "root/a.sla", 'import "/etc/passwd"\n')
    result = compile_paths(["root/a.sla"])
    d = only_error(result)
    assert d.code == "import-error"
    assert "import path `/etc/passwd` is absolute" in d.message
    assert underlined(result, d) == '"/etc/passwd"'
    assert "relative to `root/a.sla`" in d.help
    assert_never_left(opened, tree / "root")


def test_parent_escape_is_refused_without_reading(tree: Path, opened: list[str]) -> None:
    write(tree / "root/sub/a.sla", 'import "../../outside/secret.sla"\n')
    result = compile_paths(["root"])
    d = only_error(result)
    assert d.code == "import-error"
    assert d.message == "import `../../outside/secret.sla` leaves the policy root `root`"
    assert underlined(result, d) == '"../../outside/secret.sla"'
    assert "compile a directory that holds both" in d.help
    assert_never_left(opened, tree / "root")


def test_parent_path_inside_the_root_is_fine(tree: Path) -> None:
    write(tree / "root/common.sla", 'calendar shared { timezone "UTC" }\n')
    write(tree / "root/sub/a.sla", 'import "../common.sla"\nsla a { calendar shared resolution within 1h }\n')
    result = compile_paths(["root"])
    assert errors(result) == []
    assert result.model.files == ("root/common.sla", "root/sub/a.sla")


def test_file_root_is_its_own_directory_unless_given(tree: Path) -> None:
    write(tree / "root/common.sla", 'calendar shared { timezone "UTC" }\n')
    write(tree / "root/sub/a.sla", 'import "../common.sla"\nsla a { calendar shared resolution within 1h }\n')
    assert "leaves the policy root `root/sub`" in only_error(compile_paths(["root/sub/a.sla"])).message
    result = compile_paths(["root/sub/a.sla"], root="root")
    assert errors(result) == []


def test_symlink_out_of_the_root_is_refused_without_reading(tree: Path, opened: list[str]) -> None:
    os.symlink(tree / "outside" / "secret.sla", tree / "root" / "link.sla")
    write(tree / "root/a.sla", 'import "link.sla"\n')
    result = compile_paths(["root/a.sla"])
    d = only_error(result)
    assert d.code == "import-error"
    assert d.message == "import `link.sla` follows a symlink out of the policy root `root`"
    assert underlined(result, d) == '"link.sla"'
    assert "copy the file" in d.help
    assert_never_left(opened, tree / "root")


def test_symlinked_directory_out_of_the_root_is_refused(tree: Path, opened: list[str]) -> None:
    os.symlink(tree / "outside", tree / "root" / "shared")
    write(tree / "root/a.sla", 'import "shared/secret.sla"\n')
    d = only_error(compile_paths(["root/a.sla"]))
    assert "follows a symlink out of the policy root" in d.message
    assert_never_left(opened, tree / "root")


def test_directory_walk_does_not_read_symlinks_out_of_the_root(tree: Path, opened: list[str]) -> None:
    os.symlink(tree / "outside" / "secret.sla", tree / "root" / "link.sla")
    write(tree / "root/a.sla", "sla a { resolution within 1h }\n")
    d = only_error(compile_paths(["root"]))
    assert d.code == "import-error"
    assert d.message.startswith("`root/link.sla` is a symlink that leads out of the policy root `root`")
    assert_never_left(opened, tree / "root")


def test_symlink_inside_the_root_is_one_file(tree: Path) -> None:
    write(tree / "root/cal.sla", 'calendar shared { timezone "UTC" }\n')
    os.symlink(tree / "root" / "cal.sla", tree / "root" / "alias.sla")
    write(tree / "root/a.sla", 'import "alias.sla"\nimport "cal.sla"\nsla a { calendar shared resolution within 1h }\n')
    result = compile_paths(["root/a.sla"])
    assert errors(result) == []
    assert list(result.model.calendars) == ["always", "shared"]


def test_missing_import_suggests_a_close_file(tree: Path) -> None:
    write(tree / "root/calendars.sla", 'calendar shared { timezone "UTC" }\n')
    write(tree / "root/a.sla", 'import "calendar.sla"\n')
    result = compile_paths(["root/a.sla"])
    d = only_error(result)
    assert d.code == "import-error"
    assert d.message == "import `calendar.sla`: no such file `root/calendar.sla`"
    assert underlined(result, d) == '"calendar.sla"'
    assert d.help == 'did you mean `import "calendars.sla"`?'


def test_missing_import_without_a_close_file(tree: Path) -> None:
    write(tree / "root/a.sla", 'import "zzz.sla"\n')
    d = only_error(compile_paths(["root/a.sla"]))
    assert d.help == "the path is relative to the directory of `root/a.sla`"


def test_importing_a_directory(tree: Path) -> None:
    write(tree / "root/shared/x.sla", "")
    write(tree / "root/a.sla", 'import "shared"\n')
    result = compile_paths(["root/a.sla"])
    d = only_error(result)
    assert d.message == "import `shared` names a directory, not a policy file"
    assert underlined(result, d) == '"shared"'
    assert 'import "shared/name.sla"' in d.help


def test_importing_a_file_that_is_not_a_policy(tree: Path) -> None:
    write(tree / "root/notes.txt", "hello\n")
    write(tree / "root/a.sla", 'import "notes.txt"\n')
    d = only_error(compile_paths(["root/a.sla"]))
    assert d.message == "import `notes.txt` is not a policy file (policy files end in `.sla`)"
    assert "rename the file" in d.help


def test_every_bad_import_of_the_set_is_reported(tree: Path) -> None:
    write(tree / "root/a.sla", 'import "/etc/passwd"\nimport "missing.sla"\n')
    write(tree / "root/b.sla", 'import "../x.sla"\n')
    result = compile_paths(["root"])
    assert [(d.span.file, d.span.line) for d in errors(result)] == [("root/a.sla", 1), ("root/a.sla", 2), ("root/b.sla", 1)]


def test_syntax_errors_in_several_files_are_all_reported(tree: Path) -> None:
    write(tree / "root/a.sla", "sla a { resolution within }\n")
    write(tree / "root/b.sla", 'import "c.sla"\n')
    write(tree / "root/c.sla", "calendar { }\n")
    result = compile_paths(["root"])
    assert {d.span.file for d in errors(result)} == {"root/a.sla", "root/c.sla"}
    assert all(d.code == "syntax" for d in errors(result))


def test_a_file_imported_twice_counts_once(tree: Path) -> None:
    write(tree / "root/shared.sla", 'calendar shared { timezone "UTC" }\n')
    write(tree / "root/a.sla", 'import "shared.sla"\nsla a { calendar shared resolution within 1h }\n')
    write(tree / "root/b.sla", 'import "shared.sla"\nimport "./shared.sla"\nsla b { calendar shared resolution within 2h }\n')
    result = compile_paths(["root"])
    assert errors(result) == []
    assert result.model.files == ("root/a.sla", "root/shared.sla", "root/b.sla")
    assert list(result.model.calendars) == ["always", "shared"]


def test_policy_set_order_places_imports_at_their_line(tree: Path) -> None:
    write(tree / "root/a.sla", 'sla a1 { resolution within 1h }\nimport "z.sla"\nsla a2 { resolution within 1h }\n')
    write(tree / "root/b.sla", 'sla b1 { resolution within 1h }\nimport "sub/y.sla"\n')
    write(tree / "root/sub/y.sla", "sla y1 { resolution within 1h }\n")
    write(tree / "root/z.sla", 'import "b.sla"\nsla z1 { resolution within 1h }\n')
    result = compile_paths(["root"])
    assert errors(result) == []
    # a.sla, with z.sla at its import line; z.sla places b.sla (and b's import) first.
    assert [s.name for s in result.model.slas] == ["a1", "b1", "y1", "z1", "a2"]
    assert result.model.files == ("root/a.sla", "root/z.sla", "root/b.sla", "root/sub/y.sla")


def test_directory_files_are_in_sorted_path_order(tree: Path) -> None:
    for name in ["c.sla", "a.sla", "b/x.sla", "b/a.sla", "ab.sla"]:
        stem = name.replace("/", "_").removesuffix(".sla")
        write(tree / "root" / name, f"sla s_{stem} {{ resolution within 1h }}\n")
    result = compile_paths(["root"])
    assert result.model.files == ("root/a.sla", "root/ab.sla", "root/b/a.sla", "root/b/x.sla", "root/c.sla")


def test_paths_given_in_order_form_one_set(tree: Path) -> None:
    write(tree / "root/a.sla", "sla a { resolution within 1h }\n")
    write(tree / "root/b.sla", "sla b { resolution within 1h }\n")
    result = compile_paths(["root/b.sla", "root/a.sla", "root/b.sla"])
    assert [s.name for s in result.model.slas] == ["b", "a"]


def test_missing_path_is_an_error(tree: Path) -> None:
    result = compile_paths(["root/nope.sla"])
    d = only_error(result)
    assert d.code == "import-error"
    assert d.message == "no such file or directory: `root/nope.sla`"
    assert result.model is None


def test_directory_without_policies_is_an_error(tree: Path) -> None:
    d = only_error(compile_paths(["root"]))
    assert d.message == "no policy file (`*.sla`) under `root`"


def test_path_outside_a_given_root_is_an_error(tree: Path) -> None:
    write(tree / "root/a.sla", "")
    d = only_error(compile_paths(["outside/secret.sla"], root="root"))
    assert d.message == "`outside/secret.sla` is outside the policy root `root`"


def test_text_in_memory_cannot_import() -> None:
    result = compile_text('import "calendars.sla"\n', "mem.sla")
    d = only_error(result)
    assert d.code == "import-error"
    assert "this policy text is not read from a file" in d.message
    assert "slalang.load" in d.help


def test_names_outside_the_working_directory_are_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "p" / "a.sla", "sla a { resolution within 1h }\n")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = compile_paths([str(tmp_path / "p")])
    assert result.model.files == (str(tmp_path / "p" / "a.sla"),)
    assert list(result.sources) == [str(tmp_path / "p" / "a.sla")]


BROKEN = 'calendar office { timezone "UTC" hours mon-fri 09:00-17:00 }\nsegment vip = customer.plan == "enterprise"\n'


def test_a_syntax_error_in_one_file_does_not_hide_a_misspelt_name_in_another(tmp_path: Path) -> None:
    write(tmp_path / "a.sla", BROKEN)
    write(tmp_path / "b.sla", "sla pro { calendar ofice first_response within 1h }\n")
    result = compile_paths([str(tmp_path)])
    assert [(d.code, Path(d.span.file).name, d.message) for d in result.diagnostics] == [
        ("syntax", "a.sla", "unexpected `=`: expected `when`"),
        ("unknown-name", "b.sla", "unknown calendar `ofice`"),
    ]
    assert result.model is None


def test_a_name_the_broken_file_may_declare_is_not_reported_as_unknown(tmp_path: Path) -> None:
    # `office` is declared in a.sla, which did not parse: saying it is unknown would be a cascade
    write(tmp_path / "a.sla", BROKEN)
    write(tmp_path / "b.sla", "sla pro { calendar office first_response within 1h }\n")
    result = compile_paths([str(tmp_path)])
    assert [d.code for d in result.diagnostics] == ["syntax"]


def test_duplicate_names_across_files_are_reported_beside_a_syntax_error(tmp_path: Path) -> None:
    write(tmp_path / "a.sla", BROKEN)
    write(tmp_path / "b.sla", "sla pro { first_response within 1h }\n")
    write(tmp_path / "c.sla", "sla pro { first_response within 2h }\n")
    result = compile_paths([str(tmp_path)])
    assert sorted(d.code for d in result.diagnostics) == ["duplicate-name", "syntax"]


def test_a_missing_import_suppresses_unknown_names_it_might_have_declared(tmp_path: Path) -> None:
    main = write(tmp_path / "main.sla", 'import "gone.sla"\nsla pro { calendar office first_response within 1h }\n')
    result = compile_paths([str(main)])
    assert [d.code for d in result.diagnostics] == ["import-error"]
