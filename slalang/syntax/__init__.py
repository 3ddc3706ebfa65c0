"""Syntax: policy text to the AST (``slalang.ast``), with located, friendly errors.

Lark types never leave this package.
"""

from __future__ import annotations

from .parser import MAX_SYNTAX_ERRORS, parse, parse_partial
from .reader import MAX_FILE_BYTES, decode_source, read_source
from .transformer import MAX_CONDITION_DEPTH

__all__ = [
    "MAX_CONDITION_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_SYNTAX_ERRORS",
    "decode_source",
    "parse",
    "parse_partial",
    "read_source",
]
