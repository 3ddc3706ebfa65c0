"""Evaluated tickets for people: ``slalang eval``'s table and ``slalang explain``'s text.

(The machine encodings of results, JSON Lines and CSV, are evaluation's: ``slalang.evaluation.output``.)
"""

from __future__ import annotations

from .due import render_due
from .explanation import render_explanation
from .table import render_table

__all__ = ["render_due", "render_explanation", "render_table"]
