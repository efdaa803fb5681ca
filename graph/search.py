"""Making names findable the way French and English speakers type them, on both sides of the index.

Entities carry two searchable texts, written with every entity (graph/store/writes.py):
`search_names`, the words of its name and aliases, and `search_about`, what it is (its kind and labels
in French and English, graph/model.yaml `words`, and its description). Each is indexed by Neo4j's
full-text index with the 'standard-folding' analyzer; what a person types goes through the same
`words` here, so both sides agree on

- accents and case: "Pékin" is "pekin";
- apostrophes and French elision: "l'Arbois", "l’Arbois" and "Arbois" are "arbois";
- compounds split or joined: every name is also indexed in one compact word ("Tech Code" and
  "TechCode" are "techcode", "the camp" finds "thecamp"), and a joined capitalised name is split
  ("TechCode" also answers to "code").

Queries add prefix and fuzzy variants, so "Medicci" still finds Medici.

>>> words("Technopole de l’Arbois")
['technopole', 'de', 'arbois']
>>> name_keys(["TechCode", "Tech Code"])
'tech code | techcode'
>>> lucene_query("Pékin")
'(pekin^4 OR pekin*^2 OR pekin~1)'
>>> lucene_query("l'Arbois")
'(arbois^4 OR arbois*^2 OR arbois~1)'
>>> lucene_query("the camp")
'((the^4 OR the*^2) AND (camp^4 OR camp*^2 OR camp~1)) OR (thecamp^4 OR thecamp*^2 OR thecamp~1)'
>>> lucene_query("#AMFT")
'(amft^4 OR amft*^2 OR amft~1)'
>>> lucene_query("Москва!")
'(москва^4 OR москва*^2 OR москва~1)'
>>> lucene_query("  ")
''
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.model import MODEL, fold

_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script; Lucene's syntax characters are not
_APOSTROPHES = str.maketrans(dict.fromkeys("’‘ʼ`´′", "'"))
# French elided articles and conjunctions, dropped before a word: l'Arbois, d'Azur, qu'Aix, jusqu'à.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)")
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-Z])")  # TechCode -> Tech Code (not: iPhone, not: AMFT)
MAX_TERMS = 12  # a name has a few words; Lucene refuses queries of over 1,024 clauses
FUZZY_MAX_LENGTH = 40  # Lucene refuses the fuzzy automaton of a longer term
PREFIX_MAX_LENGTH = 200  # and, past about a thousand characters, the prefix one
# Bumped whenever what the keys hold changes: an older store is brought up to date (schema.py).
KEYS_VERSION = 1


def words(text: str) -> list[str]:
    """The folded words of a text, elisions dropped and joined capitalised words split."""
    split = _CAMEL.sub(" ", text.translate(_APOSTROPHES))
    return _WORD.findall(_ELISION.sub(" ", fold(split)))


def name_keys(names: Iterable[str]) -> str:
    """The words of each name and its compact form, for the names index."""
    keys: list[str] = []
    for name in names:
        found = words(name)
        keys += [" ".join(found), "".join(found)]
    return " | ".join(dict.fromkeys(key for key in keys if key))


def about_keys(kind: str | None, labels: Iterable[str], description: str | None) -> str:
    """What an entity is, in the model's words in every language, then its description.

    >>> about_keys("Person", [], "Directrice d'un incubateur")
    'personne person directrice un incubateur'
    """
    said: list[str] = []
    for name in (kind, *sorted(labels)):
        for language_words in MODEL.words.get(name or "", {}).values():
            said += language_words
    return " ".join(dict.fromkeys(w for text in [*said, description or ""] for w in words(text)))


def search_props(
    name: str, aliases: Iterable[str], kind: str | None, labels: Iterable[str], description: str | None
) -> dict:
    """The properties an entity node carries for search (hidden from every answer: graph/records.py)."""
    return {
        "search_names": name_keys([name, *aliases]),
        "search_about": about_keys(kind, labels, description),
        "search_version": KEYS_VERSION,
    }


def terms(text: str) -> list[str]:
    return words(text)[:MAX_TERMS]


def _variants(term: str) -> str:
    found = [f"{term}^4"]
    if len(term) <= PREFIX_MAX_LENGTH:
        found.append(f"{term}*^2")
    if 4 <= len(term) <= FUZZY_MAX_LENGTH:
        found.append(f"{term}~{1 if len(term) < 8 else 2}")
    return "(" + " OR ".join(found) + ")"


def lucene_query(text: str) -> str:
    """Every word typed (with its variants), or the words typed as one compact word.

    >>> lucene_query("x" * 5000) == "(" + "x" * 5000 + "^4)"
    True
    >>> len(lucene_query(" ".join(["mot"] * 100)).split(" AND "))
    12
    """
    typed = terms(text)
    if not typed:
        return ""
    every_word = " AND ".join(_variants(term) for term in typed)
    if len(typed) == 1:
        return every_word
    return f"({every_word}) OR {_variants(''.join(typed))}"
