"""Zendesk: SLA policies and schedules in and out, tickets with audits, reconcile against metric events."""

from __future__ import annotations

from .export import export_zendesk
from .importer import import_zendesk
from .tickets import zendesk_tickets

__all__ = ["export_zendesk", "import_zendesk", "zendesk_tickets"]
