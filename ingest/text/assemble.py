"""Stage 5: drafts -> the import document (sources, new entities, ties), checked against the model.

On-error policy: a draft that the model forbids (wrong kinds at either end, unknown role) is
dropped and reported in `warnings`, never written; the run itself goes on. Each tie's confidence and
status are the truth policy's (`ingest/text/truth.py`).
"""

from __future__ import annotations

from graph.dates import iso_at
from graph.model import MODEL, make_id, make_tie_id
from ingest.text.models import EventDraft, Extraction, Resolved, TieDraft
from ingest.text.truth import PrecisionTable, decide


def assemble(
    text: str,
    source: dict,
    resolved: Resolved,
    drafts: list[TieDraft],
    events: list[EventDraft],
    precision: PrecisionTable,
) -> Extraction:
    warnings: list[str] = []
    event_ids, event_entities = _events(events, drafts)
    kinds = {k: e.kind for k, e in resolved.entities.items()}
    kinds.update({event_ids[e.key]: "Event" for e in events if e.key in event_ids})
    best: dict[str, TieDraft] = {}
    for d in drafts:
        d = d.model_copy(
            update={"source": event_ids.get(d.source, d.source), "target": event_ids.get(d.target, d.target)}
        )
        problem = _problem(d, kinds)
        if problem:
            warnings.append(
                f"{text[d.sentence_start : d.sentence_end][:60]!r}: dropped {d.type} "
                f"{d.source} -> {d.target}: {problem}"
            )
            continue
        key = make_tie_id(d.type, d.source, d.target, d.properties)  # the write's own identity
        # by the draft's own confidence, not the table's: which draft stands does not depend on it
        if key not in best or d.confidence > best[key].confidence:
            best[key] = d
    kept = sorted(best.values(), key=lambda d: (d.sentence_start, d.type, d.source, d.target))
    ties = [_tie(text, source["id"], d, precision) for d in kept]
    used = {t["source"] for t in ties} | {t["target"] for t in ties} | {m.entity for m in resolved.mentions}
    entities = [
        {
            "id": e.key,
            "name": e.name,
            "kind": e.kind,
            "labels": sorted(e.labels),
            "aliases": e.aliases,
            "description": None,
            "start_date": None,
            "end_date": None,
            "date_precision": None,
        }
        for e in resolved.entities.values()
        if not e.existing and e.kind != "Event" and e.key in used
    ] + [e for e in event_entities if e["id"] in used]
    return Extraction(
        source=source,
        entities=entities,
        ties=ties,
        drafts=kept,
        mentions=[
            {"entity_id": _entity_id(m.entity, event_ids), "start": m.start, "end": m.end, "text": m.text}
            for m in resolved.mentions
        ],
        candidates=[c.model_dump() for c in resolved.candidates],
        warnings=warnings,
    )


def _entity_id(key: str | None, event_ids: dict[str, str]) -> str | None:
    """The id a mention's entity is written under (an event's id once merged); every resolved mention
    has a key."""
    return event_ids.get(key, key) if key is not None else None


def _events(events: list[EventDraft], drafts: list[TieDraft]) -> tuple[dict[str, str], list[dict]]:
    """Merge an undated event into the dated one of the same kind it continues, then give ids."""
    places = {d.source: d.target for d in drafts if d.type == "LOCATED_IN"}
    merged: dict[str, EventDraft] = {}
    for e in events:
        if e.start is None and e.key not in places:  # an undated event with a place stands alone
            home = next((x for x in events if x.start is not None and x.label == e.label), None)
            if home is not None:
                merged[e.key] = home
                continue
        merged[e.key] = e
    ids: dict[str, str] = {}
    entities: dict[str, dict] = {}
    for key, e in merged.items():
        # "2017-09", not "2017-09-01", for a month
        start = iso_at(e.start, e.precision) if e.start else None
        end = iso_at(e.end, e.precision) if e.end else None
        event_id = make_id("Event", f"{start or ''} {e.name or e.noun}")
        ids[key] = event_id
        entities[event_id] = {
            "id": event_id,
            "name": e.name or e.noun,
            "kind": "Event",
            "labels": [e.label] if e.label else [],
            "aliases": [],
            "description": None,
            "start_date": start,
            "end_date": end,
            "date_precision": e.precision,
        }
    return ids, list(entities.values())


def _problem(d: TieDraft, kinds: dict[str, str]) -> str | None:
    spec = MODEL.ties.get(d.type)
    if spec is None:
        return "unknown tie type"
    if d.source == d.target:
        return "a tie to itself"
    if kinds.get(d.source) not in spec.from_kinds or kinds.get(d.target) not in spec.to_kinds:
        return f"{kinds.get(d.source)} -> {kinds.get(d.target)} is not allowed"
    role = d.properties.get("role")
    if d.type == "PARTICIPATED_IN" and role not in MODEL.participation_roles:
        return f"unknown role {role!r}"
    return None


def _tie(text: str, source_id: str, d: TieDraft, precision: PrecisionTable) -> dict:
    confidence, status = decide(d, precision)
    start, end = d.sentence_start, d.sentence_end
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    return {
        "source": d.source,
        "target": d.target,
        "type": d.type,
        "sources": [source_id],
        "evidence": text[start:end],
        "confidence": confidence,
        "method": "extracted",
        "status": status,
        "stage": d.stage,
        "valid_from": d.valid_from,
        "properties": {**d.properties, "sentence_start": start, "sentence_end": end},
    }
