"""Public holidays, holiday country codes and subdivisions, kept per user between runs.

The ``holidays`` package computes a year's holidays quickly, but importing its data does
not: every country's module loads at once, about 0.15 s of CPU, more than the rest of
``slalang check`` on a small policy. So each answer a run needs (the country codes, a
country's subdivisions, the holiday dates of a country, subdivision and year) is kept in
one JSON file per installed version of the package, in the user's cache folder
(``user_cache``), and read from there the next time. The package stays the only source:
the file holds nothing but its answers, a file for another version is never read, and
without a cache folder (or with a file that cannot be read) every answer is computed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.util
import json
import os
import tempfile
import threading
from collections.abc import Callable

from ..user_cache import cache_folder

MAX_ENTRIES = 4096
"""Answers kept in the file at most; beyond, new answers are computed and not written."""

Answer = list[str]


def country_codes() -> frozenset[str]:
    """Every country code (aliases too) the ``holidays`` package knows."""
    return frozenset(_STORE.get("countries", _compute_country_codes))


def subdivisions(country: str) -> list[str]:
    """The subdivision codes of a known ``country``."""
    return _STORE.get(f"subdivisions:{country}", lambda: _compute_subdivisions(country))


def holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    """The public holidays of one year; ValueError for an unknown country or subdivision."""
    key = f"dates:{country}:{subdivision or ''}:{year}"
    found = _STORE.get(key, lambda: _compute_dates(country, subdivision, year))
    try:
        return frozenset(dt.date.fromisoformat(text) for text in found)
    except ValueError:  # a damaged file: the package answers
        return frozenset(dt.date.fromisoformat(text) for text in _compute_dates(country, subdivision, year))


def _compute_country_codes() -> Answer:
    from holidays.registry import EntityLoader

    return sorted(EntityLoader.get_country_codes())


def _compute_subdivisions(country: str) -> Answer:
    import holidays

    return list(getattr(holidays, country).subdivisions)


def _compute_dates(country: str, subdivision: str | None, year: int) -> Answer:
    import holidays

    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as exc:  # unknown country or subdivision
        code = country + (f"-{subdivision}" if subdivision else "")
        raise ValueError(f"no public holidays are known for {code!r}: {exc}") from None
    return sorted(date.isoformat() for date in found)


class Store:
    """Answers by key: from the file when it has them, else computed (and then written)."""

    def __init__(self, path: Callable[[], str | None]) -> None:
        self._path_of = path
        self._lock = threading.Lock()
        self._loaded = False
        self._path: str | None = None
        self._answers: dict[str, Answer] = {}

    def get(self, key: str, compute: Callable[[], Answer]) -> Answer:
        with self._lock:
            if not self._loaded:
                self._path = self._path_of()
                self._answers = _read(self._path) if self._path else {}
                self._loaded = True
            found = self._answers.get(key)
        if found is not None:
            return found
        answer = compute()  # raises for a question the package cannot answer: nothing is kept
        with self._lock:
            self._answers[key] = answer
            if self._path and len(self._answers) <= MAX_ENTRIES:
                _write(self._path, self._answers)
        return answer


def store_path() -> str | None:
    """The file for the installed ``holidays`` (named by a digest of its version file), or None."""
    folder = cache_folder()
    spec = importlib.util.find_spec("holidays")
    if folder is None or spec is None or spec.origin is None:
        return None
    try:
        with open(os.path.join(os.path.dirname(spec.origin), "version.py"), "rb") as version_file:
            version = version_file.read()
    except OSError:
        return None
    digest = hashlib.sha256(spec.origin.encode() + b"\0" + version).hexdigest()[:16]
    return os.path.join(folder, f"holidays-{digest}.json")


def _read(path: str) -> dict[str, Answer]:
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: value
        for key, value in data.items()
        if isinstance(value, list) and all(isinstance(item, str) for item in value)
    }


def _write(path: str, answers: dict[str, Answer]) -> None:
    """Replace the file in one step (a reader sees the old file or the new one)."""
    try:
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".holidays-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(answers, file, separators=(",", ":"), sort_keys=True)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)

_STORE = Store(store_path)
