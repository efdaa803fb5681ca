"""Analyst shortcuts printing readable tables: search, path, export, reset."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.session import database, driver
from graph import store
from graph.errors import InvalidInput
from graph.explain import cited, claim
from graph.model import MODEL

console = Console()


def register(app: typer.Typer) -> None:
    app.command()(search)
    app.command()(path)
    app.command()(reset)
    app.command()(review)
    app.command()(export)


def search(
    query: Annotated[str, typer.Argument(help="Words of a name or alias")],
    kind: Annotated[str | None, typer.Option(help="Organization, Person, Place or Event")] = None,
    limit: Annotated[int, typer.Option(help="How many results")] = 20,
) -> None:
    """Find entities by name or alias (accents, case and small typos don't matter)."""
    with driver() as db_driver:
        items, total = store.search(db_driver, database(), query, kind=kind, limit=limit)
    table = Table(title=f"{total} match(es) for {query!r}")
    for column in ("id", "name", "kind", "labels", "aliases"):
        table.add_column(column)
    for item in items:
        table.add_row(
            item["id"], item["name"], item["kind"], ", ".join(item["labels"]), ", ".join(item["aliases"])
        )
    console.print(table)


def path(
    source: Annotated[str, typer.Argument(help="Id, name or alias of one end")],
    target: Annotated[str, typer.Argument(help="Id, name or alias of the other end")],
    max_hops: Annotated[int, typer.Option(help="Longest path to look for (1-6)")] = 4,
    all_: Annotated[bool, typer.Option("--all", help="Every shortest path")] = False,
) -> None:
    """How two actors are connected, hop by hop, with the source of each hop."""
    with driver() as db_driver:
        a = store.resolve_ref(db_driver, database(), source)
        b = store.resolve_ref(db_driver, database(), target)
        found = store.paths(
            db_driver,
            database(),
            a,
            b,
            max_hops=max_hops,
            types=MODEL.provenance_types,
            statuses=["accepted"],
            every=all_,
        )
        cited_paths = [(nodes, store.cite_all(db_driver, database(), edges)) for nodes, edges in found]
    if not cited_paths:
        console.print(f"[yellow]no path of at most {max_hops} hops between {a} and {b}[/]")
        raise typer.Exit(1)
    for number, (nodes, edges) in enumerate(cited_paths, 1):
        names = {n["id"]: n["name"] for n in nodes}
        table = Table(title=f"path {number}: {len(edges)} hop(s)")
        table.add_column("#", justify="right")
        table.add_column("tie")
        table.add_column("source")
        table.add_column("evidence")
        for hop, tie in enumerate(edges, 1):
            table.add_row(
                str(hop),
                claim(tie, names),
                "\n".join(cited(s) for s in tie["sources"]),
                "\n".join(s.get("evidence") or "" for s in tie["sources"]),
            )
        console.print(table)


def reset(
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: delete every node and tie")] = False,
) -> None:
    """Empty the database."""
    if not yes:
        console.print("[red]refusing to empty the database without --yes[/]")
        raise typer.Exit(2)
    with driver() as db_driver:
        store.reset(db_driver, database())
    console.print("[green]database emptied[/]")


def review(
    accept: Annotated[
        list[str] | None, typer.Option("--accept", help="Accept this tie id (repeatable)")
    ] = None,
    reject: Annotated[
        list[str] | None, typer.Option("--reject", help="Reject this tie id (repeatable)")
    ] = None,
) -> None:
    """List candidate ties with their evidence, or accept/reject some by id. A rejection is remembered."""
    from datetime import UTC, datetime

    at = datetime.now(UTC).isoformat(timespec="seconds")
    with driver() as db_driver:
        for tie_id, status in [
            *((t, "accepted") for t in accept or []),
            *((t, "retracted") for t in reject or []),
        ]:
            if not store.set_tie_status(db_driver, database(), tie_id, status, at):
                console.print(f"[red]no tie {tie_id}[/]")
                raise typer.Exit(1)
            console.print(f"{tie_id}: [green]{status}[/]")
        if accept or reject:
            return
        pending = store.cite_all(
            db_driver,
            database(),
            store.ties(
                db_driver,
                database(),
                source=None,
                target=None,
                types=MODEL.provenance_types,
                status="candidate",
                limit=500,
            ),
        )
        names = {
            e["id"]: e["name"]
            for e in store.entities_by_id(
                db_driver, database(), sorted({t[k] for t in pending for k in ("source", "target")})
            ).values()
        }
    table = Table(title=f"{len(pending)} candidate tie(s): ecograph review --accept ID / --reject ID")
    for column in ("id", "claim", "conf.", "source: evidence"):
        table.add_column(column)
    for tie in pending:
        table.add_row(
            tie["id"],
            claim(tie, names),
            f"{tie['confidence']:.2f}",
            "\n".join(f"{cited(s)}: {s.get('evidence') or ''}" for s in tie["sources"]),
        )
    console.print(table)


def export(
    format: Annotated[str, typer.Option("--format", help="graphml, gexf, json, csv, import or html")],
    out: Annotated[Path, typer.Option("--out", help="File to write (csv: a folder, or a .zip)")],
    entity: Annotated[str | None, typer.Option(help="Only this entity's ego network")] = None,
    depth: Annotated[int, typer.Option(help="Hops around --entity")] = 1,
) -> None:
    """Write the graph (or an ego network) as GraphML, GEXF, node-link JSON, the import CSV/JSON, or one
    standalone offline HTML page to share."""
    from graph.export import to_csv
    from graph.export_formats import FORMATS, render

    if format not in (*FORMATS, "html"):
        raise InvalidInput(
            [("--format", f"unknown format {format!r}; use one of {', '.join(FORMATS)}, html")]
        )
    with driver() as db_driver:
        around = store.resolve_ref(db_driver, database(), entity) if entity else None
        nodes, edges, sources = store.selection(db_driver, database(), around=around, depth=depth)
        if format == "html":
            edges = store.cite_all(db_driver, database(), edges)
    if format == "html":
        from viz import render_page

        title = f"ecograph — {next(n['name'] for n in nodes if n['id'] == around)}" if around else "ecograph"
        page = render_page(
            nodes, edges, title=title, page="entity" if around else "graph", focus=around, assets="inline"
        )
        out.write_text(page, encoding="utf-8")
    elif format == "csv" and out.suffix != ".zip":
        out.mkdir(parents=True, exist_ok=True)
        for name, text in to_csv(nodes, edges, sources).items():
            (out / name).write_text(text, encoding="utf-8")
    else:
        out.write_bytes(render(format, nodes, edges, sources).content)
    console.print(f"[green]wrote[/] {out} ({len(nodes)} entities, {len(edges)} ties, {format})")
