"""``slalang fmt``: in-place rewriting, --check, --diff, errors and exit codes, atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang.cli.main import cli
from slalang.fmt import files as fmt_files

REPO = Path(__file__).resolve().parents[2]
MESSY = 'priorities urgent>high\nsegment vip when customer.tags contains "vip"   # the VIPs\nsla s { when segment vip first_response within 1h }\n'
TIDY = (
    "priorities urgent > high\n"
    'segment vip when customer.tags contains "vip"  # the VIPs\n'
    "\n"
    "sla s {\n"
    "    when segment vip\n"
    "    first_response within 1h\n"
    "}\n"
)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["fmt", *args], input=input)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    path = tmp_path / "p.sla"
    path.write_text(MESSY, encoding="utf-8")
    return path


def test_rewrites_in_place_and_then_has_nothing_to_do(messy: Path) -> None:
    result = run(str(messy))
    assert result.exit_code == 0, result.output
    assert messy.read_text(encoding="utf-8") == TIDY
    assert "reformatted" in result.stderr
    again = run(str(messy))
    assert again.exit_code == 0
    assert "0 files reformatted, 1 file left unchanged" in again.stderr


def test_check_lists_files_that_would_change_and_writes_nothing(messy: Path, tmp_path: Path) -> None:
    tidy = tmp_path / "tidy.sla"
    tidy.write_text(TIDY, encoding="utf-8")
    result = run("--check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == f"would reformat {messy}\n"
    assert messy.read_text(encoding="utf-8") == MESSY
    assert run("--check", str(tidy)).exit_code == 0


def test_diff_prints_a_unified_diff_and_writes_nothing(messy: Path) -> None:
    result = run("--diff", str(messy))
    assert result.exit_code == 0
    assert f"--- {messy}\n+++ {messy} (formatted)\n" in result.stdout
    assert "\n-priorities urgent>high\n" in result.stdout
    assert "\n+priorities urgent > high\n" in result.stdout
    assert messy.read_text(encoding="utf-8") == MESSY
    assert run("--diff", "--check", str(messy)).exit_code == 1


def test_refuses_a_file_that_does_not_parse_and_shows_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sla"
    text = "sla s {\n    first_response within 4hours\n}\n"
    bad.write_text(text, encoding="utf-8")
    result = run(str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2:27: error[syntax]" in result.stderr
    assert "first_response within 4hours" in result.stderr
    assert bad.read_text(encoding="utf-8") == text


def test_unreadable_paths_exit_2_but_the_others_are_formatted(messy: Path, tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.sla"), str(messy))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr and "missing.sla" in result.stderr
    assert messy.read_text(encoding="utf-8") == TIDY


def test_a_directory_means_every_sla_file_below_it(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    deep = tmp_path / "a" / "b" / "deep.sla"
    deep.write_text(MESSY, encoding="utf-8")
    other = tmp_path / "a" / "notes.txt"
    other.write_text(MESSY, encoding="utf-8")
    assert run(str(tmp_path)).exit_code == 0
    assert deep.read_text(encoding="utf-8") == TIDY
    assert other.read_text(encoding="utf-8") == MESSY


def test_standard_input_to_standard_output() -> None:
    result = run("-", input=MESSY)
    assert result.exit_code == 0
    assert result.stdout == TIDY


def test_keeps_mode_line_endings_and_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "p.sla"
    path.write_bytes(b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode())
    os.chmod(path, 0o640)
    assert run(str(path)).exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + TIDY.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.sla"
    target.write_text(MESSY, encoding="utf-8")
    link = tmp_path / "link.sla"
    link.symlink_to(target)
    assert run(str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == TIDY


def test_a_write_that_fails_midway_leaves_the_original_intact(messy: Path, monkeypatch) -> None:
    def crash(fd: int) -> None:  # the new text is half on its way to disk when the machine dies
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(fmt_files.os, "fsync", crash)
    result = run(str(messy))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert messy.read_text(encoding="utf-8") == MESSY
    assert sorted(p.name for p in messy.parent.iterdir()) == ["p.sla"]  # no temporary file left behind


def test_a_failed_rename_leaves_the_original_intact(messy: Path, monkeypatch) -> None:
    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fmt_files.os, "replace", crash)
    with pytest.raises(OSError):
        fmt_files.write_atomic(str(messy), TIDY)
    assert messy.read_text(encoding="utf-8") == MESSY
    assert sorted(p.name for p in messy.parent.iterdir()) == ["p.sla"]


def test_the_shipped_policies_are_formatted() -> None:
    result = run("--check", str(REPO / "policies"))
    assert result.exit_code == 0, result.output


def test_a_killed_run_leaves_a_temporary_file_that_the_next_run_removes(messy: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    # a run killed outright while it writes (SIGKILL: no cleanup runs)
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sys\n"
        "from slalang.output_file import OutputFile\n"
        "out = OutputFile(sys.argv[1]); out.write(b'half a poli'); out.stream.flush()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"), str(messy)])
    assert killed.returncode == -9
    [left] = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert left.name.startswith(".p.sla.") and messy.read_text().startswith("priorities")  # the file is intact
    alive = tmp_path / f".p.sla.{os.getpid()}.abcdefgh.tmp"  # a run still writing it: left alone
    alive.write_text("")
    assert run("--check", str(tmp_path)).exit_code == 1 and left.exists()  # --check writes and removes nothing
    result = run(str(tmp_path))
    assert result.exit_code == 0
    assert not left.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, "p.sla"])
