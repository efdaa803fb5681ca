"""A backup of everything in the database, taken while it serves, and its restore into an empty store.

Neo4j's read transactions are read-committed, not snapshots, so the consistency comes from the
version counter every write of ours bumps last, in its own transaction: the backup runs in one write
transaction that first takes the counter's write lock, then streams every node and relationship out
(whatever their labels and types) and is rolled back. A writer that reached its bump first has
committed before the backup reads; any other waits at its bump until the backup is done, so it is
wholly out of it. Writes that do not bump the counter are not held back.

The file is gzip JSON Lines (values typed by graph/backup_values.py): a header (format, versions,
counts, time), the nodes (each with a key local to the file), the relationships (their ends by those
keys), and a closing line with the counts again, so a truncated file is told from a whole one.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neo4j import Transaction
from neo4j.exceptions import TransientError

from graph import queries
from graph.backup_values import UnknownValue, decode_props, encode_props
from graph.db import is_out_of_memory
from graph.errors import EcographError, InvalidInput

if TYPE_CHECKING:
    from graph.store import Graph

FORMAT = "ecograph-backup"
FORMAT_VERSION = 1
BATCH = 5000
GZIP_LEVEL = 6  # as fast as level 1 here (the reads are the cost, BENCHMARKS.md), files 0.78x the size
Progress = Callable[[int], None]


class RestoreRefused(EcographError):
    """The store is not empty, or the backup does not fit in one transaction."""


@dataclass(frozen=True)
class BackupHeader:
    graph_version: int
    nodes: int
    relationships: int
    created: str
    ecograph_version: str
    labels: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RestoreSummary:
    nodes: int
    relationships: int
    version: int  # the graph version after the restore, past the store's and the backup's
    transactions: int  # 1 unless --batched


def ecograph_version() -> str:
    try:
        return package_version("ecograph")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return "unknown"


# --- backup ------------------------------------------------------------------------------------------


def backup(
    graph: Graph,
    path: Path,
    *,
    on_header: Callable[[BackupHeader], None] | None = None,
    progress: Progress | None = None,
) -> BackupHeader:
    """Write the whole graph to `path` (through a temporary file beside it, owner-only, renamed at the
    end, so a failed backup never leaves a partial file under that name)."""
    if path.is_dir() or not path.parent.is_dir():
        raise InvalidInput([(f"{path}", "name a file in a folder that exists")])
    partial = path.with_name(f".{path.name}.partial")
    try:
        with graph.driver.session(database=graph.database) as session, session.begin_transaction() as tx:
            header = _locked_header(tx)
            if on_header:
                on_header(header)
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0) as out,
            ):
                _write_line(out, _header_line(header))
                keys = _write_nodes(tx, out, progress)
                relationships = _write_relationships(tx, out, keys, progress)
                _write_line(out, {"end": {"nodes": len(keys), "relationships": relationships}})
            tx.rollback()  # the lock was all it wrote
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return header


def _locked_header(tx: Transaction) -> BackupHeader:
    version = int(tx.run(queries.BACKUP_LOCK).single(strict=True)["version"])
    labels = {r["label"]: r["nodes"] for r in tx.run(queries.STORE_CONTENTS)}
    return BackupHeader(
        graph_version=version,
        nodes=int(tx.run(queries.NODE_TOTAL).single(strict=True)["total"]),
        relationships=int(tx.run(queries.RELATIONSHIP_TOTAL).single(strict=True)["total"]),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        ecograph_version=ecograph_version(),
        labels=labels,
    )


def _header_line(header: BackupHeader) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "ecograph_version": header.ecograph_version,
        "graph_version": header.graph_version,
        "created": header.created,
        "counts": {"nodes": header.nodes, "relationships": header.relationships},
        "labels": header.labels,
    }


def _write_line(out: gzip.GzipFile, line: dict) -> None:
    out.write(json.dumps(line, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode())
    out.write(b"\n")


def _write_nodes(tx: Transaction, out: gzip.GzipFile, progress: Progress | None) -> dict[str, int]:
    keys: dict[str, int] = {}
    for record in tx.run(queries.BACKUP_NODES):
        key = keys[record["element_id"]] = len(keys)
        _write_line(out, {"n": key, "labels": record["labels"], "p": _encoded(record["props"], key)})
        if progress and key % 1000 == 999:
            progress(1000)
    if progress:
        progress(len(keys) % 1000)
    return keys


def _write_relationships(
    tx: Transaction, out: gzip.GzipFile, keys: dict[str, int], progress: Progress | None
) -> int:
    written = 0
    for record in tx.run(queries.BACKUP_RELATIONSHIPS):
        ends = [keys[record["start"]], keys[record["end"]]]
        _write_line(out, {"r": ends, "type": record["type"], "p": _encoded(record["props"], ends)})
        written += 1
        if progress and written % 1000 == 0:
            progress(1000)
    if progress:
        progress(written % 1000)
    return written


def _encoded(props: dict[str, Any], where: object) -> dict[str, Any]:
    try:
        return encode_props(props)
    except UnknownValue as exc:
        raise EcographError(f"cannot back up {where}: {exc}") from exc


# --- reading a backup file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeLine:
    key: int
    labels: list[str]
    props: dict[str, Any]


@dataclass(frozen=True)
class RelationshipLine:
    start: int
    end: int
    type: str
    props: dict[str, Any]


def read_header(path: Path) -> BackupHeader:
    """The header of a backup file, or InvalidInput naming the file and what is wrong."""
    lines = _lines(path)
    try:
        number, line = next(lines)
    except StopIteration:
        raise InvalidInput([(f"{path}", "empty file: not an ecograph backup")]) from None
    finally:
        lines.close()
    return _parse_header(path, number, line)


def read_items(path: Path) -> Iterator[NodeLine | RelationshipLine]:
    """Every node then every relationship of a backup, checked as it is read: InvalidInput names the
    file and line of the first problem, including a file that ends before its closing line."""
    lines = _lines(path)
    number, first = next(lines, (1, None))
    if first is None:
        raise InvalidInput([(f"{path}", "empty file: not an ecograph backup")])
    header = _parse_header(path, number, first)
    nodes: set[int] = set()
    relationships = 0
    for number, line in lines:
        where = f"{path}:{number}"
        if "end" in line:
            _check_end(where, line, header, len(nodes), relationships)
            if next(lines, None) is not None:
                raise InvalidInput([(f"{path}:{number + 1}", "lines after the closing line")])
            return
        if "n" in line:
            if relationships:
                raise InvalidInput([(where, "a node after the relationships")])
            node = _node(where, line, len(nodes))
            nodes.add(node.key)
            yield node
        elif "r" in line:
            relationship = _relationship(where, line, nodes)
            relationships += 1
            yield relationship
        else:
            raise InvalidInput([(where, "neither a node, a relationship nor the closing line")])
    raise InvalidInput([(f"{path}:{number}", "the file ends before its closing line: truncated")])


def _lines(path: Path) -> Generator[tuple[int, dict], None, None]:
    number = 0
    try:
        with gzip.open(path, "rb") as stream:
            for number, raw in enumerate(stream, 1):  # noqa: B007 - the last number names where it broke
                try:
                    line = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    raise InvalidInput([(f"{path}:{number}", f"not a JSON line ({exc})")]) from exc
                if not isinstance(line, dict):
                    raise InvalidInput([(f"{path}:{number}", "not a JSON object")])
                yield number, line
    except FileNotFoundError as exc:
        raise InvalidInput([(f"{path}", "no such file")]) from exc
    except (PermissionError, IsADirectoryError) as exc:
        raise InvalidInput([(f"{path}", f"cannot be read ({exc.strerror})")]) from exc
    except (gzip.BadGzipFile, EOFError, zlib.error, OSError) as exc:
        where = f"{path}:{number + 1}" if number else f"{path}"
        raise InvalidInput([(where, f"not a whole gzip file ({exc})")]) from exc


def _parse_header(path: Path, number: int, line: dict) -> BackupHeader:
    where = f"{path}:{number}"
    if line.get("format") != FORMAT:
        raise InvalidInput([(where, f"not an ecograph backup (no {FORMAT!r} header)")])
    if line.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            [(where, f"backup format {line.get('format_version')!r}; this ecograph reads {FORMAT_VERSION}")]
        )
    counts = line.get("counts") or {}
    try:
        return BackupHeader(
            graph_version=_count(line["graph_version"]),
            nodes=_count(counts["nodes"]),
            relationships=_count(counts["relationships"]),
            created=str(line["created"]),
            ecograph_version=str(line["ecograph_version"]),
            labels=dict(line.get("labels") or {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput([(where, f"incomplete header ({exc})")]) from exc


def _count(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{value!r} is not a count")
    return value


def _props(where: str, raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict) or not all(isinstance(k, str) and k for k in raw):
        raise InvalidInput([(where, "properties are not a map of names to values")])
    try:
        return decode_props(raw)
    except UnknownValue as exc:
        raise InvalidInput([(where, str(exc))]) from exc


def _names(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 1000


def _node(where: str, line: dict, expected: int) -> NodeLine:
    if line["n"] != expected or isinstance(line["n"], bool):
        raise InvalidInput([(where, f"node key {line['n']!r} where {expected} was expected")])
    labels = line.get("labels")
    if not isinstance(labels, list) or not all(_names(label) for label in labels):
        raise InvalidInput([(where, "labels are not a list of names")])
    return NodeLine(expected, labels, _props(where, line.get("p")))


def _relationship(where: str, line: dict, nodes: set[int]) -> RelationshipLine:
    ends = line["r"]
    if not (isinstance(ends, list) and len(ends) == 2 and all(type(e) is int and e in nodes for e in ends)):
        raise InvalidInput([(where, f"relationship ends {ends!r} are not two nodes of the file")])
    if not _names(line.get("type")):
        raise InvalidInput([(where, "the relationship has no type")])
    return RelationshipLine(ends[0], ends[1], line["type"], _props(where, line.get("p")))


def _check_end(where: str, line: dict, header: BackupHeader, nodes: int, relationships: int) -> None:
    expected = {"nodes": header.nodes, "relationships": header.relationships}
    found = {"nodes": nodes, "relationships": relationships}
    if line["end"] != expected or found != expected:
        raise InvalidInput([(where, f"the header promised {expected}, the file holds {found}")])


# --- restore -----------------------------------------------------------------------------------------


def store_contents(graph: Graph) -> dict[str, int]:
    """Nodes by label, the version counter left out: what a restore would have to replace."""
    return {r["label"]: r["nodes"] for r in graph.query(queries.STORE_CONTENTS)}


def describe(contents: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {label}" for label, n in contents.items())


def restore(
    graph: Graph,
    path: Path,
    *,
    force: bool = False,
    batched: bool = False,
    progress: Progress | None = None,
) -> RestoreSummary:
    """Restore a backup into an empty store (`force`: whatever it holds is deleted first).

    The whole file is checked before anything is written. Then one transaction writes it all, the
    emptying included, unless `batched`: then a transaction per batch, and a failure part way deletes
    what was written (the store was empty, or emptied). Afterwards the schema is applied and the graph
    version set past both the store's and the backup's, so no cache keyed by it answers from before.
    """
    header = read_header(path)
    for _ in read_items(path):
        pass
    contents = store_contents(graph)
    if contents and not force:
        raise RestoreRefused(
            f"the store is not empty ({describe(contents)}): a restore only goes into an empty store; "
            "`ecograph restore --force` deletes what is there first"
        )
    before = graph.version()
    if batched:
        written = _restore_batched(graph, path, force, progress)
    else:
        written = _restore_in_one(graph, path, progress)
    graph.apply_schema()
    version = max(before, header.graph_version) + 1
    with graph.driver.session(database=graph.database) as session:
        session.run(queries.SET_GRAPH_VERSION, version=version).consume()
    return RestoreSummary(written[0], written[1], version, written[2])


def _restore_in_one(graph: Graph, path: Path, progress: Progress | None) -> tuple[int, int, int]:
    with graph.driver.session(database=graph.database) as session:
        try:
            with session.begin_transaction() as tx:
                tx.run(queries.DELETE_EVERYTHING).consume()
                counts = _write_items(lambda query, rows: tx.run(query, rows=rows).data(), path, progress)
                tx.commit()
        except TransientError as exc:
            if is_out_of_memory(exc):
                raise RestoreRefused(
                    f"nothing was written: {path} does not fit in one Neo4j transaction's memory; give "
                    "Neo4j more heap (ECOGRAPH_NEO4J_HEAP for the embedded default) or restore with "
                    "--batched (a transaction per batch, not all or nothing)"
                ) from exc
            raise
    return (*counts, 1)


def _restore_batched(
    graph: Graph, path: Path, force: bool, progress: Progress | None
) -> tuple[int, int, int]:
    transactions = 0

    def run(statement: str, rows: list[dict]) -> list[dict]:
        nonlocal transactions
        transactions += 1
        records, _, _ = graph.driver.execute_query(statement, rows=rows, database_=graph.database)
        return [r.data() for r in records]

    if force:
        graph.reset()
    with graph.driver.session(database=graph.database) as session:
        session.run(queries.DELETE_META).consume()
    try:
        counts = _write_items(run, path, progress)
    except BaseException:
        graph.reset()  # the store was empty: leave it so rather than half restored
        raise
    return (*counts, transactions)


def _write_items(
    run: Callable[[str, list[dict]], list[dict]], path: Path, progress: Progress | None
) -> tuple[int, int]:
    element_ids: dict[int, str] = {}
    nodes: list[dict] = []
    ties: list[dict] = []
    relationships = 0

    def flush_nodes() -> None:
        for row in run(queries.RESTORE_NODES, nodes):
            element_ids[row["key"]] = row["element_id"]
        if progress:
            progress(len(nodes))
        nodes.clear()

    def flush_ties() -> None:
        nonlocal relationships
        created = run(queries.RESTORE_RELATIONSHIPS, ties)[0]["created"]
        if created != len(ties):  # pragma: no cover - every end was created above
            raise EcographError(f"{len(ties) - created} relationships of {path} lost an end")
        relationships += created
        if progress:
            progress(len(ties))
        ties.clear()

    for item in read_items(path):
        if isinstance(item, NodeLine):
            nodes.append({"key": item.key, "labels": item.labels, "props": item.props})
            if len(nodes) == BATCH:
                flush_nodes()
        else:
            if nodes:
                flush_nodes()
            ties.append(
                {
                    "start": element_ids[item.start],
                    "end": element_ids[item.end],
                    "type": item.type,
                    "props": item.props,
                }
            )
            if len(ties) == BATCH:
                flush_ties()
    if nodes:
        flush_nodes()
    if ties:
        flush_ties()
    return len(element_ids), relationships
