"""Turning what a person types into a Lucene query for the full-text index over names and aliases.

The index folds accents and case itself ('standard-folding' analyzer); here we only split the words,
drop Lucene's syntax characters and add prefix and fuzzy variants so "Medicci" still finds Medici.

>>> lucene_query("Pékin")
'(pekin^4 OR pekin*^2 OR pekin~1)'
>>> lucene_query("#AMFT")
'(amft^4 OR amft*^2 OR amft~1)'
>>> lucene_query("  ")
''
"""

from __future__ import annotations

import re

from graph.model import fold

_WORD = re.compile(r"[a-z0-9]+")


def terms(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def lucene_query(text: str) -> str:
    clauses = []
    for term in terms(text):
        variants = [f"{term}^4", f"{term}*^2"]
        if len(term) >= 4:
            variants.append(f"{term}~{1 if len(term) < 8 else 2}")
        clauses.append("(" + " OR ".join(variants) + ")")
    return " AND ".join(clauses)
