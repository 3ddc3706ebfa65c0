"""``slalang report``, ``diff`` and ``credits -o FILE.parquet``: the rows of their JSON output
as a Parquet table with a fixed schema, read back and compared row by row."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from slalang.arrow.tables import BREACHES_COLUMNS, CREDITS_COLUMNS, DIFF_COLUMNS, REPORT_COLUMNS, schema_of
from slalang.attainment.breaches import BREACH_FIELDS

from .conftest import run_cli
from .test_parquet_cli import CREDIT, write_jsonl, write_parquet
from .tickets import ACME, NOW, json_table


@pytest.fixture(scope="module")
def policies(tmp_path_factory) -> dict[str, str]:
    """acme as shipped; acme with credits; acme with other targets (so a diff changes tickets)."""
    root = tmp_path_factory.mktemp("policies")
    made = {"acme": ACME}
    for name, edit in (("credits", lambda text: text + CREDIT),
                       ("faster", lambda text: text.replace("within 15m", "within 2h").replace("within 4h", "within 1h"))):
        folder = root / name
        folder.mkdir()
        shutil.copy(os.path.join(os.path.dirname(ACME), "calendars.sla"), folder)
        (folder / "acme.sla").write_text(edit(open(ACME).read()))
        made[name] = str(folder / "acme.sla")
    return made


@pytest.fixture(scope="module")
def sources(lines, tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("tickets")
    return {"jsonl": write_jsonl(folder / "t.jsonl", lines),
            "parquet": write_parquet(folder / "t.parquet", json_table(lines))}


def read_rows(path, columns) -> list[dict]:
    """The table's rows with their JSON text columns decoded; the schema must be the fixed one."""
    table = pq.read_table(path)
    # Parquet has no seconds unit: timestamps come back in milliseconds (always whole seconds)
    stored = [f.with_type(pa.timestamp("ms", tz="UTC")) if pa.types.is_timestamp(f.type) else f
              for f in schema_of(columns)]
    assert table.schema.equals(pa.schema(stored)), table.schema
    decoded = {c.name for c in columns if c.encoding == "json"}
    return [{k: (json.loads(v) if k in decoded and v is not None else v) for k, v in row.items()}
            for row in table.to_pylist()]


def as_columns(rows: list[dict], columns) -> list[dict]:
    """JSON rows with every column present (a key the JSON leaves out is null)."""
    return [{c.name: row.get(c.name) for c in columns} for row in rows]


@pytest.mark.parametrize("source", ["jsonl", "parquet"])
def test_report_writes_one_row_per_sla_metric_equal_to_its_json(policies, sources, source, tmp_path):
    args = ["report", policies["acme"], sources[source], "--now", NOW, "--by", "customer.plan"]
    expected = run_cli(*args, "--format", "json")
    out = tmp_path / "report.parquet"
    written = run_cli(*args, "-o", str(out))
    assert written.exit_code == expected.exit_code == 1  # the bad tickets fail, and the table is written
    metrics = json.loads(expected.stdout)["metrics"]
    assert {key for row in metrics for key in row} == {c.name for c in REPORT_COLUMNS}  # no fact left out
    rows = read_rows(out, REPORT_COLUMNS)
    assert rows == metrics and len(rows) == 10
    assert rows[0]["by_field"]["customer.plan"]  # the --by breakdown travels as JSON text


def test_diff_writes_one_row_per_changed_ticket_equal_to_its_json(policies, sources, tmp_path):
    args = ["diff", policies["acme"], policies["faster"], sources["parquet"], "--now", NOW]
    expected = json.loads(run_cli(*args, "--format", "json").stdout)["changes"]
    out = tmp_path / "diff.parquet"
    assert run_cli(*args, "-o", str(out)).exit_code == 0
    rows = read_rows(out, DIFF_COLUMNS)
    assert len(rows) > 10 and rows == as_columns(expected, DIFF_COLUMNS)
    assert all(row["metrics"] for row in rows)


def test_a_diff_without_changes_is_an_empty_table_with_the_same_schema(policies, sources, tmp_path):
    out = tmp_path / "same.parquet"
    assert run_cli("diff", ACME, policies["credits"], sources["jsonl"], "--now", NOW, "-o", str(out)).exit_code == 0
    assert read_rows(out, DIFF_COLUMNS) == []


@pytest.mark.parametrize("source", ["jsonl", "parquet"])
def test_credits_writes_its_rows_equal_to_its_json(policies, sources, source, tmp_path):
    args = ["credits", policies["credits"], sources[source], "--now", NOW]
    expected = run_cli(*args, "--format", "json")
    out = tmp_path / "credits.parquet"
    written = run_cli(*args, "-o", str(out))
    assert written.exit_code == expected.exit_code == 1  # bad tickets reported on stderr, left out
    assert written.stderr == expected.stderr
    rows = read_rows(out, CREDITS_COLUMNS)
    assert rows == json.loads(expected.stdout) and len(rows) == 12


@pytest.mark.parametrize("command", ["report", "diff", "credits"])
def test_a_parquet_output_takes_no_format_and_nothing_is_written(policies, sources, command, tmp_path):
    out = tmp_path / "x.parquet"
    head = ["diff", ACME, ACME] if command == "diff" else [command, policies["credits"]]
    result = run_cli(*head, sources["jsonl"], "--now", NOW, "--format", "json", "-o", str(out))
    assert result.exit_code == 2 and "--format does not apply" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", ["report", "diff", "credits"])
def test_an_unwritable_parquet_output_exits_2(policies, sources, command, tmp_path):
    head = ["diff", ACME, ACME] if command == "diff" else [command, policies["credits"]]
    missing = tmp_path / "no" / "such" / "dir.parquet"
    result = run_cli(*head, sources["jsonl"], "--now", NOW, "-o", str(missing))
    assert result.exit_code == 2 and f"cannot write {missing}" in result.stderr and "Traceback" not in result.output


def test_report_breaches_to_parquet_are_the_csv_rows_with_instants_as_timestamps(policies, sources, tmp_path):
    args = ["report", policies["acme"], sources["parquet"], "--now", NOW]
    csv_file, parquet_file = tmp_path / "breaches.csv", tmp_path / "breaches.parquet"
    expected = json.loads(run_cli(*args, "--format", "json", "--breaches", str(csv_file)).stdout)["breaches"]
    written = run_cli(*args, "--format", "json", "--breaches", str(parquet_file))
    assert written.exit_code == 1 and json.loads(written.stdout)["breaches"] == expected  # the report is unchanged
    assert [c.name for c in BREACHES_COLUMNS] == list(BREACH_FIELDS)  # the CSV's columns, in its order
    rows = read_rows(parquet_file, BREACHES_COLUMNS)
    assert len(rows) == len(expected) > 10
    assert any(row["cycle"] for row in rows) and any(row["stop"] is None for row in rows)

    def text(instant: dt.datetime | None) -> str | None:
        return None if instant is None else instant.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    assert [{**row, **{k: text(row[k]) for k in ("start", "deadline", "stop")}} for row in rows] == expected
    with open(csv_file, newline="", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == len(rows)


def test_report_breaches_to_parquet_without_breaches_is_an_empty_table(tmp_path):
    out = tmp_path / "none.parquet"
    result = run_cli("report", ACME, write_jsonl(tmp_path / "t.jsonl", []), "--now", NOW, "--format", "json",
                     "--breaches", str(out))
    assert result.exit_code == 0 and read_rows(out, BREACHES_COLUMNS) == []


def test_report_breaches_to_an_unwritable_parquet_file_exits_2(sources, tmp_path):
    missing = tmp_path / "no" / "breaches.parquet"
    result = run_cli("report", ACME, sources["jsonl"], "--now", NOW, "--breaches", str(missing))
    assert result.exit_code == 2 and f"cannot write {missing}" in result.stderr and "Traceback" not in result.output
