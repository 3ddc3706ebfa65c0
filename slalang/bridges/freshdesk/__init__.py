"""Freshdesk: SLA policies and business hours in and out."""

from __future__ import annotations

from .export import export_freshdesk
from .importer import import_freshdesk

__all__ = ["export_freshdesk", "import_freshdesk"]
