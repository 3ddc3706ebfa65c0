"""Jira (Service Management): issues with changelog and comments as slalang tickets."""

from __future__ import annotations

from .tickets import jira_tickets

__all__ = ["jira_tickets"]
