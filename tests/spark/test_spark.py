"""``slalang.spark.evaluate`` on a real Spark (``local[2]``, one session for the module):
every row equals what ``slalang eval`` gives, with the json column or typed columns."""

from __future__ import annotations

import datetime as dt
import os
import sys

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import slalang
from slalang.cli.main import cli
from slalang.spark import evaluate, spark_schema
from tests.arrow.tickets import ACME, NOW, TYPED_SCHEMA, good_tickets, json_lines

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("slalang-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def acme():
    return slalang.load(ACME)


def cli_rows(tmp_path, lines: list[bytes]) -> list[dict]:
    """``slalang eval -o results.parquet`` on ``lines``, read back as Python rows (UTC instants)."""
    source = tmp_path / "tickets.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "results.parquet"
    CliRunner().invoke(cli, ["eval", ACME, str(source), "--now", NOW, "-o", str(out)], catch_exceptions=False)
    return [normal(row) for row in pq.read_table(out).to_pylist()]


def normal(row: dict) -> dict:
    """Instants as naive UTC (what Spark's collect gives with the session in UTC)."""
    return {k: v.astimezone(dt.UTC).replace(tzinfo=None) if isinstance(v, dt.datetime) and v.tzinfo else v
            for k, v in row.items()}


def test_the_json_column_gives_every_row_of_eval(spark, acme, tmp_path):
    lines = json_lines(300, seed=23)
    df = spark.createDataFrame(pa.table({"row": range(1, len(lines) + 1), "json": [line.decode() for line in lines]}))
    assert df.rdd.getNumPartitions() == 2  # both executor threads evaluate a part
    rows = [r.asDict() for r in evaluate(df, acme, now=NOW, row_column="row").collect()]
    expected = cli_rows(tmp_path, lines)
    assert sorted(rows, key=lambda r: orjson.dumps(r, default=str)) == sorted(expected, key=lambda r: orjson.dumps(r, default=str))
    assert sum(1 for r in rows if r["error"]) >= 30  # the bad tickets failed, each with its row


def test_typed_columns_give_the_same_rows(spark, acme, tmp_path):
    tickets = good_tickets(200, seed=29)
    table = pa.Table.from_pylist([dict(t, region="emea") for t in tickets], schema=TYPED_SCHEMA)
    df = spark.createDataFrame(table)  # structs, a list of event structs: Spark's own types
    assert dict(df.dtypes)["events"].startswith("array<struct<")
    rows = {r["id"]: r.asDict() for r in evaluate(df, acme, now=NOW).collect()}
    expected = {r["id"]: r for r in cli_rows(tmp_path, [orjson.dumps(t) for t in tickets])}
    assert rows == expected


def test_the_schema_is_the_policy_result_schema(spark, acme):
    df = spark.createDataFrame([("{}",)], "json string")
    result = evaluate(df, acme, now=NOW)
    assert result.schema == spark_schema(acme)
    assert result.columns[:4] == ["id", "sla", "result", "error"]


def test_a_dataframe_without_tickets_is_refused(spark, acme):
    with pytest.raises(ValueError, match="needs a `json` column"):
        evaluate(spark.createDataFrame([(1,)], "ticket_id long"), acme)
