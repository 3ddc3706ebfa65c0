"""``slalang.arrow.tables``: JSON rows to a table of fixed columns, whatever the values."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq

from slalang.arrow.tables import (
    BREACHES_COLUMNS,
    CREDITS_COLUMNS,
    DIFF_COLUMNS,
    REPORT_COLUMNS,
    parquet_bytes,
    rows_table,
    schema_of,
)

CREDIT_ROW = {"credit": "terms", "period": "2026-11", "runs": 3, "met": 2, "breached": 1, "attainment": 0.6667,
              "credit_pct": 5, "tier": "below 99%", "reason": None}


def test_an_account_that_is_not_a_string_is_its_json_text_and_none_is_null():
    rows = [{**CREDIT_ROW, "account": account} for account in ("pro", 42, 1.5, True, None)]
    table = rows_table(rows, CREDITS_COLUMNS)
    assert table.column("account").to_pylist() == ["pro", "42", "1.5", "true", None]
    assert table.column("credit_pct").type == pa.float64() and table.column("credit_pct").to_pylist()[0] == 5.0


def test_no_rows_give_the_same_schema_as_many():
    for columns in (REPORT_COLUMNS, DIFF_COLUMNS, CREDITS_COLUMNS, BREACHES_COLUMNS):
        assert rows_table([], columns).schema.equals(schema_of(columns))


def test_nested_values_are_json_text_and_missing_keys_are_null():
    change = {"id": "T-1", "old_sla": "a", "new_sla": "b",
              "metrics": [{"metric": "resolution", "old_deadlines": ["2027-01-01T00:00:00Z"], "new_deadlines": [None]}]}
    table = pq.read_table(io.BytesIO(parquet_bytes([change], DIFF_COLUMNS)))
    (row,) = table.to_pylist()
    assert row["metrics"] == '[{"metric":"resolution","old_deadlines":["2027-01-01T00:00:00Z"],"new_deadlines":[null]}]'
    assert row["old_error"] is None and row["new_error"] is None


def test_a_breach_instant_is_a_utc_timestamp_to_the_second_whatever_its_offset():
    breach = {"id": "T-1", "sla": "gold", "metric": "resolution", "cycle": None, "start": "2026-11-20T10:00:00+01:00",
              "deadline": "2026-11-20T17:30:00Z", "stop": None, "late_s": 60, "counted_s": 7260, "target_s": 7200}
    table = pq.read_table(io.BytesIO(parquet_bytes([breach], BREACHES_COLUMNS)))
    (row,) = table.to_pylist()
    assert rows_table([breach], BREACHES_COLUMNS).schema.field("deadline").type == pa.timestamp("s", tz="UTC")
    assert row["start"].isoformat() == "2026-11-20T09:00:00+00:00" and row["stop"] is None and row["cycle"] is None
