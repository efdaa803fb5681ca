"""The README's module map cannot drift: every module of the five packages is named in it."""

from __future__ import annotations

from tests.conftest import REPO

PACKAGES = ("graph", "ingest", "api", "viz", "cli")


def _architecture() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]


def _named(path: str, text: str) -> bool:
    """`graph/store/reads.py` itself, its folder (`ingest/text/ties/`), or routes by name."""
    if f"`{path}`" in text:
        return True
    folder, _, name = path.rpartition("/")
    if folder and f"`{folder}/`" in text and path.count("/") >= 3:
        return True
    if folder == "api/routes":
        return f"`{name.removesuffix('.py')}`" in text
    return False


def test_every_module_is_in_the_module_map() -> None:
    text = _architecture()
    modules = [
        str(path.relative_to(REPO))
        for package in PACKAGES
        for path in sorted((REPO / package).rglob("*.py"))
        if path.name != "__init__.py" or path.parent.name == "store"
    ]
    missing = [m for m in modules if not _named(m, text)]
    assert missing == []
