"""Which files a Parquet input names (no pyarrow needed: the CLI asks before importing it).

A Parquet input is a ``*.parquet`` file, a directory (every ``*.parquet`` file under it, as
Spark and other engines write a table; names starting with ``.`` or ``_``, such as
``_SUCCESS`` or ``_delta_log/``, are left out) or a glob (``data/day=*/*.parquet``, ``**``
for nested folders). Its files are read in sorted path order as one table.
"""

from __future__ import annotations

import glob
import os

GLOB_CHARACTERS = frozenset("*?[")
_HIDDEN = (".", "_")


def is_glob(path: str) -> bool:
    """A pattern rather than a name: glob characters, and no file of that very name."""
    return any(c in GLOB_CHARACTERS for c in path) and not os.path.exists(path)


def is_parquet_input(path: str) -> bool:
    """``*.parquet``, a directory, or a glob: a Parquet input (``-`` is standard input)."""
    if path == "-":
        return False
    return path.lower().endswith(".parquet") or os.path.isdir(path) or is_glob(path)


def parquet_files(source: str) -> list[str]:
    """The files of a Parquet input, in order; FileNotFoundError when it names none."""
    if is_glob(source):
        files = sorted(f for f in glob.glob(source, recursive=True) if os.path.isfile(f))
    elif os.path.isdir(source):
        files = []
        for directory, subdirectories, names in os.walk(source):
            subdirectories[:] = [d for d in subdirectories if not d.startswith(_HIDDEN)]
            files += [os.path.join(directory, n) for n in names if n.endswith(".parquet") and not n.startswith(_HIDDEN)]
        files.sort()
    else:
        files = [source]
    if not files:
        raise FileNotFoundError(2, "no Parquet file found", source)
    return files
