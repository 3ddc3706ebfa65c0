"""slalang: SLA policy as code."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import Policy, load, loads
from .diagnostics import Diagnostic, PolicyError, Severity
from .source import Span

__all__ = ["Diagnostic", "Policy", "PolicyError", "Severity", "Span", "__version__", "load", "loads"]
