"""The graph, bound to one driver and one database: `Graph(driver, database)`.

Everything that reads or writes Neo4j goes through it, so no caller threads the pair around:
`graph.read` answers questions (ties come with their sources attached, graph/store/reads.py),
`graph.write` changes the graph and says what changed (graph/store/writes.py); the schema and the
version counter, which every write bumps, sit on the graph itself. The API injects one per request
(api/deps.py), the CLI opens one per command (cli/session.py).
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver, Query, Record, RoutingControl

from graph import queries
from graph.store.reads import Reader
from graph.store.schema import apply_schema
from graph.store.writes import Writer


class Graph:
    def __init__(self, driver: Driver, database: str):
        self.driver = driver
        self.database = database
        self.read = Reader(self)
        self.write = Writer(self)

    def __repr__(self) -> str:
        return f"Graph(database={self.database!r})"

    def query(self, statement: str | Query, **params: Any) -> list[Record]:
        """Run one read-only statement in a read transaction; its records."""
        records, _, _ = self.driver.execute_query(
            statement, params, database_=self.database, routing_=RoutingControl.READ
        )
        return records

    def version(self) -> int:
        """The graph's version: every write bumps it, so caches keyed by it are never stale."""
        return int(self.query(queries.GRAPH_VERSION)[0]["version"])

    def apply_schema(self) -> None:
        """Constraints and indexes (idempotent), and what older stores lack."""
        apply_schema(self.driver, self.database)

    def reset(self) -> None:
        """Delete every node and tie. The deletion commits in batches, so the version is bumped before
        and after it: what is read while it runs is of a version of its own, gone once it ends."""
        with self.driver.session(database=self.database) as session:
            session.run(queries.BUMP_VERSION).consume()
            session.run(queries.DELETE_ALL).consume()
            session.run(queries.BUMP_VERSION).consume()
