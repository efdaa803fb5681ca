"""The whole text pipeline: Article -> Extraction, with spaCy loaded once per instance."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import cast

from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from graph.model import fold
from ingest.text.assemble import assemble
from ingest.text.mentions import detect_mentions
from ingest.text.models import Article, Extraction, KnownEntity
from ingest.text.nlp import load_nlp, ruler_patterns
from ingest.text.resolve import Resolution, Resolver
from ingest.text.source import source_of
from ingest.text.ties import extract
from ingest.text.truth import PrecisionTable, load_table

# Texts spaCy hands its components at a time inside one `parse`. It matters little on a CPU: the 30
# texts of the fr-news corpus (277 words each) took 1.20 s by 1, 1.16 s by 4, 1.12 s by 16 and 1.26 s
# by 32, and 1.18 s with one `nlp(text)` each (median of 5, load 7.5 on 2 cores). What a batch saves
# is elsewhere: the ruler's new patterns are added once per batch instead of once per document.
PIPE_BATCH = 16


class TextPipeline:
    """read (by the caller) -> mentions -> resolution -> ties and events -> import document.

    Pure: it never opens a database. `known` are the graph's entities, used both by the entity
    ruler and to link mentions; `learn` and `replace` keep them in step with the graph without
    loading spaCy again. `precision` is the rules' measured precision the truth policy decides each
    tie's status with (`ingest/text/truth.py`; by default the generated `rule_precision.yaml`).

    What `learn` adds reaches the resolver at once and the ruler at the next `parse` (adding patterns
    costs tens of milliseconds a call, so a batch of documents adds them once).
    """

    def __init__(
        self,
        known: list[KnownEntity],
        *,
        model: str = "fr_core_news_md",
        precision: PrecisionTable | None = None,
    ):
        self.precision = precision if precision is not None else load_table()
        self.model = model
        self.nlp = load_nlp(model)
        self.known: dict[str, KnownEntity] = {}
        self.resolver = Resolver([])
        self._ruled: set[tuple[str, str]] = set()  # (id, name) pairs the ruler has, or will
        self._pending: list[dict] = []  # patterns the ruler gets before the next parse
        self.learn(known)
        self._rule_pending()

    def _ruler(self) -> EntityRuler:
        # get_pipe is typed as any pipe; the one load_nlp added under this name is an EntityRuler
        return cast(EntityRuler, self.nlp.get_pipe("entity_ruler"))

    def learn(self, known: Iterable[KnownEntity]) -> None:
        """Entities that are new to the pipeline, or known ones with new names (names only grow)."""
        patterns: list[dict] = []
        fresh = []
        for k in known:
            names = [n for n in (k.name, *k.aliases) if (k.id, n) not in self._ruled]
            if not names and k.id in self.known:
                continue
            self._ruled.update((k.id, n) for n in names)
            patterns += ruler_patterns(k.id, k.kind, names)
            self.known[k.id] = k
            fresh.append(k)
        self._pending += patterns
        self.resolver.learn(fresh)

    def replace(self, known: list[KnownEntity]) -> None:
        """The graph's entities as they are now: learned when they only grew, or afresh (ruler emptied,
        resolver rebuilt) when some are gone."""
        if set(self.known) - {k.id for k in known}:
            self._ruler().clear()
            self.known, self.resolver, self._ruled, self._pending = {}, Resolver([]), set(), []
        self.learn(known)

    def run(self, article: Article) -> Extraction:
        """One article: `parse` then `extract`."""
        return self.extract(article, self.parse([article.text])[0])

    def parse(self, texts: Sequence[str], *, n_process: int = 1) -> list[Doc]:
        """spaCy over several texts at once (`nlp.pipe`), in their order: the stage that costs, shared
        by a batch. The ruler finds the names the pipeline knows now; names learned later reach it
        for the texts parsed after that. `n_process` > 1 forks that many workers for this call."""
        self._rule_pending()
        with warnings.catch_warnings():
            # An empty graph gives the ruler no names yet; spaCy's warning about that says nothing.
            warnings.filterwarnings("ignore", message=r"\[W036\]")
            return list(self.nlp.pipe(texts, batch_size=PIPE_BATCH, n_process=n_process))

    def _rule_pending(self) -> None:
        if self._pending:
            self._ruler().add_patterns(self._pending)
            self._pending = []

    def extract(self, article: Article, doc: Doc) -> Extraction:
        """The rest, from the parsed text of `article`: mentions, resolution (with what the resolver
        knows now), ties and events, the import document."""
        mentions = detect_mentions(doc, self.known)
        state = Resolution(self.resolver, mentions)
        resolved = state.run()

        def municipality_of(city: str | None) -> str | None:
            city = city or state.city
            if not city:
                return None
            key = state.city_body(fold(city), city)
            resolved.entities.setdefault(key, state.entities[key])
            return key

        drafts, events = extract(doc, resolved, article.published, municipality_of)
        return assemble(article.text, source_of(article), resolved, drafts, events, self.precision)
