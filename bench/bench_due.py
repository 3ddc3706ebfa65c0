"""Throughput and memory of ``slalang due`` beside ``slalang eval`` on generated tickets.

    python bench/bench_due.py            # 1,000,000 tickets
    python bench/bench_due.py --n 50000  # scaled down

The tickets are ``bench_eval.py``'s (``policies/acme.sla``; ``now`` is set a few weeks
after they were created so that the queue holds a realistic mix: mostly resolved, some
breached, some running). Each command runs end to end in a child process, on the large
file and on one a tenth of its size: ``due`` should go at ``eval``'s speed (it reads the
results ``eval``'s engine writes), and with ``--limit`` or ``--within`` its peak RSS should
not grow with the number of tickets (a bounded queue). Without either, every row is kept
to be sorted, so memory grows with the rows (not with the tickets).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_eval import _MEASURE, POLICY, write_tickets  # noqa: E402

NOW = "2026-12-20T12:00:00Z"


def run_cli(args: list[str], jobs: int | None) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MB) of the command's largest process."""
    command = [sys.executable, "-m", "slalang", *args, "--now", NOW, "-o", os.devnull]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return time.perf_counter() - started, int(done.stdout.split()[-1]) / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="tickets to generate (default 1,000,000)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: the available cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        large = os.path.join(tmp, "tickets.jsonl")
        small = os.path.join(tmp, "tickets_small.jsonl")
        write_tickets(large, args.n)
        small_n = max(1, args.n // 10)
        write_tickets(small, small_n, seed=8)
        commands = [
            ("slalang eval (jsonl)", ["eval", POLICY]),
            ("slalang due --format jsonl", ["due", POLICY, "--format", "jsonl"]),
            ("slalang due --limit 100", ["due", POLICY, "--format", "jsonl", "--limit", "100"]),
            ("slalang due --within 1h", ["due", POLICY, "--format", "jsonl", "--within", "1h"]),
            ("slalang due --within 1h --limit 50 (table)", ["due", POLICY, "--within", "1h", "--limit", "50"]),
        ]
        print(f"{'command':<44}{'tickets':>10}{'seconds':>9}{'tickets/s':>11}{'RSS MB':>8}"
              f"{'RSS MB at n/10':>16}")
        for name, command in commands:
            seconds, rss = run_cli(command[:2] + [large] + command[2:], args.jobs)
            _, rss_small = run_cli(command[:2] + [small] + command[2:], args.jobs)
            print(f"{name:<44}{args.n:>10,}{seconds:>9.2f}{args.n / seconds:>11,.0f}{rss:>8,.0f}{rss_small:>16,.0f}")


if __name__ == "__main__":
    main()
