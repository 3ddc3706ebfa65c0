"""Simulation results and staffing plans for people: terminal tables, and charts (``plot``,
which needs matplotlib and is imported on its own)."""

from __future__ import annotations

from .table import render_result, render_staffing

__all__ = ["render_result", "render_staffing"]
