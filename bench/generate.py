"""A synthetic innovation ecosystem in the import format, for benchmarks: reproducible by seed.

Kinds are mixed like a real ecosystem (60% organizations, 25% persons, 10% places, 5% events),
tie types join only the kinds the model allows, and degrees are skewed: every entity draws a
Pareto "fitness" and endpoints are picked in proportion to it (a Chung-Lu style model), so a few
hubs gather thousands of ties while most entities have one or two.

    python bench/generate.py --entities 100000 --ties 300000 --seed 0 --out eco.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

try:
    from graph.model import MODEL
except ModuleNotFoundError:  # run as a script from a checkout that is not pip-installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from graph.model import MODEL

KIND_SHARES = {"Organization": 0.60, "Person": 0.25, "Place": 0.10, "Event": 0.05}
# How common each tie type is; a type the model adds later gets the smallest share.
TYPE_SHARES = {
    "PARTNERS_WITH": 18,
    "PARTICIPATED_IN": 20,
    "HAS_ROLE": 14,
    "MEMBER_OF": 8,
    "OPERATES_IN": 7,
    "HEADQUARTERED_IN": 5,
    "LOCATED_IN": 5,
    "OWNS": 4,
    "INVESTED_IN": 5,
    "FOUNDED": 4,
    "INCUBATES": 4,
    "SUPPORTS": 4,
    "REPRESENTS": 2,
}
PARETO_ALPHA = 1.5  # below 2 the variance is infinite: that is what makes hubs
CANDIDATE_SHARE = 0.05
N_SOURCES = 300
FIRST_DAY = date(2010, 1, 1).toordinal()
DAYS = 15 * 365


def _entities(n: int, rng: random.Random) -> list[dict]:
    counts = {kind: int(n * share) for kind, share in KIND_SHARES.items()}
    counts["Organization"] += n - sum(counts.values())
    entities = []
    for kind, count in counts.items():
        prefix = MODEL.kinds[kind].prefix
        labels = sorted(MODEL.kinds[kind].labels)
        for i in range(count):
            name = f"{kind} {i:06d}"
            entity = {
                "id": f"{prefix}:{kind.lower()}-{i:06d}",
                "name": name,
                "kind": kind,
                "labels": [rng.choice(labels)] if labels else [],
            }
            if kind == "Event":
                start = FIRST_DAY + rng.randrange(DAYS)
                entity["start_date"] = date.fromordinal(start).isoformat()
                entity["end_date"] = (date.fromordinal(start) + timedelta(days=rng.randrange(3))).isoformat()
                entity["date_precision"] = "day"
            entities.append(entity)
    return entities


def _sources(rng: random.Random) -> list[dict]:
    return [
        {
            "id": f"src:synthetic-{i:04d}",
            "title": f"Synthetic report {i:04d}",
            "url": f"https://example.org/synthetic/{i:04d}",
            "published": date.fromordinal(FIRST_DAY + rng.randrange(DAYS)).isoformat(),
            "language": "en",
        }
        for i in range(N_SOURCES)
    ]


class _Pools:
    """Entities of a set of kinds with cumulative fitness weights, to draw endpoints from."""

    def __init__(self, entities: list[dict], fitness: list[float]):
        self._by_kind: dict[str, list[tuple[str, float]]] = {}
        for entity, weight in zip(entities, fitness, strict=True):
            self._by_kind.setdefault(entity["kind"], []).append((entity["id"], weight))
        self._cache: dict[frozenset, tuple[list[str], list[float]]] = {}

    def __call__(self, kinds: frozenset[str]) -> tuple[list[str], list[float]]:
        if kinds not in self._cache:
            members = [m for kind in sorted(kinds) for m in self._by_kind.get(kind, [])]
            ids = [i for i, _ in members]
            self._cache[kinds] = (ids, list(itertools.accumulate(w for _, w in members)))
        return self._cache[kinds]


def _ties(n: int, entities: list[dict], sources: list[dict], rng: random.Random) -> list[dict]:
    types = MODEL.provenance_types
    counts = dict.fromkeys(types, 0)
    for t in rng.choices(types, weights=[TYPE_SHARES.get(t, 1) for t in types], k=n):
        counts[t] += 1
    pools = _Pools(entities, [rng.paretovariate(PARETO_ALPHA) for _ in entities])
    roles = sorted(MODEL.participation_roles)
    source_ids = [s["id"] for s in sources]
    seen: set[tuple[str, str, str]] = set()
    ties: list[dict] = []
    for tie_type in types:
        spec = MODEL.tie(tie_type)
        from_ids, from_cw = pools(spec.from_kinds)
        to_ids, to_cw = pools(spec.to_kinds)
        made = drawn = 0
        while made < counts[tie_type]:
            if not from_ids or not to_ids or drawn > 50 * counts[tie_type] + 1000:
                raise ValueError(f"cannot draw {counts[tie_type]} distinct {tie_type} ties: too few entities")
            # Draw a batch of candidate pairs at once: random.choices with cum_weights is the fast path.
            batch = counts[tie_type] - made
            drawn += batch
            for u, v in zip(
                rng.choices(from_ids, cum_weights=from_cw, k=batch),
                rng.choices(to_ids, cum_weights=to_cw, k=batch),
                strict=True,
            ):
                key = (min(u, v), max(u, v), tie_type) if not spec.directed else (u, v, tie_type)
                if u == v or key in seen:
                    continue
                seen.add(key)
                made += 1
                candidate = rng.random() < CANDIDATE_SHARE
                source = source_ids[rng.randrange(len(source_ids))]
                tie = {
                    "source": u,
                    "target": v,
                    "type": tie_type,
                    "sources": [source],
                    "evidence": [f"{source} reports {u} {tie_type} {v}"],
                    "confidence": round(rng.uniform(0.3, 0.7) if candidate else rng.uniform(0.7, 1.0), 2),
                    "status": "candidate" if candidate else "accepted",
                    "method": "imported",
                }
                if tie_type == "PARTICIPATED_IN":
                    tie["properties"] = {"role": rng.choice(roles)}
                ties.append(tie)
    return ties


def generate(n_entities: int = 100_000, n_ties: int = 300_000, seed: int = 0) -> dict:
    """`{"sources", "entities", "ties"}` in the import format; the same seed gives the same document.

    Entities have explicit ids, which ties name as source and target. Ties have no id, as in the
    import format (the loader derives it): no two share type, ends (either way round when
    undirected) and role, so no two get the same derived id.

    >>> doc = generate(200, 500, seed=1)
    >>> len(doc["entities"]), len(doc["ties"]), doc == generate(200, 500, seed=1)
    (200, 500, True)
    """
    rng = random.Random(seed)
    entities = _entities(n_entities, rng)
    sources = _sources(rng)
    return {"sources": sources, "entities": entities, "ties": _ties(n_ties, entities, sources, rng)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--ties", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="JSON file to write (default: standard output)")
    args = parser.parse_args(argv)
    # One C-encoded string is several times faster than json.dump's pure-Python streaming.
    text = json.dumps(generate(args.entities, args.ties, args.seed), ensure_ascii=False)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
