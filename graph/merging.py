"""How a write combines with what the graph already holds (pure: tests/graph/test_merging.py runs it
without Neo4j).

A tie asserted again by another source is corroborated: the source and its evidence are appended,
confidence is the highest given, the seen-dates widen. A retracted (rejected) tie stays retracted and
an accepted one is not demoted to candidate. Entity aliases accumulate.
"""

from __future__ import annotations

from graph.model import MODEL, fold


def merged_aliases(existing: list[str] | None, new: list[str]) -> list[str]:
    """
    >>> merged_aliases(["AMFT"], ["#AMFT", "AMFT"])
    ['AMFT', '#AMFT']
    """
    return list(dict.fromkeys([*(existing or []), *new]))


def alias_props(aliases: list[str]) -> dict:
    return {
        "aliases": aliases,
        "aliases_folded": list(dict.fromkeys(fold(a) for a in aliases)),
    }


def _earliest(a: str | None, b: str | None) -> str | None:
    return min((d for d in (a, b) if d), default=None)


def _latest(a: str | None, b: str | None) -> str | None:
    return max((d for d in (a, b) if d), default=None)


def merged_tie(existing: dict | None, new: dict, keep: tuple[str, ...] = ()) -> dict:
    """Properties to write for `new` (a tie row's props, sources, evidence…) given the stored tie;
    the properties named in `keep` stay as stored when they are.

    >>> old = {"sources": ["src:a"], "evidence": ["A says so"], "confidence": 0.9, "status": "accepted",
    ...        "first_seen": "2017-12", "last_seen": "2017-12"}
    >>> new = {"sources": ["src:b"], "evidence": ["B agrees"], "confidence": 0.6, "status": "candidate",
    ...        "first_seen": "2018-01-05", "last_seen": "2018-01-05"}
    >>> out = merged_tie(old, new)
    >>> out["sources"], out["confidence"], out["status"], out["last_seen"]
    (['src:a', 'src:b'], 0.9, 'accepted', '2018-01-05')
    """
    if existing is None:
        return dict(new)
    out = {
        **existing,
        **{k: v for k, v in new.items() if v is not None and not (k in keep and k in existing)},
    }
    fresh = [i for i, source in enumerate(new["sources"]) if source not in existing.get("sources", [])]
    out["sources"] = [*existing.get("sources", []), *(new["sources"][i] for i in fresh)]
    out["evidence"] = [*existing.get("evidence", []), *(new["evidence"][i] for i in fresh)]
    out["confidence"] = max(existing.get("confidence") or 0.0, new.get("confidence") or 0.0)
    if existing.get("status") in MODEL.status_policy.settled:
        out["status"] = existing["status"]
    out["first_seen"] = _earliest(existing.get("first_seen"), new.get("first_seen"))
    out["last_seen"] = _latest(existing.get("last_seen"), new.get("last_seen"))
    return out
