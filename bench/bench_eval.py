"""Throughput and memory of ``slalang eval`` on generated tickets.

    python bench/bench_eval.py            # 1,000,000 tickets
    python bench/bench_eval.py --n 50000  # scaled down

Generates tickets for ``policies/acme.sla`` (three metrics, pauses while pending, the
Amsterdam business calendar, some reopened and re-prioritised) into a temporary JSON
Lines file, then runs, side by side:

- the simple path (``evaluate_tickets``, one ticket at a time, in process) on a sample;
- the fast path in process (``evaluate_file``, vectorised, several processes);
- the CLI end to end (``python -m slalang eval``), in a child process, with the compiled
  fast path (``slalang/evaluation/fast/scanner.pyx``, built by ``pip install .``) and, on the smaller
  file, without it (``SLALANG_NATIVE=0``: the Python batch path alone);
- the first-response deadlines alone with ``businesstimedelta``, the library a user would
  otherwise reach for (it knows no DST, holidays or pauses; deadlines only), on a sample.

Each prints tickets/s; peak RSS (``resource.getrusage``) shows memory stays flat as N grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

import orjson

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

POLICY = os.path.join(ROOT, "policies", "acme.sla")
NOW = "2027-01-15T00:00:00Z"
PLANS = ("enterprise", "pro", "free", "trial")
PRIORITIES = ("urgent", "high", "normal", "low")
OFFSETS = ("+01:00", "Z", "-05:00")


def _stamp(epoch_s: int, offset: str) -> str:
    if offset == "Z":
        return dt.datetime.fromtimestamp(epoch_s, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = 1 if offset[0] == "+" else -1
    delta = dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
    local = dt.datetime.fromtimestamp(epoch_s, dt.timezone(delta))
    return local.strftime("%Y-%m-%dT%H:%M:%S") + offset


def generate_ticket(rng: random.Random, number: int) -> dict:
    """A realistic ticket: replies, a wait for the customer (a pause), a resolve, some reopens."""
    created = 1793491200 + rng.randrange(0, 60 * 86400)  # Nov-Dec 2026
    offset = rng.choice(OFFSETS)
    plan = rng.choice(PLANS)
    customer = {"plan": plan, "arr": rng.choice((0, 5000, 50000, 250000))}
    if rng.random() < 0.1:
        customer["tags"] = ["vip"]
    ticket = {"priority": rng.choice(PRIORITIES), "status": "new", "type": "question"}
    events = []
    t = created
    if rng.random() < 0.9:
        t += rng.randrange(60, 6 * 3600)
        events.append({"at": _stamp(t, offset), "type": "agent_reply"})
        if rng.random() < 0.5:
            t += rng.randrange(60, 3600)
            events.append({"at": _stamp(t, offset), "type": "status", "status": "pending_customer"})
            t += rng.randrange(600, 2 * 86400)
            events.append({"at": _stamp(t, offset), "type": "customer_reply"})
            events.append({"at": _stamp(t, offset), "type": "status", "status": "open"})
            if rng.random() < 0.8:
                t += rng.randrange(60, 8 * 3600)
                events.append({"at": _stamp(t, offset), "type": "agent_reply"})
        if rng.random() < 0.1:
            t += rng.randrange(60, 3600)
            events.append({"at": _stamp(t, offset), "type": "field", "field": "priority", "value": "urgent"})
        if rng.random() < 0.85:
            t += rng.randrange(600, 3 * 86400)
            events.append({"at": _stamp(t, offset), "type": "status", "status": "solved"})
            if rng.random() < 0.1:
                t += rng.randrange(3600, 86400)
                events.append({"at": _stamp(t, offset), "type": "customer_reply"})
                events.append({"at": _stamp(t, offset), "type": "status", "status": "open"})
                t += rng.randrange(600, 86400)
                events.append({"at": _stamp(t, offset), "type": "status", "status": "solved"})
    return {
        "id": f"T-{number}",
        "created_at": _stamp(created, offset),
        "ticket": ticket,
        "customer": customer,
        "events": events,
    }


def write_tickets(path: str, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "wb") as out:
        batch = []
        for number in range(n):
            batch.append(orjson.dumps(generate_ticket(rng, number)))
            if len(batch) == 10000:
                out.write(b"\n".join(batch) + b"\n")
                batch = []
        if batch:
            out.write(b"\n".join(batch) + b"\n")


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


def bench_simple(policy, path: str, sample: int) -> tuple[int, float]:
    from slalang.evaluation import evaluate_tickets, read_tickets

    tickets = []
    for _, raw in read_tickets(path):
        tickets.append(raw)
        if len(tickets) >= sample:
            break
    started = time.perf_counter()
    for result in evaluate_tickets(policy, tickets, now=NOW):
        orjson.dumps(result.to_json())
    return len(tickets), time.perf_counter() - started


def bench_fast(policy, path: str, jobs: int) -> tuple[int, float]:
    from slalang.evaluation.runner import evaluate_file

    sink = open(os.devnull, "wb")
    started = time.perf_counter()
    summary = evaluate_file(policy, path, sink.write, now=NOW, jobs=jobs)
    elapsed = time.perf_counter() - started
    sink.close()
    return summary.tickets, elapsed


_MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def bench_cli(path: str, jobs: int | None, native: bool = True) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MB) of the CLI's largest process (workers included),
    measured by a fresh parent so that nothing of this process is counted."""
    command = [sys.executable, "-m", "slalang", "eval", POLICY, path, "--now", NOW, "-o", os.devnull]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if not native:
        env["SLALANG_NATIVE"] = "0"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], check=True, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, int(done.stdout.split()[-1]) / 1024.0


def bench_businesstimedelta(path: str, sample: int) -> tuple[int, float]:
    """First-response deadlines only, the way a user would without slalang: a Mon-Fri
    09:00-17:30 + Saturday rule with Dutch holidays, no DST awareness, no pauses."""
    import businesstimedelta as btd
    import holidays as holidays_lib
    import pytz

    zone = pytz.timezone("Europe/Amsterdam")
    workdays = btd.WorkDayRule(start_time=dt.time(9), end_time=dt.time(17, 30), working_days=[0, 1, 2, 3, 4], tz=zone)
    saturday = btd.WorkDayRule(start_time=dt.time(10), end_time=dt.time(14), working_days=[5], tz=zone)
    holiday = btd.HolidayRule(holidays_lib.country_holidays("NL", years=[2026, 2027]), tz=zone)
    rules = btd.Rules([workdays, saturday, holiday])
    one_hour = btd.BusinessTimeDelta(rules, hours=1)
    created = []
    with open(path, "rb") as f:
        for line in f:
            created.append(dt.datetime.fromisoformat(orjson.loads(line)["created_at"]).astimezone(zone))
            if len(created) >= sample:
                break
    started = time.perf_counter()
    for when in created:
        _ = when + one_hour
    return len(created), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="tickets to generate (default 1,000,000)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: the available cores)")
    parser.add_argument("--sample", type=int, default=20_000, help="tickets for the simple path and businesstimedelta")
    args = parser.parse_args()

    import slalang
    from slalang.evaluation import fast
    from slalang.evaluation.runner import default_jobs

    jobs = args.jobs or default_jobs()
    policy = slalang.load(POLICY)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "tickets.jsonl")
        small = os.path.join(tmp, "tickets_small.jsonl")
        started = time.perf_counter()
        write_tickets(path, args.n)
        write_tickets(small, max(1, args.n // 10), seed=8)
        size_mb = os.path.getsize(path) / 1e6
        print(f"generated {args.n:,} tickets ({size_mb:,.0f} MB) in {time.perf_counter() - started:.1f}s; jobs={jobs}; "
              f"compiled fast path: {'yes' if fast.available() else 'NO (pip install . builds it)'}")
        print(f"{'path':<46}{'tickets':>10}{'seconds':>10}{'tickets/s':>12}{'vs simple':>11}")

        count, seconds = bench_simple(policy, path, min(args.sample, args.n))
        simple_rate = count / seconds
        rows = [("simple path (evaluate_tickets, 1 process)", count, seconds)]
        count, seconds = bench_fast(policy, path, 1)
        rows.append(("fast path in process (evaluate_file, 1 job)", count, seconds))
        count, seconds = bench_fast(policy, path, jobs)
        rows.append((f"fast path in process (evaluate_file, {jobs} jobs)", count, seconds))
        rss_api = peak_rss_mb()
        cli_small_s, rss_small = bench_cli(small, args.jobs)
        cli_s, rss_cli = bench_cli(path, args.jobs)
        rows.append(("CLI end to end (slalang eval, -o /dev/null)", args.n, cli_s))
        python_only_s, _ = bench_cli(small, args.jobs, native=False)
        rows.append(("CLI, Python path only (SLALANG_NATIVE=0)", max(1, args.n // 10), python_only_s))
        count, seconds = bench_businesstimedelta(path, min(args.sample, args.n))
        rows.append(("businesstimedelta: first-response deadline only", count, seconds))
        for name, count, seconds in rows:
            rate = count / seconds
            print(f"{name:<46}{count:>10,}{seconds:>10.2f}{rate:>12,.0f}{rate / simple_rate:>10.1f}x")
        print(f"peak RSS: this process (simple sample + fast paths) {rss_api:,.0f} MB; the CLI's largest process: "
              f"{rss_small:,.0f} MB on {max(1, args.n // 10):,} tickets, {rss_cli:,.0f} MB on {args.n:,} (flat: alike)")
        print(f"goal: 100,000 tickets/s on 2 cores; CLI reached {args.n / cli_s:,.0f} tickets/s "
              f"(small run: {args.n // 10 / cli_small_s:,.0f}/s)")


if __name__ == "__main__":
    main()
