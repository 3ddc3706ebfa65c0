"""Exact reasoning about conditions: satisfiability, containment, overlap, governance.

See ``space.TicketSpace`` for the questions, ``domain`` for how ticket values are made
finite, ``encoding`` for the z3 formulas and ``witness`` for turning answers into tickets.
"""

from __future__ import annotations

from .space import Fact, Fails, Found, Governs, Holds, MoreImportant, TicketSpace

__all__ = ["Fact", "Fails", "Found", "Governs", "Holds", "MoreImportant", "TicketSpace"]
