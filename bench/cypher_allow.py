"""What the /cypher allow-list costs: graph/cypher_allow.check() against the EXPLAIN round trip it
stands in front of, on typical analyst statements and on one at every limit.

    python bench/cypher_allow.py            # starts its own embedded Neo4j in a temporary directory

Prints one table; the ratios come from this one run.
"""

from __future__ import annotations

import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph import embedded  # noqa: E402
from graph.cypher_allow import DEFAULT_LIMITS, check  # noqa: E402
from graph.cypher_guard import check_read_only  # noqa: E402
from graph.db import open_driver  # noqa: E402
from graph.settings import Settings  # noqa: E402

TYPICAL = [
    "MATCH (n:Startup) RETURN n.name AS name ORDER BY name",
    "MATCH p = shortestPath((a:Entity {id: $a})-[*..6]-(b:Entity {id: $b})) "
    "RETURN [n IN nodes(p) | n.name] AS names, length(p) AS hops",
    "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score "
    "RETURN node.name AS name, score ORDER BY score DESC LIMIT 10",
    "MATCH (o:Organization)<-[:INVESTED_IN]-(i) WITH o, count(DISTINCT i) AS investors "
    "WHERE investors > 2 RETURN o.name, investors ORDER BY investors DESC SKIP 5 LIMIT 10",
]
PARAMS = {"a": "org:a", "b": "org:b", "q": "lab*"}
# As large as the limits let a statement be: 64 levels deep, 100 arithmetic operators and 300 in
# all, near 20,000 characters.
AT_THE_LIMITS = (
    "WITH 1 AS x RETURN "
    + "(" * (DEFAULT_LIMITS.depth - 1)
    + "x"
    + ")" * (DEFAULT_LIMITS.depth - 1)
    + " + x" * DEFAULT_LIMITS.arithmetic
    + " > 0"
    + " AND x < 2" * ((DEFAULT_LIMITS.operators - DEFAULT_LIMITS.arithmetic) // 2 - 1)
    + " AS y, '"
    + "s" * 16_000
    + "' AS s"
)


def per_call_ms(run, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    assert len(AT_THE_LIMITS) <= DEFAULT_LIMITS.length
    with tempfile.TemporaryDirectory() as temporary:
        home = Path(temporary) / "neo4j"
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        embedded.start(home, port, heap="1g")
        try:
            settings = Settings(
                _env_file=None, neo4j_uri=None, ecograph_data_dir=home.parent, ecograph_bolt_port=port
            )
            driver = open_driver(settings)
            try:
                rows = []
                for label, statements in (
                    ("typical (4 statements)", TYPICAL),
                    ("at every limit", [AT_THE_LIMITS]),
                ):
                    ours = sum(per_call_ms(lambda s=s: check(s, PARAMS), 200) for s in statements)
                    plan = sum(
                        per_call_ms(lambda s=s: check_read_only(driver, "neo4j", s, PARAMS), 20)
                        for s in statements
                    )
                    rows.append((label, ours, plan))
            finally:
                driver.close()
        finally:
            embedded.stop(home)
    print(f"{'statements':<24} {'allow-list ms':>14} {'EXPLAIN ms':>11} {'ratio':>7}")
    for label, ours, plan in rows:
        print(f"{label:<24} {ours:>14.3f} {plan:>11.2f} {ours / plan:>6.1%}")


if __name__ == "__main__":
    main()
