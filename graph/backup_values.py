"""Neo4j property values as JSON and back, exactly: the typed encoding of a backup file.

A property value is never a map in Neo4j, so any JSON object in a backup is a tagged value
`{"$": tag, ...}`; strings, booleans, finite floats, integers within ±2^53 and lists of them stay as
they are. Everything else carries its type: temporal values (with their nanoseconds and their zone,
by name or by offset), durations by their four components, points by SRID, byte arrays in base64,
NaN and the infinities, and integers a 64-bit double could not hold (other JSON readers lose them).

>>> decode(encode(2**62 + 1)) == 2**62 + 1
True
>>> encode(float("nan"))
{'$': 'float', 'v': 'nan'}
>>> decode(encode([1.5, float("-inf")]))
[1.5, -inf]
"""

from __future__ import annotations

import base64
import math
from datetime import timedelta, timezone
from typing import Any

import pytz  # type: ignore[import-untyped]  # the driver depends on it and hands its zones over
from neo4j.spatial import CartesianPoint, Point, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from graph.errors import InvalidArgument

SAFE_INT = 2**53
_CARTESIAN = {7203, 9157}
_WGS84 = {4326, 4979}


class UnknownValue(InvalidArgument):
    """A value this encoding has no tag for (a tag from a newer format, or a type Neo4j added)."""


def encode(value: Any) -> Any:
    """The JSON form of one property value."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if -SAFE_INT <= value <= SAFE_INT else {"$": "int", "v": str(value)}
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
    if isinstance(value, DateTime):
        return _encode_datetime(value)
    if isinstance(value, Date):
        return {"$": "date", "v": value.iso_format()}
    if isinstance(value, Time):
        if value.tzinfo is None:
            return {"$": "localtime", "v": value.iso_format()}
        offset = value.utcoffset()
        seconds = int(offset.total_seconds()) if offset is not None else 0
        return {"$": "time", "v": value.replace(tzinfo=None).iso_format(), "offset": seconds}
    if isinstance(value, Duration):
        return {
            "$": "duration",
            "months": value.months,
            "days": value.days,
            "seconds": value.seconds,
            "nanoseconds": value.nanoseconds,
        }
    if isinstance(value, Point):
        return {"$": "point", "srid": value.srid, "v": [float(c) for c in value]}
    if isinstance(value, bytes | bytearray):
        return {"$": "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, list | tuple):  # after the types above: points and durations are tuples
        return [encode(item) for item in value]
    raise UnknownValue(f"no backup encoding for a {type(value).__name__} value")


def _encode_datetime(value: DateTime) -> dict:
    if value.tzinfo is None:
        return {"$": "localdatetime", "v": value.iso_format()}
    zone = getattr(value.tzinfo, "zone", None)
    # The driver hands an offset of zero (`...Z`) and the zone named UTC over as the same pytz.utc;
    # the offset is by far the more common (Neo4j's default time zone), so UTC is kept as one.
    if zone and value.tzinfo is not pytz.utc:
        # A named zone: the instant in UTC and the zone's name, so a time a DST change makes
        # ambiguous comes back as the same instant.
        utc = value.astimezone(pytz.utc).replace(tzinfo=None)
        return {"$": "datetime", "v": utc.iso_format(), "zone": zone}
    offset = value.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    return {"$": "datetime", "v": value.replace(tzinfo=None).iso_format(), "offset": seconds}


def decode(value: Any) -> Any:
    """The property value a JSON form stands for; UnknownValue for what Neo4j could not store as one
    (a tag it does not know, null, an integer outside 64 bits, a list of mixed or nested items)."""
    if isinstance(value, list):
        items = [_decode_scalar(item) for item in value]
        if len({type(item) for item in items}) > 1:
            raise UnknownValue("a list of mixed types (Neo4j stores lists of one type)")
        return items
    return _decode_scalar(value)


def _decode_scalar(value: Any) -> Any:
    if value is None or isinstance(value, list):
        raise UnknownValue("null or a nested list is not a property value")
    if isinstance(value, int) and not isinstance(value, bool):
        return _int64(value)
    if not isinstance(value, dict):
        return value
    tag = str(value.get("$"))
    if tag not in _DECODERS:
        raise UnknownValue(f"unknown value tag {value.get('$')!r}")
    try:
        return _DECODERS[tag](value)
    except KeyError as exc:
        raise UnknownValue(f"a {tag} value without {exc}") from exc
    except (TypeError, ValueError, OverflowError) as exc:
        raise UnknownValue(f"bad {tag} value {value!r} ({exc})") from exc


def _offset(seconds: int) -> timezone:
    """A fixed offset the driver sends as an offset (a pytz zone, even UTC, it sends by name)."""
    if not isinstance(seconds, int) or isinstance(seconds, bool) or abs(seconds) >= 18 * 3600:
        raise ValueError(f"offset {seconds!r} is not a whole number of seconds within 18 hours")
    return timezone(timedelta(seconds=seconds))


def _time_offset(seconds: int) -> Any:
    """The driver asks a time's zone for its offset without a date, which pytz's fixed offsets answer."""
    if not isinstance(seconds, int) or isinstance(seconds, bool) or abs(seconds) >= 18 * 3600 or seconds % 60:
        raise ValueError(f"offset {seconds!r} is not a whole number of minutes within 18 hours")
    return pytz.FixedOffset(seconds // 60)


def _decode_datetime(value: dict) -> DateTime:
    naive = DateTime.from_iso_format(value["v"])
    if "zone" in value:
        return naive.replace(tzinfo=pytz.utc).astimezone(pytz.timezone(value["zone"]))
    return naive.replace(tzinfo=_offset(value["offset"]))


def _decode_point(value: dict) -> Point:
    srid, coordinates = value["srid"], [float(c) for c in value["v"]]
    if srid in _CARTESIAN:
        return CartesianPoint(coordinates)
    if srid in _WGS84:
        return WGS84Point(coordinates)
    raise ValueError(f"unknown SRID {srid!r}")


def _decode_float(value: dict) -> float:
    number = float(value["v"])
    if math.isfinite(number):
        raise ValueError("a tagged float is NaN or an infinity")
    return number


def _int64(number: int) -> int:
    if not -(2**63) <= number < 2**63:
        raise UnknownValue(f"{number} is outside Neo4j's 64-bit integers")
    return number


_DECODERS = {
    "int": lambda v: _int64(int(v["v"])),
    "float": _decode_float,
    "date": lambda v: Date.from_iso_format(v["v"]),
    "localtime": lambda v: Time.from_iso_format(v["v"]),
    "time": lambda v: Time.from_iso_format(v["v"]).replace(tzinfo=_time_offset(v["offset"])),
    "localdatetime": lambda v: DateTime.from_iso_format(v["v"]),
    "datetime": _decode_datetime,
    "duration": lambda v: Duration(
        months=v["months"], days=v["days"], seconds=v["seconds"], nanoseconds=v["nanoseconds"]
    ),
    "point": _decode_point,
    "bytes": lambda v: base64.b64decode(v["v"], validate=True),
}


def encode_props(props: dict[str, Any]) -> dict[str, Any]:
    return {key: encode(value) for key, value in props.items()}


def decode_props(props: dict[str, Any]) -> dict[str, Any]:
    return {key: decode(value) for key, value in props.items()}
