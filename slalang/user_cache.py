"""The per-user folder where slalang keeps what it can compute once and reuse between runs.

``$XDG_CACHE_HOME/slalang``, else ``~/.cache/slalang``; None when it cannot be created or
written, and then nothing is cached (every user of it computes instead).
"""

from __future__ import annotations

import os


def cache_folder() -> str | None:
    """The cache folder (created if missing), or None when there is no writable one."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "slalang")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return folder
