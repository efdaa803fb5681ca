"""Partial ISO dates (2017, 2017-12, 2017-12-07): parsing, precision, and the period they cover.

Every date ecograph stores is written to its precision; comparisons use the period a date covers,
widened once here (when a record is written, or when a query's bounds are read), never in Cypher.

>>> iso_date("2017-12")
'2017-12'
>>> period("2017-09", None)
('2017-09-01', '2017-09-31')
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from graph.errors import InvalidInput

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# An ISO date written to its precision: 2017, 2017-12, 2017-12-07.
DATE_WIDTH = {"year": 4, "month": 7, "day": 10}

# The bounds of a period nobody dated: before and after every real date, as comparable strings.
OPEN_START = "0000-01-01"
OPEN_END = "9999-12-31"


def iso_date(value: Any) -> str | None:
    """Accept 2017, 2017-12, 2017-12-07 (str, int or date) and return the ISO string; reject the rest.

    >>> iso_date(2017), iso_date(date(2017, 12, 7)), iso_date("")
    ('2017', '2017-12-07', None)
    >>> iso_date("2017-02-30")
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = [int(p) for p in text.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise ValueError(f"{text!r}: month out of range")
    if len(parts) == 3:
        date(*parts)  # raises for 2017-02-30
    return text


def parse_date(value: Any, field: str) -> str | None:
    """`iso_date` for what a person typed: a bad date is InvalidInput naming the field.

    >>> parse_date("2017-13", "as_of")
    Traceback (most recent call last):
    ...
    graph.errors.InvalidInput: as_of: '2017-13': month out of range
    """
    try:
        return iso_date(value)
    except ValueError as exc:
        raise InvalidInput([(field, str(exc))]) from exc


def parse_day(value: str | None, field: str) -> date | None:
    """A full day YYYY-MM-DD as typed (a publication date), or InvalidInput naming the field.

    >>> parse_day("2017-12-12", "--published")
    datetime.date(2017, 12, 12)
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput([(field, f"{value!r} is not a date YYYY-MM-DD")]) from exc


def precision_of(value: str | None) -> str | None:
    """
    >>> precision_of("2017-12"), precision_of(None)
    ('month', None)
    """
    return {width: name for name, width in DATE_WIDTH.items()}.get(len(value)) if value else None


def iso_at(day: date, precision: str | None) -> str:
    """`day` written to `precision` (a day when unknown).

    >>> iso_at(date(2017, 9, 1), "month")
    '2017-09'
    """
    return day.isoformat()[: DATE_WIDTH[precision or "day"]]


def first_day(value: str) -> str:
    """
    >>> first_day("2017"), first_day("2017-09"), first_day("2017-09-05")
    ('2017-01-01', '2017-09-01', '2017-09-05')
    """
    return value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value


def last_day(value: str) -> str:
    """The last day a partial date can mean, as a comparable string (a month always ends on the 31st:
    only the order of such strings matters, and no real date of that month sorts after it).

    >>> last_day("2017"), last_day("2017-09")
    ('2017-12-31', '2017-09-31')
    """
    return value + "-12-31"[len(value) - 4 :] if len(value) < 10 else value


def period(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """Comparable first and last day of a span of partial dates (`end` defaults to `start`).

    >>> period("2017-12-05", "2017-12-06")
    ('2017-12-05', '2017-12-06')
    >>> period(None, None)
    (None, None)
    """
    if not start:
        return None, None
    return first_day(start), last_day(end or start)


def tie_period(valid_from: str | None, first_seen: str | None, valid_to: str | None) -> tuple[str, str]:
    """The days a tie may hold: from its validity start, else the first date a source gives, to its
    validity end; open where unknown. Stored on each tie so that queries compare strings only.

    >>> tie_period(None, "2017-12", None)
    ('2017-12-01', '9999-12-31')
    >>> tie_period("2016", "2017-12-12", "2018-06")
    ('2016-01-01', '2018-06-31')
    """
    start = valid_from or first_seen
    return (first_day(start) if start else OPEN_START, last_day(valid_to) if valid_to else OPEN_END)


def query_bounds(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """A query's [from, to] as whole periods: `from=2017-12` starts on the 1st, `to=2017-12` ends on
    the 31st; a missing bound stays open.

    >>> query_bounds("2017-12", "2017-12")
    ('2017-12-01', '2017-12-31')
    >>> query_bounds(None, "2018")
    (None, '2018-12-31')
    """
    return (first_day(start) if start else None, last_day(end) if end else None)
