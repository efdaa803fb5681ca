"""The /cypher allow-list on its own (no Neo4j): what analysts write passes, the attacks of issue 12 and
anything off the list are refused with a message naming the limit and where."""

from __future__ import annotations

import pytest

from graph.cypher_allow import DEFAULT_LIMITS, check, check_params
from graph.errors import Forbidden, InvalidInput

ANALYST_QUERIES = [
    # every /cypher use in tests/api/test_api.py
    "MATCH (n:Startup) RETURN n.name AS name ORDER BY name",
    "MATCH (n {id: $id}) RETURN n",
    "UNWIND range(1, 1000) AS x RETURN count(x) AS n",
    "UNWIND range(1, 60000000) AS x WITH collect(toString(x)) AS xs RETURN size(xs) AS n",
    "UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n",
    "UNWIND range(1, 50) AS x RETURN x",
    "MATCH (n RETURN n",  # a syntax error: left for Neo4j to explain in its own words
    # the OpenAPI example
    "MATCH (n:Organization) RETURN n.name AS name LIMIT 5",
    # paths
    "MATCH p = shortestPath((a:Entity {id: $a})-[*..6]-(b:Entity {id: $b})) "
    "RETURN [n IN nodes(p) | n.name] AS names, length(p) AS hops",
    "MATCH p = (a)-[:FOUNDED|INVESTED_IN*1..3]->(b) RETURN p LIMIT 10",
    "MATCH p = (a)-[*1..3]-(b) WITH collect(p) AS paths "
    "RETURN [q IN paths | [n IN nodes(q) | n.name]] AS names",
    "MATCH (a:Startup)-[r]->(b) RETURN reduce(total = 0, x IN [r] | total + coalesce(x.weight, 1)) AS w",
    "MATCH p = (a)-[*..3]-(b) RETURN reduce(s = '', n IN nodes(p) | s + n.name + ' > ') AS route",
    "MATCH ((a)-[:FOUNDED]->(b)){1,3} RETURN count(*) AS n",
    # aggregations
    "MATCH (n:Entity) RETURN n.kind AS kind, count(*) AS n, collect(n.name)[..5] AS some ORDER BY n DESC",
    "MATCH (o:Organization)<-[:INVESTED_IN]-(i) WITH o, count(DISTINCT i) AS investors "
    "WHERE investors > 2 RETURN o.name, investors ORDER BY investors DESC SKIP 5 LIMIT 10",
    "MATCH (n) RETURN avg(size(n.name)) AS mean, percentileCont(size(n.name), 0.9) AS p90",
    # fulltext procedure and the schema procedures
    "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score "
    "RETURN node.name AS name, score ORDER BY score DESC LIMIT 10",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.relationshipTypes",
    "CALL db.schema.visualization()",
    # OPTIONAL MATCH, UNWIND of a parameter list, CASE, comprehensions over node lists
    "MATCH (n:Startup) OPTIONAL MATCH (n)<-[:FOUNDED]-(f) RETURN n.name, f.name",
    "UNWIND $ids AS id MATCH (n {id: id}) RETURN n.name",
    "MATCH (n) RETURN CASE WHEN n:Startup THEN 'startup' WHEN n.kind = 'Person' THEN 'person' "
    "ELSE 'other' END AS what",
    "MATCH (n:Organization) WITH collect(n) AS orgs "
    "RETURN [o IN orgs WHERE o.name STARTS WITH 'A' | o.name] AS a_names",
    "MATCH (n) WHERE any(label IN labels(n) WHERE label IN ['Startup', 'University']) RETURN n",
    "MATCH (n) WHERE n.name =~ '(?i).*lab.*' AND NOT n:Person RETURN n.name",
    "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * x] AS squares",
    # subqueries, UNION, temporal and list functions
    "MATCH (n:Startup) CALL (n) { MATCH (n)-[r]-() RETURN count(r) AS degree } RETURN n.name, degree",
    "MATCH (n:Startup) CALL { WITH n MATCH (n)--(m) RETURN collect(m.name) AS near } RETURN n, near",
    "MATCH (n) WHERE EXISTS { (n)-[:FOUNDED]->() } RETURN n.name, COUNT { (n)--() } AS degree",
    "MATCH (n:Startup) RETURN n.name AS name UNION MATCH (n:University) RETURN n.name AS name",
    "MATCH ()-[r]->() WHERE r.period_start >= date('2020-01-01') RETURN type(r), r.period_start",
    "RETURN duration.between(date('2020-01-01'), date()).months AS months, datetime().year AS y",
    "RETURN split('a,b,c', ',') AS parts, reverse('abc') AS r, replace('a-b', '-', ' ') AS s",
    # keywords as text: strings, comments, properties, labels, map keys, aliases, backticks
    "MATCH (n) WHERE n.name = 'CREATE (x) SET x.y = 1; DETACH DELETE n' RETURN n.name",
    'MATCH (n) WHERE n.name = "it\\"s DROP" // SET n.x = 1\nRETURN n /* DELETE n */',
    "MATCH (n) RETURN n.set AS `set`, n.delete, {create: 1, remove: 2} AS m, n {.merge}",
    "MATCH (n:Create|Delete)-[r:SET]->(m:!Remove) RETURN n, r, m",
    "MATCH (`create`) RETURN `create`.name AS `delete`",
]


@pytest.mark.parametrize("statement", ANALYST_QUERIES)
def test_analyst_queries_pass(statement: str) -> None:
    check(statement, {"id": "org:x", "ids": ["a", "b"], "q": "lab*", "a": "x", "b": "y"})


REFUSED_AS_NOT_READ = [
    ("TERMINATE TRANSACTIONS $ids", "not 'TERMINATE' at line 1, column 1 (offset 0)"),
    ("SHOW TRANSACTIONS", "not 'SHOW'"),
    ("SHOW SETTINGS YIELD name RETURN name", "not 'SHOW'"),
    ("SHOW USERS", "not 'SHOW'"),
    ("CREATE (:Entity {id: 'org:evil'})", "not 'CREATE'"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "not 'LOAD'"),
    ("USE system SHOW USERS", "not 'USE'"),
    ("EXPLAIN MATCH (n) RETURN n", "not 'EXPLAIN'"),
    ("CYPHER runtime=slotted MATCH (n) RETURN n", "not 'CYPHER'"),
    ("START DATABASE neo4j", "not 'START'"),
    ("ALTER USER neo4j SET PASSWORD 'x'", "not 'ALTER'"),
    ("MATCH (n) DETACH DELETE n", "DETACH at line 1, column 11 (offset 10)"),
    ("MATCH (n:Entity) SET n.name = 'x'", "SET at line 1, column 18"),
    ("MATCH (n:A) WHERE n:B SET n.x = 1", "SET at line 1, column 23"),
    ("MATCH (n) REMOVE n:Entity", "REMOVE"),
    ("MERGE (n:X) RETURN n", "not 'MERGE'"),
    ("MATCH (n) CALL (n) { SET n.evil = true } RETURN count(*)", "SET at line 1, column 22"),
    ("MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS", "DELETE"),
    ("UNWIND [1] AS x FOREACH (y IN [x] | CREATE ())", "FOREACH"),
    ("WITH 1 AS x LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "LOAD at line 1, column 13"),
    ("MATCH (n) CALL { USE system MATCH (m) RETURN m } RETURN n", "USE"),
    ("MATCH (n) RETURN n UNION SHOW TRANSACTIONS", "SHOW"),
    ("CALL db.createLabel('Evil')", "procedure db.createLabel at line 1, column 6"),
    ("CALL dbms.listConfig()", "procedure dbms.listConfig"),
    ("CALL `db`.`createLabel`('Evil')", "procedure db.createLabel"),
    ("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh", "not on the read-only list"),
    ("RETURN apoc.create.node([], {}) AS n", "apoc.create.node() at line 1, column 8"),
    ("MATCH (n) RETURN file() AS f", "file() at"),
    ("MATCH (set) RETURN set", "set at line 1, column 8"),  # a keyword as a variable: use `backticks`
    ("MATCH (n) RETURN n.x AS set", "set at line 1, column 25"),
    ("WITH 1 AS AS SET AS.x = 1 RETURN 1", "SET at line 1, column 14"),  # AS, then an alias named AS
    ("WITH 1 AS AS CALL db.createLabel('Evil') RETURN 1", "procedure db.createLabel"),
]


@pytest.mark.parametrize(("statement", "expected"), REFUSED_AS_NOT_READ)
def test_anything_but_a_read_query_is_forbidden(statement: str, expected: str) -> None:
    with pytest.raises(Forbidden) as refused:
        check(statement, {"ids": ["neo4j-transaction-1"]})
    assert expected in str(refused.value) and str(refused.value).startswith("refused:")


def message(statement: str, params: dict | None = None) -> str:
    with pytest.raises(InvalidInput) as refused:
        check(statement, params or {})
    [(where, text)] = refused.value.problems
    assert where == "query"
    return text


def test_the_issue_attacks_are_refused_naming_the_limit_and_where() -> None:
    heap = message("RETURN size([x IN range(1, 100000000) | x]) AS c")
    assert "100,000,000 steps" in heap and "1,000,000" in heap and "line 1, column 13 (offset 12)" in heap
    deep = message("RETURN " + "(" * 3000 + "1" + ")" * 3000)
    assert deep == "brackets nested deeper than 64 levels (the limit) at line 1, column 72 (offset 71)"
    terms = message("RETURN 1" + "+1" * 5000)
    assert terms.startswith(
        "more than 100 arithmetic operators (+ - * / % ^ ||) (the limit) by line 1, column 209"
    )
    chain = message("WITH true AS b RETURN b" + " AND b" * 400)
    assert chain.startswith("more than 300 operators (the limit) by line 1, column 1825")
    long = message("RETURN 1" + "+1" * 20000)
    assert long == "the statement has 40,008 characters; the limit is 20,000"
    slow = message("RETURN reduce(a = 0, i IN range(1, 2000000000) | a + i)")
    assert "2,000,000,000 steps" in slow and "line 1, column 8" in slow


def test_nesting_up_to_the_limit_passes() -> None:
    check("RETURN " + "(" * DEFAULT_LIMITS.depth + "1" + ")" * DEFAULT_LIMITS.depth, {})
    check("RETURN [" * 30 + "1" + "]" * 30 + " AS x", {})
    check("WITH 1 AS x RETURN x" + " + x" * DEFAULT_LIMITS.arithmetic, {})
    check("WITH true AS b RETURN b" + " AND b" * DEFAULT_LIMITS.operators, {})
    # relationship dashes are no subtraction
    check("MATCH " + "(a)-[:R]->(b)<-[:S]-(c)--(d)" * 30 + " RETURN a", {})


@pytest.mark.parametrize(
    ("statement", "params", "expected"),
    [
        ("RETURN range(1, 2000000) AS r", {}, "would build 2,000,000 values"),
        ("WITH range(1, $n) AS r RETURN size(r)", {"n": 10**9}, "would build 1,000,000,000 values"),
        ("RETURN size(range(0, 10000000000, 2)) AS n", {}, "5,000,000,001"),
        ("MATCH (n) RETURN range(1, n.x) AS r", {}, "needs integer literals or parameters"),
        ("RETURN [x IN range(1, 1001) | [y IN range(1, 1000) | y]]", {}, "1,001,000 steps"),
        ("RETURN [x IN range(1, 1000) | range(1, 1001)]", {}, "1,001,000 values"),
        ("RETURN [x IN $xs | [y IN range(1, 1000) | y]]", {"xs": list(range(1001))}, "1,001,000"),
        ("RETURN all(x IN range(1, 10000000) WHERE x > 0)", {}, "10,000,000 steps"),
        ("RETURN 1[x IN range(1, 2000) | [y IN range(1, 2000) | y]]", {}, "4,000,000 steps"),
        ("MATCH (n) WITH collect(n) AS ns RETURN [a IN ns | [b IN ns | 1]]", {}, "quadratic"),
        ("MATCH (n) WITH collect(n) AS ns RETURN [a IN ns WHERE any(b IN ns WHERE b = a)]", {}, "quadratic"),
        ("RETURN reduce(s = 'x', i IN range(1, 40) | s + s) AS s", {}, "must appear once"),
        ("RETURN reduce(l = [1], i IN range(1, 40) | l + [x IN l | x])", {}, "must appear once"),
        ("RETURN reduce(l = [1], i IN range(1, 40) | [x IN l | [x, x]])", {}, "must appear once, directly"),
        ("RETURN reduce(s = 'x', i IN range(1, 40) | toString(s) + 'x')", {}, "must appear once, directly"),
        (
            "RETURN reduce(s = '', i IN range(1, 40) | s + replace('x', 'x', 'xx'))",
            {},
            "replace() inside reduce()",
        ),
        ("RETURN reduce(s = '', i IN range(1, 100000) | s + 'x')", {}, "10,000,000,000 units"),
        ("RETURN reduce(s = '', i IN range(1, 1000) | s + $p)", {"p": "x" * 60000}, "units of copying"),
        ("RETURN replace(replace('a', 'a', 'aa'), 'a', 'aa')", {}, "replace() inside replace()"),
        ("MATCH (n) RETURN replace(n.name, '', 'x')", {}, "empty search string"),
        ("RETURN replace($s, 'a', $r)", {"s": "a" * 60000, "r": "b" * 1000}, "would build 60,061,000"),
        ("MATCH (n) RETURN replace(n.name, 'a', $r)", {"r": "b" * 5000}, "longer text of 5,000"),
        ("RETURN [x IN range(1, 1000000) | $s]", {"s": "x" * 100}, "about 100,000,000 characters"),
        ("MATCH (n) WITH collect(n) AS ns RETURN [n IN ns | $s + n.name]", {"s": "x" * 5000}, "5,000"),
        ("RETURN [" + ", ".join(["$s"] * 200) + "]", {"s": "x" * 60000}, "add up to 12,000,000"),
    ],
)
def test_work_inside_one_expression_is_bounded(statement: str, params: dict, expected: str) -> None:
    assert expected in message(statement, params)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("RETURN 'open", "unterminated string at line 1, column 8 (offset 7)"),
        ("RETURN `open", "unterminated `name` at line 1, column 8"),
        ("RETURN 1 /* open", "unterminated /* comment at line 1, column 10"),
        ("MATCH (n) RETURN n;", "one statement at a time: ';' at line 1, column 19"),
        ("MATCH (n) RETURN n; MATCH (m) DETACH DELETE m", "one statement at a time"),
        (
            "MATCH (n)\nRETURN n ＿ 1",
            "unexpected character '＿' (only ASCII outside strings) at line 2, column 10",
        ),
        ("RETURN (1]", "']' cannot close the '(' at line 1, column 8 (offset 7) at line 1, column 10"),
        ("RETURN 1)", "')' closes nothing at line 1, column 9"),
        ("   ", "empty statement"),
    ],
)
def test_text_the_lexer_cannot_read_is_refused(statement: str, expected: str) -> None:
    assert message(statement).startswith(expected)


def test_a_keyword_after_an_escaped_quote_is_still_inside_the_string() -> None:
    check('RETURN \'it\\\'s CREATE (n)\' AS s, "say \\"SET\\"" AS t', {})
    with pytest.raises(Forbidden):
        check("RETURN 'a\\\\' CREATE (n)", {})  # the backslash is escaped, so the quote closes


def _nested(levels: int) -> list:
    value: list = [1]
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("params", "where", "expected"),
    [
        ({"n": 2**63}, "params.n", "integer outside 64 bits"),
        ({"n": -(2**63) - 1}, "params.n", "integer outside 64 bits"),
        ({"m": {"a": [1, 2, 2**64]}}, "params.m.a[2]", "integer outside 64 bits"),
        ({"deep": _nested(40)}, "params.deep" + "[0]" * 32, "nested deeper than 32 levels"),
        ({"s": "x" * 70000}, "params.s", "a string of 70,000 characters; the limit is 65,536"),
        ({"l": list(range(10001))}, "params.l", "10,001 entries; the limit is 10,000"),
        ({f"s{i}": "x" * 60000 for i in range(20)}, "params.s16", "pass 1,000,000 characters"),
        ({"l": [[0] * 10000] * 11}, "params", "more than 100,000 values"),
    ],
)
def test_parameters_are_bounded(params: dict, where: str, expected: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_params(params)
    [(found_where, text)] = refused.value.problems
    assert found_where == where and expected in text


def test_parameters_within_bounds_pass() -> None:
    check_params({"n": 2**63 - 1, "deep": _nested(30), "s": "x" * 65536, "l": list(range(10000)), "f": 1.5})
