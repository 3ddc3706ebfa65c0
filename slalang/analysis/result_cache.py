"""``slalang check``'s result cache: the findings of a run kept per policy content, as ruff keeps its own.

A run is answered from the cache when everything that decides its findings is what it was:

- slalang itself (the size and modification time of every file of the package, its
  version among them), the Python version, and the installed z3, holidays, tzdata, numpy
  and lark (with the system's time zone database);
- the working directory (findings name files relative to it), today's date (UTC: the
  analysis's reference date defaults to it), every ``SLALANG_*`` environment variable (the
  limits) and ``TZ``;
- the options that change findings (the paths, ``--config``, ``--select``, ``--ignore``,
  ``--strict``, ``--set``, ``--baseline``, ``--stdin-filename``);
- the bytes of every file the run read: the configuration file found (or named), the
  baseline, ``slalang.toml`` of each directory given, every policy file below a directory
  given (and which files there are), each policy file given, every file they imported, and
  the text read from standard input.

The output options (``--format``, ``--statistics``, ``--output-file``, colour) are not part of
it: the cache holds the findings and the sources, and every format is rendered from them
exactly as after a run. A run whose findings include an ``import-error`` is not kept, since
those depend on files that were not read (a missing import, a symlink, a directory listing).

Entries live in ``<user cache folder>/check/`` (``$XDG_CACHE_HOME/slalang``, else
``~/.cache/slalang``), one file per working directory, paths and options, replaced when the
content changes and removed after 30 days unused. Each is written to a temporary file and
moved into place. An entry that cannot be read or does not hold what is expected (a corrupt
or foreign file) is ignored and the check runs; entries are pickles, so one is read only
when it and its folder belong to the user and no one else can write them. Nothing is cached
when the folder cannot be written, with ``--no-cache``, or with ``SLALANG_NO_CACHE`` set (to
anything but ``0``); a run that writes a baseline is never answered from the cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable
from typing import Any

from ..user_cache import cache_folder
from .config import find_config
from .runner import STDIN, CheckOptions, CheckOutcome, run_check

NO_CACHE_ENV = "SLALANG_NO_CACHE"
ENTRY_FORMAT = 1  # raised whenever the stored shape changes
KEEP_UNUSED_S = 30 * 24 * 3600
_FOLDER = "check"
_STAMPED_PACKAGES = ("z3", "holidays", "tzdata", "numpy", "lark")
_POLICY_SUFFIX = ".sla"  # compiler.paths.POLICY_SUFFIX (not imported: the compiler loads only on a miss)
_WORKSPACE_FILE = "slalang.toml"  # compiler.workspace.WORKSPACE_FILE


def cache_wanted(no_cache: bool = False) -> bool:
    """False with ``--no-cache`` or with ``SLALANG_NO_CACHE`` set to anything but ``0`` or nothing."""
    return not no_cache and os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def run_check_cached(options: CheckOptions, *, use_cache: bool = True) -> CheckOutcome:
    """``run_check(options)``, answered from the cache when the same inputs were checked before.

    An answer from the cache has every field of a run's outcome except ``model`` (None).
    Usage errors raise ``UsageError`` exactly as ``run_check`` does: a run that failed is
    never kept, so it runs again.
    """
    folder = cache_folder() if use_cache and options.write_baseline is None else None
    if folder is None:
        return run_check(options)
    try:
        slot, inputs = _slot_and_inputs(options)
    except (OSError, ValueError):
        return run_check(options)  # the run says properly what is wrong with the paths
    path = os.path.join(folder, _FOLDER, slot + ".pickle")
    found = _load(path, inputs)
    if found is not None:
        return found
    outcome = run_check(options)
    if any(d.code == "import-error" for d in outcome.diagnostics):
        return outcome
    extra = _extra_files(options, outcome)
    try:
        unchanged = _slot_and_inputs(options) == (slot, inputs)  # not edited (nor past midnight) meanwhile
    except (OSError, ValueError):
        unchanged = False
    if extra is not None and unchanged:
        _store(path, inputs, extra, outcome)
    return outcome


# --- what the key is made of ------------------------------------------------------------------


def _digest(parts: Iterable[object]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        sha.update(len(data).to_bytes(8, "little"))
        sha.update(data)
    return sha.hexdigest()


def _file_state(path: str) -> tuple[str, str]:
    """(real path, digest of the bytes or why they cannot be read)."""
    try:
        with open(path, "rb") as handle:
            content = hashlib.sha256(handle.read()).hexdigest()
    except OSError as exc:
        content = f"unreadable: {exc.errno}"
    return os.path.realpath(path), content


def _environment() -> list[object]:
    """slalang, Python and the libraries whose answers findings depend on."""
    import importlib.util
    import zoneinfo

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    stamps: list[object] = [sys.version, _tree_stamp(package)]  # the tree holds __init__.py and its __version__
    for name in _STAMPED_PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        stamps.append((name, origin, _stat_stamp(origin) if origin else None))
    native = importlib.util.find_spec("slalang_native")
    stamps.append(_stat_stamp(native.origin) if native is not None and native.origin else None)
    for directory in zoneinfo.TZPATH:
        stamps.append((directory, _stat_stamp(os.path.join(directory, "tzdata.zi"))))
    stamps.append(sorted((k, v) for k, v in os.environ.items() if k.startswith("SLALANG_") and k != NO_CACHE_ENV))
    stamps.append(os.environ.get("TZ"))
    return stamps


def _stat_stamp(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _tree_stamp(top: str) -> str:
    """Size and modification time of every file of the package (an edited checkout is new code)."""
    found: list[tuple[str, int, int]] = []
    pending = [top]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                elif not entry.name.endswith(".pyc"):
                    info = entry.stat()
                    found.append((entry.path, info.st_size, info.st_mtime_ns))
    return _digest(sorted(found))


def _today_utc() -> str:
    """The date the analysis takes as today when the configuration names no reference date."""
    return dt.datetime.now(dt.UTC).date().isoformat()


def _policy_files_below(directory: str) -> list[str]:
    """The policy files ``compiler.paths.policy_files`` reads below a directory, in its order."""
    found: list[str] = []
    for folder, subfolders, names in os.walk(directory):
        subfolders.sort()
        found.extend(os.path.join(folder, n) for n in names if n.endswith(_POLICY_SUFFIX))
    return sorted(found)


def _slot_and_inputs(options: CheckOptions) -> tuple[str, str]:
    """The entry's file name (what the run is: where, which paths and options, which code) and
    the digest of the content it read before the run (configuration, baseline, policy files)."""
    paths = list(options.paths)
    slot = _digest([
        ENTRY_FORMAT, *_environment(), os.getcwd(), _today_utc(), paths,
        options.config_file, options.select, tuple(options.ignore), options.strict, options.baseline,
        options.stdin_filename, options.policy_set,
    ])
    content: list[object] = []
    if options.config_file is not None:
        config: str | None = options.config_file
    else:
        start = paths[0] if paths[0] != STDIN else (options.stdin_filename or os.curdir)
        found = find_config(start)
        config = str(found) if found is not None else None
    content.append(("config", config, _file_state(config) if config is not None else None))
    if options.baseline is not None:
        content.append(("baseline", _file_state(options.baseline)))
    if paths == [STDIN]:
        content.append(("stdin", options.stdin_text))
    else:
        for given in paths:
            if os.path.isdir(given):
                below = _policy_files_below(given)
                content.append(("directory", given, _file_state(os.path.join(given, _WORKSPACE_FILE)),
                                [(os.path.relpath(p, given), _file_state(p)) for p in below]))
            else:
                content.append(("file", given, os.path.exists(given), _file_state(given)))
    return slot, _digest(content)


def _extra_files(options: CheckOptions, outcome: CheckOutcome) -> list[tuple[str, str, str]] | None:
    """(path, real path, digest) of every source the run read beyond the inputs' digest (the
    files imported); None when a source's bytes on disk are no longer the text that was checked."""
    overlaid = None
    if list(options.paths) == [STDIN]:
        overlaid = os.path.realpath(options.stdin_filename) if options.stdin_filename else None
    extra = []
    for name, text in outcome.sources.items():
        path = os.path.abspath(name)
        if overlaid is not None and os.path.realpath(path) == overlaid:
            continue
        if not os.path.isfile(path):
            if list(options.paths) == [STDIN]:
                continue  # the text itself, under its name
            return None
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        if data.decode("utf-8", "replace").removeprefix("\ufeff") != text:
            return None  # edited while it was checked: keep nothing
        extra.append((path, os.path.realpath(path), hashlib.sha256(data).hexdigest()))
    return extra


# --- reading and writing entries -----------------------------------------------------------


def _trusted(path: str) -> bool:
    """An entry is unpickled only when this user wrote it: the file and its folder are the
    user's own and no one else may write them (a cache folder shared by mistake stays unused)."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the folder is in the user's own profile
    for name in (path, os.path.dirname(path)):
        info = os.stat(name)
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return False
    return True


def _load(path: str, inputs: str) -> CheckOutcome | None:
    try:
        if not _trusted(path):
            return None
        with open(path, "rb") as handle:
            entry = pickle.loads(handle.read())
        if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT or entry.get("inputs") != inputs:
            return None
        for file, real, digest in entry["extra"]:
            if _file_state(file) != (real, digest):
                return None
        outcome = entry["outcome"]
        if not isinstance(outcome, CheckOutcome):
            return None
        os.utime(path)  # used: kept another 30 days
        return outcome
    except Exception:  # noqa: BLE001 - a corrupt or foreign entry is a miss, whatever it raises
        return None


def _store(path: str, inputs: str, extra: list[tuple[str, str, str]], outcome: CheckOutcome) -> None:
    kept = CheckOutcome(
        diagnostics=outcome.diagnostics,
        sources=outcome.sources,
        model=None,
        exit_status=outcome.exit_status,
        config=outcome.config,
        baseline_written=outcome.baseline_written,
        suppressed_by_baseline=outcome.suppressed_by_baseline,
        file_count=outcome.file_count,
        notes=outcome.notes,
        entries=outcome.entries,
    )
    entry: dict[str, Any] = {"format": ENTRY_FORMAT, "inputs": inputs, "extra": extra, "outcome": kept}
    folder = os.path.dirname(path)
    temporary = None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        _remove_unused(folder)
        handle, temporary = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
        temporary = None
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass  # a cache that cannot be written is no cache; the run's answer stands
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _remove_unused(folder: str) -> None:
    """Remove entries (and temporary files left by a killed run) unused for 30 days."""
    oldest = time.time() - KEEP_UNUSED_S
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
            except OSError:
                continue
