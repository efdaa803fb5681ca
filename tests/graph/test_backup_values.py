"""The backup file's value encoding on its own: every type Neo4j stores comes back equal and of the
same kind, through real JSON text; anything else is refused by name. No Neo4j needed."""

from __future__ import annotations

import json
import math

import pytest
import pytz  # type: ignore[import-untyped]
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from graph.backup_values import UnknownValue, decode, encode


def through_json(value):
    return decode(json.loads(json.dumps(encode(value), allow_nan=False)))


PARIS = pytz.timezone("Europe/Paris")


@pytest.mark.parametrize(
    "value",
    [
        "texte, 北京 🚀",
        True,
        0,
        2**53,
        2**53 + 1,
        -(2**63),
        2**63 - 1,
        1 / 3,
        -0.0,
        float("inf"),
        Date(2021, 3, 2),
        DateTime(2021, 3, 2, 10, 0, 0, 123456789),
        DateTime(2021, 3, 2, 10, 0, 0, 1, tzinfo=pytz.FixedOffset(330)),
        DateTime(2021, 6, 1, 12, 0, 0, 5, tzinfo=pytz.utc).astimezone(PARIS),
        Time(10, 0, 0, 1),
        Time(23, 59, 59, 999999999, tzinfo=pytz.FixedOffset(-180)),
        Duration(months=14, days=3, seconds=14706, nanoseconds=7),
        CartesianPoint((1.0, 2.0)),
        WGS84Point((5.4, 43.3, 3.0)),
        b"\x00\xff raw",
        ["a", "b"],
        [Date(2020, 1, 1)],
        [],
    ],
)
def test_a_value_comes_back_equal_and_of_its_type(value) -> None:
    back = through_json(value)
    assert back == value and type(back) is type(value)
    if isinstance(value, float) and value == 0:
        assert math.copysign(1, back) == math.copysign(1, value)


def test_nan_comes_back_nan() -> None:
    assert math.isnan(through_json(float("nan")))


def test_a_zoned_time_made_ambiguous_by_a_dst_change_keeps_its_instant_and_zone() -> None:
    # 02:30 on 2021-10-31 happens twice in Paris; both must come back as the instant they were.
    first = DateTime(2021, 10, 31, 0, 30, 0, 42, tzinfo=pytz.utc).astimezone(PARIS)
    second = DateTime(2021, 10, 31, 1, 30, 0, 42, tzinfo=pytz.utc).astimezone(PARIS)
    assert (first.hour, second.hour) == (2, 2) and first.utcoffset() != second.utcoffset()
    for value in (first, second):
        back = through_json(value)
        assert back == value and back.tzinfo.zone == "Europe/Paris"
        assert back.utcoffset() == value.utcoffset()


@pytest.mark.parametrize(
    "encoded, message",
    [
        ({"$": "mystery", "v": 1}, "unknown value tag 'mystery'"),
        ({"v": 1}, "unknown value tag None"),
        ({"$": "date"}, "a date value without 'v'"),
        ({"$": "date", "v": "not a date"}, "bad date value"),
        ({"$": "float", "v": "1.5"}, "bad float value"),
        ({"$": "datetime", "v": "2021-01-01T00:00:00", "offset": 99999999}, "bad datetime value"),
        ({"$": "point", "srid": 1, "v": [1, 2]}, "unknown SRID 1"),
        ({"$": "bytes", "v": "***"}, "bad bytes value"),
        ({"$": "int", "v": str(2**63)}, "outside Neo4j's 64-bit integers"),
        (-(2**63) - 1, "outside Neo4j's 64-bit integers"),
        (None, "null"),
        ([1, "a"], "mixed types"),
        ([[1]], "nested list"),
        ([1, True], "mixed types"),
    ],
)
def test_a_value_the_encoding_does_not_know_is_refused_by_name(encoded, message) -> None:
    with pytest.raises(UnknownValue, match=message):
        decode(encoded)


def test_a_type_without_an_encoding_is_refused_by_name() -> None:
    with pytest.raises(UnknownValue, match="no backup encoding for a dict value"):
        encode({"nested": "map"})
