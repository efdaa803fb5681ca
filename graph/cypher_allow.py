"""What POST /cypher may run, decided before Neo4j reads a byte of it.

Neo4j 5.26 cannot protect itself from one analyst statement: its parser never answers on a few
thousand nested brackets or a few hundred `+ x` (BENCHMARKS.md), and a value built inside one expression
(`[x IN range(1, 10^8) | x]`, `reduce` over a huge range) is neither memory-tracked nor stopped by
the transaction timeout. So a statement is checked here first, on our own tokens (graph/cypher_lexer.py):

- **read queries only**: it starts with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL; every
  other clause keyword of Cypher (writes, SHOW/TERMINATE and the other administration commands,
  LOAD CSV, USE, FOREACH, IN TRANSACTIONS, EXPLAIN/PROFILE/CYPHER prefixes) is refused wherever it
  stands as a bare word (as a property key, label, map key or in `backticks` it is a name);
  CALL names a procedure on READ_ONLY_PROCEDURES or opens a subquery; a function is a built-in
  (FUNCTIONS). Refusals are Forbidden (403).
- **bounded parsing**: length, bracket depth, operator count, arithmetic operator count (Limits).
- **bounded expression work**: range() inside an expression, comprehensions and quantifiers over
  sizes known before running, iteration nested in iteration, reduce() and replace() (see _Work).
- **bounded parameters**: depth, integer width, string and list sizes.
Each of these refusals is InvalidInput (422) naming the limit and where (line, column, offset).
Neo4j's EXPLAIN plan check and the server-side timeout and memory watch (graph/cypher_guard.py)
stay behind this as a second layer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.cypher_lexer import NAME, NUMBER, OP, PARAM, STRING, WORD, Group, Token, groups, tokens, where
from graph.errors import Forbidden, InvalidInput
from graph.queries import PRIVATE_KEYS, PRIVATE_LABELS


@dataclass(frozen=True)
class Limits:
    length: int = 20_000  # characters of the statement
    depth: int = 64  # brackets inside brackets
    # Measured on Neo4j 5.26 (EXPLAIN, loaded machine): 1,000 `+ 1` terms 0.4 s, 5,000 hang; but with
    # variables, 200 `+ x` take 3 s and 300 `+ x` or `* x` hang; 500 `AND b` take 5 s, 900 take 6 s.
    operators: int = 300  # of any kind
    arithmetic: int = 100  # + - * / % ^ ||
    values: int = 1_000_000  # values one expression may iterate over, nested iterations multiplied
    chars: int = 10_000_000  # characters (or items) one expression may build from literals/params
    reduce_work: int = 1_000_000_000  # reduce(): steps² × growth per step (copying is quadratic)
    per_element: int = 1_000  # characters of literals/params added per element of a list of unknown size
    param_depth: int = 32
    param_string: int = 65_536
    param_items: int = 10_000  # entries of one list or map parameter
    param_values: int = 100_000  # values in all parameters together
    param_chars: int = 1_000_000  # characters of all string parameters together


DEFAULT_LIMITS = Limits()


START_CLAUSES = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
# The allowed clauses are MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY, SKIP/OFFSET,
# LIMIT, UNION, CALL … YIELD and CALL {subquery}; these are the words of every other clause and
# command. START, STOP, ENABLE (database commands) are missing only because they are common variable names:
# such a command must begin the statement, which START_CLAUSES already refuses.
REFUSED_WORDS = frozenset(
    {
        "CREATE", "MERGE", "DELETE", "DETACH", "NODETACH", "SET", "REMOVE", "FOREACH", "INSERT",
        "FINISH", "LOAD", "USE", "SHOW", "TERMINATE", "TRANSACTIONS", "DROP", "ALTER", "GRANT",
        "DENY", "REVOKE", "RENAME", "DEALLOCATE", "REALLOCATE", "DRYRUN", "EXPLAIN", "PROFILE",
        "CYPHER", "PERIODIC", "COMMIT",
    }
)  # fmt: skip
READ_ONLY_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)
# Neo4j 5.26's built-in functions (SHOW FUNCTIONS) less file() and linenumber() (LOAD CSV) and
# graph.byName()/graph.byElementId() (composite databases), plus the two path functions.
FUNCTIONS = frozenset(
    """abs acos all any asin atan atan2 avg btrim ceil char_length character_length coalesce
    collect cos cot count date date.realtime date.statement date.transaction date.truncate
    datetime datetime.fromepoch datetime.fromepochmillis datetime.realtime datetime.statement
    datetime.transaction datetime.truncate degrees duration duration.between duration.indays
    duration.inmonths duration.inseconds e elementid endnode exists exp floor haversin head id
    isempty isnan keys labels last left length localdatetime localdatetime.realtime
    localdatetime.statement localdatetime.transaction localdatetime.truncate localtime
    localtime.realtime localtime.statement localtime.transaction localtime.truncate log log10
    lower ltrim max min nodes none normalize nullif percentilecont percentiledisc pi point
    point.distance point.withinbbox properties radians rand randomuuid range reduce
    relationships replace reverse right round rtrim sign sin single size split sqrt startnode
    stdev stdevp substring sum tail tan time time.realtime time.statement time.transaction
    time.truncate timestamp toboolean tobooleanlist tobooleanornull tofloat tofloatlist
    tofloatornull tointeger tointegerlist tointegerornull tolower tostring tostringlist
    tostringornull toupper trim type upper valuetype vector.similarity.cosine
    vector.similarity.euclidean shortestpath allshortestpaths""".split()  # noqa: SIM905
)
# Words that may stand before "(" without calling a function.
_BEFORE_PARENTHESIS = frozenset(
    {
        "MATCH", "OPTIONAL", "WHERE", "WITH", "UNWIND", "RETURN", "AND", "OR", "XOR", "NOT", "IN",
        "CASE", "WHEN", "THEN", "ELSE", "DISTINCT", "SKIP", "OFFSET", "LIMIT", "BY", "UNION", "ALL",
        "ANY", "SHORTEST", "GROUPS", "PATHS", "EXISTS", "IS", "CONTAINS", "STARTS", "ENDS", "YIELD",
    }
)  # fmt: skip
_OPERATOR_WORDS = frozenset({"AND", "OR", "XOR", "NOT", "IN", "STARTS", "ENDS", "CONTAINS", "IS"})
_OPERATOR_SYMBOLS = frozenset(
    {"+", "-", "*", "/", "%", "^", "=", "<>", "!=", "<", "<=", ">", ">=", "=~", "||", ".", "[", "::"}
)
_ARITHMETIC = frozenset({"+", "-", "*", "/", "%", "^", "||"})
_LABEL_JOINS = frozenset({"|", "&", "!"})
_ITERATING = frozenset({"all", "any", "none", "single"})


def check(statement: str, params: dict[str, Any], limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise Forbidden (not a read query) or InvalidInput (over a limit) before Neo4j parses `statement`."""
    if len(statement) > limits.length:
        raise InvalidInput(
            [("query", f"the statement has {len(statement):,} characters; the limit is {limits.length:,}")]
        )
    check_params(params, limits)
    flat = tokens(statement)
    if not flat:
        raise InvalidInput([("query", "empty statement")])
    _check_words(statement, flat)
    _check_private(statement, flat)
    root = groups(statement, flat, limits.depth)
    _check_operators(statement, flat, limits)
    work = _Work(statement, params, limits)
    if (brought := work.constants(root.items)) > limits.chars:
        raise InvalidInput(
            [
                (
                    "query",
                    f"its literals and parameters add up to {brought:,} characters; "
                    f"the limit is {limits.chars:,}",
                )
            ]
        )
    work.walk(root.items, _Scope())


def _at(text: str, token: Token) -> str:
    return where(text, token.offset)


def _check_words(text: str, flat: list[Token]) -> None:
    first = flat[0]
    if first.upper not in START_CLAUSES:
        raise Forbidden(
            "refused: only read queries, starting with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or "
            f"CALL (not {first.text!r} at {_at(text, first)})"
        )
    brackets: list[str] = []
    label_word = False  # the previous token is a label or type name (`A` in :A|B&!C)
    join_in_labels = False  # the previous token is a |, & or ! in a label expression
    for index, token in enumerate(flat):
        before = flat[index - 1] if index else None
        after = flat[index + 1] if index + 1 < len(flat) else None
        in_label = _is_op(before, ":") or join_in_labels
        join_in_labels = token.kind == OP and token.text in _LABEL_JOINS and (label_word or in_label)
        label_word = in_label and token.kind in (WORD, NAME)
        if token.kind == OP:
            if token.text in "([{":
                brackets.append(token.text)
            elif token.text in ")]}" and brackets:
                brackets.pop()
            continue
        if token.kind != WORD:
            continue
        # Not after AS: in `WITH 1 AS AS SET …` the first AS is the keyword and the second an alias.
        is_name = in_label or _is_op(before, ".")
        is_map_key = _is_op(after, ":") and bool(brackets) and brackets[-1] == "{"
        if token.upper in REFUSED_WORDS and not (is_name or is_map_key):
            raise Forbidden(f"refused: {token.text} at {_at(text, token)} is not part of a read query")
        if token.upper == "CALL" and not is_name:
            _check_procedure(text, flat, index + 1)
        elif not _is_op(before, ".") and not in_label and not (before and before.upper == "CALL"):
            _check_function(text, flat, index)


def _check_private(text: str, flat: list[Token]) -> None:
    """People and sessions are not for analysts: their labels and key names may not be written
    (a name, a backticked name, or a string used as a key)."""
    for token in flat:
        named = token.kind in (WORD, NAME) and token.text in PRIVATE_LABELS | PRIVATE_KEYS
        if named or (token.kind == STRING and token.text in PRIVATE_KEYS):
            raise Forbidden(
                f"refused: {token.text} at {_at(text, token)}: people and sessions are not readable here"
            )


def _is_op(token: Token | None, text: str) -> bool:
    return token is not None and token.kind == OP and token.text == text


def _dotted(flat: list[Token], start: int) -> tuple[str, int]:
    """The dotted name (`db.index.fulltext.queryNodes`) beginning at `start`, and the index after it."""
    parts, index = [], start
    while index < len(flat) and flat[index].kind in (WORD, NAME):
        parts.append(flat[index].text)
        if not (_is_op(flat[index + 1] if index + 1 < len(flat) else None, ".")):
            return ".".join(parts), index + 1
        index += 2
    return ".".join(parts), index


def _check_procedure(text: str, flat: list[Token], start: int) -> None:
    if start >= len(flat) or flat[start].kind not in (WORD, NAME):
        return  # CALL { … } or CALL (…) { … }: a subquery, whose words are checked like the rest
    name, _ = _dotted(flat, start)
    if name.lower() not in READ_ONLY_PROCEDURES:
        raise Forbidden(
            f"refused: procedure {name} at {_at(text, flat[start])} is not on the read-only list "
            f"({', '.join(sorted(READ_ONLY_PROCEDURES))})"
        )


def _check_function(text: str, flat: list[Token], start: int) -> None:
    name, end = _dotted(flat, start)
    if end >= len(flat) or not _is_op(flat[end], "("):
        return
    if "." not in name and flat[start].kind == WORD and flat[start].upper in _BEFORE_PARENTHESIS:
        return
    if name.lower() not in FUNCTIONS:
        raise Forbidden(
            f"refused: {name}() at {_at(text, flat[start])} is not a built-in function /cypher allows"
        )


def _check_operators(text: str, flat: list[Token], limits: Limits) -> None:
    operators = arithmetic = 0
    for index, token in enumerate(flat):
        if (token.kind == OP and token.text in _OPERATOR_SYMBOLS) or token.upper in _OPERATOR_WORDS:
            operators += 1
            if operators > limits.operators:
                raise _too_many(text, token, f"{limits.operators:,} operators")
        if token.kind == OP and token.text in _ARITHMETIC and not _is_pattern_dash(flat, index):
            arithmetic += 1
            if arithmetic > limits.arithmetic:
                raise _too_many(text, token, f"{limits.arithmetic:,} arithmetic operators (+ - * / % ^ ||)")


def _is_pattern_dash(flat: list[Token], index: int) -> bool:
    """Whether the `-` at `index` draws a relationship (`)-[`, `]->`, `--`) rather than subtracts."""
    if flat[index].text != "-":
        return False
    before = flat[index - 1].text if index else ""
    after = flat[index + 1].text if index + 1 < len(flat) else ""
    return after in ("[", "-", "->", ">") or before in ("]", "-", "<-", "<")


def _too_many(text: str, token: Token, limit: str) -> InvalidInput:
    return InvalidInput(
        [
            (
                "query",
                f"more than {limit} (the limit) by {_at(text, token)}: Neo4j's parser stalls on long "
                "chains; split the expression or pass values as parameters",
            )
        ]
    )


@dataclass(frozen=True)
class _Scope:
    """Where an expression stands: inside how many known iterations, over which element variables."""

    product: int = 1  # iterations of the enclosing comprehensions/reduce/quantifiers, when known
    variables: frozenset[str] = frozenset()
    accumulator: str | None = None  # inside the expression of reduce(accumulator = …)
    in_replace: bool = False

    def inside(self, variable: str, iterations: int | None) -> _Scope:
        return dataclasses.replace(
            self, product=self.product * (iterations or 1), variables=self.variables | {variable}
        )


def _split(items: list[Token | Group], separator: str) -> list[list[Token | Group]]:
    parts: list[list[Token | Group]] = [[]]
    for item in items:
        if isinstance(item, Token) and item.kind == OP and item.text == separator:
            parts.append([])
        else:
            parts[-1].append(item)
    return parts


def _keyword(items: list[Token | Group], index: int) -> str:
    """The upper-case word at `index`, or "" when there is none."""
    item = items[index] if 0 <= index < len(items) else None
    return item.upper if isinstance(item, Token) else ""


def _first(items: list[Token | Group], test) -> int:
    return next((index for index, item in enumerate(items) if isinstance(item, Token) and test(item)), -1)


def _words(items: list[Token | Group]) -> Iterator[tuple[Token, bool]]:
    """Every variable-like token, with whether it stands directly in `items` (not in a bracket)."""
    previous: Token | Group | None = None
    for item in items:
        if isinstance(item, Group):
            yield from ((token, False) for token, _ in _words(item.items))
        elif item.kind in (WORD, NAME) and not (
            isinstance(previous, Token) and previous.kind == OP and previous.text in (".", ":")
        ):
            yield item, True
        previous = item


def _iterates(items: list[Token | Group]) -> bool:
    """Whether `items` begin `variable IN …`, as comprehensions, reduce() and quantifiers do."""
    return (
        len(items) > 1
        and isinstance(items[0], Token)
        and items[0].kind in (WORD, NAME)
        and isinstance(items[1], Token)
        and items[1].upper == "IN"
    )


def _is_comprehension(group: Group) -> bool:
    return group.bracket == "[" and _iterates(group.items)


def _range_size(bounds: list[int | None]) -> int | None:
    if len(bounds) not in (2, 3) or None in bounds:
        return None
    start, end, step = bounds[0], bounds[1], bounds[2] if len(bounds) == 3 else 1
    if start is None or end is None or not step:
        return None
    return max(0, (end - start) // step + 1)


class _Work:
    """Bounds what one expression can build or iterate before any row is produced: where Neo4j checks
    neither memory nor its timeout.

    - range() anywhere but straight after UNWIND (where Neo4j streams it row by row) needs integer
      literals or parameters as bounds, and its size, times the enclosing iterations, is at most
      `values`.
    - a comprehension, reduce() or all/any/none/single() over a list whose size is known (a range, a
      parameter, a literal list) counts the same way; the constants its expression adds per element
      (string literals, parameters), times the iterations, are at most `chars`.
    - an iteration over a list of unknown size (collected rows) inside another iteration must walk
      something derived from the enclosing element (`nodes(p)`), else it is quadratic in the data.
    - reduce(): the accumulator appears once, directly (`acc + …`): twice, or inside a function or
      bracket, can double it on every step; no replace() in its expression; over a known size,
      steps² × growth per step is at most `reduce_work`.
    - replace(): an empty search string, replace() in replace(), and a growing replacement whose
      result exceeds `chars` (or, on unknown text, longer than `replacement`) are refused.
    """

    def __init__(self, text: str, params: dict[str, Any], limits: Limits):
        self.text, self.params, self.limits = text, params, limits

    def refuse(self, token: Token, message: str) -> InvalidInput:
        return InvalidInput([("query", f"{message} ({_at(self.text, token)})")])

    def walk(self, items: list[Token | Group], scope: _Scope) -> None:
        index = 0
        while index < len(items):
            item = items[index]
            if isinstance(item, Group):
                if _is_comprehension(item):  # also when it stands as an index: it is evaluated all the same
                    self.comprehension(item, item.items, scope)
                else:
                    self.walk(item.items, scope)
                index += 1
                continue
            call = self.call_at(items, index)
            if call is None:
                index += 1
                continue
            name, arguments, end = call
            streamed = (
                name == "range" and _keyword(items, index - 1) == "UNWIND" and _keyword(items, end) == "AS"
            )
            self.function(item, name, arguments, scope, streamed)
            index = end

    def call_at(self, items: list[Token | Group], index: int) -> tuple[str, Group, int] | None:
        """The function called at `index`: its lowercase dotted name, arguments and the index after."""
        parts: list[str] = []
        while index < len(items):
            item = items[index]
            if not (isinstance(item, Token) and item.kind in (WORD, NAME)):
                return None
            parts.append(item.text.lower())
            following = items[index + 1] if index + 1 < len(items) else None
            if isinstance(following, Group) and following.bracket == "(":
                return ".".join(parts), following, index + 2
            if not (isinstance(following, Token) and following.text == "."):
                return None
            index += 2
        return None

    def function(self, at: Token, name: str, arguments: Group, scope: _Scope, streamed: bool) -> None:
        if name == "range" and not streamed:
            self.range(at, arguments, scope)
        elif name == "reduce":
            self.reduce(at, arguments, scope)
            return
        elif name in _ITERATING and _iterates(arguments.items):
            self.comprehension(arguments, arguments.items, scope)
            return
        elif name == "replace":
            self.replace(at, arguments, scope)
            scope = dataclasses.replace(scope, in_replace=True)
        self.walk(arguments.items, scope)

    def range(self, at: Token, arguments: Group, scope: _Scope) -> None:
        bounds = [self.integer(part) for part in _split(arguments.items, ",")]
        if any(bound is None for bound in bounds):
            raise self.refuse(
                at,
                "range() inside an expression needs integer literals or parameters as bounds "
                "(UNWIND range(…) AS x, which streams rows, takes any)",
            )
        size = _range_size(bounds)
        if size is None:
            return  # a wrong number of arguments or a zero step: Neo4j says what is wrong
        if size * scope.product > self.limits.values:
            raise self.refuse(
                at,
                f"range() here would build {size * scope.product:,} values; the limit inside one "
                f"expression is {self.limits.values:,} (UNWIND range(…) AS x streams rows instead)",
            )

    def integer(self, part: list[Token | Group]) -> int | None:
        sign = 1
        if len(part) == 2 and isinstance(part[0], Token) and part[0].text == "-":
            sign, part = -1, part[1:]
        if len(part) != 1 or not isinstance(part[0], Token):
            return None
        token = part[0]
        if token.kind == PARAM:
            value = self.params.get(token.text)
            return sign * value if isinstance(value, int) and not isinstance(value, bool) else None
        if token.kind == NUMBER:
            digits = token.text.replace("_", "").lower()
            try:
                return sign * int(
                    digits, 16 if digits.startswith("0x") else 8 if digits.startswith("0o") else 10
                )
            except ValueError:
                return None  # a float
        return None

    def size(self, part: list[Token | Group]) -> int | None:
        """How many elements the list `part` has, when that is known before running."""
        if len(part) == 1 and isinstance(part[0], Token) and part[0].kind == PARAM:
            value = self.params.get(part[0].text)
            return len(value) if isinstance(value, list) else None
        if len(part) == 1 and isinstance(part[0], Group) and part[0].bracket == "[":
            if _is_comprehension(part[0]):
                return None
            return len(_split(part[0].items, ",")) if part[0].items else 0
        call = self.call_at(part, 0) if len(part) == 2 else None
        if call and call[0] == "range":
            return _range_size([self.integer(piece) for piece in _split(call[1].items, ",")])
        return None

    def constants(self, items: list[Token | Group]) -> int:
        """Characters (or values) the literals and parameters in `items` bring."""
        total = 0
        for item in items:
            if isinstance(item, Group):
                total += self.constants(item.items)
            elif item.kind == STRING:
                total += len(item.text)
            elif item.kind == PARAM:
                total += _weight(self.params.get(item.text))
        return total

    def iteration(self, at: Token, source: list[Token | Group], scope: _Scope) -> int | None:
        size = self.size(source)
        if size is None:
            derived = any(token.text in scope.variables for token, _ in _words(source))
            if scope.variables and not derived:
                raise self.refuse(
                    at,
                    "an iteration over a list of unknown size inside another iteration must walk "
                    f"something derived from the enclosing element ({', '.join(sorted(scope.variables))}); "
                    "as written it is quadratic in the data",
                )
        elif size * scope.product > self.limits.values:
            raise self.refuse(
                at,
                f"this iteration would take {size * scope.product:,} steps; the limit inside one "
                f"expression is {self.limits.values:,}",
            )
        return size

    def comprehension(self, group: Group, items: list[Token | Group], scope: _Scope) -> None:
        variable, rest = items[0], items[2:]
        assert isinstance(variable, Token)
        cut = _first(rest, lambda token: token.upper == "WHERE" or token.text == "|")
        source, body = (rest, []) if cut < 0 else (rest[:cut], rest[cut + 1 :])
        size = self.iteration(group.open, source, scope)
        self.walk(source, scope)
        self.per_element(group.open, size, body)
        built = (size or 0) * scope.product * self.constants(body)
        if built > self.limits.chars:
            raise self.refuse(
                group.open,
                f"this iteration would build about {built:,} characters from literals and parameters; "
                f"the limit is {self.limits.chars:,}",
            )
        self.walk(body, scope.inside(variable.text, size))

    def reduce(self, at: Token, arguments: Group, scope: _Scope) -> None:
        head, _, tail = _partition(arguments.items, ",")
        pipe = _first(tail, lambda token: token.text == "|")
        shaped = (
            len(head) > 2
            and len(tail) > 3
            and pipe > 2
            and isinstance(tail[1], Token)
            and tail[1].upper == "IN"
        )
        if not shaped or not isinstance(head[0], Token) or not isinstance(tail[0], Token):
            self.walk(arguments.items, scope)  # Neo4j says what is wrong
            return
        accumulator, variable = head[0].text, tail[0].text
        source, body = tail[2:pipe], tail[pipe + 1 :]
        self.walk(head[2:], scope)
        size = self.iteration(at, source, scope)
        self.walk(source, scope)
        uses = [direct for token, direct in _words(body) if token.text == accumulator]
        if len(uses) > 1 or (uses and not uses[0]):
            raise self.refuse(
                at,
                f"reduce()'s accumulator {accumulator} must appear once, directly ({accumulator} + …): "
                "used twice or inside a function or bracket it can double on every step",
            )
        self.per_element(at, size, body)
        work = (size or 0) ** 2 * max(1, self.constants(body))
        if work > self.limits.reduce_work:
            raise self.refuse(
                at,
                f"reduce() over {size:,} steps would do about {work:,} units of copying; "
                f"the limit is {self.limits.reduce_work:,}",
            )
        inner = scope.inside(variable, size)
        self.walk(body, dataclasses.replace(inner, accumulator=accumulator))

    def per_element(self, at: Token, size: int | None, body: list[Token | Group]) -> None:
        added = self.constants(body)
        if size is None and added > self.limits.per_element:
            raise self.refuse(
                at,
                f"over a list of unknown size each element would add {added:,} characters of literals "
                f"and parameters; the limit is {self.limits.per_element:,}",
            )

    def replace(self, at: Token, arguments: Group, scope: _Scope) -> None:
        if scope.accumulator is not None:
            raise self.refuse(at, "replace() inside reduce() can grow the value on every step")
        if scope.in_replace:
            raise self.refuse(at, "replace() inside replace() multiplies sizes")
        parts = _split(arguments.items, ",")
        if len(parts) != 3:
            return
        original, search, replacement = (self.text_value(part) for part in parts)
        if search == "":
            raise self.refuse(at, "replace() with an empty search string inserts the replacement everywhere")
        if search is None or replacement is None or len(replacement) <= len(search):
            return
        if original is None:
            if len(replacement) > self.limits.per_element:
                raise self.refuse(
                    at,
                    f"replace() by a longer text of {len(replacement):,} characters; "
                    f"the limit is {self.limits.per_element:,}",
                )
            return
        grown = (len(original) // len(search) + 1) * len(replacement) + len(original)
        if grown * scope.product > self.limits.chars:
            raise self.refuse(
                at,
                f"replace() here would build {grown * scope.product:,} characters; "
                f"the limit is {self.limits.chars:,}",
            )

    def text_value(self, part: list[Token | Group]) -> str | None:
        if len(part) != 1 or not isinstance(part[0], Token):
            return None
        token = part[0]
        if token.kind == STRING:
            return token.text
        value = self.params.get(token.text) if token.kind == PARAM else None
        return value if isinstance(value, str) else None


def _partition(items: list[Token | Group], separator: str) -> tuple[list, Token | None, list]:
    cut = _first(items, lambda token: token.kind == OP and token.text == separator)
    if cut < 0:
        return items, None, []
    found = items[cut]
    assert isinstance(found, Token)
    return items[:cut], found, items[cut + 1 :]


def _weight(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(_weight(item) for item in value) or 1
    if isinstance(value, dict):
        return sum(_weight(item) for item in value.values()) or 1
    return 1


def check_params(params: dict[str, Any], limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse parameters Neo4j cannot take or that are too big to be a query's arguments."""
    seen = chars = 0

    def visit(value: Any, path: str, depth: int) -> None:
        nonlocal seen, chars
        seen += 1
        if seen > limits.param_values:
            raise InvalidInput([("params", f"more than {limits.param_values:,} values in all (the limit)")])
        if depth > limits.param_depth:
            raise InvalidInput([(path, f"nested deeper than {limits.param_depth} levels (the limit)")])
        if isinstance(value, bool) or value is None or isinstance(value, float):
            return
        if isinstance(value, int):
            if not -(2**63) <= value < 2**63:
                raise InvalidInput([(path, "integer outside 64 bits (Neo4j's integers)")])
        elif isinstance(value, str):
            if len(value) > limits.param_string:
                raise InvalidInput(
                    [(path, f"a string of {len(value):,} characters; the limit is {limits.param_string:,}")]
                )
            chars += len(value)
            if chars > limits.param_chars:
                raise InvalidInput(
                    [(path, f"strings in all parameters pass {limits.param_chars:,} characters")]
                )
        elif isinstance(value, list | dict):
            if len(value) > limits.param_items:
                raise InvalidInput(
                    [(path, f"{len(value):,} entries; the limit is {limits.param_items:,} per list or map")]
                )
            entries = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in entries:
                visit(item, f"{path}.{key}" if isinstance(value, dict) else f"{path}[{key}]", depth + 1)
        else:
            raise InvalidInput([(path, f"a {type(value).__name__} is not a Cypher value")])

    for name, value in params.items():
        visit(value, f"params.{name}", 1)
