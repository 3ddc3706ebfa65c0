"""Bridges to helpdesks: import, export and reconcile with Zendesk, Freshdesk and Jira.

Layer 6: reads helpdesk API pages (files or ``--url``), writes policy text through
``slalang.fmt``, reads compiled policies for export, and compares evaluation results with
Zendesk's own metric events. Every construct that cannot be carried faithfully is a
located ``Problem``; see docs/bridges/.
"""

from __future__ import annotations

from .exports import ExportResult
from .imports import ImportResult
from .problems import BridgeError, Problem
from .tickets import TicketsResult

__all__ = ["BridgeError", "ExportResult", "ImportResult", "Problem", "TicketsResult"]
