"""A corpus on disk: the article files some paths name (folders walked), each with what an optional
manifest says about it (url, title, publication date). Pure: files in, `Article`s out, no database.

`open_corpus` checks everything it can before a single article is read, and raises InvalidInput for
it: a path that does not exist, a manifest that cannot be read, a manifest row naming no file or
holding a bad value (`manifest.csv:3 published: …`). Iterating the corpus then reads one file at a
time; a file that is no usable article (binary, empty, undecodable, too large, not .txt or .html)
comes out with the reason instead of an article, and the others are unaffected.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.errors import InvalidInput
from ingest.formats import _delimiter
from ingest.text.models import Article
from ingest.text.reader import read_article

SUFFIXES = (".txt", ".html", ".htm")
MANIFEST_SUFFIXES = (".csv", ".jsonl")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HTTP = re.compile(r"^https?://")  # the import format's rule for a source's url (ingest/document.py)


@dataclass(frozen=True)
class Described:
    """What a manifest row says about one file."""

    url: str | None = None
    title: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class CorpusItem:
    """One file of the corpus: its article, or why it has none."""

    path: Path
    article: Article | None = None
    error: str | None = None


@dataclass
class Corpus:
    files: list[Path]
    described: dict[Path, Described] = field(default_factory=dict)  # by resolved path

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[CorpusItem]:
        for path in self.files:
            yield read_item(path, self.described.get(path.resolve()))


def open_corpus(paths: Sequence[Path], manifest: Path | None = None) -> Corpus:
    """The files `paths` name, in order (each folder's files sorted, hidden ones left out; a file named
    twice comes once), and the manifest's rows for them. Reads no article yet."""
    files = article_files(paths)
    described = read_manifest(Path(manifest)) if manifest is not None else {}
    return Corpus(files, described)


def article_files(paths: Sequence[Path]) -> list[Path]:
    """Files as named; folders walked recursively for .txt, .html and .htm files, sorted, hidden files
    and folders skipped. A file named on its own is kept whatever its suffix (reading it says why it
    is refused)."""
    missing = [(str(p), "no such file or folder") for p in map(Path, paths) if not p.exists()]
    if missing:
        raise InvalidInput(missing)
    found: list[Path] = []
    seen: set[Path] = set()
    for path in map(Path, paths):
        for file in _walk(path) if path.is_dir() else [path]:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def _walk(folder: Path) -> list[Path]:
    out = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [
            Path(root, name)
            for name in names
            if not name.startswith(".") and name.lower().endswith(SUFFIXES) and Path(root, name).is_file()
        ]
    return sorted(out, key=lambda p: p.relative_to(folder).parts)


def read_item(path: Path, described: Described | None = None) -> CorpusItem:
    described = described or Described()
    if not path.name.lower().endswith(SUFFIXES):
        return CorpusItem(path, error=f"not an article file: only {', '.join(SUFFIXES)} files are read")
    try:
        article = read_article(path, url=described.url, title=described.title, published=described.published)
    except InvalidInput as exc:
        return CorpusItem(path, error=reason_of(exc, str(path)))
    return CorpusItem(path, article=article)


def reason_of(exc: InvalidInput, name: str) -> str:
    """The problems of `exc` on one line, without the file's own name where they start with it."""
    return "; ".join(message if where == name else f"{where}: {message}" for where, message in exc.problems)


# --- the manifest ------------------------------------------------------------------------------------


def read_manifest(manifest: Path) -> dict[Path, Described]:
    """{resolved file: Described} from a CSV or JSONL file with a row per file: `file` (relative to the
    manifest's folder, or absolute), `url`, `title`, `published` (YYYY-MM-DD); other columns are
    ignored. Every problem is collected, then raised together, each naming the manifest's line and
    the field."""
    if not manifest.is_file():
        raise InvalidInput([(str(manifest), "no such manifest file")])
    suffix = manifest.suffix.lower()
    if suffix not in MANIFEST_SUFFIXES:
        raise InvalidInput([(str(manifest), "a manifest is a .csv or .jsonl file")])
    try:
        text = manifest.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([(str(manifest), f"not UTF-8 text (byte {exc.start})")]) from exc
    rows = _csv_rows(text, str(manifest)) if suffix == ".csv" else _jsonl_rows(text, str(manifest))
    problems: list[tuple[str, str]] = []
    described: dict[Path, Described] = {}
    first_line: dict[Path, int] = {}
    for line, row in rows:
        at = f"{manifest}:{line}"
        where: Path | None = None
        cells = {key: _cell(row.get(key)) for key in ("file", "url", "title", "published")}
        if not cells["file"]:
            problems.append((f"{at} file", "missing: the file this row describes"))
        else:
            where = Path(cells["file"])
            where = (where if where.is_absolute() else manifest.parent / where).resolve()
            if not where.is_file():
                problems.append((f"{at} file", f"no such file: {where}"))
                where = None
            elif where in first_line:
                problems.append((f"{at} file", f"described already at line {first_line[where]}"))
                where = None
        url = cells["url"]
        if url and not _HTTP.match(url):
            problems.append((f"{at} url", f"{url!r}: only http(s) URLs are accepted"))
        published = None
        if cells["published"]:
            published = _day(cells["published"])
            if published is None:
                problems.append((f"{at} published", f"{cells['published']!r} is not a date YYYY-MM-DD"))
        if where is not None:
            first_line[where] = line
            described[where] = Described(url=url, title=cells["title"], published=published)
    if problems:
        raise InvalidInput(problems)
    return described


def _cell(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _day(value: str) -> date | None:
    if not _DAY.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _csv_rows(text: str, label: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [name.strip() for name in reader.fieldnames or []]
    if "file" not in header:
        raise InvalidInput([(f"{label}:1", "the header needs a `file` column (and url, title, published)")])
    reader.fieldnames = header
    rows = []
    line = reader.line_num
    for row in reader:
        rows.append((line + 1, row))
        line = reader.line_num
    return rows


def _jsonl_rows(text: str, label: str) -> list[tuple[int, dict]]:
    rows = []
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append((f"{label}:{number}", f"invalid JSON: {exc.msg}"))
            continue
        if not isinstance(row, dict):
            problems.append((f"{label}:{number}", "each line must be a JSON object"))
            continue
        rows.append((number, row))
    if problems:
        raise InvalidInput(problems)
    return rows
