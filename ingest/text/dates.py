"""Dates in French text, absolute or relative, resolved against the publication date.

>>> [(d.start.isoformat(), d.precision) for d in find_dates("signé jeudi 7 décembre", date(2017, 12, 12))]
[('2017-12-07', 'day')]
>>> [(d.start.isoformat(), d.precision) for d in find_dates("en septembre dernier", date(2017, 12, 12))]
[('2017-09-01', 'month')]
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta

from ingest.text.models import DateRef

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
}

_M = "(?P<month>" + "|".join(MONTHS) + r")\b"
_W = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"
_Y = r"(?:\s+(?P<year>(?:19|20)\d\d))?"
_DIR = r"(?:\s+(?P<dir>dernieres?|derniers?|prochaines?))?"
_D = r"(?P<day>[0-3]?\d)(?:er)?"

# Tried in order; a later pattern never overlaps text an earlier one took.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("range", re.compile(rf"\bdu\s+{_D}\s+au\s+(?P<day2>[0-3]?\d)\s+{_M}{_Y}{_DIR}", re.I)),
    ("range", re.compile(rf"\b(?:les\s+)?{_D}\s+et\s+(?P<day2>[0-3]?\d)\s+{_M}{_Y}{_DIR}", re.I)),
    ("day", re.compile(rf"\b(?:{_W}\s+)?(?:le\s+)?{_D}\s+{_M}{_Y}{_DIR}", re.I)),
    ("month", re.compile(rf"\b(?:en\s+|au mois d[e']\s*|(?:debut|fin|mi)-?\s*)?{_M}{_Y}{_DIR}", re.I)),
    (
        "relative",
        re.compile(
            r"\b(?P<n>\d+|" + "|".join(NUMBERS) + r")\s+(?P<unit>jours?|semaines?|mois|ans|annees?)"
            r"\s+(?:plus\s+tard|apres)",
            re.I,
        ),
    ),
    ("weekday", re.compile(rf"\b{_W}{_DIR}\b", re.I)),
    ("deictic", re.compile(r"\b(?P<word>avant-hier|hier|aujourd'hui|demain)\b", re.I)),
    ("year", re.compile(r"\b(?:en|depuis|des|d'ici(?:\s+a)?)\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
]


def find_dates(
    text: str, published: date | None, anchor: DateRef | None = None, offset: int = 0
) -> list[DateRef]:
    """Every date expression of `text` that can be placed in time, in text order.

    `published` resolves expressions without a year ("jeudi 7 décembre", "mardi dernier");
    `anchor` (the last date met before `text`) resolves "deux mois plus tard". Without them such
    expressions are left out rather than guessed.
    """
    plain = _strip_accents(text)
    taken: list[tuple[int, int]] = []
    found: list[DateRef] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(plain):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            before = [d for d in found if d.char_start < offset + m.start()]
            near = max(before, key=lambda d: d.char_start) if before else anchor
            ref = _resolve(kind, m, published, near)
            if ref is None:
                continue
            start, end, precision = ref
            taken.append((m.start(), m.end()))
            found.append(
                DateRef(
                    start=start,
                    end=end,
                    precision=precision,
                    char_start=offset + m.start(),
                    char_end=offset + m.end(),
                )
            )
    return sorted(found, key=lambda d: d.char_start)


def _strip_accents(text: str) -> str:
    """Lower-case, accent-free copy of `text` with the same length, so offsets carry over."""
    out = []
    for c in text:
        base = unicodedata.normalize("NFKD", c)[0].lower()
        out.append(base if len(base) == 1 else c)
    return "".join(out).replace("’", "'")


def _resolve(kind: str, m: re.Match, published: date | None, anchor: DateRef | None):
    g = m.groupdict()
    direction = _direction(g.get("dir"))
    if kind in ("range", "day"):
        month = MONTHS[g["month"]]
        days = [int(g["day"])] + ([int(g["day2"])] if g.get("day2") else [])
        if not all(1 <= d <= 31 for d in days):
            return None
        weekday = WEEKDAYS.get(g.get("weekday") or "")
        year = int(g["year"]) if g.get("year") else _year_for(month, days[0], weekday, direction, published)
        if year is None:
            return None
        try:
            start = date(year, month, days[0])
            end = date(year, month, days[-1]) if len(days) > 1 else None
        except ValueError:
            return None
        return start, end, "day"
    if kind == "month":
        month = MONTHS[g["month"]]
        if g.get("year"):
            return date(int(g["year"]), month, 1), None, "month"
        if published is None:
            return None
        return date(_month_year(month, direction, published), month, 1), None, "month"
    if kind == "relative":
        return _relative(g, anchor)
    if kind == "weekday":
        if published is None:
            return None
        return _weekday(WEEKDAYS[g["weekday"]], direction, published), None, "day"
    if kind == "deictic":
        if published is None:
            return None
        shift = {"avant-hier": -2, "hier": -1, "demain": 1}.get(g["word"], 0)
        return published + timedelta(days=shift), None, "day"
    return date(int(g["year"]), 1, 1), None, "year"


def _direction(word: str | None) -> int:
    if not word:
        return 0
    return -1 if word.startswith("dern") else 1


def _year_for(month: int, day: int, weekday: int | None, direction: int, published: date | None):
    if published is None:
        return None
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if weekday is not None and d.weekday() != weekday:
            continue
        if direction < 0 and d > published or direction > 0 and d < published:
            continue
        options.append((abs((d - published).days), d > published, year))
    return min(options)[2] if options else None


def _month_year(month: int, direction: int, published: date) -> int:
    if direction < 0:
        return published.year if month < published.month else published.year - 1
    if direction > 0:
        return published.year if month > published.month else published.year + 1
    # No direction: the nearest such month, the past one on a tie.
    delta = month - published.month
    if delta > 6:
        return published.year - 1
    if delta < -6:
        return published.year + 1
    return published.year


def _weekday(weekday: int, direction: int, published: date) -> date:
    if direction > 0:
        return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    back = (published.weekday() - weekday) % 7
    if direction < 0 and back == 0:
        back = 7
    return published - timedelta(days=back)


def _relative(g: dict, anchor: DateRef | None):
    if anchor is None:
        return None
    n = int(g["n"]) if g["n"].isdigit() else NUMBERS[g["n"]]
    unit = g["unit"]
    base = anchor.end or anchor.start
    if unit.startswith("jour") or unit.startswith("semaine"):
        days = n * (7 if unit.startswith("semaine") else 1)
        return base + timedelta(days=days), None, anchor.precision
    if unit == "mois":
        total = base.month - 1 + n
        year, month = base.year + total // 12, total % 12 + 1
        day = min(base.day, calendar.monthrange(year, month)[1])
        return (
            date(year, month, 1 if anchor.precision != "day" else day),
            None,
            ("month" if anchor.precision != "year" else "year"),
        )
    return date(base.year + n, 1, 1), None, "year"
