"""slalang: SLA policy as code.

The public names below are imported on first use (PEP 562), so that ``import slalang``
and ``slalang --version`` do not pay for the compiler and the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy_names import lazy_names

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "Policy": "api",
    "load": "api",
    "loads": "api",
    "Diagnostic": "diagnostics",
    "PolicyError": "diagnostics",
    "Severity": "diagnostics",
    "Span": "source",
}

__all__ = ["Diagnostic", "Policy", "PolicyError", "Severity", "Span", "__version__", "load", "loads"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .api import Policy, load, loads
    from .diagnostics import Diagnostic, PolicyError, Severity
    from .source import Span


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
