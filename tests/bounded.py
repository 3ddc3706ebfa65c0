"""Running a test's work in a child process under a memory and a time limit, so that a
regression on hostile input fails fast ("needed more than 300 MiB", "ran longer than 60 s")
instead of eating the machine that runs the suite. The ``bounded`` fixture (tests/conftest.py)
hands out a ``Bounded``; functions given to ``call`` must be importable (module-level).
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

MIB = 1024 * 1024


@dataclass(frozen=True)
class Bounded:
    """Runs work in a child process with at most ``mib`` MiB of address space and ``seconds`` of time."""

    def cli(self, args: list[str], *, mib: int = 600, seconds: float = 60, **kwargs: Any) -> subprocess.CompletedProcess:
        """``python -m slalang ARGS`` with RLIMIT_AS at ``mib`` MiB; output captured as bytes."""

        def limit() -> None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (mib * MIB, mib * MIB))

        try:
            return subprocess.run([sys.executable, "-m", "slalang", *args], preexec_fn=limit, capture_output=True,
                                  timeout=seconds, **kwargs)
        except subprocess.TimeoutExpired:
            pytest.fail(f"slalang {' '.join(args)[:200]} ran longer than {seconds} s")

    def call(self, func: Callable[..., Any], *args: Any, mib: int = 300, seconds: float = 60) -> Any:
        """``func(*args)`` (a module-level function) in a fresh process allowed ``mib`` MiB more
        than it holds once started; its (picklable) result, or the test fails naming what ran out."""
        context = multiprocessing.get_context("spawn")  # not fork: a test server's threads may hold locks
        parent, child = context.Pipe(duplex=False)
        process = context.Process(target=_bounded_child, args=(child, mib, func, args), daemon=True)
        process.start()
        child.close()
        if not parent.poll(seconds + 10):  # a spawned interpreter takes a second or two to start
            process.kill()
            process.join()
            pytest.fail(f"ran longer than {seconds} s")
        try:
            kind, value = parent.recv()
        except EOFError:
            process.join()
            pytest.fail(f"the child died (exit code {process.exitcode})")
        process.join()
        if kind == "memory":
            pytest.fail(f"needed more than {mib} MiB")
        if kind == "error":
            pytest.fail(value)
        return value


def _bounded_child(connection: Any, mib: int, func: Callable[..., Any], args: tuple) -> None:
    import resource

    held = _address_space_bytes()
    resource.setrlimit(resource.RLIMIT_AS, (held + mib * MIB, held + mib * MIB))
    try:
        outcome: tuple[str, Any] = ("ok", func(*args))
    except MemoryError:
        outcome = ("memory", None)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        outcome = ("error", f"{type(exc).__name__}: {exc}")
    try:
        connection.send(outcome)
    except Exception as exc:  # noqa: BLE001
        connection.send(("error", f"unpicklable result: {exc}"))


def _address_space_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0
