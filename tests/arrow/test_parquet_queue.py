"""Parquet into ``slalang due`` and ``explain`` (a file, a directory, a glob; a `json` column
or typed columns), read as they read the same tickets as JSON Lines; and ``--max-ticket-bytes``
applied to Parquet rows as to lines, one bad row not stopping the others."""

from __future__ import annotations

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from slalang.arrow.files import ticket_chunks
from slalang.arrow.parquet import read_parquet_tickets
from slalang.evaluation import InputError

from .conftest import run_cli
from .tickets import ACME, NOW, good_tickets, json_table, typed_table


def write_parquet(path, table: pa.Table, row_group_rows: int = 25) -> str:
    pq.write_table(table, str(path), row_group_size=row_group_rows)
    return str(path)


@pytest.fixture(scope="module")
def inputs(lines, tmp_path_factory) -> dict[str, str]:
    """The same tickets as JSON Lines, one Parquet file, a directory of two files, a glob,
    and typed columns (good tickets only) beside their JSON Lines."""
    folder = tmp_path_factory.mktemp("queue")
    jsonl = folder / "tickets.jsonl"
    jsonl.write_bytes(b"\n".join(lines) + b"\n")
    table = folder / "table"
    (table / "day=1").mkdir(parents=True)
    (table / "day=2").mkdir()
    write_parquet(table / "day=1" / "part-0.parquet", json_table(lines[:60]))
    write_parquet(table / "day=2" / "part-0.parquet", json_table(lines[60:]))
    typed = good_tickets(30, seed=5)
    typed_jsonl = folder / "typed.jsonl"
    typed_jsonl.write_bytes(b"\n".join(orjson.dumps(t) for t in typed) + b"\n")
    return {
        "jsonl": str(jsonl),
        "file": write_parquet(folder / "tickets.parquet", json_table(lines)),
        "directory": str(table),
        "glob": str(table / "*" / "part-*.parquet"),
        "typed": write_parquet(folder / "typed.parquet", typed_table(typed)),
        "typed_jsonl": str(typed_jsonl),
    }


@pytest.mark.parametrize("kind", ["file", "directory", "glob"])
def test_due_reads_parquet_as_it_reads_json_lines(inputs, kind):
    for fmt in ("jsonl", "csv"):
        expected = run_cli("due", ACME, inputs["jsonl"], "--now", NOW, "--format", fmt)
        found = run_cli("due", ACME, inputs[kind], "--now", NOW, "--format", fmt)
        assert found.stdout == expected.stdout and found.stdout.count("\n") > 5
        assert found.exit_code == expected.exit_code == 1  # the bad rows fail, the others are listed
    # a failure is named by its row in the whole input, as a line is in a file
    failures = [line for line in found.stderr.splitlines() if "(row " in line]
    assert failures == [line.replace("(line ", "(row ") for line in expected.stderr.splitlines() if "(line " in line]
    assert failures


def test_due_reads_typed_columns_and_takes_its_options(inputs):
    options = ["--now", NOW, "--within", "2d", "--limit", "5", "--format", "json", "--jobs", "2"]
    expected = run_cli("due", ACME, inputs["typed_jsonl"], *options)
    found = run_cli("due", ACME, inputs["typed"], *options)
    assert found.exit_code == expected.exit_code == 0
    assert found.stdout == expected.stdout and orjson.loads(found.stdout)


def test_explain_picks_a_ticket_from_parquet(inputs):
    for fmt in ("text", "json"):
        expected = run_cli("explain", ACME, inputs["jsonl"], "--ticket-id", "T-42", "--now", NOW, "--format", fmt)
        assert expected.exit_code == 0
        for kind in ("file", "directory", "glob"):
            found = run_cli("explain", ACME, inputs[kind], "--ticket-id", "T-42", "--now", NOW, "--format", fmt)
            assert (found.exit_code, found.stdout) == (0, expected.stdout), kind
    typed = run_cli("explain", ACME, inputs["typed"], "--ticket-id", "T-7", "--now", NOW, "--format", "json")
    reference = run_cli("explain", ACME, inputs["typed_jsonl"], "--ticket-id", "T-7", "--now", NOW, "--format", "json")
    assert typed.exit_code == 0 and typed.stdout == reference.stdout


def test_explain_says_which_row_of_parquet_is_bad_or_missing(inputs, lines):
    bad_row = next(n for n, line in enumerate(lines, 1) if line.startswith(b'{"id": "B-3"'))
    single = write_parquet(inputs["file"].replace("tickets.parquet", "one_bad.parquet"), json_table([lines[bad_row - 1]]))
    result = run_cli("explain", ACME, single, "--now", NOW)
    assert result.exit_code == 1 and result.stderr.startswith("slalang explain: row 1: invalid JSON")
    missing = run_cli("explain", ACME, inputs["directory"], "--ticket-id", "nope", "--now", NOW)
    assert missing.exit_code == 2 and f"({len(lines)} ticket(s) read)" in missing.stderr
    several = run_cli("explain", ACME, inputs["glob"], "--now", NOW)
    assert several.exit_code == 2 and "choose one with --ticket-id" in several.stderr


def test_unreadable_parquet_exits_2_for_due_and_explain(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "fake.parquet").write_text("not parquet")
    cases = {
        str(tmp_path / "empty"): "no Parquet file found",
        str(tmp_path / "fake.parquet"): "not a Parquet file",
        write_parquet(tmp_path / "wrong.parquet", pa.table({"ticket_id": [1]})): "needs a `json` column",
    }
    for path, message in cases.items():
        for command in ("due", "explain"):
            result = run_cli(command, ACME, path, "--now", NOW)
            assert result.exit_code == 2, (command, path, result.output)
            assert message in result.stderr and "Traceback" not in result.output


# --- --max-ticket-bytes on Parquet rows ---------------------------------------------------------


def sized_rows(tmp_path) -> tuple[str, str, list[dict]]:
    """Two Parquet files (json column; typed columns) of five tickets, the third with a long
    tag list that makes its JSON about 3,000 bytes, the others under 1,000."""
    tickets = good_tickets(5, seed=3)
    tickets[2]["customer"]["tags"] = ["x" * 50] * 55
    assert all(len(orjson.dumps(t)) < 1000 for n, t in enumerate(tickets) if n != 2)
    assert len(orjson.dumps(tickets[2])) > 2500
    lines = [orjson.dumps(t) for t in tickets]
    json_file = write_parquet(tmp_path / "json.parquet", json_table(lines), row_group_rows=2)
    typed_file = write_parquet(tmp_path / "typed.parquet", typed_table(tickets), row_group_rows=2)
    return json_file, typed_file, tickets


def test_a_parquet_row_over_max_ticket_bytes_fails_alone(tmp_path):
    json_file, typed_file, tickets = sized_rows(tmp_path)
    for path in (json_file, typed_file):
        result = run_cli("eval", ACME, path, "--now", NOW, "--max-ticket-bytes", "2000")
        assert result.exit_code == 1 and "1 of 5 tickets failed" in result.stderr
        rows = [orjson.loads(line) for line in result.stdout.splitlines()]
        assert [r["id"] for r in rows if "error" not in r] == [t["id"] for n, t in enumerate(tickets) if n != 2]
        (bad,) = [r for r in rows if "error" in r]
        assert bad["line"] == 3
        assert bad["error"] == (
            f"ticket is larger than 2000 bytes as JSON (row 3 of {path}; raise the limit with --max-ticket-bytes)"
        )
        # a typed row's id is read before its size is known; a json row's is not decoded
        assert bad["id"] == (tickets[2]["id"] if path == typed_file else None)
        assert run_cli("eval", ACME, path, "--now", NOW, "--max-ticket-bytes", "4000").exit_code == 0


def test_due_applies_max_ticket_bytes_to_parquet_rows(tmp_path):
    json_file, typed_file, tickets = sized_rows(tmp_path)
    for path in (json_file, typed_file):
        result = run_cli("due", ACME, path, "--now", NOW, "--max-ticket-bytes", "2000", "--format", "jsonl")
        assert result.exit_code == 1
        assert f"(row 3): ticket is larger than 2000 bytes as JSON (row 3 of {path};" in result.stderr
        assert tickets[2]["id"] not in result.stdout


def test_the_row_in_its_file_is_named_across_several_files(tmp_path):
    tickets = good_tickets(4, seed=3)
    tickets[3]["customer"]["tags"] = ["y" * 100] * 20
    folder = tmp_path / "t"
    folder.mkdir()
    write_parquet(folder / "a.parquet", json_table([orjson.dumps(t) for t in tickets[:2]]))
    write_parquet(folder / "b.parquet", json_table([orjson.dumps(t) for t in tickets[2:]]))
    items = list(read_parquet_tickets(str(folder), max_item_bytes=1500))
    assert [row for row, _ in items] == [1, 2, 3, 4]
    assert all(not isinstance(item, InputError) for _, item in items[:3])
    bad = items[3][1]
    assert isinstance(bad, InputError) and bad.line == 4
    assert f"(row 2 of {folder / 'b.parquet'};" in bad.reason
    # the chunks the worker processes evaluate say the same
    chunked = [item for chunk in ticket_chunks(str(folder), batch_rows=1, max_item_bytes=1500) for item in chunk.items]
    assert chunked[3][1] == bad


def test_the_size_of_a_json_row_is_its_utf8_bytes(tmp_path):
    text = orjson.dumps(dict(good_tickets(1, seed=3)[0], note="é" * 600)).decode()  # 600 characters, 1200 bytes
    path = write_parquet(tmp_path / "utf8.parquet", json_table([text.encode()]))
    size = len(text.encode())
    ((_, under),) = list(read_parquet_tickets(path, max_item_bytes=size))
    assert isinstance(under, dict)
    ((_, over),) = list(read_parquet_tickets(path, max_item_bytes=size - 1))
    assert isinstance(over, InputError) and over.line == 1
