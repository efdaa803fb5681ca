"""The role vocabulary (graph/roles.yaml): the many words for one position, as one canonical role.

>>> canonical_role("Directrice générale") == canonical_role("CEO") == canonical_role("DG") == "ceo"
True
>>> canonical_role("adjointe au maire"), canonical_role("Vice-Présidente")
('adjoint au maire', 'vice-president')
>>> canonical_role("Chargée de mission")  # not in the vocabulary: its own role
'chargee de mission'
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import yaml

from graph.errors import InvalidArgument
from graph.model import fold


def _words(text: str) -> str:
    """Folded, hyphens and dots as spaces, one space between words."""
    return re.sub(r"[\s\-.]+", " ", fold(text)).strip()


@cache
def _vocabulary() -> dict[str, str]:
    raw = yaml.safe_load(files("graph").joinpath("roles.yaml").read_text(encoding="utf-8"))
    vocabulary: dict[str, str] = {}
    for role, words in raw["roles"].items():
        for word in [role, *words]:
            found = vocabulary.setdefault(_words(word), fold(role))
            if found != fold(role):
                raise InvalidArgument(f"graph/roles.yaml: {word!r} is listed under {found!r} and {role!r}")
    return vocabulary


def canonical_role(title: str) -> str:
    """The canonical role of a title as written; a title the vocabulary does not know is its own
    role (folded), so two unknown titles are one role only when they are the same words."""
    words = _words(title)
    return _vocabulary().get(words, fold(title))
