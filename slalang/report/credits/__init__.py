"""Credit and availability rows for people and tools (``slalang credits``, ``slalang
availability``), and their sections in ``slalang report``."""

from __future__ import annotations

from .rows import ROW_FORMATS, render_rows
from .sections import ContractSections, render_report_with

__all__ = ["ROW_FORMATS", "ContractSections", "render_report_with", "render_rows"]
