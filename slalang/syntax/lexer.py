"""A fast contextual lexer for the slalang grammar.

Lark's own contextual lexer tries every keyword terminal of a parser state in turn, which
makes it the slowest part of a parse (about 10 µs a token). This lexer reads every word
with one regular expression and then decides by a table lookup, using the parser state as
Lark's contextual lexer does: a keyword where the parser accepts that keyword, otherwise
a ``NAME`` where names are accepted (``ticket.status``), otherwise a ``DAY``.

Its terminals come from the grammar itself: the value terminals' patterns are used as
written, and each keyword terminal (``SLA: /sla(?![a-z0-9_])/``) contributes its word.
A test checks that it produces the same tokens as Lark's contextual lexer.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

from lark import Token
from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer, LexerState

from .. import ast
from ..limits import MAX_DECLARATION_TOKENS, MAX_TOKENS
from ..source import Span
from .errors import DECLARATION_KEYWORDS, InputLimitError
from .transformer import CURRENT

# Value terminals, in the order they are tried (first match wins, as in Lark's scanner).
_VALUE_TERMINALS = ("COMMENT", "DATE", "TIME", "PERCENT", "DURATION", "NUMBER", "STRING")
# The grammar's WS, read in two parts: the blanks before a token are part of its match
# (one regular expression match a token, not two), a line end and what follows it is a
# match of its own (the line count changes).
_WS = "[ \t\r\n\f\ufeff]+"  # as Lark reads the grammar's /[ \t\r\n\f\ufeff]+/: the characters themselves
_BLANKS = "[ \t\r\f\ufeff]*+"
_LINE_END = "\n[ \t\r\n\f\ufeff]*"
_KEYWORD_PATTERN = re.compile(r"^\(?([a-z_|]+)\)?\(\?!\[a-z0-9_\]\)$")
_WORD = "[a-z_][a-z0-9_]*"


class SlaLexer(Lexer):
    """Lark custom lexer: ``lexer=SlaLexer`` with ``parser="lalr"``."""

    __future_interface__ = 2  # lex(lexer_state, parser_state), TextSlice supported

    def __init__(self, lexer_conf: Any) -> None:
        by_name = {t.name: t for t in lexer_conf.terminals}
        self.keywords: dict[str, str] = {}
        self.days: frozenset[str] = frozenset()
        punctuation: list[tuple[str, str]] = []
        for term in lexer_conf.terminals:
            name = sys.intern(str(term.name))  # a plain str: Lark's names may be its Token
            if term.pattern.type == "str":
                punctuation.append((term.pattern.value, name))
                continue
            match = _KEYWORD_PATTERN.match(term.pattern.value)
            if match:
                words = match.group(1).split("|")
                if name == "DAY":
                    self.days = frozenset(words)
                else:
                    (word,) = words
                    self.keywords[word] = name
        if by_name["WS"].pattern.value != _WS:
            raise ValueError(f"the grammar's WS is not {_WS}: change _BLANKS and _LINE_END with it")
        groups = [f"(?P<WS>{_LINE_END})"]
        groups += [f"(?P<{name}>{by_name[name].pattern.to_regexp()})" for name in _VALUE_TERMINALS if name in by_name]
        groups.append(f"(?P<WORD>{_WORD})")
        punctuation.sort(key=lambda p: -len(p[0]))
        self.punctuation = dict(punctuation)
        alternatives = "|".join(re.escape(p) for p, _ in punctuation)
        groups.append(f"(?P<PUNCT>{alternatives})")
        self.scanner = re.compile(_BLANKS + "(?:" + "|".join(groups) + ")")
        self.blanks = re.compile(_BLANKS)
        self.ignore = frozenset(lexer_conf.ignore)
        # Keywords that start a declaration are never read as a name inside a block
        # (where the only name that can start an item is a metric): `sla` there means
        # that the block before it was not closed.
        self.block_breakers = frozenset(
            self.keywords[word] for word in DECLARATION_KEYWORDS if word in self.keywords
        ) - {"CALENDAR"}
        self.terminal_names = frozenset(by_name)

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        """Lark's interface: tokens for the parser whose state is ``parser_state``."""
        return self.scan(lexer_state, parser_state.parse_conf.states, parser_state.state_stack)

    def scan(self, lexer_state: LexerState, states: dict, state_stack: list) -> Iterator[Token]:
        """Tokens of ``lexer_state.text``, each chosen for the parser state on top of ``state_stack``."""
        text_slice = lexer_state.text
        text: str = text_slice.text
        end: int = text_slice.end
        counter = lexer_state.line_ctr
        pos = counter.char_pos
        line = counter.line
        line_start = counter.line_start_pos
        match = self.scanner.match
        keywords = self.keywords
        days = self.days
        punctuation = self.punctuation
        new_str = str.__new__
        state = CURRENT.get()
        comments = state.comments
        path = state.path
        max_tokens, max_declaration = state.token_bounds()
        count = state.tokens
        declaration_start = count
        while pos < end:
            m = match(text, pos, end)
            if m is None:  # blanks up to the end, or a character that starts no terminal
                pos = self.blanks.match(text, pos, end).end()  # type: ignore[union-attr]  # matches ""
                if pos == end:
                    break
                accepts = states[state_stack[-1]]
                allowed = {t for t in accepts if t in self.terminal_names}
                self._sync(counter, pos, line, line_start)
                raise UnexpectedCharacters(
                    text,
                    pos,
                    line,
                    pos - line_start + 1,
                    allowed=allowed,
                    token_history=[lexer_state.last_token] if lexer_state.last_token else None,
                )
            kind = m.lastgroup
            assert kind is not None  # every alternative of the pattern is a named group
            value = m.group(kind)
            new_pos = m.end()
            start = new_pos - len(value)
            if kind == "WS":  # a line end, and the blanks and line ends after it
                line += value.count("\n")
                line_start = start + value.rindex("\n") + 1
                pos = new_pos
                continue
            column = start - line_start + 1
            if kind == "COMMENT":
                comment = value.rstrip("\r")
                span = Span(path, line, column, line, column + len(comment))
                comments.append(ast.Comment(comment, span))
                pos = new_pos
                continue
            accepts = states[state_stack[-1]]
            if kind == "WORD":
                keyword = keywords.get(value)
                if keyword is not None and keyword in accepts:
                    kind = keyword
                elif keyword in self.block_breakers and "RBRACE" in accepts:
                    # `sla` where a metric name could start: a block was left open
                    kind = keyword
                elif "NAME" in accepts:
                    kind = "NAME"
                elif value in days and "DAY" in accepts:
                    kind = "DAY"
                elif keyword is not None:
                    kind = keyword
                elif value in days:
                    kind = "DAY"
                else:
                    kind = "NAME"
            elif kind == "PUNCT":
                kind = punctuation[value]
            elif kind == "NUMBER" and value[0] == "-" and "NUMBER" not in accepts and "MINUS" in accepts:
                kind = "MINUS"
                value = "-"
                new_pos = start + 1
            # Token(kind, value, pos, line, column, line, end_column, new_pos), without the
            # argument juggling of Token.__new__ (this runs once per token)
            token = new_str(Token, value)
            token.type = kind
            token.value = value
            token.start_pos = start
            token.line = token.end_line = line
            token.column = column
            token.end_column = column + (new_pos - start)
            token.end_pos = new_pos
            pos = new_pos
            lexer_state.last_token = token
            # The bounds of slalang/limits.py, checked before the parser holds the token: a
            # declaration is held whole (its tokens, or its nesting on the parser's stack) until
            # it ends, and the AST of the file until the file ends.
            count += 1
            state.tokens = count
            if len(state_stack) <= 3:  # the first tokens of a declaration (its keyword is on the stack)
                declaration_start = count
            elif count - declaration_start > max_declaration or count > max_tokens:
                self._sync(counter, pos, line, line_start)
                raise bound_error(token, path, count > max_tokens, max_declaration, max_tokens)
            yield token
        self._sync(counter, pos, line, line_start)

    @staticmethod
    def _sync(counter: Any, pos: int, line: int, line_start: int) -> None:
        counter.char_pos = pos
        counter.line = line
        counter.line_start_pos = line_start
        counter.column = pos - line_start + 1


def bound_error(token: Token, path: str, too_many: bool, max_declaration: int, max_tokens: int) -> InputLimitError:
    """The error for the bound a token passed: the file's, else its declaration's."""
    if too_many:
        return InputLimitError(
            f"the file holds more than {max_tokens} tokens; the rest of it was not read",
            f"split the policy into several files (a directory is one policy set), or raise {MAX_TOKENS.env}",
            token, path, resumable=False)
    return InputLimitError(
        f"this declaration is longer than {max_declaration} tokens",
        f"split it into several declarations, or raise {MAX_DECLARATION_TOKENS.env}",
        token, path, resumable=True)
