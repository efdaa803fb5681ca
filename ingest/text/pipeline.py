"""The whole text pipeline: Article -> Extraction, with spaCy loaded once per instance."""

from __future__ import annotations

from graph.model import fold
from ingest.text.assemble import assemble
from ingest.text.mentions import detect_mentions
from ingest.text.models import Article, Extraction, KnownEntity
from ingest.text.nlp import load_nlp
from ingest.text.resolve import Resolution, Resolver
from ingest.text.source import source_of
from ingest.text.ties import extract


class TextPipeline:
    """read (by the caller) -> mentions -> resolution -> ties and events -> import document.

    Pure: it never opens a database. `known` are the graph's entities, used both to build the
    entity ruler and to link mentions; ties below `accept_threshold` come out as candidates.
    """

    def __init__(
        self, known: list[KnownEntity], *, accept_threshold: float = 0.7, model: str = "fr_core_news_md"
    ):
        self.known = {k.id: k for k in known}
        self.accept_threshold = accept_threshold
        self.model = model
        self.nlp = load_nlp(model, known)
        self.resolver = Resolver(known)

    def run(self, article: Article) -> Extraction:
        doc = self.nlp(article.text)
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
        return assemble(article.text, source_of(article), resolved, drafts, events, self.accept_threshold)
