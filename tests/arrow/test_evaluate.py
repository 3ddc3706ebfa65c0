"""``slalang.arrow.evaluate_batches``: the result column is exactly what ``slalang eval``
writes, in both input layouts, and the flattened columns are read from it."""

from __future__ import annotations

import datetime as dt

import orjson
import pyarrow as pa
import pytest

from slalang.arrow import evaluate_batches, result_schema
from slalang.arrow.evaluate import ArrowEvaluator

from .tickets import NOW, good_tickets, json_table, typed_table

UTC = dt.UTC


def results(policy, table: pa.Table, batch_rows: int = 16, now: str = NOW) -> pa.Table:
    batches = list(evaluate_batches(policy, table.to_batches(max_chunksize=batch_rows), now=now))
    return pa.Table.from_batches(batches, schema=result_schema(policy))


def test_the_result_column_is_what_eval_writes_row_by_row(acme, lines, cli_lines):
    table = results(acme, json_table(lines))
    assert table.num_rows == len(lines)
    assert table.column("result").to_pylist() == cli_lines


def test_rows_are_numbered_across_batches_so_a_failure_says_its_row(acme, lines):
    table = results(acme, json_table(lines), batch_rows=7)
    failed = [(row, orjson.loads(text)) for row, text in enumerate(table.column("result").to_pylist(), start=1)
              if table.column("error")[row - 1].is_valid]
    assert len(failed) == sum(1 for line in lines if line.startswith(b'{"id": "B') or b'"id"' not in line)
    for row, result in failed:
        assert result["line"] == row
        assert lines[row - 1].startswith(b'{"id": "B') or b'"id"' not in lines[row - 1]


def test_a_batch_yields_one_result_batch_with_the_policy_schema(acme, lines):
    batches = list(evaluate_batches(acme, json_table(lines).to_batches(max_chunksize=50), now=NOW))
    assert [b.num_rows for b in batches] == [50, 50, len(lines) - 100]
    assert all(b.schema == result_schema(acme) for b in batches)


def test_typed_columns_give_the_same_results_as_json(acme):
    tickets = good_tickets(80, seed=3)
    from_json = results(acme, json_table([orjson.dumps(t) for t in tickets]))
    from_typed = results(acme, typed_table(tickets))
    assert from_typed.equals(from_json)


def test_typed_columns_may_be_timestamps_maps_and_json_text(acme):
    tickets = good_tickets(30, seed=5)

    def instant(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))

    event = pa.struct([("at", pa.timestamp("us", tz="Europe/Amsterdam")), ("type", pa.string()),
                       ("status", pa.string()), ("field", pa.string()), ("value", pa.string())])
    table = pa.table({
        "id": pa.array([t["id"] for t in tickets]),
        "created_at": pa.array([instant(t["created_at"]) for t in tickets], pa.timestamp("s", tz="UTC")),
        "ticket": pa.array([orjson.dumps(t["ticket"]).decode() for t in tickets]),
        "customer": pa.array([[("plan", t["customer"]["plan"])] for t in tickets], pa.map_(pa.string(), pa.string())),
        "events": pa.array([[dict(e, at=instant(e["at"])) for e in t["events"]] for t in tickets], pa.list_(event)),
    })
    typed = results(acme, table)
    # the same tickets as JSON: the instants as RFC 3339 text, the customer as the map held it
    expected = [dict(t, customer={"plan": t["customer"]["plan"]}) for t in tickets]
    reference = results(acme, json_table([orjson.dumps(t) for t in expected]))
    assert typed.column("result").to_pylist() == reference.column("result").to_pylist()


def test_a_timestamp_without_a_zone_is_bad_input_like_a_string_without_an_offset(acme):
    table = pa.table({"id": ["N-1"], "created_at": pa.array([dt.datetime(2026, 11, 20, 10)], pa.timestamp("s"))})
    (row,) = results(acme, table).to_pylist()
    assert row["error"] is not None and "offset" in row["error"]
    assert orjson.loads(row["result"]) == {"id": "N-1", "error": row["error"], "line": 1}


def test_bad_rows_fail_alone(acme):
    table = pa.table({"json": pa.array(['{"id": "A", "created_at": "2026-11-20T10:00:00Z"}', None, "[1", "{}"])})
    out = results(acme, table)
    assert out.column("error").to_pylist()[0] is None
    assert out.column("sla").to_pylist()[0] == "free_tier"
    errors = out.column("error").to_pylist()[1:]
    assert errors[0] == "the `json` column is null" and errors[1].startswith("invalid JSON") and "id" in errors[2]
    assert [orjson.loads(t)["line"] for t in out.column("result").to_pylist()[1:]] == [2, 3, 4]


def test_a_table_with_neither_layout_is_refused_with_what_it_needs(acme):
    with pytest.raises(ValueError, match="needs a `json` column .* found: ticket_id, opened"):
        list(evaluate_batches(acme, pa.table({"ticket_id": [1], "opened": ["x"]}), now=NOW))
    with pytest.raises(ValueError, match="must hold strings"):
        list(evaluate_batches(acme, pa.table({"json": [1]}), now=NOW))


def test_flattened_columns_are_the_result_objects_facts(acme, lines):
    table = results(acme, json_table(lines))
    checked = {"single": 0, "cycles": 0, "absent": 0}
    for row in table.to_pylist():
        result = orjson.loads(row["result"])
        assert row["id"] == result.get("id") and row["sla"] == result.get("sla") and row["error"] == result.get("error")
        metrics = result.get("metrics", {})
        for name in ("first_response", "resolution"):
            found = metrics.get(name)
            if found is None:
                assert row[f"{name}_status"] is None and row[f"{name}_deadline"] is None
                continue
            checked["single"] += 1
            assert row[f"{name}_status"] == found["status"]
            assert row[f"{name}_deadline"] == dt.datetime.fromisoformat(found["deadline"].replace("Z", "+00:00"))
            stop = found["stop"]
            assert row[f"{name}_stop"] == (None if stop is None else dt.datetime.fromisoformat(stop.replace("Z", "+00:00")))
            assert (row[f"{name}_counted_s"], row[f"{name}_paused_s"]) == (found["counted_s"], found["paused_s"])
        found = metrics.get("next_response")
        if found is None:
            checked["absent"] += 1
            assert row["next_response_status"] is None and row["next_response_cycles"] is None
        else:
            checked["cycles"] += 1
            assert row["next_response_status"] == found["status"]
            assert row["next_response_cycles"] == len(found["cycles"])
    assert min(checked.values()) > 5  # each case really occurs
    statuses = set(table.column("resolution_status").to_pylist())
    assert {"met", "breached", "running"} <= statuses


def test_now_is_fixed_once_for_every_batch(acme, lines):
    evaluator = ArrowEvaluator(acme)
    first = evaluator.now_s
    evaluator.evaluate(json_table(lines[:3]).to_batches()[0])
    assert evaluator.now_s == first


def test_timestamps_nested_in_sliced_lists_with_nulls(acme):
    """Events as a list of structs holding zoned timestamps, some rows without events, read
    in small batches (slices of the table): the same results as the JSON text."""
    tickets = good_tickets(25, seed=13)
    for number in (0, 7, 8, 20):
        tickets[number].pop("events")

    def instant(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))

    event = pa.struct([("at", pa.timestamp("ms", tz="America/New_York")), ("type", pa.string()),
                       ("status", pa.string())])
    table = pa.table({
        "id": [t["id"] for t in tickets],
        "created_at": pa.array([instant(t["created_at"]) for t in tickets], pa.timestamp("s", tz="Asia/Kolkata")),
        "ticket": pa.array([t["ticket"] for t in tickets]),
        "customer": pa.array([t["customer"] for t in tickets]),
        "events": pa.array([None if "events" not in t else
                            [{k: (instant(v) if k == "at" else v) for k, v in e.items() if k in ("at", "type", "status")}
                             for e in t["events"] if e["type"] != "field"] for t in tickets], pa.list_(event)),
    })
    for t in tickets:
        if "events" in t:
            t["events"] = [e for e in t["events"] if e["type"] != "field"]
    typed = results(acme, table, batch_rows=3)
    reference = results(acme, json_table([orjson.dumps(t) for t in tickets]), batch_rows=3)
    assert typed.column("error").null_count == len(tickets)
    assert typed.column("result").to_pylist() == reference.column("result").to_pylist()
