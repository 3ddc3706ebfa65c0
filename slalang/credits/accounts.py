"""Accounts: the value of a credit's ``per`` field, as it is grouped, ordered and written.

credits.md: a missing field is the account ``null``; accounts sort ``null`` first, then
numbers numerically, then strings by code point; a list or object account is its
canonical JSON text (keys sorted, no spaces), grouped and sorted as that string.

Where credits.md is silent: ``true`` and ``false`` are accounts of their own, sorted after
``null`` and before numbers (``false`` first), and never equal to the numbers 0 and 1; a
number is one account whatever its spelling (``7`` and ``7.0`` are the account ``7``).
"""

from __future__ import annotations

import json
from typing import Any

Account = None | bool | int | float | str
AccountKey = tuple[Any, ...]
"""How accounts group and sort: ``(rank, value)`` with ranks null < bool < number < string."""

_SAFE_INTEGER = 2**53


def canonical_json(value: Any) -> str:
    """JSON text with sorted keys and no spaces (``{"a":1,"b":[2,3]}``)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def account_of(value: Any) -> Account:
    """The account a field value stands for (a list or object: its canonical JSON text)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _SAFE_INTEGER:
            return int(value)
        return value
    return canonical_json(value)


def account_key(account: Account) -> AccountKey:
    """The sort (and grouping) key of an account from ``account_of``."""
    if account is None:
        return (0,)
    if isinstance(account, bool):
        return (1, account)
    if isinstance(account, (int, float)):
        return (2, account)
    return (3, account)
