"""What may come next at a place in half-typed policy text: the grammar's answer, for editors.

``expected_at(text, offset)`` reads the declaration that the offset lies in, from its first
line up to the offset, and asks the parser which terminals it would accept there. The
language server completes keywords and names from it, so a keyword added to the grammar is
offered without a second list to keep in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from lark.exceptions import UnexpectedInput
from lark.utils import TextSlice

from .grammar import driver
from .parser import _RESYNC
from .transformer import CURRENT, ParseState


@dataclass(frozen=True)
class Expected:
    """The terminals that may come at a place, and the tokens of its declaration before it."""

    terminals: frozenset[str]  # grammar terminal names: "NAME", "DURATION", "SLA", "$END", ...
    keywords: tuple[str, ...]  # the words of the keyword terminals among them, sorted
    days: tuple[str, ...]  # day names, when a day may come here
    before: tuple[tuple[str, str], ...]  # (terminal, text) of each token since the declaration began


def keywords() -> dict[str, str]:
    """Every keyword of the grammar: word -> terminal name (``{"sla": "SLA", ...}``)."""
    return dict(driver().lexer.keywords)


def day_names() -> tuple[str, ...]:
    """The day names the grammar reads (``mon`` ... ``sun``), in week order."""
    order = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    days = driver().lexer.days
    return tuple(d for d in order if d in days) + tuple(sorted(days - set(order)))


def expected_at(text: str, offset: int) -> Expected | None:
    """What may come at ``offset``; None when the text before it has a syntax error of its own."""
    offset = max(0, min(offset, len(text)))
    start = 0
    for match in _RESYNC.finditer(text, 0, offset):
        start = match.start()
    run = driver()
    token = CURRENT.set(ParseState("<completion>"))
    try:
        terminals, tokens = run.expected_after(TextSlice(text, start, offset))
    except (UnexpectedInput, RecursionError):
        return None
    finally:
        CURRENT.reset(token)
    words = {terminal: word for word, terminal in run.lexer.keywords.items()}
    return Expected(
        terminals=frozenset(terminals),
        keywords=tuple(sorted(words[t] for t in terminals if t in words)),
        days=day_names() if "DAY" in terminals else (),
        before=tuple((t.type, str(t)) for t in tokens),
    )
