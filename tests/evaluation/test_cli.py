"""``slalang eval`` and ``slalang explain`` end to end: outputs, formats, exit statuses."""

from __future__ import annotations

import json
import os

import orjson
from click.testing import CliRunner

from slalang.cli.main import cli
from slalang.evaluation import evaluate_tickets

from .helpers import ROOT

ACME = os.path.join(ROOT, "policies", "acme.sla")
SAMPLE = os.path.join(ROOT, "policies", "tickets.jsonl")
NOW = "2026-11-23T12:00:00Z"


def run(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def expected_lines(acme, path: str = SAMPLE) -> list[dict]:
    with open(path, "rb") as f:
        tickets = [orjson.loads(line) for line in f if line.strip()]
    return [r.to_json() for r in evaluate_tickets(acme, tickets, now=NOW)]


def test_eval_writes_one_json_line_per_ticket(acme):
    result = run("eval", ACME, SAMPLE, "--now", NOW)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == expected_lines(acme)


def test_eval_reads_standard_input_and_writes_a_file(acme, tmp_path):
    out = tmp_path / "out.jsonl"
    with open(SAMPLE, "rb") as f:
        data = f.read()
    result = run("eval", ACME, "-", "--now", NOW, "-o", str(out), stdin=data)
    assert result.exit_code == 0 and result.stdout == ""
    assert [json.loads(line) for line in out.read_text().splitlines()] == expected_lines(acme)


def test_eval_with_workers_gives_the_same_bytes(tmp_path):
    with open(SAMPLE, "rb") as f:
        data = f.read()
    big = tmp_path / "big.jsonl"
    big.write_bytes(data * 60)  # above one parallel chunk
    one = run("eval", ACME, str(big), "--now", NOW, "--jobs", "1")
    two = run("eval", ACME, str(big), "--now", NOW, "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 60 * len(data.splitlines())


def test_a_failed_ticket_exits_1_and_the_others_are_written(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "ok", "created_at": "2026-11-20T10:00:00Z", "ticket": {"priority": "low"}}\n{"id": "bad"}\n')
    result = run("eval", ACME, str(path), "--now", NOW)
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["sla"] == "free_tier"
    assert lines[1] == {"id": "bad", "error": 'missing "created_at"', "line": 2}
    assert "1 of 2 tickets failed" in result.stderr


def test_policy_errors_exit_2_with_located_diagnostics(tmp_path):
    bad = tmp_path / "bad.sla"
    bad.write_text('sla s {\n    first_response within 15m\n    calendar nowhere\n}\n')
    result = run("eval", str(bad), SAMPLE, "--now", NOW)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{bad}:3:" in result.stderr and "nowhere" in result.stderr


def test_unreadable_input_and_bad_options_exit_2(tmp_path):
    assert run("eval", ACME, str(tmp_path / "missing.jsonl"), "--now", NOW).exit_code == 2
    assert run("eval", str(tmp_path / "missing.sla"), SAMPLE).exit_code == 2
    result = run("eval", ACME, SAMPLE, "--now", "2026-11-23T12:00:00")
    assert result.exit_code == 2 and "no UTC offset" in result.stderr


def test_csv_and_table_formats(acme):
    csv_out = run("eval", ACME, SAMPLE, "--now", NOW, "--format", "csv")
    assert csv_out.exit_code == 0
    header, first = csv_out.stdout.splitlines()[:2]
    assert header.startswith("id,sla,row,metric,cycle,status,start,deadline,stop,target_s,counted_s,paused_s")
    assert first.startswith("T-1001,paying_high,metric,first_response,,met,2026-11-20T15:55:00Z")
    table = run("eval", ACME, SAMPLE, "--now", NOW, "--format", "table")
    assert table.exit_code == 0 and "T-1001" in table.stdout and "2026-11-24T10:55:00Z" in table.stdout


def test_explain_by_id_in_text_and_json():
    text = run("explain", ACME, SAMPLE, "--ticket-id", "T-1001", "--now", NOW)
    assert text.exit_code == 0 and "paying_high: matches" in text.stdout
    as_json = run("explain", ACME, SAMPLE, "--ticket-id", "T-1001", "--now", NOW, "--format", "json")
    data = json.loads(as_json.stdout)
    assert data["sla"] == "paying_high" and [d["sla"] for d in data["decisions"]] == ["enterprise_urgent", "paying_high"]


def test_explain_needs_a_ticket_it_can_find(tmp_path):
    assert run("explain", ACME, SAMPLE, "--now", NOW).exit_code == 2  # several tickets, no id
    missing = run("explain", ACME, SAMPLE, "--ticket-id", "T-0", "--now", NOW)
    assert missing.exit_code == 2 and "no ticket with id 'T-0'" in missing.stderr
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": 7, "created_at": "2026-11-20T10:00:00Z", "ticket": {"priority": "p0"}}, indent=2))
    bad = run("explain", ACME, str(one), "--now", NOW)
    assert bad.exit_code == 1 and "not a declared priority" in bad.stderr


def test_an_interrupted_eval_leaves_the_old_output_and_no_temporary_file(tmp_path, monkeypatch):
    import slalang.cli.eval as eval_module

    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous results\n")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(eval_module, "evaluate_file", interrupted)
    result = CliRunner().invoke(cli, ["eval", ACME, SAMPLE, "--now", NOW, "-o", str(out)])
    assert isinstance(result.exception, KeyboardInterrupt) or result.exit_code != 0
    assert out.read_bytes() == b"previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_eval_with_workers_stops_at_once_when_its_reader_goes_away(tmp_path):
    """`slalang eval big.jsonl --jobs 2 | head -1`: the workers are stopped, nothing hangs."""
    import subprocess
    import sys
    import time

    with open(SAMPLE, "rb") as f:
        data = f.read()
    big = tmp_path / "big.jsonl"
    big.write_bytes(data * 400)  # several megabytes: many ranges still in flight
    started = time.monotonic()
    pipeline = subprocess.run(f"{sys.executable} -m slalang eval {ACME} {big} --now {NOW} --jobs 2 | head -1",
                              shell=True, capture_output=True, timeout=120)
    assert pipeline.stdout.count(b"\n") == 1 and b"Traceback" not in pipeline.stderr
    assert time.monotonic() - started < 60
