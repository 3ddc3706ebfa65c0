"""Start-up: what a pre-commit hook or an editor feels first, slalang beside ruff.

    python bench/bench_startup.py [--runs 7]

Each command runs ``--runs`` times in a fresh process after one unmeasured warm-up run (which
also writes the byte-code and the grammar cache, as any second run on a user's machine would
find them); the best run's CPU time (user + system of the child, from ``getrusage``) and wall
time are printed, and the ratio of the best CPU times. The peer is ``ruff`` (``--version``,
and ``check`` of this repository's ``bench/``) when it is installed, else ``python -c pass``
(the floor of any Python tool). Goals (issue 16): ``slalang --version`` under 0.15 s CPU and
``slalang check policies/`` (the Acme example) under 0.35 s CPU.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SLALANG = [sys.executable, "-c", "from slalang.cli.main import main; main()"]
GOALS_CPU_S = {"--version": 0.15, "check": 0.35}


def run_once(argv: list[str]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, exit status) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.returncode


def best(argv: list[str], runs: int) -> tuple[float, float, int]:
    run_once(argv)  # warm-up: byte-code, grammar cache, the OS's file cache
    samples = [run_once(argv) for _ in range(runs)]
    return min(s[0] for s in samples), min(s[1] for s in samples), samples[-1][2]


# Byte-code is written and read as on a user's machine (some shells set PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ruff = shutil.which("ruff")
    if ruff and os.sep + "shims" + os.sep in ruff:  # a pyenv shim is a shell script: time the binary
        found = subprocess.run(["pyenv", "which", "ruff"], capture_output=True, text=True, check=False)
        ruff = found.stdout.strip() if found.returncode == 0 else ruff
    if ruff:
        peers = {"--version": [ruff, "--version"], "check": [ruff, "check", "--no-cache", "--quiet", "bench"]}
        peer_name = "ruff"
    else:
        peers = {"--version": [sys.executable, "-c", "pass"], "check": [sys.executable, "-c", "pass"]}
        peer_name = "python -c pass"
    cases = {"--version": SLALANG + ["--version"], "check": SLALANG + ["check", "policies/"]}

    print(f"best of {args.runs} runs after a warm-up; CPU = user + system of the child process")
    print(f"{'what':<12} {'slalang CPU s':>14} {'wall s':>8} {peer_name + ' CPU s':>16} {'wall s':>8}"
          f" {'CPU ratio':>10} {'goal CPU s':>11} {'met':>4}")
    for what, argv in cases.items():
        ours_cpu, ours_wall, status = best(argv, args.runs)
        if status not in (0, 1):  # check exits 1 on error findings; anything else is a broken run
            raise SystemExit(f"slalang {what} exited {status}")
        peer_cpu, peer_wall, _ = best(peers[what], args.runs)
        goal = GOALS_CPU_S[what]
        print(f"{what:<12} {ours_cpu:>14.3f} {ours_wall:>8.3f} {peer_cpu:>16.3f} {peer_wall:>8.3f}"
              f" {ours_cpu / max(peer_cpu, 1e-3):>9.1f}x {goal:>11.2f} {'yes' if ours_cpu < goal else 'NO':>4}")


if __name__ == "__main__":
    main()
