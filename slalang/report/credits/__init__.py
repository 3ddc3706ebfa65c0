"""Credit and availability rows for people and tools (``slalang credits``, ``slalang
availability``), and their sections in ``slalang report``."""

from __future__ import annotations

from .rows import ROW_FORMATS, render_rows

__all__ = ["ROW_FORMATS", "render_rows"]
