"""The graph a CLI command uses, bound to one driver opened and closed around the command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph.db import open_driver
from graph.settings import get_settings
from graph.store import Graph


@contextmanager
def opened_graph() -> Iterator[Graph]:
    driver = open_driver()
    try:
        yield Graph(driver, get_settings().neo4j_database)
    finally:
        driver.close()
