"""The import-format Source of an article: who published what, when, and its content hash."""

from __future__ import annotations

from urllib.parse import urlparse

from graph.model import slugify
from ingest.text.models import Article

_SLUG_WORDS = 8


def source_of(article: Article) -> dict:
    """`src:<slug of title or first words>-<first 8 hex of the hash>`, so one text has one id.

    >>> a = Article(text="Bonjour le monde", content_hash="sha256:" + "ab" * 32)
    >>> source_of(a)["id"]
    'src:bonjour-le-monde-abababab'
    """
    digest = article.content_hash.removeprefix("sha256:")
    basis = article.title or " ".join(article.text.split()[:_SLUG_WORDS])
    slug = "-".join(slugify(basis).split("-")[:_SLUG_WORDS]) or "document"
    return {
        "id": f"src:{slug}-{digest[:8]}",
        "title": article.title or _first_line(article.text),
        "url": article.url,
        "publisher": _publisher(article.url),
        "published": article.published.isoformat() if article.published else None,
        "date_precision": "day" if article.published else None,
        "language": article.language,
        "content_hash": article.content_hash,
    }


def _publisher(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname
    return host.removeprefix("www.") if host else None


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line[:200]
