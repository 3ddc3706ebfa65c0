"""slalang: SLA policy as code.

The public names below are imported on first use (PEP 562), so that ``import slalang``
and ``slalang --version`` do not pay for the compiler and the model.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "Policy": "slalang.api",
    "load": "slalang.api",
    "loads": "slalang.api",
    "Diagnostic": "slalang.diagnostics",
    "PolicyError": "slalang.diagnostics",
    "Severity": "slalang.diagnostics",
    "Span": "slalang.source",
}

__all__ = ["Diagnostic", "Policy", "PolicyError", "Severity", "Span", "__version__", "load", "loads"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .api import Policy, load, loads
    from .diagnostics import Diagnostic, PolicyError, Severity
    from .source import Span


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'slalang' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
