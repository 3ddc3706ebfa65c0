"""Warehouse throughput: Parquet against JSON Lines, and Spark ``local[2]`` against the CLI.

    python bench/bench_warehouse.py            # 1,000,000 tickets
    python bench/bench_warehouse.py --n 50000  # scaled down
    python bench/bench_warehouse.py --no-spark # the file formats only

Generates tickets for ``policies/acme.sla`` (as ``bench_eval.py`` does), writes them as JSON
Lines, as Parquet with a ``json`` column and as Parquet with typed columns (structs, a list
of event structs), then times ``slalang eval`` end to end (a child process, ``-o`` to a
file) for each input and output, and ``slalang.spark.evaluate`` on ``local[2]`` over the same
Parquet table (written with Spark's ``noop`` sink so only the evaluation is timed; the
session's start is timed apart). Prints tickets/s side by side, with the ratio to the CLI's
JSON Lines to JSON Lines run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import warnings

import orjson

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

from bench_eval import NOW, POLICY, write_tickets  # noqa: E402


def to_parquet(jsonl: str, json_column: str, typed: str) -> None:
    import pyarrow as pa
    import pyarrow.json as pj
    import pyarrow.parquet as pq

    with open(jsonl, "rb") as f:
        lines = [line.rstrip(b"\n").decode() for line in f]
    pq.write_table(pa.table({"json": pa.array(lines, pa.string())}), json_column, row_group_size=65536)
    instant = pa.timestamp("s", tz="UTC")  # Arrow reads the offsets; the structs it infers
    event = pa.struct([("at", instant), ("type", pa.string()), ("status", pa.string()), ("field", pa.string()),
                       ("value", pa.string())])
    options = pj.ParseOptions(explicit_schema=pa.schema([("created_at", instant), ("events", pa.list_(event))]),
                              unexpected_field_behavior="infer")
    pq.write_table(pj.read_json(jsonl, parse_options=options), typed, row_group_size=65536)


def digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def cli(source: str, output: str, jobs: int | None) -> float:
    command = [sys.executable, "-m", "slalang", "eval", POLICY, source, "--now", NOW, "-o", output]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=False)  # exit 1 would mean failed tickets: none here
    return time.perf_counter() - started


def spark_runs(parquet_json: str, parquet_typed: str) -> list[tuple[str, float]]:
    from pyspark.sql import SparkSession

    import slalang
    from slalang.spark import evaluate

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    started = time.perf_counter()
    spark = (SparkSession.builder.master("local[2]").appName("slalang-bench")
             .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
             .config("spark.driver.memory", "2g").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    spark.range(1).collect()
    rows = [("Spark local[2]: session start (JVM), once", time.perf_counter() - started)]
    policy = slalang.load(POLICY)
    for label, path in (("json column", parquet_json), ("typed columns", parquet_typed)):
        started = time.perf_counter()
        evaluate(spark.read.parquet(path), policy, now=NOW).write.format("noop").mode("overwrite").save()
        rows.append((f"Spark local[2]: Parquet ({label}) -> evaluate", time.perf_counter() - started))
    spark.stop()
    return rows


def main() -> None:
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="tickets (default 1,000,000)")
    parser.add_argument("--jobs", type=int, default=None, help="the CLI's worker processes (default: the cores)")
    parser.add_argument("--no-spark", action="store_true", help="leave out the Spark runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = os.path.join(tmp, "tickets.jsonl")
        pj, pt = os.path.join(tmp, "tickets_json.parquet"), os.path.join(tmp, "tickets_typed.parquet")
        started = time.perf_counter()
        write_tickets(jsonl, args.n)
        to_parquet(jsonl, pj, pt)
        sizes = ", ".join(f"{os.path.basename(p)} {os.path.getsize(p) / 1e6:,.0f} MB" for p in (jsonl, pj, pt))
        print(f"generated {args.n:,} tickets in {time.perf_counter() - started:.1f}s: {sizes}")
        out_jsonl, out_parquet = os.path.join(tmp, "r.jsonl"), os.path.join(tmp, "r.parquet")
        rows = [("CLI: JSON Lines -> JSON Lines", cli(jsonl, out_jsonl, args.jobs))]
        expected = digest(out_jsonl)
        for name, source, jobs in (("CLI: JSON Lines -> JSON Lines (--jobs 1)", jsonl, 1),
                                   ("CLI: Parquet (json column) -> JSON Lines", pj, args.jobs),
                                   ("CLI: Parquet (typed columns) -> JSON Lines", pt, args.jobs)):
            rows.append((name, cli(source, out_jsonl, jobs)))
            if digest(out_jsonl) != expected:
                sys.exit(f"{name}: the results differ from JSON Lines in")
        rows += [
            ("CLI: JSON Lines -> Parquet", cli(jsonl, out_parquet, args.jobs)),
            ("CLI: Parquet (json column) -> Parquet", cli(pj, out_parquet, args.jobs)),
            ("CLI: Parquet (typed columns) -> Parquet", cli(pt, out_parquet, args.jobs)),
        ]
        result_mb = os.path.getsize(out_parquet) / 1e6
        if not args.no_spark:
            rows += spark_runs(pj, pt)
        base = args.n / rows[0][1]
        print(f"{'run':<52}{'seconds':>9}{'tickets/s':>12}{'vs CLI jsonl':>14}")
        for name, seconds in rows:
            if "session start" in name:
                print(f"{name:<52}{seconds:>9.2f}{'':>12}{'':>14}")
                continue
            rate = args.n / seconds
            print(f"{name:<52}{seconds:>9.2f}{rate:>12,.0f}{rate / base:>13.2f}x")
        print(f"result table: {result_mb:,.0f} MB of Parquet; each row's result JSON plus its flattened columns")
        print(orjson.dumps({"n": args.n, "rows": rows}).decode())


if __name__ == "__main__":
    main()
