"""A corpus on disk, pure: which files, what the manifest says of them, and why a file is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.errors import InvalidInput
from ingest.text.corpus import Described, article_files, open_corpus, read_item, read_manifest

TEXT = "Rennes, le 2 mai 2022. La société Brivalon ouvre un atelier de vélos cargo.\n"


def make(root: Path, *names: str, text: str = TEXT) -> list[Path]:
    paths = []
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def problems(exc: pytest.ExceptionInfo[InvalidInput]) -> list[tuple[str, str]]:
    return exc.value.problems


def test_folders_are_walked_sorted_without_hidden_files_or_other_suffixes(tmp_path: Path) -> None:
    make(
        tmp_path,
        "b.txt",
        "a/z.HTM",
        "a/b/c.html",
        "a.txt",
        ".cache/x.txt",
        "a/.draft.txt",
        "notes.md",
        "a.txt~",
    )
    found = article_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/b/c.html", "a/z.HTM", "a.txt", "b.txt"]


def test_paths_keep_their_order_a_file_named_twice_comes_once_and_a_named_file_keeps_any_suffix(
    tmp_path: Path,
) -> None:
    first, notes = make(tmp_path, "dir/one.txt", "notes.md")
    found = article_files([notes, tmp_path / "dir", first])
    assert found == [notes, first]


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as exc:
        article_files([tmp_path, tmp_path / "nowhere", tmp_path / "gone.txt"])
    assert problems(exc) == [
        (str(tmp_path / "nowhere"), "no such file or folder"),
        (str(tmp_path / "gone.txt"), "no such file or folder"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"  \n", "the file is empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("notes.md", TEXT.encode(), "only .txt, .html, .htm files are read"),
    ],
)
def test_a_bad_file_comes_with_its_reason_instead_of_an_article(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    item = read_item(path)
    assert item.article is None and reason in item.error
    assert str(path) not in item.error  # the file is named beside the reason, not inside it


def test_what_a_manifest_says_reaches_the_article(tmp_path: Path) -> None:
    path = make(tmp_path, "a.txt")[0]
    item = read_item(path, Described(url="https://x.example/a", title="Brivalon", published=date(2022, 5, 2)))
    assert item.error is None
    assert (item.article.url, item.article.title, item.article.published) == (
        "https://x.example/a",
        "Brivalon",
        date(2022, 5, 2),
    )
    assert item.article.filename == str(path) and item.article.content_hash.startswith("sha256:")


def test_a_csv_manifest_relative_or_absolute_semicolons_unknown_columns_ignored(tmp_path: Path) -> None:
    one, two = make(tmp_path, "corpus/one.txt", "corpus/two.txt")
    manifest = tmp_path / "meta" / "manifest.csv"
    manifest.parent.mkdir()
    manifest.write_text(
        "file ; url;title;published;source\n"
        "../corpus/one.txt;https://x.example/one;Un titre; 2022-05-02 ;rss\n"
        f"{two};;;;\n",
        encoding="utf-8",
    )
    assert read_manifest(manifest) == {
        one.resolve(): Described(url="https://x.example/one", title="Un titre", published=date(2022, 5, 2)),
        two.resolve(): Described(),
    }


def test_a_manifest_names_every_bad_row_by_line_and_field(tmp_path: Path) -> None:
    make(tmp_path, "one.txt", "two.txt")
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "file,url,published\n"
        "one.txt,https://x.example/one,2022-05-02\n"
        'two.txt,"ftp://x.example/two",02/05/2022\n'
        "three.txt,,\n"
        "one.txt,,2022-02-30\n"
        ",https://x.example/none,\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as exc:
        read_manifest(manifest)
    assert problems(exc) == [
        (f"{manifest}:3 url", "'ftp://x.example/two': only http(s) URLs are accepted"),
        (f"{manifest}:3 published", "'02/05/2022' is not a date YYYY-MM-DD"),
        (f"{manifest}:4 file", f"no such file: {tmp_path.resolve() / 'three.txt'}"),
        (f"{manifest}:5 file", "described already at line 2"),
        (f"{manifest}:5 published", "'2022-02-30' is not a date YYYY-MM-DD"),
        (f"{manifest}:6 file", "missing: the file this row describes"),
    ]


def test_a_jsonl_manifest_counts_blank_lines_and_refuses_what_is_no_object(tmp_path: Path) -> None:
    one = make(tmp_path, "one.txt")[0]
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"file": "one.txt", "title": "Un", "lang": "fr"}\n\n', encoding="utf-8")
    assert read_manifest(manifest) == {one.resolve(): Described(title="Un")}
    manifest.write_text('{"file": "one.txt"}\n\n["one.txt"]\n{"file": \n', encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_manifest(manifest)
    assert [where for where, _ in problems(exc)] == [f"{manifest}:3", f"{manifest}:4"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.yaml", "file: x\n", "a manifest is a .csv or .jsonl file"),
        ("m.csv", "path,url\nx,\n", "the header needs a `file` column"),
        ("m.csv", None, "no such manifest file"),
    ],
)
def test_a_manifest_that_cannot_be_read(tmp_path: Path, name: str, content: str | None, message: str) -> None:
    manifest = tmp_path / name
    if content is not None:
        manifest.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        read_manifest(manifest)
    assert message in str(exc.value)


def test_a_corpus_reads_its_files_in_order_with_the_manifest_rows_that_name_them(tmp_path: Path) -> None:
    one, two = make(tmp_path, "c/one.txt", "c/two.txt")
    elsewhere = make(tmp_path, "other/three.txt")[0]
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"file,title\nc/two.txt,Deux\n{elsewhere},Trois\n", encoding="utf-8")
    corpus = open_corpus([tmp_path / "c"], manifest)  # a row for a file outside the corpus is fine
    assert len(corpus) == 2
    items = list(corpus)
    assert [i.path for i in items] == [one, two]
    assert [i.article.title for i in items] == [None, "Deux"]
