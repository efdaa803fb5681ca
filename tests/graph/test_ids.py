"""Entity ids from names in any script: readable where a transliteration exists, a stable hash where
none does, never empty, and exactly the ids of before for every name written in Latin letters."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from graph.errors import EcographError, InvalidArgument
from graph.model import fold, make_id, slugify
from tests.seed_data import seed

REPO = Path(__file__).resolve().parents[2]
ID = re.compile(r"^[a-z]+:[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug_before(text: str) -> str:
    """The slug rule as it was before other scripts were transliterated (kept here to compare)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("'", "").replace("’", "")).strip("-")


@pytest.mark.parametrize(
    "kind, name, expected",
    [
        ("Place", "Москва", "place:moskva"),
        ("Place", "Йошкар-Ола", "place:yoshkar-ola"),
        ("Place", "Αθήνα", "place:athina"),
        ("Organization", "华夏幸福", "org:huaxiaxingfu"),
        ("Place", "القاهرة", "place:lqhrh"),
        ("Place", "서울", "place:seoul"),
        ("Organization", "Москва 2", "org:moskva-2"),
        ("Organization", "TechCode 北京", "org:techcode-beijing"),
    ],
)
def test_names_in_other_scripts_are_transliterated(kind, name, expected) -> None:
    assert make_id(kind, name) == expected


def test_case_accents_and_chinese_variants_give_one_id() -> None:
    assert make_id("Place", "МОСКВА") == make_id("Place", "москва") == "place:moskva"
    assert make_id("Organization", "華夏幸福") == make_id("Organization", "华夏幸福")
    # the same letters typed composed or decomposed (й = и + combining breve)
    assert make_id("Place", unicodedata.normalize("NFD", "Йошкар-Ола")) == "place:yoshkar-ola"


@pytest.mark.parametrize("name", ["🚀", "🚀🛰️", "!!!", "***", "…", "★ ★ ★", "\u0301"])
def test_names_with_nothing_to_transliterate_get_a_hash_slug(name) -> None:
    entity_id = make_id("Organization", name)
    assert re.fullmatch(r"org:x-[0-9a-f]{10}", entity_id), entity_id
    assert ID.match(entity_id)


def test_hash_slugs_tell_names_apart_and_fold_like_names() -> None:
    ids = {make_id("Organization", name) for name in ("🚀", "🛰️", "!!!", "???", "***")}
    assert len(ids) == 5
    assert make_id("Organization", "…") == make_id("Organization", "...")  # NFKD: one character, three dots


def test_ids_are_the_same_in_another_process() -> None:
    names = ["Москва", "华夏幸福", "القاهرة", "🚀", "!!!"]
    here = [make_id("Organization", n) for n in names]
    code = f"from graph.model import make_id; print([make_id('Organization', n) for n in {names!r}])"
    env = {"PYTHONHASHSEED": "12345"}  # nothing may depend on Python's per-process str hash
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=REPO
    ).stdout
    assert out.strip() == repr(here)


def test_a_blank_name_has_no_id_and_says_so() -> None:
    with pytest.raises(InvalidArgument, match="needs a name with a visible character") as raised:
        make_id("Person", "   ")
    assert isinstance(raised.value, EcographError) and isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Aix-Marseille French Tech", "org:aix-marseille-french-tech"),
        ("Société Générale & Cie", "org:societe-generale-cie"),
        ("L'Oréal", "org:loreal"),
        ("Ville d’Aix-en-Provence", "org:ville-daix-en-provence"),
        ("Straße", "org:strasse"),
        ("Nguyễn Thị", "org:nguyen-thi"),
        ("İstanbul", "org:istanbul"),
    ],
)
def test_latin_names_keep_their_ids(name, expected) -> None:
    assert make_id("Organization", name) == expected


def test_every_latin_letter_and_the_seed_keep_the_slug_of_before() -> None:
    latin = [
        chr(cp)
        for cp in range(0x20, 0x3000)
        if "LATIN" in unicodedata.name(chr(cp), "") or unicodedata.category(chr(cp))[0] in "PSZ"
    ]
    names = [f"a{c}b" for c in latin] + [e["name"] for e in seed()["entities"]]
    changed = [(n, _slug_before(n), slugify(n)) for n in names if slugify(n) != _slug_before(n)]
    assert changed == []
