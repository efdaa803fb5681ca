"""One error tree: everything ecograph raises on purpose is an EcographError (the CLI prints it as
`error: …`, the API answers it as JSON), and the value checks stay ValueErrors for callers that test
for those."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

from graph import export_formats, queries
from graph.errors import EcographError, InvalidArgument, ModelUnavailable, NotFound
from viz import render_page
from viz.assets import UnknownAsset, asset_bytes

PACKAGES = ("graph", "ingest", "api", "viz", "cli")


def _error_classes() -> list[type[BaseException]]:
    found = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if info.name.endswith(".__main__"):  # runs the command when imported
                continue
            module = importlib.import_module(info.name)
            for _, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, BaseException) and value.__module__ == module.__name__:
                    found.append(value)
    return found


def test_every_error_class_of_the_packages_is_in_the_tree() -> None:
    classes = _error_classes()
    assert {c.__name__ for c in classes} >= {"InvalidInput", "UnknownAsset", "AnalyticsError"}
    outside = [f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, EcographError)]
    assert outside == []


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: queries.tie_id_constraint("LIKES"), "not a tie type of the model: 'LIKES'"),
        (lambda: queries.upsert_entities("Planet", ()), "not a kind of the model: 'Planet'"),
        (
            lambda: queries.upsert_entities("Organization", ("Spaceship",)),
            "labels ['Spaceship'] are not allowed for Organization",
        ),
        (lambda: queries.shortest_paths(7, ["OWNS"]), "hops must be between 1 and 6, not 7"),
        (lambda: queries.shortest_paths(3, ["OWNS"], k=11), "k must be between 1 and 10, not 11"),
        (lambda: export_formats.render("pdf", [], [], []), "unknown format 'pdf'; use one of graphml"),
        (lambda: render_page([], [], title="t", page="map"), "unknown page 'map'; use graph, entity or path"),
    ],
)
def test_values_outside_the_model_are_ecograph_errors_and_value_errors(call, message) -> None:
    with pytest.raises(InvalidArgument) as raised:
        call()
    assert str(raised.value).startswith(message)
    assert isinstance(raised.value, EcographError) and isinstance(raised.value, ValueError)


def test_an_unknown_asset_is_a_not_found_naming_the_assets() -> None:
    with pytest.raises(UnknownAsset) as raised:
        asset_bytes("nope.js")
    assert isinstance(raised.value, NotFound) and isinstance(raised.value, LookupError)
    assert str(raised.value).startswith("no explorer asset 'nope.js'; the assets are ")


def test_a_missing_spacy_model_names_its_install_line() -> None:
    from ingest.text.nlp import load_nlp

    with pytest.raises(ModelUnavailable, match=r"`pip install xx-no-such-model`"):
        load_nlp("xx_no_such_model")
