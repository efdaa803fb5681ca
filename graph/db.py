"""Where the database is and one driver to reach it.

With `NEO4J_URI` unset, every command finds the embedded default by itself: its port from the state
file the launcher left, its password from the data directory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from graph import embedded
from graph.errors import DatabaseUnavailable
from graph.settings import Settings, get_settings


@dataclass(frozen=True)
class Connection:
    uri: str
    user: str
    password: str = field(repr=False)
    database: str
    embedded: bool


def connection(settings: Settings | None = None) -> Connection:
    settings = settings or get_settings()
    if not settings.uses_embedded:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        return Connection(
            settings.neo4j_uri or "", settings.neo4j_user, password, settings.neo4j_database, False
        )
    home = settings.neo4j_home
    state = embedded.read_state(home)
    port = state.port if state else settings.ecograph_bolt_port
    stored = embedded.read_password(home)
    if stored is None:
        raise DatabaseUnavailable(
            f"no embedded Neo4j under {home}: run `ecograph db start` (or set NEO4J_URI)"
        )
    return Connection(f"bolt://127.0.0.1:{port}", "neo4j", stored, settings.neo4j_database, True)


# Fail fast when Neo4j is down: a read gives up within about two seconds (the API answers 503 and
# Retry-After) instead of retrying for the driver's default 30 s, and the next request after Neo4j is
# back simply connects again. Writes retry on their own terms (graph/store/writes.py).
CONNECT_TIMEOUT_S = 2.0  # a TCP connection and the Bolt handshake
ACQUIRE_TIMEOUT_S = 5.0  # a connection from the pool, opening one included; above the connect timeout
READ_RETRY_S = 1.0  # how long execute_query and managed read transactions retry a lost connection
WRITE_RETRY_S = 30.0  # managed write transactions (a review decision): the driver's default


def open_driver(settings: Settings | None = None, *, verify: bool = True) -> Driver:
    """One driver per process: the CLI opens it per command, the API in its lifespan."""
    conn = connection(settings)
    driver = GraphDatabase.driver(
        conn.uri,
        auth=(conn.user, conn.password),
        connection_timeout=CONNECT_TIMEOUT_S,
        connection_acquisition_timeout=ACQUIRE_TIMEOUT_S,
        max_transaction_retry_time=READ_RETRY_S,
        max_connection_pool_size=50,
        notifications_min_severity="OFF",
    )
    if verify:
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError) as exc:
            driver.close()
            hint = "run `ecograph db start`" if conn.embedded else "check NEO4J_URI / NEO4J_PASSWORD"
            raise DatabaseUnavailable(f"Neo4j at {conn.uri} is not reachable ({exc}); {hint}") from exc
    return driver


def is_out_of_memory(exc: Neo4jError) -> bool:
    """Neo4j stopped a transaction for its memory: its own cap or the shared transaction pool."""
    code = exc.code or ""
    return "MemoryPoolOutOfMemoryError" in code or "MemoryLimitExceeded" in code
