"""Policy test results (``slalang test``): a report for people, and JUnit XML for CI."""

from __future__ import annotations

from .junit import junit_xml
from .text import render_run

__all__ = ["junit_xml", "render_run"]
