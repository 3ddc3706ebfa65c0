"""Running checks without getting in the editor's way: debounced, one at a time, stale ones dropped.

An edit (re)starts a short timer for each set it touches; when the timer fires, the set is
checked in a worker thread on a snapshot of the buffers. An edit that arrives while a check
of that set runs marks it stale: the run stops before its next rule, its findings are
thrown away, and the set is checked again on the newer text. The event loop that answers
hover, completion and the rest never waits for a check.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from .checking import AnalysisCancelled, CheckRun, SetCheck, check_set
from .policy_sets import PolicySetRef

log = logging.getLogger(__name__)

DEBOUNCE_S = 0.3


@dataclass
class _Job:
    stop: threading.Event
    future: Future


class Scheduler:
    def __init__(
        self,
        snapshot: Callable[[PolicySetRef], CheckRun],
        publish: Callable[[SetCheck], None],
        failed: Callable[[PolicySetRef, BaseException], None],
        delay_s: float = DEBOUNCE_S,
    ):
        self.snapshot = snapshot
        self.publish = publish
        self.failed = failed
        self.delay_s = delay_s
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slalang-check")
        self._timers: dict[PolicySetRef, asyncio.TimerHandle] = {}
        self._running: dict[PolicySetRef, _Job] = {}
        self._waiting: set[PolicySetRef] = set()

    def request(self, ref: PolicySetRef, delay_s: float | None = None) -> None:
        """Check ``ref`` soon; a run of it under way is stale from now on."""
        loop = asyncio.get_running_loop()
        job = self._running.get(ref)
        if job is not None:
            job.stop.set()
        timer = self._timers.pop(ref, None)
        if timer is not None:
            timer.cancel()
        self._timers[ref] = loop.call_later(self.delay_s if delay_s is None else delay_s, self._start, ref)

    def _start(self, ref: PolicySetRef) -> None:
        self._timers.pop(ref, None)
        if ref in self._running:  # a stale run is still stopping: start when it has
            self._waiting.add(ref)
            return
        loop = asyncio.get_running_loop()
        run = self.snapshot(ref)
        stop = threading.Event()
        future = self._executor.submit(check_set, run, stop.is_set)
        self._running[ref] = _Job(stop, future)
        future.add_done_callback(lambda f: loop.call_soon_threadsafe(self._done, ref, f))

    def _done(self, ref: PolicySetRef, future: Future) -> None:
        job = self._running.pop(ref, None)
        if ref in self._waiting:
            self._waiting.discard(ref)
            if ref not in self._timers:
                self._start(ref)
        if job is None or job.stop.is_set() or future.cancelled():
            return
        error = future.exception()
        if isinstance(error, AnalysisCancelled):
            return
        if error is not None:
            log.error("checking %s failed", ref.label, exc_info=error)
            self.failed(ref, error)
            return
        self.publish(future.result())

    @property
    def busy(self) -> bool:
        return bool(self._timers or self._running)

    def shutdown(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        for job in self._running.values():
            job.stop.set()
        self._executor.shutdown(wait=False, cancel_futures=True)
