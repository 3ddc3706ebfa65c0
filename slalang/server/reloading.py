"""The policy being served, and ``--watch``: reload it when its files change.

A ``PolicyHolder`` keeps the compiled policy that answers requests (``current``, a frozen
``LoadedPolicy`` replaced by a single assignment, so a request that read it once sees one
version throughout) and the error of the last reload attempt, if it failed. A policy that
does not compile, whose calendars cannot be built, or one of whose files had content and is
now empty (truncated, about to be written) is refused: the last good one keeps serving.

A ``PolicyWatcher`` thread polls the modification times of the policy's files (every file
the last compile read, plus every ``*.sla`` under a policy directory, so a new file counts)
and reloads once they have been quiet for the debounce interval, so an editor that writes a
file in several steps causes one reload, not several.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..api import Policy, load
from ..diagnostics import PolicyError
from ..model_json import model_to_json
from .settings import WatchSettings

Snapshot = dict[str, tuple[int, int, int] | None]


@dataclass(frozen=True, eq=False)
class LoadedPolicy:
    """A compiled policy as served: when it was loaded and its compiled form as JSON."""

    policy: Policy
    loaded_at_s: float
    model_json: dict[str, Any]

    @cached_property
    def version_hash(self) -> str:
        """The policy's digest, computed once (every answer carries it)."""
        return self.policy.version_hash

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(self.policy.sources)


@dataclass(frozen=True)
class ReloadFailure:
    """Why the policy on disk was refused; ``findings`` in analysis.md's JSON shape."""

    at_s: float
    message: str
    findings: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ReloadOutcome:
    result: str  # "loaded" | "unchanged" | "failed"
    previous_hash: str
    current_hash: str
    failure: ReloadFailure | None = None
    duration_s: float = 0.0


def compile_for_serving(path: str) -> LoadedPolicy:
    """Compile the policy at ``path`` and check that it can evaluate (its calendars build);
    raises PolicyError or ValueError."""
    from ..evaluation.batch import BatchEvaluator

    policy = load(path)
    BatchEvaluator(policy.model)  # builds every SLA's timeline: a zone it cannot read fails here
    return LoadedPolicy(policy, time.time(), model_to_json(policy.model))


def emptied_files(previous: LoadedPolicy, loaded: LoadedPolicy) -> list[str]:
    """Files of the served policy that had content and are now blank: an editor or a deploy
    that truncates a file and then writes it is caught in between, not served an empty policy."""
    before = previous.policy.sources
    return [name for name, text in loaded.policy.sources.items()
            if not text.strip() and before.get(name, "").strip()]


class PolicyHolder:
    """The served policy and the last reload error; safe to read from any thread."""

    def __init__(self, path: str, listener: Callable[[ReloadOutcome], None] | None = None) -> None:
        self.path = path
        self.listener = listener
        self._lock = threading.Lock()  # one reload at a time
        self.current: LoadedPolicy = compile_for_serving(path)
        self.last_error: ReloadFailure | None = None
        self._attempted_files: tuple[str, ...] = self.current.files

    def reload(self) -> ReloadOutcome:
        """Compile the files again; swap the new policy in only if it compiled."""
        with self._lock:
            started = time.perf_counter()
            previous = self.current
            try:
                loaded = compile_for_serving(self.path)
            except PolicyError as exc:
                self._attempted_files = tuple(exc.sources) or self._attempted_files
                failure = ReloadFailure(time.time(), str(exc), tuple(d.to_json() for d in exc.diagnostics))
                outcome = ReloadOutcome("failed", previous.version_hash, previous.version_hash, failure)
            except (OSError, ValueError) as exc:
                failure = ReloadFailure(time.time(), f"{self.path}: {exc}", ())
                outcome = ReloadOutcome("failed", previous.version_hash, previous.version_hash, failure)
            else:
                self._attempted_files = loaded.files
                emptied = emptied_files(previous, loaded)
                if emptied:
                    failure = ReloadFailure(time.time(), f"{emptied[0]}: the file is empty (still being written?); the "
                                            "last good policy serves until it compiles with its content", ())
                    outcome = ReloadOutcome("failed", previous.version_hash, previous.version_hash, failure)
                elif loaded.version_hash == previous.version_hash:
                    outcome = ReloadOutcome("unchanged", previous.version_hash, previous.version_hash)
                else:
                    self.current = loaded
                    outcome = ReloadOutcome("loaded", previous.version_hash, loaded.version_hash)
            self.last_error = outcome.failure
            outcome = ReloadOutcome(outcome.result, outcome.previous_hash, outcome.current_hash, outcome.failure,
                                    time.perf_counter() - started)
        if self.listener is not None:
            self.listener(outcome)
        return outcome

    def watched_paths(self) -> list[str]:
        """Absolute paths whose changes call for a reload."""
        paths = {os.path.abspath(name) for name in self._attempted_files}
        root = os.path.abspath(self.path)
        if os.path.isdir(root):
            for directory, subdirectories, filenames in os.walk(root):
                subdirectories.sort()
                paths.update(os.path.join(directory, f) for f in filenames if f.endswith(".sla"))
        else:
            paths.add(root)
        return sorted(paths)

    def snapshot(self) -> Snapshot:
        out: Snapshot = {}
        for path in self.watched_paths():
            try:
                st = os.stat(path)
            except OSError:
                out[path] = None
            else:
                out[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
        return out


class PolicyWatcher:
    """Polls the holder's files in a daemon thread and reloads after a quiet interval."""

    def __init__(self, holder: PolicyHolder, settings: WatchSettings,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self.holder = holder
        self.settings = settings
        self.on_error = on_error
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="slalang-policy-watcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        seen = self.holder.snapshot()
        changed_at: float | None = None
        while not self._stop.wait(self.settings.poll_s):
            try:
                now = self.holder.snapshot()
                if now != seen:
                    seen, changed_at = now, time.monotonic()
                    continue
                if changed_at is None or time.monotonic() - changed_at < self.settings.debounce_s:
                    continue
                changed_at = None
                self.holder.reload()
                after = self.holder.snapshot()
                # A file that changed while it compiled is compiled again after the next quiet interval.
                if any(path in after and after[path] != stat for path, stat in seen.items()):
                    changed_at = time.monotonic()
                seen = after
            except Exception as exc:  # the watcher must outlive any one bad poll
                if self.on_error is not None:
                    self.on_error(exc)
