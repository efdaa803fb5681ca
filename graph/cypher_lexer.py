"""Cypher text as tokens and bracket groups, for the /cypher allow-list (graph/cypher_allow.py).

Only what the allow-list needs: words, `backtick names`, strings, numbers, $parameters and
operators, with comments dropped, then nested into (…), […] and {…} groups. Anything this lexer does
not recognise is refused rather than guessed at, so Neo4j never reads a statement differently from
how it was checked: outside strings, comments and backticks only ASCII is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.errors import InvalidInput

WORD, NAME, STRING, NUMBER, PARAM, OP = "word", "name", "string", "number", "param", "op"

_WHITESPACE = frozenset(" \t\r\n\f\v")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"0[xX][0-9A-Fa-f_]+|0[oO][0-7_]+|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?")
_PARAM = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|`(?:[^`]|``)*`)")
_OPERATORS = (
    "<>", "!=", "<=", ">=", "=~", "->", "<-", "..", "::", "+=", "||",
    "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "+", "-", "*", "/", "%", "^", "=", "<", ">",
    "!", "&", "?",
)  # fmt: skip
_CLOSING = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str  # a string's or name's value without quotes and escapes; a parameter's name without `$`
    offset: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == WORD else ""


@dataclass
class Group:
    """A bracketed part of the statement: `items` are the tokens and groups between the brackets."""

    open: Token
    items: list[Token | Group] = field(default_factory=list)

    @property
    def bracket(self) -> str:
        return self.open.text


def where(text: str, offset: int) -> str:
    """'line 2, column 5 (offset 17)' for a 0-based offset into `text`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column} (offset {offset})"


def _refuse(text: str, offset: int, message: str) -> InvalidInput:
    return InvalidInput([("query", f"{message} at {where(text, offset)}")])


_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _string(text: str, start: int) -> tuple[str, int]:
    """The value of the string literal opening at `start`, and the offset just past it."""
    quote, position = text[start], start + 1
    value: list[str] = []
    while position < len(text):
        char = text[position]
        if char == quote:
            return "".join(value), position + 1
        if char == "\\" and position + 1 < len(text):
            escaped = text[position + 1]
            value.append(_ESCAPES.get(escaped, escaped))
            position += 2
            continue
        value.append(char)
        position += 1
    raise _refuse(text, start, "unterminated string")


def _backtick(text: str, start: int) -> tuple[str, int]:
    position = start + 1
    while True:
        end = text.find("`", position)
        if end < 0:
            raise _refuse(text, start, "unterminated `name`")
        if text.startswith("``", end):
            position = end + 2
            continue
        return text[start + 1 : end].replace("``", "`"), end + 1


def tokens(text: str) -> list[Token]:
    found: list[Token] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char in _WHITESPACE:
            position += 1
        elif text.startswith("//", position):
            end = text.find("\n", position)
            position = len(text) if end < 0 else end + 1
        elif text.startswith("/*", position):
            end = text.find("*/", position + 2)
            if end < 0:
                raise _refuse(text, position, "unterminated /* comment")
            position = end + 2
        elif char in "'\"":
            value, end = _string(text, position)
            found.append(Token(STRING, value, position))
            position = end
        elif char == "`":
            value, end = _backtick(text, position)
            found.append(Token(NAME, value, position))
            position = end
        elif matched := _WORD.match(text, position):
            found.append(Token(WORD, matched.group(), position))
            position = matched.end()
        elif matched := _NUMBER.match(text, position):
            found.append(Token(NUMBER, matched.group(), position))
            position = matched.end()
        elif matched := _PARAM.match(text, position):
            name = matched.group()[1:]
            found.append(Token(PARAM, name[1:-1].replace("``", "`") if name[0] == "`" else name, position))
            position = matched.end()
        elif operator := next((op for op in _OPERATORS if text.startswith(op, position)), None):
            found.append(Token(OP, operator, position))
            position += len(operator)
        elif char == ";":
            raise _refuse(text, position, "one statement at a time: ';'")
        else:
            shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
            raise _refuse(text, position, f"unexpected character {shown} (only ASCII outside strings)")
    return found


def groups(text: str, flat: list[Token], max_depth: int) -> Group:
    """The tokens nested by brackets, refusing nesting deeper than `max_depth`. A bracket left open at
    the end is closed here so that Neo4j reports the syntax error in its own words."""
    root = Group(Token(OP, "", 0))
    stack = [root]
    for token in flat:
        if token.kind == OP and token.text in _CLOSING:
            if len(stack) > max_depth:
                raise _refuse(
                    text, token.offset, f"brackets nested deeper than {max_depth} levels (the limit)"
                )
            group = Group(token)
            stack[-1].items.append(group)
            stack.append(group)
        elif token.kind == OP and token.text in _CLOSING.values():
            opened = stack[-1]
            if opened is root:
                raise _refuse(text, token.offset, f"{token.text!r} closes nothing")
            if _CLOSING[opened.bracket] != token.text:
                raise _refuse(
                    text,
                    token.offset,
                    f"{token.text!r} cannot close the {opened.bracket!r} "
                    f"at {where(text, opened.open.offset)}",
                )
            stack.pop()
        else:
            stack[-1].items.append(token)
    return root
