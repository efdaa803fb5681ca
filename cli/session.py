"""The one driver a CLI command uses, opened and closed around the command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from neo4j import Driver

from graph.db import open_driver
from graph.settings import get_settings


@contextmanager
def driver() -> Iterator[Driver]:
    opened = open_driver()
    try:
        yield opened
    finally:
        opened.close()


def database() -> str:
    return get_settings().neo4j_database
