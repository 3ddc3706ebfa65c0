"""Start-up: what a pre-commit hook or an editor feels first, slalang beside ruff.

    python bench/bench_startup.py [--runs 7]

Each command runs ``--runs`` times in a fresh process after one unmeasured warm-up run (which
also writes the byte-code and the grammar cache, as any second run on a user's machine would
find them); the best run's CPU time (user + system of the child, from ``getrusage``) and wall
time are printed, and the ratio of the best CPU times. The peer is ``ruff`` (``--version``,
and ``check`` of this repository's ``bench/``) when it is installed, else ``python -c pass``
(the floor of any Python tool). Goals (issue 16): ``slalang --version`` under 0.15 s CPU and
``slalang check policies/`` (the Acme example) under 0.35 s CPU.

``check`` is timed twice, and both are printed: ``check cold`` with the result cache off
(``SLALANG_NO_CACHE=1``: it compiles and analyses, as the first check after an edit does)
beside ``ruff check --no-cache``, and ``check cached`` answered from the result cache (the
policies unchanged since the warm-up run) beside ``ruff check`` with its own cache. The
grammar and holiday caches are warm in both, as on any user's machine after one run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SLALANG = [sys.executable, "-c", "from slalang.cli.main import main; main()"]
GOALS_CPU_S = {"--version": 0.15, "check": 0.35}


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, exit status) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.returncode


def best(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, int]:
    run_once(argv, env)  # warm-up: byte-code, grammar cache, the result cache, the OS's file cache
    samples = [run_once(argv, env) for _ in range(runs)]
    return min(s[0] for s in samples), min(s[1] for s in samples), samples[-1][2]


# Byte-code is written and read as on a user's machine (some shells set PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SLALANG_NO_CACHE")}
NO_CACHE_ENV = {**ENV, "SLALANG_NO_CACHE": "1"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ruff = shutil.which("ruff")
    if ruff and os.sep + "shims" + os.sep in ruff:  # a pyenv shim is a shell script: time the binary
        found = subprocess.run(["pyenv", "which", "ruff"], capture_output=True, text=True, check=False)
        ruff = found.stdout.strip() if found.returncode == 0 else ruff
    ruff_cache = tempfile.mkdtemp(prefix="bench-ruff-cache-")
    if ruff:
        peers = {"--version": [ruff, "--version"],
                 "check cold": [ruff, "check", "--no-cache", "--quiet", "bench"],
                 "check cached": [ruff, "check", "--cache-dir", ruff_cache, "--quiet", "bench"]}
        peer_name = "ruff"
    else:
        floor = [sys.executable, "-c", "pass"]
        peers = {"--version": floor, "check cold": floor, "check cached": floor}
        peer_name = "python -c pass"
    cases = {"--version": (SLALANG + ["--version"], ENV),
             "check cold": (SLALANG + ["check", "policies/"], NO_CACHE_ENV),
             "check cached": (SLALANG + ["check", "policies/"], ENV)}

    print(f"best of {args.runs} runs after a warm-up; CPU = user + system of the child process")
    print(f"{'what':<13} {'slalang CPU s':>14} {'wall s':>8} {peer_name + ' CPU s':>16} {'wall s':>8}"
          f" {'CPU ratio':>10} {'goal CPU s':>11} {'met':>4}")
    try:
        _table(cases, peers, args.runs)
    finally:
        shutil.rmtree(ruff_cache, ignore_errors=True)


def _table(cases: dict[str, tuple[list[str], dict[str, str]]], peers: dict[str, list[str]], runs: int) -> None:
    for what, (argv, env) in cases.items():
        ours_cpu, ours_wall, status = best(argv, runs, env)
        if status not in (0, 1):  # check exits 1 on error findings; anything else is a broken run
            raise SystemExit(f"slalang {what} exited {status}")
        peer_cpu, peer_wall, _ = best(peers[what], runs, ENV)
        goal = GOALS_CPU_S[what.split()[0]]
        print(f"{what:<13} {ours_cpu:>14.3f} {ours_wall:>8.3f} {peer_cpu:>16.3f} {peer_wall:>8.3f}"
              f" {ours_cpu / max(peer_cpu, 1e-3):>9.1f}x {goal:>11.2f} {'yes' if ours_cpu < goal else 'NO':>4}")


if __name__ == "__main__":
    main()
