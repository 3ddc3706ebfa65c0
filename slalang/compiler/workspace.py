"""Several policy sets under one directory.

A directory is one policy set (language.md). A repository that keeps the policies of several
desks side by side says so in a ``slalang.toml`` in that directory::

    sets = ["acme.sla", "itdesk"]      # each entry is compiled and checked as its own set
    default = "acme"                   # the set a command takes when given the directory

Without a ``sets`` key (or without the file) the directory stays one set, exactly as the
language specifies. ``slalang check`` checks every set; a command that works on one policy
set (``compile``, ``eval``, ``report``, ``serve``, ...) takes the set named with
``--set NAME`` (an entry as written, or its name without ``.sla``), else the ``default``,
and otherwise says which sets there are (a usage error, exit 2).
"""

from __future__ import annotations

import difflib
import os
import tomllib

from ..diagnostics import Diagnostic, error
from ..source import Span
from .paths import POLICY_SUFFIX

WORKSPACE_FILE = "slalang.toml"


class SetChoiceError(ValueError):
    """No single policy set can be taken from a path: the message says which there are."""


def set_name(entry: str) -> str:
    """What ``--set`` calls a ``sets`` entry: ``acme.sla`` is ``acme``, ``desks/itdesk/`` is ``itdesk``."""
    base = os.path.basename(os.path.normpath(entry))
    return base.removesuffix(POLICY_SUFFIX)


def _read(path: str) -> tuple[dict, str] | None:
    config = os.path.join(path, WORKSPACE_FILE)
    if not os.path.isdir(path) or not os.path.isfile(config):
        return None
    try:
        with open(config, encoding="utf-8") as handle:
            text = handle.read()
        return tomllib.loads(text), text
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # the check configuration reader reports an unreadable file


def choose_policy_set(path: str, name: str | None = None) -> str:
    """The one policy set ``path`` stands for: ``path`` itself when it is a file or a
    directory that is one set; else its set called ``name``, or its ``default``.

    Raises SetChoiceError when ``name`` is not one of the sets, or when there are several
    and neither ``name`` nor a ``default`` says which (errors inside slalang.toml itself are
    left to the compiler, which reports them located).
    """
    sets, found = split_policy_sets(path)
    read = _read(path)
    entries = read[0].get("sets") if read is not None else None
    if found or not isinstance(entries, list) or len(entries) != len(sets):
        if name is not None and sets == [path]:
            raise SetChoiceError(f"--set {name}: {path} is one policy set (its {WORKSPACE_FILE} lists no `sets`)")
        return sets[0] if len(sets) == 1 else path
    named = {set_name(e): target for e, target in zip(entries, sets, strict=True)} | dict(zip(entries, sets, strict=True))
    wanted = name if name is not None else (read[0].get("default") if read is not None else None)
    if wanted is None:
        if len(sets) == 1:
            return sets[0]
        listing = ", ".join(set_name(e) for e in entries)
        config = os.path.join(path, WORKSPACE_FILE)
        raise SetChoiceError(
            f"{path} holds {len(sets)} policy sets ({listing}): choose one with --set NAME, "
            f"or name a `default` in {config}"
        )
    if not isinstance(wanted, str) or wanted not in named:
        listing = ", ".join(set_name(e) for e in entries)
        close = difflib.get_close_matches(str(wanted), list(named), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        where = "--set" if name is not None else f"`default` in {os.path.join(path, WORKSPACE_FILE)}"
        raise SetChoiceError(f"{where}: no policy set {wanted!r} in {path} (its sets: {listing}){hint}")
    return named[wanted]


def split_policy_sets(path: str) -> tuple[list[str], list[Diagnostic]]:
    """The policy sets ``path`` names: ``[path]``, or the entries of its ``slalang.toml`` ``sets``."""
    config = os.path.join(path, WORKSPACE_FILE)
    if not os.path.isdir(path) or not os.path.isfile(config):
        return [path], []
    try:
        with open(config, encoding="utf-8") as handle:
            text = handle.read()
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return [path], []  # the check configuration reader reports an unreadable file
    sets = data.get("sets")
    if sets is None:
        return [path], []
    where = Span.point(config, _line_of(text, "sets"))
    if not isinstance(sets, list) or not sets or not all(isinstance(s, str) for s in sets):
        return [], [error("import-error", "`sets` must be a non-empty list of paths", where,
                          help='write sets = ["acme.sla", "itdesk"], paths relative to this directory')]
    root = os.path.realpath(path)
    found, diagnostics = [], []
    for entry in sets:
        target = os.path.normpath(os.path.join(path, entry))
        span = Span.point(config, _line_of(text, f'"{entry}"'))
        inside = os.path.realpath(target) == root or os.path.realpath(target).startswith(root + os.sep)
        if os.path.isabs(entry) or not inside:
            diagnostics.append(error("import-error", f"policy set `{entry}` lies outside {path}", span,
                                     help="list paths relative to the directory that holds slalang.toml"))
        elif not os.path.exists(target):
            diagnostics.append(error("import-error", f"policy set `{entry}` does not exist", span,
                                     help="list a .sla file or a directory of them"))
        else:
            found.append(target)
    return found, diagnostics


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 1


def path_problem(path: str) -> str | None:
    """Why ``path`` cannot name a policy set, or None: it does not exist, cannot be read, or
    is a directory with no policy file (``*.sla``) below it and no ``slalang.toml`` sets.

    Every command says these the same way and exits 2 (a usage error), as for a missing file.
    """
    if not os.path.exists(path):
        return f"cannot read {path}: no such file or directory"
    if not os.access(path, os.R_OK) or (os.path.isdir(path) and not os.access(path, os.X_OK)):
        return f"cannot read {path}: permission denied"
    if os.path.isdir(path) and not os.path.isfile(os.path.join(path, WORKSPACE_FILE)):
        for _, _, filenames in os.walk(path):
            if any(name.endswith(POLICY_SUFFIX) for name in filenames):
                return None
        return f"{path} holds no policy file (*{POLICY_SUFFIX}): give a policy file or the directory that holds them"
    return None
