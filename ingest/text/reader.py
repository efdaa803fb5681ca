"""Stage 1: bytes or a file -> Article (decoded text, HTML boiled down to its main text)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from graph.errors import InvalidInput
from ingest.text.models import Article

MAX_BYTES = 2_000_000
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_SNIFF = re.compile(rb"<!doctype html|<html[\s>]|<body[\s>]|<article[\s>]", re.IGNORECASE)
_C1_OR_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_article(
    path: Path, *, url: str | None = None, published: date | None = None, title: str | None = None
) -> Article:
    path = Path(path)
    if not path.is_file():
        raise InvalidInput([(str(path), "no such file")])
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput([(str(path), _too_large(path.stat().st_size))])
    return read_article_bytes(
        path.read_bytes(), filename=str(path), url=url, published=published, title=title
    )


def read_article_bytes(
    data: bytes,
    *,
    filename: str,
    url: str | None = None,
    published: date | None = None,
    title: str | None = None,
) -> Article:
    """Decode an upload; raise InvalidInput naming `filename` when it is no usable text."""
    if len(data) > MAX_BYTES:
        raise InvalidInput([(filename, _too_large(len(data)))])
    if not data.strip():
        raise InvalidInput([(filename, "the file is empty")])
    if b"\x00" in data[:8192]:
        raise InvalidInput([(filename, "this looks like a binary file, not text or HTML")])
    text = _decode(data, filename)
    if Path(filename).suffix.lower() in HTML_SUFFIXES or _HTML_SNIFF.search(data[:4096]):
        text, meta = _main_text_of_html(text, filename)
        title = title or meta.get("title")
        url = url or meta.get("url")
        published = published or meta.get("published")
    text = without_page_furniture(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InvalidInput([(filename, "no text found in the file")])
    return Article(
        text=text,
        title=title,
        url=url,
        published=published,
        language=_guess_language(text),
        content_hash="sha256:" + hashlib.sha256(data).hexdigest(),
        filename=filename,
    )


# Lines that open the comment box, share bar or "read also" list at the foot of a saved web page.
_FURNITURE = re.compile(
    r"^(?:no comments?|\d+ comments?|leave a (?:reply|comment)|give a reply|post a comment|"
    r"comments are closed|related (?:posts|articles)|share this(?: article)?|like this|"
    r"(?:pas de|aucun) commentaires?|\d+ commentaires?|laisser un commentaire|laisser une réponse|"
    r"répondre|articles similaires|à lire aussi|sur le même sujet|partager(?: cet article)?|"
    r"vous aimerez aussi|(?:ce site|this site) (?:utilise|uses) akismet\b.*)[\s:.!]*$",
    re.IGNORECASE,
)


def without_page_furniture(text: str) -> str:
    """The text cut before the first comment-box or share-bar line found in its last two thirds.

    Plain text saved from a web page keeps that furniture ("No Comments", "Ce site utilise
    Akismet…"), and the names in it are not the article's. Only the end is cut, so character offsets
    into the kept text stay those of the original.

    >>> without_page_furniture("Une longue phrase sur TechCode à Marseille.\\n\\nNo Comments\\n\\nAkismet")
    'Une longue phrase sur TechCode à Marseille.'
    """
    offset = 0
    for line in text.splitlines(keepends=True):
        if offset >= len(text) / 3 and _FURNITURE.match(line.strip()):
            return text[:offset].rstrip()
        offset += len(line)
    return text


def _too_large(size: int) -> str:
    return f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes"


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Latin-1 decodes any byte string, so judge the result: real Latin-1 text has (almost) no C0/C1
    # control characters, whereas binary data or another encoding is full of them.
    text = data.decode("cp1252", errors="replace") if _is_cp1252(data) else data.decode("latin-1")
    controls = len(_C1_OR_CONTROL.findall(text))
    if controls > max(3, len(text) // 200):
        raise InvalidInput([(filename, "cannot decode the file: it is neither UTF-8 nor Latin-1 text")])
    return text


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _main_text_of_html(html: str, filename: str) -> tuple[str, dict]:
    import trafilatura  # heavy import, only for HTML
    from trafilatura.settings import Document

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    # None when nothing is found; a dict only with as_dict=True, which we do not pass
    text = doc.text if isinstance(doc, Document) else None
    if not isinstance(doc, Document) or not text or not text.strip():
        raise InvalidInput([(filename, "no main text found in this HTML page")])
    meta: dict = {"title": doc.title or None, "url": doc.url or None}
    if doc.date:
        try:
            meta["published"] = date.fromisoformat(str(doc.date)[:10])
        except ValueError:
            meta["published"] = None
    return text, meta


_EN_WORDS = re.compile(r"\b(the|and|of|with|which|has|is|was)\b", re.IGNORECASE)
_FR_WORDS = re.compile(r"\b(le|la|les|et|des|du|avec|une|est|dans)\b", re.IGNORECASE)


def _guess_language(text: str) -> str:
    return "en" if len(_EN_WORDS.findall(text)) > len(_FR_WORDS.findall(text)) else "fr"
