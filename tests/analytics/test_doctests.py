"""The docstring examples of the analytics, export and benchmark modules run and hold."""

from __future__ import annotations

import doctest

import pytest

import graph.analytics
import graph.export
import graph.networkx_view
from tests.export.bench_module import load_generator


@pytest.mark.parametrize(
    ("module", "at_least"),
    [(graph.networkx_view, 8), (graph.analytics, 15), (graph.export, 12), (load_generator(), 2)],
    ids=["networkx_view", "analytics", "export", "generate"],
)
def test_docstring_examples(module, at_least):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted >= at_least
