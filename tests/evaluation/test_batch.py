"""The batch path and the file runner give exactly what the simple path gives."""

from __future__ import annotations

import csv
import io
import multiprocessing

import orjson
from hypothesis import HealthCheck, given, settings

from slalang.evaluation import evaluate_ticket, evaluate_tickets, runner
from slalang.evaluation.batch import BatchEvaluator
from slalang.evaluation.output import CSV_COLUMNS, csv_rows
from slalang.evaluation.runner import collect_results, evaluate_file

from .helpers import ROOT
from .strategies import cases

NOW = "2026-12-01T00:00:00Z"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases(max_tickets=12))
def test_a_batch_of_tickets_gives_the_simple_results(case):
    policy, tickets, now = case
    items = [(n, orjson.dumps(t)) for n, t in enumerate(tickets, start=1)]
    batch = BatchEvaluator(policy).evaluate(items, now)
    simple = [evaluate_ticket(policy, t, now=now).to_json() for t in tickets]
    assert [orjson.dumps(r) for r in batch] == [orjson.dumps(r) for r in simple]


def sample_bytes(root: str) -> bytes:
    with open(f"{root}/policies/tickets.jsonl", "rb") as f:
        return f.read()


def test_the_shipped_sample_by_every_path(acme, tmp_path):
    data = sample_bytes(ROOT)
    path = tmp_path / "tickets.jsonl"
    path.write_bytes(data * 8)  # several chunks at the small block size below
    lines = [line for line in (data * 8).split(b"\n")]
    simple = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            raw = orjson.loads(line)
            result = evaluate_ticket(acme, raw, now=NOW).to_json()
            if "line" in result:
                result["line"] = number
            simple.append(orjson.dumps(result))
    expected = b"\n".join(simple) + b"\n"
    for jobs in (1, 2):
        out = io.BytesIO()
        summary = evaluate_file(acme, str(path), out.write, now=NOW, jobs=jobs, block_bytes=4096)
        assert out.getvalue() == expected, f"jobs={jobs}"
        assert summary.tickets == len(simple)
        assert summary.failed == sum(1 for s in simple if b'"error"' in s)
    assert [orjson.dumps(r) for r in collect_results(acme, str(path), now=NOW)] == simple


def test_workers_writing_their_own_results_give_the_same_bytes(acme, tmp_path, monkeypatch):
    # With a stream that has a file descriptor, the forked workers write their results to it
    # themselves, taking turns: the bytes are those of one process, failures and lines included.
    # eval forks only when it is the process's one thread; a thread another test left behind
    # would make it spawn (and pipe results back), so fork is chosen here whatever runs beside.
    monkeypatch.setattr(runner, "_context", lambda: multiprocessing.get_context("fork"))
    data = sample_bytes(ROOT) + b'{"id": "no-date"}\nnot json\n\n[1]\n'
    path = tmp_path / "tickets.jsonl"
    path.write_bytes(data * 30)  # many ranges of the small block size below
    for fmt in ("jsonl", "csv"):
        alone = io.BytesIO()
        expected = evaluate_file(acme, str(path), alone.write, now=NOW, fmt=fmt, jobs=1)
        target = tmp_path / f"out.{fmt}"
        calls: list[int] = []
        with open(target, "wb") as stream:
            def write(data: bytes, stream=stream, calls=calls) -> None:
                calls.append(len(data))
                stream.write(data)

            summary = evaluate_file(acme, str(path), write, now=NOW, fmt=fmt, jobs=3, block_bytes=4096, stream=stream)
        assert target.read_bytes() == alone.getvalue(), fmt
        assert summary == expected and expected.failed == 3 * 30
        assert len(calls) <= 2  # CSV's header and the first range: the workers wrote every other one


def test_csv_rows_carry_every_fact_of_the_json(acme):
    data = sample_bytes(ROOT)
    tickets = [orjson.loads(line) for line in data.split(b"\n") if line.strip()]
    results = [r.to_json() for r in evaluate_tickets(acme, tickets, now=NOW)]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerows(csv_rows(r))
    rebuilt = rebuild_from_csv(text.getvalue())
    assert rebuilt == [normalise(r) for r in results]


def normalise(result: dict) -> dict:
    """JSON with every id as text (CSV has no types for ids)."""
    out = dict(result)
    out["id"] = None if result.get("id") is None else str(result["id"])
    return out


def rebuild_from_csv(text: str) -> list[dict]:
    results: list[dict] = []
    current: dict | None = None
    for row in csv.DictReader(io.StringIO(text)):
        kind = row["row"]
        ticket_id = row["id"] or None
        if kind == "error":
            results.append({"id": ticket_id, "error": row["error"], "line": int(row["line"])})
            current = None
            continue
        if current is None or current["id"] != ticket_id or kind == "ticket":
            current = {"id": ticket_id, "sla": row["sla"] or None, "metrics": {}, "escalations": []}
            if row["sla"]:
                current = {"id": ticket_id, "sla": row["sla"], "calendar": row["calendar"], "zone": row["zone"],
                           "metrics": {}, "escalations": [], "planned": [], "next_at": row["next_at"] or None}
            results.append(current)
        if kind == "ticket":
            current = None
            continue
        run = {
            "status": row["status"], "start": row["start"], "deadline": row["deadline"] or None, "stop": row["stop"] or None,
            "target_s": int(row["target_s"] or 0), "counted_s": int(row["counted_s"] or 0), "paused_s": int(row["paused_s"] or 0),
        }
        if row["remaining_s"]:
            run["remaining_s"] = int(row["remaining_s"])
        own = {"calendar": row["metric_calendar"], "zone": row["metric_zone"]} if row["metric_calendar"] else {}
        if kind == "metric" and row["cycles"]:
            current["metrics"][row["metric"]] = {"status": row["status"], **own, "cycles": []}
        elif kind == "metric" and not row["start"]:
            current["metrics"][row["metric"]] = {"status": row["status"], **own}
        elif kind == "metric":
            current["metrics"][row["metric"]] = {"status": run["status"], **own, **run}
        elif kind == "cycle":
            current["metrics"][row["metric"]]["cycles"].append(run)
        elif kind in ("escalation", "planned"):
            steps = current["escalations" if kind == "escalation" else "planned"]
            steps.append({"metric": row["metric"], "at": row["at"], "actions": row["actions"].split(" and ")})
    return results


def test_the_shipped_sample_covers_every_metric_and_status(acme):
    tickets = [orjson.loads(line) for line in sample_bytes(ROOT).split(b"\n") if line.strip()]
    results = [r.to_json() for r in evaluate_tickets(acme, tickets, now="2026-11-23T12:00:00Z")]
    seen = {(name, m["status"]) for r in results for name, m in r["metrics"].items()}
    for name in ("first_response", "resolution"):
        assert {s for n, s in seen if n == name} == {"met", "breached", "running", "paused"}
    assert {s for n, s in seen if n == "next_response"} == {"met", "breached", "running", "paused", "none"}
    assert {r["sla"] for r in results} == {"enterprise_urgent", "paying_high", "paying_standard", "free_tier"}
    assert {e["metric"] for r in results for e in r["escalations"]} == {"first_response", "resolution"}
    assert all(r.ok for r in evaluate_tickets(acme, tickets, now="2026-11-23T12:00:00Z"))
