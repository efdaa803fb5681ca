"""The docstring examples of the analytics, export, search, read-only Cypher, article reader and
benchmark modules run and hold."""

from __future__ import annotations

import doctest

import pytest

import graph.analytics.algorithms
import graph.analytics.projection
import graph.cypher_guard
import graph.export
import graph.search
import ingest.text.reader
from tests.export.bench_module import load_generator


@pytest.mark.parametrize(
    ("module", "at_least"),
    [
        (graph.analytics.projection, 8),
        (graph.analytics.algorithms, 15),
        (graph.export, 12),
        (graph.search, 5),
        (graph.cypher_guard, 1),
        (ingest.text.reader, 1),
        (load_generator(), 2),
    ],
    ids=["networkx_view", "analytics", "export", "search", "cypher_guard", "reader", "generate"],
)
def test_docstring_examples(module, at_least):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted >= at_least
