"""Hostile policy files, end to end through `slalang check` under a memory and a time limit:
each ends in a located error in seconds, its output bounded, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

MIB = 1024 * 1024


def write(path: Path, head: str, unit: str, size: int, tail: str = "") -> Path:
    path.write_text(head + unit * ((size - len(head) - len(tail)) // len(unit)) + tail, encoding="utf-8")
    return path


def test_twenty_thousand_bad_escapes_print_twenty_five_and_a_count(bounded, tmp_path) -> None:
    policy = write(tmp_path / "flood.sla", 'segment s when ticket.type == "', "\\q", 40_033, '"\n')
    run = bounded.cli(["check", str(policy)], mib=500, seconds=60)
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    assert len(run.stdout) < 20_000  # was 1.2 GB: every finding reprinted the 40 KB line
    assert run.stdout.count(b"error[syntax] unknown escape") == 25
    assert b"19975 more errors of the kind `syntax` in this file are not listed" in run.stdout
    assert run.stdout.rstrip().endswith(b"20000 errors, 0 warnings, 0 infos in 1 file")
    assert max(len(line) for line in run.stdout.splitlines()) < 200


@pytest.mark.parametrize(
    ("head", "unit"),
    [("", "x"), ('segment s when ticket.a == "', "a"), ("segment s when ", "("),
     ("priorities a", " > a"), ("segment s when ticket.a in [", "1,"), ("sla x {\n", "first_response within 1m\n")],
    ids=["one-word", "one-string", "parentheses", "priorities", "list", "metrics"],
)
def test_eight_megabytes_of_one_token_stay_well_under_a_gigabyte(bounded, tmp_path, head: str, unit: str) -> None:
    policy = write(tmp_path / "big.sla", head, unit, 8 * MIB - 64)
    run = bounded.cli(["check", str(policy)], mib=1000, seconds=90)
    assert run.returncode == 1, run.stderr[-2000:]
    assert b"Traceback" not in run.stderr and len(run.stdout) < 10_000
    assert re.search(rb"big\.sla:\d+:\d+: error\[syntax\] ", run.stdout), run.stdout[-2000:]
