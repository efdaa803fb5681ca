"""The data a page embeds for its script, made compact: each source is written once.

One article usually asserts many ties; the ties keep only `{id, evidence}` per source and the
page script joins them back to `sources[id]`. A source without an id, or whose fields differ
between ties, stays whole where it is.

>>> a = {"id": "src:1", "title": "T", "url": "https://x.org", "evidence": "first"}
>>> b = {**a, "evidence": "2nd"}
>>> ties, table = shared_sources([{"id": "t1", "sources": [a]}, {"id": "t2", "sources": [b]}])
>>> table
{'src:1': {'id': 'src:1', 'title': 'T', 'url': 'https://x.org'}}
>>> [t["sources"] for t in ties]
[[{'id': 'src:1', 'evidence': 'first'}], [{'id': 'src:1', 'evidence': '2nd'}]]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

_PER_TIE = ("id", "evidence")


def shared_sources(ties: Iterable[Mapping[str, Any]]) -> tuple[list[dict], dict[str, dict]]:
    table: dict[str, dict] = {}
    slim_ties = []
    for tie in ties:
        slim = []
        for source in tie.get("sources") or ():
            if not isinstance(source, dict) or not isinstance(source.get("id"), str):
                slim.append(source)
                continue
            shared = {key: value for key, value in source.items() if key != "evidence"}
            if table.setdefault(source["id"], shared) == shared:
                slim.append({key: source[key] for key in _PER_TIE if key in source})
            else:
                slim.append(source)
        slim_ties.append({**tie, "sources": slim})
    return slim_ties, table
