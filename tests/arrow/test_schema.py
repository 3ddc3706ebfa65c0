"""The result schema is derived from the policy: built-in metrics first, then measures in
the order first declared; single runs get their facts, cycles their count; a clock that is
single in one SLA and cycling in another gets both."""

from __future__ import annotations

import datetime as dt

import orjson
import pyarrow as pa

import slalang
from slalang.arrow import result_schema
from slalang.arrow.results import ResultColumns

MEASURES = """
policy "m" version "1"
resolved when status in ["solved"]
priorities high > low
sla a {
    when priority high
    first_response within 1h
    measure agent_work within 8h { resume on reopened }
    measure periodic_update within 1d {
        cycles
        start on agent_reply
        stop on agent_reply
    }
}
sla b {
    resolution within 2d
    measure periodic_update within 2d { start on agent_reply }
    measure other within 1h { cycles }
}
"""

SINGLE = ("status", "deadline", "stop", "counted_s", "paused_s")


def test_the_acme_schema():
    policy = slalang.load("policies/acme.sla")
    schema = result_schema(policy)
    expected = ["id", "sla", "result", "error"]
    expected += [f"first_response_{s}" for s in SINGLE] + ["next_response_status", "next_response_cycles"]
    expected += [f"resolution_{s}" for s in SINGLE]
    assert schema.names == expected
    assert schema.field("resolution_deadline").type == pa.timestamp("s", tz="UTC")
    assert schema.field("resolution_counted_s").type == pa.int64()
    assert schema.field("result").type == pa.string()


def test_measures_follow_the_metrics_single_and_cycling_alike():
    schema = result_schema(slalang.loads(MEASURES, "m.sla"))
    assert schema.names == [
        "id", "sla", "result", "error",
        *(f"first_response_{s}" for s in SINGLE),
        *(f"resolution_{s}" for s in SINGLE),
        *(f"agent_work_{s}" for s in SINGLE),
        *(f"periodic_update_{s}" for s in SINGLE), "periodic_update_cycles",
        "other_status", "other_cycles",
    ]


def test_measure_results_flatten_by_their_shape():
    """Results shaped as evaluation.md's measures (with the calendar and zone keys), as the
    evaluator will write them: each measure's columns read from its own object."""
    columns = ResultColumns(slalang.loads(MEASURES, "m.sla"))
    cycle = {"status": "met", "start": "2026-11-20T10:00:00Z", "deadline": "2026-11-21T10:00:00Z",
             "stop": "2026-11-20T11:00:00Z", "target_s": 86400, "counted_s": 3600, "paused_s": 0}
    under_a = {"id": "T-1", "sla": "a", "calendar": "always", "zone": "UTC", "metrics": {
        "first_response": dict(cycle, target_s=3600),
        "agent_work": {"status": "running", "calendar": "office", "zone": "Europe/Amsterdam",
                       "start": "2026-11-20T10:00:00Z", "deadline": "2026-11-20T18:00:00Z", "stop": None,
                       "target_s": 28800, "counted_s": 60, "paused_s": 5},
        "periodic_update": {"status": "met", "cycles": [cycle, cycle]}}, "escalations": []}
    under_b = {"id": 7, "sla": "b", "metrics": {"resolution": {"status": "none"},
                                                  "periodic_update": {"status": "none"}, "other": {"status": "none", "cycles": []}},
               "escalations": []}
    failed = {"id": None, "error": "invalid JSON", "line": 3}
    batch = columns.batch([orjson.dumps(r) for r in (under_a, under_b, failed)])
    rows = batch.to_pylist()
    utc = dt.UTC
    assert rows[0]["agent_work_status"] == "running"
    assert rows[0]["agent_work_deadline"] == dt.datetime(2026, 11, 20, 18, tzinfo=utc)
    assert rows[0]["agent_work_stop"] is None and rows[0]["agent_work_paused_s"] == 5
    assert rows[0]["periodic_update_cycles"] == 2 and rows[0]["periodic_update_deadline"] is None
    assert rows[0]["resolution_status"] is None and rows[0]["other_status"] is None
    assert rows[1]["id"] == "7"  # a number id as its JSON text
    assert rows[1]["periodic_update_status"] == "none" and rows[1]["periodic_update_cycles"] is None
    assert rows[1]["periodic_update_counted_s"] is None and rows[1]["other_cycles"] == 0
    assert rows[2]["error"] == "invalid JSON" and rows[2]["id"] is None
    assert all(rows[2][name] is None for name in batch.schema.names if name not in ("result", "error"))
    assert [orjson.loads(r["result"]) for r in rows] == [under_a, under_b, failed]
