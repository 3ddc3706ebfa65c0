"""Loading the grammar and building the one shared Lark parser."""

from __future__ import annotations

import importlib.resources
import os
import threading
from pathlib import Path

from lark import Lark, Token

from .. import ast
from ..user_cache import cache_folder
from .driver import Driver
from .lexer import SlaLexer
from .transformer import CURRENT, AstBuilder
from .values import token_span

GRAMMAR_FILE = "slalang.lark"

try:  # strict mode needs interegular to prove that no two terminals collide
    import interegular  # noqa: F401

    HAS_INTEREGULAR = True
except ImportError:  # pragma: no cover - depends on the environment
    HAS_INTEREGULAR = False

_lock = threading.Lock()
_driver: Driver | None = None


def grammar_text() -> str:
    """The grammar shipped in the package (``slalang/syntax/slalang.lark``)."""
    try:
        return importlib.resources.files("slalang.syntax").joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
        return (Path(__file__).with_name(GRAMMAR_FILE)).read_text(encoding="utf-8")


def _collect_comment(token: Token) -> Token:
    state = CURRENT.get()
    span = token_span(token, state.path)
    state.comments.append(ast.Comment(str(token).rstrip("\r"), span))
    return token


def _cache_path() -> str | bool:
    """A per-user cache file for the analysed grammar, or False when there is no such place."""
    folder = cache_folder()
    if folder is None:
        return False
    import hashlib

    digest = hashlib.sha256(grammar_text().encode()).hexdigest()[:16]
    return os.path.join(folder, f"grammar-{digest}.lark-cache")


def build_parser(*, lark_lexer: bool = False, strict: bool | None = None, cache: bool = True) -> Lark:
    """A new LALR parser that builds AST nodes as it reduces (no parse tree).

    It reads tokens with ``SlaLexer``; ``lark_lexer=True`` uses Lark's contextual lexer
    instead (slower; the reference the tests compare ``SlaLexer`` with).
    """
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual" if lark_lexer else SlaLexer,
        strict=HAS_INTEREGULAR if strict is None else strict,
        propagate_positions=False,  # spans are built from the tokens (transformer.py)
        maybe_placeholders=False,
        transformer=AstBuilder(),
        lexer_callbacks={"COMMENT": _collect_comment},
        cache=_cache_path() if cache else False,
    )


def driver() -> Driver:
    """The shared parser, built on first use; safe to use from several threads."""
    global _driver
    if _driver is None:
        with _lock:
            if _driver is None:
                _driver = Driver(build_parser())
    return _driver
