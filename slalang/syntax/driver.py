"""A tight LALR(1) loop over the parse table and rule callbacks Lark computed for the grammar.

Lark's ``ParserState.feed_token`` looks everything up through several objects for every
token; this loop does the same shift/reduce steps with a table flattened once (a shift is
an int, a reduce a tuple of its size, callback and goto symbol), which roughly halves the
time spent in the parser. Errors are raised as Lark's own ``UnexpectedToken`` so that
``errors.py`` reads one kind of exception whatever runs the grammar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import LexerState
from lark.parsers.lalr_analysis import Shift
from lark.utils import TextSlice

from .lexer import SlaLexer


@dataclass
class StackAtError:
    """What ``UnexpectedToken.state`` holds here: the values parsed so far (innermost last)."""

    value_stack: list
    state_stack: list


class Driver:
    """Runs the grammar's LALR table with ``SlaLexer``; one per Lark instance, shareable by threads."""

    def __init__(self, lark: Lark, start: str = "start") -> None:
        frontend = lark.parser
        lexer = frontend.lexer
        if not isinstance(lexer, SlaLexer):
            raise TypeError("the Lark instance must be built with lexer=SlaLexer")
        self.lexer: SlaLexer = lexer
        parser = frontend.parser.parser
        table = parser.parse_table
        callbacks = parser.callbacks
        self.start_state = table.start_states[start]
        self.end_state = table.end_states[start]
        self.states = table.states  # what the lexer consults: the terminals each state accepts
        self.actions: dict[Any, dict[str, Any]] = {}
        for state, row in table.states.items():
            flat: dict[str, Any] = {}
            for symbol, (action, arg) in row.items():
                if action is Shift:
                    flat[symbol] = arg
                else:
                    flat[symbol] = (len(arg.expansion), callbacks[arg], arg.origin.name)
            self.actions[state] = flat

    def parse(self, text: TextSlice) -> Any:
        """The value the start rule's callback returns, or raise UnexpectedToken/UnexpectedCharacters."""
        actions = self.actions
        state_stack: list = [self.start_state]
        value_stack: list = []
        push_state = state_stack.append
        push_value = value_stack.append
        token = None
        try:
            for token in self.lexer.scan(LexerState(text), self.states, state_stack):
                # the shift/reduce loop of _feed, inlined: this runs once per token
                kind = token.type
                while True:
                    action = actions[state_stack[-1]].get(kind)
                    if action is None:
                        self._feed(token, actions, state_stack, value_stack)  # raises with the details
                    if type(action) is not tuple:
                        push_state(action)
                        push_value(token)
                        break
                    size, callback, origin = action
                    if size:
                        children = value_stack[-size:]
                        del state_stack[-size:]
                        del value_stack[-size:]
                    else:
                        children = []
                    push_value(callback(children))
                    push_state(actions[state_stack[-1]][origin])
        except UnexpectedCharacters as exc:
            exc.allowed = self.acceptable(state_stack)
            exc.state = StackAtError(value_stack, state_stack)
            raise
        if token is None:
            end = Token("$END", "", text.start, 1, 1, 1, 1, text.start)
        else:
            end = Token.new_borrow_pos("$END", "", token)
        return self._feed(end, actions, state_stack, value_stack)

    def _feed(self, token: Token, actions: dict, state_stack: list, value_stack: list) -> Any:
        kind = token.type
        end_state = self.end_state
        while True:
            row = actions[state_stack[-1]]
            action = row.get(kind)
            if action is None:
                expected = self.acceptable(state_stack)
                raise UnexpectedToken(token, expected, state=StackAtError(value_stack, state_stack))
            if type(action) is not tuple:
                state_stack.append(action)
                value_stack.append(token)
                return None
            size, callback, origin = action
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            value = callback(children)
            state_stack.append(actions[state_stack[-1]][origin])
            value_stack.append(value)
            if kind == "$END" and state_stack[-1] == end_state:
                return value_stack[-1]

    def expected_after(self, text: TextSlice) -> tuple[set[str], list[Token]]:
        """The terminals that may follow ``text`` and the tokens read from it.

        ``text`` must be a valid beginning of the start rule (else UnexpectedToken or
        UnexpectedCharacters is raised); what an editor completes at a cursor.
        """
        state_stack: list = [self.start_state]
        value_stack: list = []
        tokens: list[Token] = []
        for token in self.lexer.scan(LexerState(text), self.states, state_stack):
            tokens.append(token)
            self._feed(token, self.actions, state_stack, value_stack)
        return self.acceptable(state_stack), tokens

    def acceptable(self, state_stack: list) -> set[str]:
        """The terminals that can come next: those the parser would shift after its reductions.

        LALR merges look-aheads of similar states, so a state's row may list terminals that
        lead to an error after reducing; simulating the reductions gives the exact set.
        """
        return {t for t in self.actions[state_stack[-1]] if t.isupper() and self._shifts(state_stack, t)}

    def _shifts(self, state_stack: list, terminal: str) -> bool:
        actions = self.actions
        stack = list(state_stack)
        while True:
            action = actions[stack[-1]].get(terminal)
            if action is None:
                return False
            if type(action) is not tuple:
                return True
            size, _, origin = action
            if size:
                del stack[-size:]
            goto = actions[stack[-1]].get(origin)
            if goto is None:
                return False
            if goto == self.end_state:
                return terminal == "$END"
            stack.append(goto)
