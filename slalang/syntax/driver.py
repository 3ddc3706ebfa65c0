"""A tight LALR(1) loop over the parse table and rule callbacks Lark computed for the grammar.

Lark's ``ParserState.feed_token`` looks everything up through several objects for every
token; this loop does the same shift/reduce steps with a table flattened once (a shift is
an int, a reduce a tuple of its size, callback and goto symbol), which roughly halves the
time spent in the parser. Errors are raised as Lark's own ``UnexpectedToken`` so that
``errors.py`` reads one kind of exception whatever runs the grammar.

The rule callbacks are built here too, straight from the grammar's rules and the
transformer's methods, instead of Lark's chain of wrappers (child filter, single-child
expansion, position propagation) around each method: a rule whose children need no
reshaping calls its method directly. What the result is stays Lark's: a ``_rule`` (and
the ``x*`` helper rules Lark makes) is spliced into its parent, a ``?rule`` with one child
is that child. While parsing, a ``_rule``'s children are a plain ``list`` (Lark's is a
``Tree``); ``errors.py`` reads the items of an unfinished block from it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.grammar import Rule
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
        transformer = lark.options.transformer
        self.start_state = table.start_states[start]
        self.end_state = table.end_states[start]
        # Symbol names as plain interned strings: Lark's are partly its Token (a str whose
        # == is a Python method), which made every goto lookup call that method.
        self.actions: dict[Any, dict[str, Any]] = {}
        for state, row in table.states.items():
            flat: dict[str, Any] = {}
            for symbol, (action, arg) in row.items():
                if action is Shift:
                    flat[sys.intern(str(symbol))] = arg
                else:
                    origin = sys.intern(str(arg.origin.name))
                    flat[sys.intern(str(symbol))] = (len(arg.expansion), rule_callback(arg, transformer), origin)
            self.actions[state] = flat
        self.states = self.actions  # what the lexer consults: the terminals each state accepts

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
                    if callback is None:  # a `?rule` of one symbol: the value stays, the state changes
                        state_stack[-1] = actions[state_stack[-2]][origin]
                        continue
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
            if callback is None:
                state_stack[-1] = actions[state_stack[-2]][origin]
            else:
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


Callback = Callable[[list], Any]


def rule_callback(rule: Rule, transformer: Any) -> Callback | None:
    """What reducing ``rule`` returns for its children (the values on the parser's stack);
    None for a ``?rule`` of one symbol, whose value is that symbol's."""
    name = rule.alias or rule.options.template_source or rule.origin.name
    method: Callback | None = getattr(transformer, name, None)
    if rule.options.keep_all_tokens or any(getattr(s, "filter_out", False) for s in rule.expansion):
        raise TypeError(f"rule {name}: anonymous terminals are not supported (name every terminal)")
    spliced = tuple(not s.is_term and s.name.startswith("_") for s in rule.expansion)
    expand1 = rule.options.expand1 and not rule.alias
    if expand1 and spliced == (False,):
        return None
    if method is None:
        if name.startswith("_"):
            method = _inlined
        elif expand1:
            method = _single
        else:
            raise TypeError(f"rule {name}: the transformer has no method for it")
    elif expand1:
        method = _or_single(method)
    if spliced == (True, False) and method is _inlined:  # `x*`: one more item
        return _append
    if any(spliced):
        return _splicing(spliced, method)
    return method


def _inlined(children: list) -> list:
    return children


def _append(children: list) -> list:
    # the items so far are extended in place: `x*` rules are left-recursive, so a long
    # repetition costs one append per item (each list belongs to one parent)
    items, item = children
    items.append(item)
    return items


def _single(children: list) -> Any:
    (child,) = children  # a `?rule` without a method must always have one child
    return child


def _or_single(method: Callback) -> Callback:
    def call(children: list) -> Any:
        return children[0] if len(children) == 1 else method(children)

    return call


def _splicing(spliced: tuple[bool, ...], method: Callback) -> Callback:
    """``method`` called with the children of the ``_rule`` children put in their place."""
    rest = tuple(enumerate(spliced))[1:]

    def call(children: list) -> Any:
        out = children[0] if spliced[0] else [children[0]]  # in place, as in _append
        for i, splice in rest:
            if splice:
                out += children[i]
            else:
                out.append(children[i])
        return method(out)

    return call
