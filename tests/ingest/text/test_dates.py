from datetime import date

import pytest

from ingest.text.dates import find_dates

PUBLISHED = date(2017, 12, 12)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("signé jeudi 7 décembre", "2017-12-07", None, "day"),
        ("les 5 et 6 décembre derniers", "2017-12-05", "2017-12-06", "day"),
        ("du 4 au 6 juin 2018", "2018-06-04", "2018-06-06", "day"),
        ("en septembre dernier", "2017-09-01", None, "month"),
        ("en janvier prochain", "2018-01-01", None, "month"),
        ("mardi dernier", "2017-12-05", None, "day"),
        ("créé en 1998", "1998-01-01", None, "year"),
    ],
)
def test_dates_against_the_publication_date(text, start, end, precision):
    (ref,) = find_dates(text, PUBLISHED)
    assert ref.start.isoformat() == start
    assert (ref.end.isoformat() if ref.end else None) == end
    assert ref.precision == precision


def test_relative_date_follows_the_previous_one():
    refs = find_dates("en septembre dernier à Tel Aviv. Deux mois plus tard, la délégation", PUBLISHED)
    assert [(r.start.isoformat(), r.precision) for r in refs] == [
        ("2017-09-01", "month"),
        ("2017-11-01", "month"),
    ]


def test_offsets_point_at_the_expression():
    text = "Signé jeudi 7 décembre à Marseille"
    (ref,) = find_dates(text, PUBLISHED, offset=100)
    assert text[ref.char_start - 100 : ref.char_end - 100] == "jeudi 7 décembre"


def test_no_publication_date_no_guessed_year():
    assert find_dates("signé jeudi 7 décembre", None) == []
    assert find_dates("en mars 2019", None)[0].start == date(2019, 3, 1)


def test_month_names_inside_words_are_no_dates():
    assert find_dates("la mairie de Marseille", PUBLISHED) == []
