"""A fuzzing campaign: every target in turn, for as long as asked, under a memory bound and a
time bound per input. What fails is shrunk by hypothesis to a small input and written to
``.fuzz/failures/``; the examples database in ``.fuzz/db/TARGET`` makes the next campaign
start from what this one found (and ``--replay`` runs only those).

    python -m fuzz.campaign --minutes 60                 # an hour over every target
    python -m fuzz.campaign --minutes 10 --target policy --target tickets
    python -m fuzz.campaign --replay                     # run the saved failures again

Exit status: 0 nothing found, 1 a target failed (see the summary), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import resource
import signal
import sys
import time
import traceback
import unittest
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from .strategies import STRATEGIES
from .targets import TARGETS

STATE = Path(".fuzz")


class InputTimeout(Exception):
    """One input ran longer than the campaign allows for one input."""


@contextlib.contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise InputTimeout(f"one input ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bounded_target(name: str, per_input_s: float) -> Callable[[Any], None]:
    target = TARGETS[name]

    def run(drawn: Any) -> None:
        with time_bound(per_input_s):
            if name == "server":
                target(*drawn)
            else:
                target(drawn)

    return run


def fuzz_round(name: str, examples: int, per_input_s: float, database: Any, derandomize: bool = False,
               replay: bool = False) -> None:
    """``examples`` inputs for one target (``replay``: only the saved ones); raises what
    hypothesis found, shrunk."""
    test = given(STRATEGIES[name]())(bounded_target(name, per_input_s))
    configured = settings(
        max_examples=max(1, examples),
        deadline=None,
        database=database,
        derandomize=derandomize,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.reuse] if replay else [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
        print_blob=True,
    )(test)
    configured()


def limit_memory(megabytes: int) -> None:
    """A MemoryError (reported as a failure) rather than a machine that swaps."""
    if megabytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz.campaign", description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run in all (default 10)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="a target (default: every one)")
    parser.add_argument("--examples", type=int, default=300, help="inputs per round of one target (default 300)")
    parser.add_argument("--input-seconds", type=float, default=30.0, help="time bound for one input (default 30)")
    parser.add_argument("--max-memory-mb", type=int, default=3000, help="address space bound (default 3000; 0: none)")
    parser.add_argument("--replay", action="store_true", help="only run the examples saved in .fuzz/db again")
    args = parser.parse_args(argv)
    names = args.target or sorted(TARGETS)
    STATE.mkdir(exist_ok=True)
    (STATE / "failures").mkdir(exist_ok=True)
    limit_memory(args.max_memory_mb)
    deadline = time.monotonic() + args.minutes * 60
    rounds = {name: 0 for name in names}
    failed: dict[str, str] = {}
    while time.monotonic() < deadline and len(failed) < len(names):
        for name in names:
            if name in failed or time.monotonic() >= deadline:
                continue
            try:
                database = DirectoryBasedExampleDatabase(str(STATE / "db" / name))  # one per target
                fuzz_round(name, args.examples, args.input_seconds, database, replay=args.replay)
            except unittest.SkipTest:  # --replay with nothing saved for this target
                pass
            except BaseException as exc:  # noqa: BLE001 - every failure is recorded, KeyboardInterrupt ends the run
                if isinstance(exc, KeyboardInterrupt):
                    deadline = 0
                    break
                report = "".join(traceback.format_exception(exc))
                stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
                path = STATE / "failures" / f"{name}-{stamp}.txt"
                path.write_text(report, encoding="utf-8")
                failed[name] = str(path)
                print(f"fuzz: {name}: FAILED, see {path}", file=sys.stderr)
            rounds[name] += 1
        if args.replay:
            break
    for name in names:
        status = f"FAILED ({failed[name]})" if name in failed else "ok"
        print(f"{name:12} {rounds[name]:5} rounds of {args.examples} inputs  {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
