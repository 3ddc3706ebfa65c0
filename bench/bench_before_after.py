"""The same ``slalang eval`` work timed on two source trees: is a change slower?

    git worktree add /tmp/before main      # or: git archive main | tar -x -C /tmp/before
    python bench/bench_before_after.py /tmp/before .            # 60,000 acme tickets
    python bench/bench_before_after.py /tmp/before . --n 20000 --policy policies/acme.sla

Each tree is imported in its own child process (its ``slalang`` first on ``sys.path``) and
evaluates the same generated tickets (``bench_eval.write_tickets``) with ``evaluate_file``
in one process, best of three, with the compiled scanner and without it
(``SLALANG_NATIVE=0``). The compiled module is whichever is installed; it speaks one ABI, so
it serves both trees when ``scanner.pyx`` did not change.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHILD = """
import os, sys, time
root, policy_path, tickets, now = sys.argv[1:5]
sys.path.insert(0, root)
import slalang
from slalang.evaluation import evaluate_file
assert os.path.realpath(slalang.__file__).startswith(os.path.realpath(root)), slalang.__file__
policy = slalang.load(os.path.join(root, policy_path))
best = None
for _ in range(3):
    started = time.perf_counter()
    summary = evaluate_file(policy, tickets, lambda data: None, now=now, jobs=1)
    elapsed = time.perf_counter() - started
    best = elapsed if best is None else min(best, elapsed)
print(f"{summary.tickets / best:,.0f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--n", type=int, default=60_000)
    parser.add_argument("--policy", default=os.path.join("policies", "acme.sla"), help="relative to each tree")
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    import bench_eval

    with tempfile.TemporaryDirectory() as tmp:
        tickets = os.path.join(tmp, "tickets.jsonl")
        bench_eval.write_tickets(tickets, args.n)
        for native in ("1", "0"):
            env = {**os.environ, "SLALANG_NATIVE": native}
            rates = []
            for root in (args.before, args.after):
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, os.path.abspath(root), args.policy, tickets, bench_eval.NOW],
                    env=env, capture_output=True, text=True, check=True,
                )
                rates.append(out.stdout.strip())
            path = "compiled scanner" if native == "1" else "Python path   "
            print(f"{path}: before {rates[0]:>8} tickets/s, after {rates[1]:>8} tickets/s  ({args.n:,} tickets)")


if __name__ == "__main__":
    main()
