"""The spaCy pipeline, loaded once per process and model: French model + paragraph breaks + entity ruler.

The ruler holds the graph's own names and aliases (and their accent-free spellings) so that every
known actor is found even where the statistical NER misses it; it grows as the graph does
(`ruler_patterns` for the new names only), and spaCy is never loaded again for that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, requires
from typing import cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from graph.errors import ModelUnavailable
from graph.model import fold
from ingest.text.names import looks_like_acronym

RULER_LABEL = {"Organization": "ORG", "Person": "PER", "Place": "LOC", "Event": "EVENT"}


_ENDS = {".", "!", "?", "…", "»"}


@Language.component("ecograph_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Sentences end at a line break or at final punctuation followed by a capital, and nowhere
    else: the statistical parser otherwise cuts after an unknown capitalised name ("Sorelec")."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if "\n" in before.text or token.is_space:
            token.is_sent_start = not token.is_space
        elif (
            before.text in _ENDS
            and before.text != "»"
            and (token.text[:1].isupper() or token.text[:1] in "«\"'")
        ):
            token.is_sent_start = True
        else:
            token.is_sent_start = False
    return doc


def install_command(model: str) -> str:
    """How to install a spaCy model: its package (dashes), at the version ecograph pins when it does.

    >>> install_command("xx_no_such_model")
    'pip install xx-no-such-model'
    """
    package = model.replace("_", "-").lower()
    try:
        wanted = requires("ecograph") or []
    except PackageNotFoundError:  # run from a checkout that is not installed
        wanted = []
    for requirement in wanted:
        match = re.match(r"\s*([A-Za-z0-9._-]+)\s*([^;]*)", requirement)
        if match is None:  # not a requirement we can read: no model's pin
            continue
        name, spec = match.groups()
        if re.sub(r"[-_.]+", "-", name).lower() == package and spec.strip():
            return f"pip install {package}{spec.strip()}"
    return f"pip install {package}"


def load_nlp(model: str) -> Language:
    """The model with our sentence rule and an empty entity ruler (named "entity_ruler")."""
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelUnavailable(
            f"the spaCy model {model!r} that reads articles is not installed; install it with "
            f"`{install_command(model)}` (or name another one in ECOGRAPH_TEXT_MODEL)"
        ) from e
    # Language types its tokenizer as any callable; a loaded model's is spaCy's Tokenizer
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for word in ("start-up", "start-ups", "Start-up", "Start-ups", "Start-Up"):
        tokenizer.add_special_case(word, [{"ORTH": word}])  # else the parser sees "start - up"
    nlp.add_pipe("ecograph_paragraphs", before="parser")
    nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
    return nlp


def ruler_patterns(entity_id: str, kind: str, names: Iterable[str]) -> Iterable[dict]:
    """The ruler's patterns for these names of one entity.

    >>> [p["pattern"] for p in ruler_patterns("place:pekin", "Place", ["Pékin"])]
    ['pékin', 'pekin']
    """
    label = RULER_LABEL.get(kind)
    if label is None:
        return
    seen: set[str] = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        if looks_like_acronym(name):
            # Acronyms are case-sensitive: "CFR" is an organisation, "cfr" is not.
            variants = {name, "#" + name}
            for v in sorted(variants - seen):
                yield {"label": label, "id": entity_id, "pattern": [{"ORTH": v}]}
            seen |= variants
            continue
        for variant in dict.fromkeys((name.lower(), fold(name), name.lower().replace("’", "'"))):
            if variant not in seen:
                seen.add(variant)
                yield {"label": label, "id": entity_id, "pattern": variant}


def text_of(doc: Doc) -> str:
    """`doc.text` rebuilds the string on every call; the stages ask for it often."""
    text = doc.user_data.get("ecograph_text")
    if text is None:
        text = doc.user_data["ecograph_text"] = doc.text
    return text
