"""The rows of ``slalang report``, ``diff`` and ``credits`` as Arrow tables (docs/warehouse.md).

Each command's table has one row per row of its JSON output: report's ``metrics`` (one per
SLA metric) and ``breaches`` (one per breach, ``--breaches``), diff's ``changes`` (one per
changed ticket), credits' rows (one per declaration, account and period). The schema is fixed, whatever the rows: explicit types, and a nested
value (a histogram, the breakdowns, a ticket's metric changes) as its JSON text rather than
a struct Arrow would infer from the data at hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import pyarrow as pa  # type: ignore[import-untyped]

from ..evaluation.instants import parse_rfc3339
from .schema import TIMESTAMP


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the JSON key it holds, its Arrow type, and how a value becomes a cell."""

    name: str
    type: Any
    encoding: str = "plain"  # "plain": the value itself; "json": its JSON text; "text": a scalar as text;
    # "instant": RFC 3339 text as a UTC timestamp

    def cell(self, value: Any) -> Any:
        if value is None or self.encoding == "plain":
            return value
        if self.encoding == "text" and isinstance(value, str):
            return value
        if self.encoding == "instant":
            return dt.datetime.fromtimestamp(parse_rfc3339(value), dt.UTC)
        return orjson.dumps(value).decode()


def _columns(spec: str, kind: Any, encoding: str = "plain") -> tuple[Column, ...]:
    return tuple(Column(name, kind, encoding) for name in spec.split())


STRING, INT, FLOAT = pa.string(), pa.int64(), pa.float64()

_STATS = _columns("met breached running paused no_cycle decided", INT) + _columns("attainment_pct", FLOAT) + _columns(
    "stops p50_s p90_s wall_p50_s wall_p90_s", INT)

REPORT_COLUMNS = (
    _columns("sla sla_title metric", STRING) + _columns("target_s", INT) + _columns("goal_pct", FLOAT)
    + _columns("mark", STRING) + _STATS
    + _columns("histogram by_segment by_priority by_month by_field", STRING, "json")
)
"""``slalang report``: one row per SLA metric (the JSON report's ``metrics``)."""

DIFF_COLUMNS = _columns("id old_sla new_sla old_error new_error", STRING) + _columns("metrics", STRING, "json")
"""``slalang diff``: one row per changed ticket (the JSON diff's ``changes``); ``old_error``
and ``new_error`` are null unless the ticket's failure changed."""

CREDITS_COLUMNS = (
    _columns("credit", STRING) + _columns("account", STRING, "text") + _columns("period", STRING)
    + _columns("runs met breached", INT) + _columns("attainment credit_pct", FLOAT) + _columns("tier reason", STRING)
)
"""``slalang credits``: one row per declaration, account and period; an account that is not
a string (a number, true) is its JSON text, as eval's ticket ids are."""


BREACHES_COLUMNS = (
    _columns("id sla metric", STRING) + _columns("cycle", INT) + _columns("start deadline stop", TIMESTAMP, "instant")
    + _columns("late_s counted_s target_s", INT)
)
"""``slalang report --breaches FILE.parquet``: one row per breach (the JSON report's
``breaches``, the CSV's columns), instants as UTC timestamps as in the result table."""


def schema_of(columns: Sequence[Column]) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.type) for c in columns])


def rows_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> pa.Table:
    """``rows`` (JSON objects) as a table of ``columns``, in order."""
    arrays = [pa.array([c.cell(row.get(c.name)) for row in rows], type=c.type) for c in columns]
    return pa.Table.from_arrays(arrays, schema=schema_of(columns))


TABLES = {"report": REPORT_COLUMNS, "diff": DIFF_COLUMNS, "credits": CREDITS_COLUMNS, "breaches": BREACHES_COLUMNS}
"""Each table's columns, by the command that writes it (``breaches``: ``report --breaches``)."""


def parquet_bytes(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> bytes:
    """``rows`` as one Parquet file (zstd, as eval's result table), in memory: these tables
    have a row per metric, changed ticket or credit, and the JSON they come from is in memory too."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    sink = pa.BufferOutputStream()
    pq.write_table(rows_table(rows, columns), sink, compression="zstd")
    return bytes(sink.getvalue())
