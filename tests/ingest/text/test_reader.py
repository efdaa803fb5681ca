from pathlib import Path

import pytest

from graph.errors import InvalidInput
from ingest.text.reader import MAX_BYTES, read_article, read_article_bytes
from tests.ingest.text.test_pipeline_seed import SEED_TEXT

TEXT = "La start-up Navalis Robotics a signé une convention avec la Ville de Toulon."


def test_utf8_file(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    article = read_article(path, url="https://www.exemple.fr/a", title="Titre")
    assert article.text == TEXT
    assert article.content_hash.startswith("sha256:") and len(article.content_hash) == 7 + 64
    assert article.language == "fr"


def test_latin1_bytes_are_decoded():
    article = read_article_bytes(TEXT.encode("latin-1"), filename="a.txt")
    assert "signé" in article.text


def test_html_gives_main_text_and_metadata():
    html = (
        "<html><head><title>Convention à Toulon</title><meta name='date' content='2023-03-16'>"
        "<meta property='og:url' content='https://exemple.fr/convention'></head><body>"
        "<nav>Accueil Contact</nav><article><h1>Convention à Toulon</h1>"
        f"<p>{TEXT} Les essais débuteront au printemps dans la rade, sous le contrôle des services.</p>"
        "</article><footer>Mentions légales</footer></body></html>"
    )
    article = read_article_bytes(html.encode("utf-8"), filename="page.html")
    assert "Navalis Robotics" in article.text and "Mentions légales" not in article.text
    assert article.title == "Convention à Toulon"
    assert article.published.isoformat() == "2023-03-16"
    assert article.url == "https://exemple.fr/convention"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(128, 160)) * 20, "cannot decode"),
        (b"a" * (MAX_BYTES + 1), "limit"),
    ],
)
def test_unusable_input_is_refused_with_the_file_name(data: bytes, message: str):
    with pytest.raises(InvalidInput) as info:
        read_article_bytes(data, filename="upload.txt")
    where, text = info.value.problems[0]
    assert where == "upload.txt" and message in text


def test_missing_or_too_large_file(tmp_path: Path):
    with pytest.raises(InvalidInput, match="no such file"):
        read_article(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InvalidInput, match="limit"):
        read_article(big)


def test_page_furniture_at_the_foot_of_a_saved_page_is_cut():
    body = TEXT + " " + " ".join(["Les essais débuteront au printemps dans la rade."] * 4)
    footer = "No Comments\n\nGive A Reply\n\nCe site utilise Akismet pour réduire les indésirables.\n"
    saved = f"{body}\n\n{footer}"
    article = read_article_bytes(saved.encode("utf-8"), filename="page.txt")
    assert article.text == body
    french = f"{body}\n\nPartager :\nFacebook\nTwitter\n"
    assert read_article_bytes(french.encode("utf-8"), filename="p.txt").text == body


def test_a_furniture_word_early_in_the_text_cuts_nothing():
    text = f"Répondre\n{TEXT}\n" + "Les essais débuteront au printemps dans la rade.\n" * 3
    assert read_article_bytes(text.encode("utf-8"), filename="a.txt").text == text.rstrip("\n") + "\n"


def test_the_seed_articles_footer_is_not_read_but_its_last_paragraph_is():
    assert SEED_TEXT.is_file(), f"seed article not found at {SEED_TEXT}; CI has shared/ beside the checkout"
    raw = SEED_TEXT.read_text(encoding="utf-8")
    text = read_article(SEED_TEXT).text
    assert "Akismet" not in text and "Comments" not in text
    assert len(text) > 0.9 * len(raw.split("Akismet")[0]) and raw.startswith(text)
