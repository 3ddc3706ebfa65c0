"""``-o FILE``: a regular file is replaced atomically; a device, FIFO or symlink is respected."""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang.cli.main import cli
from slalang.output_file import OutputFile, write_file_atomically

REPO = Path(__file__).resolve().parents[1]
POLICY = str(REPO / "policies" / "acme.sla")
TICKETS = str(REPO / "policies" / "tickets.jsonl")
NOW = "2026-11-23T12:00:00Z"


def test_a_regular_file_is_replaced_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o640)
    write_file_atomically(str(target), "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_abandoned_output_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    output = OutputFile(str(target))
    output.write(b"half of the new")
    output.abandon()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_symlink_stays_and_its_target_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_file_atomically(str(link), "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_eval_into_a_fifo_writes_through_and_leaves_the_fifo(tmp_path: Path) -> None:
    # the same path as `-o /dev/null`: a file that is not regular cannot be replaced, only written
    fifo = tmp_path / "results"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(cli, ["eval", POLICY, TICKETS, "--now", NOW, "-o", str(fifo), "--jobs", "1"])
    reader.join(10)
    if reader.is_alive():  # the command never opened the FIFO: let the reader go
        # non-blocking: a plain open would wait forever if the reader finished in between
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and received[0].count(b"\n") == sum(1 for line in open(TICKETS) if line.strip())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


@pytest.mark.parametrize("command", [["compile", POLICY], ["report", POLICY, TICKETS, "--now", NOW]])
def test_compile_and_report_write_through_to_a_device(command: list[str]) -> None:
    devnull = os.stat(os.devnull)
    result = CliRunner().invoke(cli, [*command, "-o", os.devnull])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and os.stat(os.devnull).st_ino == devnull.st_ino


def test_stale_temporary_files_are_removed_before_the_next_write(tmp_path) -> None:
    import os
    import time

    from slalang.output_file import remove_stale_temporaries, write_file_atomically

    target = tmp_path / "report.json"
    dead = tmp_path / ".report.json.999999999.k3x9q2ab.tmp"  # no such process
    old_style = tmp_path / ".report.json.k3x9q2ab.tmp"
    fresh_old_style = tmp_path / ".report.json.z8y7x6w5.tmp"
    other = tmp_path / ".other.json.999999999.k3x9q2ab.tmp"
    for path in (dead, old_style, fresh_old_style, other):
        path.write_text("partial")
    an_hour_ago = time.time() - 3700
    os.utime(old_style, (an_hour_ago, an_hour_ago))
    write_file_atomically(str(target), "{}")
    assert target.read_text() == "{}"
    assert not dead.exists() and not old_style.exists()
    assert fresh_old_style.exists() and other.exists()  # maybe being written; another file's
    assert remove_stale_temporaries(str(tmp_path / "other.json")) == [str(other)]
