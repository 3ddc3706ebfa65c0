"""Finding slalang's optional compiled modules: built or not, current or stale, switched off.

Each compiled fast path (``slalang_native`` for ``eval``, ``slalang_native_sim`` for the
simulation's event loop) is a top-level module built by ``pip install .`` where a C
compiler is at hand, and speaks one interface version (its ``ABI``): a module built from
other sources is ignored, and the Python path, which is the definition, does the work.
Setting ``SLALANG_NATIVE=0`` in the environment turns every compiled path off.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

SWITCH = "SLALANG_NATIVE"


def load(name: str, abi: int, honour_switch: bool = True) -> ModuleType | None:
    """The compiled module ``name`` if it is built and speaks ``abi``, else None;
    ``SLALANG_NATIVE=0`` turns it off unless ``honour_switch`` is False (for the tests that
    compare the compiled path with the Python one)."""
    if honour_switch and os.environ.get(SWITCH, "1") == "0":
        return None
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    return module if getattr(module, "ABI", None) == abi else None


def unusable_reason(name: str, abi: int) -> str | None:
    """Why the compiled module ``name`` cannot be used (not built, or built from other
    sources), or None."""
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        return f"the compiled module {name} is not built ({exc})"
    found = getattr(module, "ABI", None)
    if found != abi:
        return f"the compiled module {name} ({module.__file__}) speaks ABI {found}, this code ABI {abi}: it is stale"
    return None
