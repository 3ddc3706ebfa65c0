"""`slalang check`'s result cache: a second run of the same content answers without checking,
byte for byte as a fresh run; any change to what the findings depend on checks again."""

from __future__ import annotations

import os
import pickle
import shutil
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang.analysis import result_cache
from slalang.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]

WARNS = """\
priorities urgent > normal
calendar spare {
    timezone "UTC"
    hours mon-fri 09:00-17:00
}
sla urgent { when priority urgent  first_response within 1h }
sla normal {
    when priority normal
    first_response within 8h
}
"""

SHADOWED = """\
priorities urgent > normal
sla everyone { first_response within 8h }
sla urgent {
    when priority urgent
    first_response within 1h
}
"""


@pytest.fixture
def runs(monkeypatch):
    """How many checks really ran (the others were answered from the cache)."""
    count = {"runs": 0}
    real = result_cache.run_check

    def counting(options):
        count["runs"] += 1
        return real(options)

    monkeypatch.setattr(result_cache, "run_check", counting)
    return count


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(result_cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home / "slalang" / "check"


@pytest.fixture
def workdir(tmp_path, monkeypatch, cache_home):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / "slalang.toml").write_text('reference-date = "2026-01-01"\n')
    return work


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["check", *args], input=stdin, catch_exceptions=False)


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def test_every_format_is_byte_identical_from_the_cache(tmp_path, monkeypatch, cache_home, runs):
    # The Acme example (3 policy sets, imports, findings of every severity), as a user checks it.
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    monkeypatch.chdir(tmp_path)
    variants = [(), ("--format", "json"), ("--format", "sarif"), ("--format", "github"),
                ("--statistics",), ("--statistics", "--format", "json"), ("--strict",), ("--exit-zero",)]
    for variant in variants:
        cold = CliRunner().invoke(cli, ["check", "policies/", "--no-cache", *variant], catch_exceptions=False)
        before = runs["runs"]
        first = run("policies/", *variant)
        second = run("policies/", *variant)
        assert (second.output, second.exit_code) == (first.output, first.exit_code) == (cold.output, cold.exit_code)
        assert runs["runs"] - before <= 1, variant  # the second run (at least) came from the cache
    # Besides the --no-cache runs, one stored outcome serves every output format; --strict (a
    # different exit status) has its own.
    assert runs["runs"] == len(variants) + 2
    assert sorted(p.suffix for p in cache_home.iterdir()) == [".pickle", ".pickle"]


def test_output_file_from_the_cache(workdir, runs):
    write(workdir, "p.sla", SHADOWED)
    run("p.sla", "--output-file", "a.txt", "--format", "sarif")
    run("p.sla", "--output-file", "b.txt", "--format", "sarif")
    assert runs["runs"] == 1
    assert (workdir / "a.txt").read_bytes() == (workdir / "b.txt").read_bytes()


def test_an_edit_is_checked_even_with_the_same_size_and_time(workdir, runs):
    path = write(workdir, "p.sla", WARNS)
    assert run("p.sla").exit_code == 0
    stat = path.stat()
    path.write_text(WARNS.replace("when priority normal", "when priority urgent"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    result = run("p.sla")
    assert runs["runs"] == 2
    assert result.exit_code == 1 and "error[shadowed-sla]" in result.output


def test_a_new_file_in_a_directory_is_checked(workdir, runs):
    write(workdir, "set/a.sla", WARNS)
    first = run("set")
    write(workdir, "set/sub/b.sla", "sla extra { first_response within 2h }\n")
    second = run("set")
    assert runs["runs"] == 2 and first.output != second.output
    (workdir / "set/sub/b.sla").unlink()
    assert run("set").output == first.output and runs["runs"] == 3  # the listing changed back: checked


def test_an_imported_file_is_part_of_the_key(workdir, runs):
    write(workdir, "main.sla", 'import "lib/hours.sla"\nsla all { calendar office  first_response within 4h }\n')
    hours = write(workdir, "lib/hours.sla", 'calendar office {\n    timezone "UTC"\n    hours mon-fri 09:00-17:00\n}\n')
    assert run("main.sla").exit_code == 0
    assert run("main.sla").exit_code == 0
    assert runs["runs"] == 1
    hours.write_text('calendar office {\n    timezone "Mars/Base"\n    hours mon-fri 09:00-17:00\n}\n')
    changed = run("main.sla")
    assert runs["runs"] == 2 and changed.exit_code == 1 and "lib/hours.sla:2" in changed.output


def test_configuration_options_and_baseline_are_part_of_the_key(workdir, runs):
    write(workdir, "p.sla", WARNS)
    plain = run("p.sla", "--format", "json")
    (workdir / "slalang.toml").write_text('reference-date = "2026-01-01"\nskip = ["coverage-gap"]\n')
    skipped = run("p.sla", "--format", "json")
    assert runs["runs"] == 2 and "coverage-gap" in plain.output and "coverage-gap" not in skipped.output
    assert "unused-definition" not in run("p.sla", "--format", "json", "--ignore", "unused-definition").output
    assert runs["runs"] == 3
    run("p.sla", "--write-baseline", "base.json")  # writing a baseline always runs
    assert runs["runs"] == 4
    assert run("p.sla", "--baseline", "base.json").output == run("p.sla", "--baseline", "base.json").output
    assert runs["runs"] == 5
    (workdir / "base.json").write_text('{"version": 1, "findings": []}\n')
    assert "unused-definition" in run("p.sla", "--baseline", "base.json").output
    assert runs["runs"] == 6


def test_standard_input_is_keyed_by_its_text(workdir, runs):
    first = run("-", "--stdin-filename", "p.sla", stdin=WARNS)
    again = run("-", "--stdin-filename", "p.sla", stdin=WARNS)
    other = run("-", "--stdin-filename", "p.sla", stdin=SHADOWED)
    assert runs["runs"] == 2
    assert first.output == again.output != other.output and other.exit_code == 1


def test_standard_input_in_place_of_a_file_is_keyed_by_the_files_it_imports(workdir, runs):
    # An editor's unsaved buffer: the text comes from standard input, its imports from disk.
    main = 'import "hours.sla"\nsla all { calendar office  first_response within 4h }\n'
    write(workdir, "main.sla", main)
    hours = write(workdir, "hours.sla", 'calendar office {\n    timezone "UTC"\n    hours mon-fri 09:00-17:00\n}\n')
    first = run("-", "--stdin-filename", "main.sla", stdin=main)
    assert run("-", "--stdin-filename", "main.sla", stdin=main).output == first.output and runs["runs"] == 1
    hours.write_text('calendar office {\n    timezone "Mars/Base"\n    hours mon-fri 09:00-17:00\n}\n')
    changed = run("-", "--stdin-filename", "main.sla", stdin=main)
    assert runs["runs"] == 2 and changed.exit_code == 1 and "hours.sla:2" in changed.output


def test_no_cache_flag_and_environment_variable(workdir, runs, monkeypatch, cache_home):
    write(workdir, "p.sla", WARNS)
    run("p.sla", "--no-cache")
    run("p.sla", "--no-cache")
    assert runs["runs"] == 2 and not cache_home.exists()
    monkeypatch.setenv(result_cache.NO_CACHE_ENV, "1")
    run("p.sla")
    run("p.sla")
    assert runs["runs"] == 4 and not cache_home.exists()
    monkeypatch.setenv(result_cache.NO_CACHE_ENV, "0")
    run("p.sla")
    run("p.sla")
    assert runs["runs"] == 5


def test_a_run_with_an_import_error_is_not_kept(workdir, runs, cache_home):
    write(workdir, "p.sla", 'import "missing.sla"\nsla all { first_response within 4h }\n')
    assert run("p.sla").exit_code == 1
    write(workdir, "missing.sla", "calendar c {\n    timezone \"UTC\"\n    hours mon-fri 09:00-17:00\n}\n")
    result = run("p.sla")
    assert runs["runs"] == 2 and "import-error" not in result.output


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95", pickle.dumps({"format": 1}),
                                     pickle.dumps(["a", "list"]), pickle.dumps(Path("/"))])
def test_a_corrupt_entry_is_ignored_and_replaced(workdir, runs, cache_home, garbage):
    write(workdir, "p.sla", SHADOWED)
    cold = run("p.sla", "--format", "json")
    (entry,) = cache_home.iterdir()
    entry.write_bytes(garbage)
    damaged = run("p.sla", "--format", "json")
    assert (damaged.output, damaged.exit_code) == (cold.output, cold.exit_code)
    assert runs["runs"] == 2
    assert run("p.sla", "--format", "json").output == cold.output and runs["runs"] == 2  # rewritten


def test_an_entry_whose_content_changed_underneath_is_a_miss(workdir, runs, cache_home):
    # An entry of the same slot holds the digest of other content: it is not used.
    write(workdir, "p.sla", SHADOWED)
    run("p.sla")
    (entry,) = cache_home.iterdir()
    stored = pickle.loads(entry.read_bytes())
    stored["inputs"] = "0" * 64
    entry.write_bytes(pickle.dumps(stored))
    assert run("p.sla").exit_code == 1 and runs["runs"] == 2


def test_no_writable_cache_folder_means_no_cache(workdir, runs, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the folder cannot be created below a file
    write(workdir, "p.sla", SHADOWED)
    assert run("p.sla").exit_code == 1 and run("p.sla").exit_code == 1
    assert runs["runs"] == 2


def test_writes_are_atomic_and_leave_no_temporary_files(workdir, runs, cache_home, monkeypatch):
    write(workdir, "p.sla", SHADOWED)
    run("p.sla")
    (entry,) = cache_home.iterdir()
    original = entry.read_bytes()

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    write(workdir, "p.sla", SHADOWED + "# a comment\n")
    monkeypatch.setattr(result_cache.os, "replace", broken)
    assert run("p.sla").exit_code == 1  # the run's answer stands when the cache cannot be written
    assert [p.name for p in cache_home.iterdir()] == [entry.name] and entry.read_bytes() == original


def test_entries_unused_for_30_days_are_removed(workdir, runs, cache_home):
    write(workdir, "p.sla", SHADOWED)
    run("p.sla")
    old = cache_home / "0123.pickle"
    old.write_bytes(b"old")
    stale = time.time() - result_cache.KEEP_UNUSED_S - 60
    os.utime(old, (stale, stale))
    write(workdir, "q.sla", WARNS)
    run("q.sla")
    assert not old.exists() and len(list(cache_home.iterdir())) == 2


def test_the_date_is_part_of_the_key(workdir, runs, monkeypatch):
    # The reference date defaults to today, so yesterday's findings are not today's.
    (workdir / "slalang.toml").unlink()
    write(workdir, "p.sla", WARNS)
    run("p.sla")

    monkeypatch.setattr(result_cache, "_today_utc", lambda: "2999-01-01")
    run("p.sla")
    assert runs["runs"] == 2


@pytest.mark.parametrize("edited", ["p.sla", "slalang.toml"])
def test_a_file_edited_while_it_is_checked_is_not_kept(workdir, runs, monkeypatch, cache_home, edited):
    # The findings of the text the run read must not be stored under the digest of another.
    write(workdir, "p.sla", WARNS)
    real = result_cache.run_check

    def edit_during_the_run(options):
        outcome = real(options)
        (workdir / edited).write_text(SHADOWED if edited == "p.sla" else 'reference-date = "2027-01-01"\n')
        return outcome

    monkeypatch.setattr(result_cache, "run_check", edit_during_the_run)
    run("p.sla")
    assert not cache_home.exists() or list(cache_home.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is checked the POSIX way")
def test_an_entry_others_could_have_written_is_not_read(workdir, runs, cache_home):
    write(workdir, "p.sla", SHADOWED)
    run("p.sla")
    (entry,) = cache_home.iterdir()
    entry.chmod(0o666)  # anyone may write it: it could be anyone's pickle
    assert run("p.sla").exit_code == 1 and runs["runs"] == 2
    entry.chmod(0o600)
    cache_home.chmod(0o777)
    assert run("p.sla").exit_code == 1 and runs["runs"] == 3
    cache_home.chmod(0o700)
    assert run("p.sla").exit_code == 1 and runs["runs"] == 3
