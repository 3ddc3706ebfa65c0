"""The formatter: one canonical layout for policy files, comments kept."""

from __future__ import annotations

from .formatter import FormatResult, format_text, format_tree

__all__ = ["FormatResult", "format_text", "format_tree"]
