"""Parquet in and out of ``slalang eval``, ``report``, ``diff`` and ``credits``: the same
rows as JSON Lines, a directory or glob of files as one input, clear errors."""

from __future__ import annotations

import os
import shutil

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from slalang.arrow import evaluate_batches, result_schema
from slalang.arrow.files import evaluate_to_parquet, ticket_chunks
from slalang.evaluation.runner import evaluate_file

from .conftest import run_cli
from .tickets import ACME, NOW, good_tickets, json_table, typed_table

CREDIT = """
credit terms {
    slas paying_standard, free_tier
    per customer.plan
    period month in "UTC"
    below 99% credit 5%
    below 90% credit 10%
}
"""


def write_jsonl(path, lines: list[bytes]) -> str:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return str(path)


def write_parquet(path, table: pa.Table, row_group_rows: int = 25) -> str:
    pq.write_table(table, str(path), row_group_size=row_group_rows)
    return str(path)


def test_a_parquet_table_evaluates_to_a_parquet_table_equal_to_eval(acme, lines, cli_lines, tmp_path):
    source = write_parquet(tmp_path / "tickets.parquet", json_table(lines))
    out = tmp_path / "results.parquet"
    result = run_cli("eval", ACME, source, "--now", NOW, "-o", str(out))
    assert result.exit_code == 1  # the bad rows fail, as with JSON Lines
    assert "failed" in result.stderr
    table = pq.read_table(out)
    assert table.schema.names == result_schema(acme).names
    assert table.column("result").to_pylist() == cli_lines
    # the same rows as the Arrow API's (Parquet keeps timestamps to the millisecond: no seconds unit)
    direct = pa.Table.from_batches(evaluate_batches(acme, json_table(lines), now=NOW))
    assert table.cast(direct.schema).equals(direct)


def test_parquet_in_json_lines_out_is_byte_for_byte_eval(lines, cli_lines, tmp_path):
    source = write_parquet(tmp_path / "tickets.parquet", json_table(lines))
    result = run_cli("eval", ACME, source, "--now", NOW)
    assert result.stdout.splitlines() == cli_lines


def test_the_parquet_output_is_written_a_row_group_at_a_time(acme, lines, cli_lines, tmp_path):
    source = write_parquet(tmp_path / "tickets.parquet", json_table(lines))
    out = tmp_path / "r.parquet"
    with open(out, "wb") as stream:
        summary = evaluate_to_parquet(acme, source, stream, parquet=True, now=NOW, rows_per_group=50)
    assert summary.tickets == len(lines)
    written = pq.ParquetFile(out)
    assert [written.metadata.row_group(i).num_rows for i in range(written.num_row_groups)] == [50, 50, len(lines) - 100]
    assert written.read().column("result").to_pylist() == cli_lines
    assert summary.failed == sum(1 for line in cli_lines if '"error"' in line)


def test_json_lines_in_parquet_out(acme, lines, cli_lines, tmp_path):
    out = tmp_path / "r.parquet"
    run_cli("eval", ACME, write_jsonl(tmp_path / "t.jsonl", lines), "--now", NOW, "-o", str(out))
    assert pq.read_table(out).column("result").to_pylist() == cli_lines


def test_a_directory_or_a_glob_of_files_is_one_input_rows_numbered_across_files(lines, cli_lines, tmp_path):
    folder = tmp_path / "table"
    for day in ("day=1", "day=2"):
        (folder / day).mkdir(parents=True)
    write_parquet(folder / "day=1" / "part-0.parquet", json_table(lines[:50]))  # files in sorted path order
    write_parquet(folder / "day=2" / "part-0.parquet", json_table(lines[50:]))
    (folder / "_SUCCESS").write_text("")
    write_parquet(folder / ".hidden.parquet", json_table(lines[:3]))
    by_folder = run_cli("eval", ACME, str(folder), "--now", NOW)
    assert by_folder.stdout.splitlines() == cli_lines  # a failure's line is its row in the whole input
    by_glob = run_cli("eval", ACME, str(folder / "**" / "part-*.parquet"), "--now", NOW)
    assert by_glob.stdout.splitlines() == cli_lines


def test_typed_columns_in_parquet(tmp_path):
    tickets = good_tickets(40, seed=11)
    source = write_parquet(tmp_path / "typed.parquet", typed_table(tickets))
    reference = write_jsonl(tmp_path / "t.jsonl", [orjson.dumps(t) for t in tickets])
    assert run_cli("eval", ACME, source, "--now", NOW).stdout == run_cli("eval", ACME, reference, "--now", NOW).stdout


def test_csv_and_table_formats_read_parquet_too(lines, tmp_path):
    source = write_parquet(tmp_path / "tickets.parquet", json_table(lines))
    reference = write_jsonl(tmp_path / "t.jsonl", lines)
    for fmt in ("csv", "table"):
        assert (run_cli("eval", ACME, source, "--now", NOW, "--format", fmt).stdout
                == run_cli("eval", ACME, reference, "--now", NOW, "--format", fmt).stdout)


def test_worker_processes_take_parquet_batches_in_order(acme, lines, cli_lines, tmp_path):
    source = write_parquet(tmp_path / "tickets.parquet", json_table(lines))
    written: list[bytes] = []
    summary = evaluate_file(acme, source, written.append, now=NOW, jobs=2, chunks=ticket_chunks(source, batch_rows=10))
    assert b"".join(written).decode().splitlines() == cli_lines
    assert summary.tickets == len(lines)


def test_report_diff_and_credits_read_parquet_as_they_read_json_lines(lines, tmp_path):
    source = write_parquet(tmp_path / "tickets.parquet", json_table(lines))
    reference = write_jsonl(tmp_path / "t.jsonl", lines)
    with_credits = tmp_path / "policy"
    with_credits.mkdir()
    shutil.copy(os.path.join(os.path.dirname(ACME), "calendars.sla"), with_credits)
    (with_credits / "acme.sla").write_text(open(ACME).read() + CREDIT)
    commands = (
        ["report", ACME, "--format", "json"],
        ["diff", ACME, str(with_credits), "--format", "json"],
        ["credits", str(with_credits / "acme.sla"), "--format", "jsonl"],
    )
    for command in commands:
        from_parquet = run_cli(*command, source, "--now", NOW)
        from_json = run_cli(*command, reference, "--now", NOW)
        assert from_parquet.exit_code == from_json.exit_code
        assert from_parquet.stdout == from_json.stdout.replace(reference, source)
        assert from_parquet.stdout.strip()


def test_unreadable_parquet_inputs_exit_2_with_a_reason(tmp_path):
    cases = {
        str(tmp_path / "missing" / "*.parquet"): "no Parquet file found",
        str(tmp_path / "nothing.parquet"): "cannot read tickets from",
    }
    (tmp_path / "empty").mkdir()
    cases[str(tmp_path / "empty")] = "no Parquet file found"
    (tmp_path / "fake.parquet").write_text("not parquet")
    cases[str(tmp_path / "fake.parquet")] = "not a Parquet file"
    cases[write_parquet(tmp_path / "wrong.parquet", pa.table({"ticket_id": [1]}))] = "needs a `json` column"
    for path, message in cases.items():
        for command in (["eval", ACME], ["report", ACME], ["credits", ACME]):
            result = run_cli(*command, path, "--now", NOW)
            assert result.exit_code == 2, (command, path, result.output)
            assert message in result.stderr and "Traceback" not in result.output


def test_a_parquet_output_takes_no_format(lines, tmp_path):
    result = run_cli("eval", ACME, write_jsonl(tmp_path / "t.jsonl", lines), "--format", "csv",
                     "-o", str(tmp_path / "r.parquet"))
    assert result.exit_code == 2 and "--format does not apply" in result.stderr
    assert not (tmp_path / "r.parquet").exists()


def test_measures_and_chosen_calendars_of_the_global_example(tmp_path):
    """The Globex example (measures with and without cycles, calendars chosen by region):
    the Parquet result table is eval's, with a column set per measure filled from it."""
    policy = os.path.join(os.path.dirname(ACME), "global")
    sample = os.path.join(policy, "tickets.jsonl")
    with open(sample, "rb") as f:
        lines = [line.strip() for line in f if line.strip()]
    source = write_parquet(tmp_path / "tickets.parquet", json_table(lines))
    out = tmp_path / "r.parquet"
    expected = run_cli("eval", policy, sample, "--now", NOW).stdout.splitlines()
    run_cli("eval", policy, source, "--now", NOW, "-o", str(out))
    rows = pq.read_table(out).to_pylist()
    assert [row["result"] for row in rows] == expected
    measures = [name[: -len("_status")] for name in rows[0] if name.endswith("_status")][3:]
    assert measures  # the example defines some
    filled = 0
    for row in rows:
        metrics = orjson.loads(row["result"]).get("metrics", {})
        for name in measures:
            found = metrics.get(name)
            assert row[f"{name}_status"] == (None if found is None else found["status"])
            if found is not None and "cycles" in found:
                assert row[f"{name}_cycles"] == len(found["cycles"])
            elif found is not None and f"{name}_counted_s" in row:
                assert row[f"{name}_counted_s"] == found.get("counted_s")
            filled += found is not None
    assert filled > 0
