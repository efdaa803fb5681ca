"""Turning what a person types into a Lucene query for the full-text index over names and aliases.

The index folds accents and case itself ('standard-folding' analyzer); here we only split the words,
drop Lucene's syntax characters and add prefix and fuzzy variants so "Medicci" still finds Medici.

>>> lucene_query("Pékin")
'(pekin^4 OR pekin*^2 OR pekin~1)'
>>> lucene_query("#AMFT")
'(amft^4 OR amft*^2 OR amft~1)'
>>> lucene_query("Москва!")
'(москва^4 OR москва*^2 OR москва~1)'
>>> lucene_query("  ")
''
"""

from __future__ import annotations

import re

from graph.model import fold

_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script; Lucene's syntax characters are not
MAX_TERMS = 12  # a name has a few words; Lucene refuses queries of over 1,024 clauses
FUZZY_MAX_LENGTH = 40  # Lucene refuses the fuzzy automaton of a longer term
PREFIX_MAX_LENGTH = 200  # and, past about a thousand characters, the prefix one


def terms(text: str) -> list[str]:
    return _WORD.findall(fold(text))[:MAX_TERMS]


def lucene_query(text: str) -> str:
    """
    >>> lucene_query("x" * 5000) == "(" + "x" * 5000 + "^4)"
    True
    >>> len(lucene_query(" ".join(["mot"] * 100)).split(" AND "))
    12
    """
    clauses = []
    for term in terms(text):
        variants = [f"{term}^4"]
        if len(term) <= PREFIX_MAX_LENGTH:
            variants.append(f"{term}*^2")
        if 4 <= len(term) <= FUZZY_MAX_LENGTH:
            variants.append(f"{term}~{1 if len(term) < 8 else 2}")
        clauses.append("(" + " OR ".join(variants) + ")")
    return " AND ".join(clauses)
