"""How credit and availability rows read for people: the columns every format shares.

Rows are the JSON objects of credits.md (``CreditRow.to_json()``, ``AvailabilityRow.to_json()``),
so what a person reads is exactly what a tool gets. An attainment reads as a percentage to
two decimals (``92.31%``: the four decimals of the row), an uptime to four (``99.8380%``),
durations as everywhere (``units.format_duration``), a null account as ``(none)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ...credits.accounts import canonical_json
from ...units import NO_VALUE, format_duration, format_goal, format_percent

Row = Mapping[str, Any]
NO_ACCOUNT = "(none)"


@dataclass(frozen=True)
class Column:
    header: str
    align: str  # "l" or "r"
    cell: Callable[[Row], str]
    kind: str = "fixed"  # how a terminal table lays it out (report.layout): "name", "fixed" or "text"


def account_text(account: Any) -> str:
    if account is None:
        return NO_ACCOUNT
    if isinstance(account, str):
        return account
    return canonical_json(account)


def share_text(share: float | None, digits: int) -> str:
    return format_percent(None if share is None else share * 100, digits)


def credit_text(credit_pct: float) -> str:
    return format_goal(credit_pct)


def met_text(met: bool | None) -> str:
    return NO_VALUE if met is None else ("met" if met else "missed")


CREDIT_COLUMNS: tuple[Column, ...] = (
    Column("Credit", "l", lambda r: r["credit"], "name"),
    Column("Account", "l", lambda r: account_text(r["account"]), "name"),
    Column("Period", "l", lambda r: r["period"]),
    Column("Runs", "r", lambda r: str(r["runs"])),
    Column("Met", "r", lambda r: str(r["met"])),
    Column("Breached", "r", lambda r: str(r["breached"])),
    Column("Attainment", "r", lambda r: share_text(r["attainment"], 2)),
    Column("Credit %", "r", lambda r: credit_text(r["credit_pct"])),
    Column("Tier", "l", lambda r: r["tier"] or NO_VALUE),
    Column("Reason", "l", lambda r: r["reason"] or "", "text"),
)

AVAILABILITY_COLUMNS: tuple[Column, ...] = (
    Column("Service", "l", lambda r: r["service"], "name"),
    Column("Period", "l", lambda r: r["period"]),
    Column("Open", "r", lambda r: format_duration(r["open_s"])),
    Column("Down", "r", lambda r: format_duration(r["down_s"])),
    Column("Uptime", "r", lambda r: share_text(r["uptime"], 4)),
    Column("Objective", "r", lambda r: format_goal(round(r["objective"] * 100, 9))),
    Column("Objective met?", "l", lambda r: met_text(r["met"])),
    Column("Credit %", "r", lambda r: credit_text(r["credit_pct"])),
)


KEY_COLUMNS = {"credits": 3, "availability": 2}
"""Leading columns a terminal table repeats when the rest continue below: what names a row."""


def columns_for(rows_kind: str) -> tuple[Column, ...]:
    """``credits`` or ``availability``."""
    return CREDIT_COLUMNS if rows_kind == "credits" else AVAILABILITY_COLUMNS
