"""The compiled modules' tests do not quietly skip: where a C compiler is present (as in CI,
which installs with ``pip install '.[dev]'``), a missing or stale compiled module is a failure."""

from __future__ import annotations

import shlex
import shutil
import sysconfig
from typing import Any

import pytest


def c_compiler() -> str | None:
    """The C compiler the build would use, if it is installed."""
    words = shlex.split(sysconfig.get_config_var("CC") or "cc")
    return shutil.which(words[0]) if words else None


def require_compiled(module: Any, unusable_reason: str) -> Any:
    """``module`` when it is built; fails when it could be built and is not, and skips only
    where it cannot be built (no C compiler)."""
    if module is not None:
        return module
    if c_compiler() is not None:
        pytest.fail(f"{unusable_reason}, although a C compiler is present: run `pip install -e .` (or `pip install .`) to build it")
    pytest.skip(f"{unusable_reason} and no C compiler is installed to build it")
